//! Private messages waiting for their sender to say which of their villages they are about:
//! the message is kept here and run again once a village is picked.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{ChatId, MessageId, PersonId};

/// One waiting message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: i64,
    pub person: PersonId,
    pub chat: ChatId,
    pub message: MessageId,
    pub text: String,
    pub created_at: i64,
    pub answered: bool,
}

/// Keeps a message until its village is picked.
pub async fn ask(
    conn: &mut AnyConnection,
    person: PersonId,
    chat: ChatId,
    message: MessageId,
    text: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO village_questions (person_id, chat_id, message_id, text, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(person.0)
    .bind(chat.0)
    .bind(message.0)
    .bind(text)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<Question>, StoreError> {
    type Row = (i64, i64, i64, i64, String, i64, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, person_id, chat_id, message_id, text, created_at, answered_at \
         FROM village_questions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| Question {
        id: r.0,
        person: PersonId(r.1),
        chat: ChatId(r.2),
        message: MessageId(r.3),
        text: r.4,
        created_at: r.5,
        answered: r.6.is_some(),
    }))
}

/// Marks a question answered; false when it already was (a second press changes nothing).
pub async fn answer(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE village_questions SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
