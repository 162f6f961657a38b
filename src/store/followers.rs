//! Residents who follow a ticket: their own duplicate request was merged into it, or they said
//! "me too" (supporters, with the message they wrote).

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{ChatId, MessageId, PersonId, TicketId};

pub async fn add(
    conn: &mut AnyConnection,
    ticket: TicketId,
    person: PersonId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ticket_followers (ticket_id, person_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id, person_id) DO NOTHING",
    )
    .bind(ticket.0)
    .bind(person.0)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn of(conn: &mut AnyConnection, ticket: TicketId) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT person_id FROM ticket_followers WHERE ticket_id = $1 ORDER BY created_at",
    )
    .bind(ticket.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}

/// What a supporter wrote: the message that said "me too".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub chat: ChatId,
    pub message: MessageId,
    pub text: String,
}

/// Adds a supporter with the message they wrote; false when they already follow the ticket.
pub async fn support(
    conn: &mut AnyConnection,
    ticket: TicketId,
    person: PersonId,
    said: &Said,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO ticket_followers (ticket_id, person_id, created_at, chat_id, message_id, text) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ticket_id, person_id) DO NOTHING",
    )
    .bind(ticket.0)
    .bind(person.0)
    .bind(now)
    .bind(said.chat.0)
    .bind(said.message.0)
    .bind(&said.text)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Takes a supporter off the ticket and returns what they wrote (`None`: not a supporter, or
/// one who followed by a merge and wrote nothing here).
pub async fn split_off(
    conn: &mut AnyConnection,
    ticket: TicketId,
    person: PersonId,
) -> Result<Option<Said>, StoreError> {
    let row: Option<(Option<i64>, Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT chat_id, message_id, text FROM ticket_followers WHERE ticket_id = $1 AND person_id = $2",
    )
    .bind(ticket.0)
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((Some(chat), Some(message), Some(text))) = row else {
        return Ok(None);
    };
    sqlx::query("DELETE FROM ticket_followers WHERE ticket_id = $1 AND person_id = $2")
        .bind(ticket.0)
        .bind(person.0)
        .execute(conn)
        .await?;
    Ok(Some(Said {
        chat: ChatId(chat),
        message: MessageId(message),
        text,
    }))
}
