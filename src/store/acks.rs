//! Each group's open acknowledgement of new tickets (while its queue is long): which outbox row
//! posts it and the text it should show now.

use sqlx::AnyConnection;

use super::{Backend, StoreError};
use crate::domain::ChatId;

/// A group's open acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    pub outbox_id: i64,
    pub text: String,
    pub count: i64,
    pub opened_at: i64,
}

/// The group's acknowledgement, locked against a concurrent change on PostgreSQL (SQLite has
/// one writer).
pub async fn get(
    conn: &mut AnyConnection,
    backend: Backend,
    chat: ChatId,
) -> Result<Option<Ack>, StoreError> {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "SELECT outbox_id, lines, count, opened_at FROM group_acks WHERE chat_id = $1{lock}"
    );
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(&sql)
        .bind(chat.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(outbox_id, text, count, opened_at)| Ack {
        outbox_id,
        text,
        count,
        opened_at,
    }))
}

/// Opens (or replaces) the group's acknowledgement.
pub async fn open(conn: &mut AnyConnection, chat: ChatId, ack: &Ack) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO group_acks (chat_id, outbox_id, lines, count, opened_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (chat_id) DO UPDATE SET outbox_id = excluded.outbox_id, lines = excluded.lines, \
         count = excluded.count, opened_at = excluded.opened_at",
    )
    .bind(chat.0)
    .bind(ack.outbox_id)
    .bind(&ack.text)
    .bind(ack.count)
    .bind(ack.opened_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The acknowledgement shows one more ticket.
pub async fn grow(conn: &mut AnyConnection, chat: ChatId, text: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE group_acks SET lines = $1, count = count + 1 WHERE chat_id = $2")
        .bind(text)
        .bind(chat.0)
        .execute(conn)
        .await?;
    Ok(())
}
