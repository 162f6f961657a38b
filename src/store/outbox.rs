//! The outbox: messages the bot owes, written in the same transaction as the change that caused
//! them, delivered afterwards and marked sent; plus the links from sent messages back to tickets.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{ChatId, MessageId, TicketId};

/// One queued message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub chat: ChatId,
    pub kind: String,
    pub payload: String,
    pub ticket: Option<TicketId>,
    pub purpose: String,
    pub attempts: i64,
}

#[derive(FromRow)]
struct OutboxRow {
    id: i64,
    chat_id: i64,
    kind: String,
    payload: String,
    ticket_id: Option<i64>,
    purpose: String,
    attempts: i64,
}

/// What a new outbox row holds.
#[derive(Debug, Clone, Copy)]
pub struct NewItem<'a> {
    pub chat: ChatId,
    pub kind: &'a str,
    pub payload: &'a str,
    pub ticket: Option<TicketId>,
    pub purpose: &'a str,
}

pub async fn push(
    conn: &mut AnyConnection,
    item: NewItem<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbox (created_at, chat_id, kind, payload, ticket_id, purpose, not_before) \
         VALUES ($1, $2, $3, $4, $5, $6, $1) RETURNING id",
    )
    .bind(now)
    .bind(item.chat.0)
    .bind(item.kind)
    .bind(item.payload)
    .bind(item.ticket.map(|t| t.0))
    .bind(item.purpose)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Pending messages due now (the sender), but none queued behind a message of its chat that
/// waits: a chat's messages arrive in order.
pub const DUE: &str = "SELECT id, chat_id, kind, payload, ticket_id, purpose, attempts FROM outbox \
     WHERE status = 'pending' AND not_before <= $1 AND NOT EXISTS (SELECT 1 FROM outbox w \
       WHERE w.chat_id = outbox.chat_id AND w.status = 'pending' AND w.id < outbox.id AND w.not_before > $1) \
     ORDER BY id LIMIT $2";

/// Pending messages whose time has come, oldest first.
pub async fn due(
    conn: &mut AnyConnection,
    now: i64,
    limit: i64,
) -> Result<Vec<OutboxItem>, StoreError> {
    let rows: Vec<OutboxRow> = sqlx::query_as(DUE)
        .bind(now)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxItem {
            id: r.id,
            chat: ChatId(r.chat_id),
            kind: r.kind,
            payload: r.payload,
            ticket: r.ticket_id.map(TicketId),
            purpose: r.purpose,
            attempts: r.attempts,
        })
        .collect())
}

/// When the next deferred message falls due.
pub const NEXT_DUE: &str = "SELECT MIN(not_before) FROM outbox WHERE status = 'pending'";

/// When the next deferred message falls due, if any is waiting.
pub async fn next_due_at(conn: &mut AnyConnection) -> Result<Option<i64>, StoreError> {
    let (at,): (Option<i64>,) = sqlx::query_as(NEXT_DUE).fetch_one(conn).await?;
    Ok(at)
}

pub async fn mark_sent(
    conn: &mut AnyConnection,
    id: i64,
    message: Option<MessageId>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET status = 'sent', sent_at = $1, message_id = $2, attempts = attempts + 1 WHERE id = $3")
        .bind(now)
        .bind(message.map(|m| m.0))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn defer(
    conn: &mut AnyConnection,
    id: i64,
    not_before: i64,
    error: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET not_before = $1, attempts = attempts + 1, error = $2 WHERE id = $3",
    )
    .bind(not_before)
    .bind(error)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn fail(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET status = 'failed', error = $1, sent_at = $2, attempts = attempts + 1 WHERE id = $3")
        .bind(error)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// New messages a ticket has cost a chat (sent or waiting), and how many were its closure.
pub const TICKET_SENDS: &str =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN purpose = 'closure' THEN 1 ELSE 0 END), 0) \
     FROM outbox WHERE ticket_id = $1 AND chat_id = $2 AND kind = 'send'";

pub async fn ticket_sends(
    conn: &mut AnyConnection,
    ticket: TicketId,
    chat: ChatId,
) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(TICKET_SENDS)
        .bind(ticket.0)
        .bind(chat.0)
        .fetch_one(conn)
        .await?)
}

/// Messages one chat still owes (sends and edits; callback answers count against no limit).
pub const CHAT_PENDING: &str =
    "SELECT COUNT(*) FROM outbox WHERE chat_id = $1 AND status = 'pending' AND kind <> 'answer'";

pub async fn chat_pending(conn: &mut AnyConnection, chat: ChatId) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as(CHAT_PENDING)
        .bind(chat.0)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// A message still waiting gets new contents.
pub async fn rewrite_pending(
    conn: &mut AnyConnection,
    id: i64,
    payload: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET payload = $1 WHERE id = $2 AND status = 'pending'")
        .bind(payload)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a queued message went, and the id Telegram gave it.
pub async fn sent_as(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<(String, Option<i64>)>, StoreError> {
    Ok(
        sqlx::query_as("SELECT status, message_id FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Messages waiting to be sent (the partial index holds only these).
pub const PENDING_COUNT: &str = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'";

pub async fn pending_count(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as(PENDING_COUNT).fetch_one(conn).await?;
    Ok(n)
}

/// Counts of outbox rows by status, for tests and `check`.
pub async fn count(conn: &mut AnyConnection, status: &str) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status = $1")
        .bind(status)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// Remembers that a sent message belongs to a ticket, so replies and buttons on it find the ticket.
pub async fn link(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
    ticket: TicketId,
    purpose: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO message_links (chat_id, message_id, ticket_id, purpose) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (chat_id, message_id) DO NOTHING",
    )
    .bind(chat.0)
    .bind(message.0)
    .bind(ticket.0)
    .bind(purpose)
    .execute(conn)
    .await?;
    Ok(())
}

/// The ticket a sent message belongs to (every reply).
pub const LINKED: &str =
    "SELECT ticket_id, purpose FROM message_links WHERE chat_id = $1 AND message_id = $2";

pub async fn linked(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
) -> Result<Option<(TicketId, String)>, StoreError> {
    let row: Option<(i64, String)> = sqlx::query_as(LINKED)
        .bind(chat.0)
        .bind(message.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|(t, p)| (TicketId(t), p)))
}

/// The highest message id the store knows, so a local console can number messages after it.
pub async fn max_message_id(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    let (a, b): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT MAX(message_id) FROM outbox), (SELECT MAX(source_message_id) FROM tickets)",
    )
    .fetch_one(conn)
    .await?;
    Ok(a.unwrap_or(0).max(b.unwrap_or(0)))
}

pub const LAST_CLOSURE: &str =
    "SELECT (SELECT CASE WHEN kind = 'media' THEN NULL ELSE message_id END \
     FROM outbox WHERE ticket_id = $1 AND chat_id = $2 AND purpose = 'closure' \
     AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1), COUNT(*) FROM outbox \
     WHERE ticket_id = $1 AND chat_id = $2 AND purpose = 'closure'";

/// A ticket's latest delivered closure notice in a chat, unless it is a photo (its words are a
/// caption, not text to edit), and how many were queued there.
pub async fn last_closure(
    conn: &mut AnyConnection,
    ticket: TicketId,
    chat: ChatId,
) -> Result<(Option<MessageId>, i64), StoreError> {
    let (message, n): (Option<i64>, i64) = sqlx::query_as(LAST_CLOSURE)
        .bind(ticket.0)
        .bind(chat.0)
        .fetch_one(conn)
        .await?;
    Ok((message.map(MessageId), n))
}
