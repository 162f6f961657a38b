//! What a ticket carries besides words: media by Telegram file id, and location pins.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{PersonId, TicketId};

/// One attachment as stored: `kind` is photo, video, voice or location; `value` a file id or
/// "lat,lon"; `role` request or done.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Attachment {
    pub kind: String,
    pub value: String,
    pub role: String,
}

pub async fn add(
    conn: &mut AnyConnection,
    ticket: TicketId,
    a: &Attachment,
    by: Option<PersonId>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ticket_attachments (ticket_id, kind, value, role, added_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ticket.0)
    .bind(&a.kind)
    .bind(&a.value)
    .bind(&a.role)
    .bind(by.map(|p| p.0))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A ticket's attachments, oldest first (at most 50: a ticket is not an album).
pub async fn of(conn: &mut AnyConnection, ticket: TicketId) -> Result<Vec<Attachment>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT kind, value, role FROM ticket_attachments WHERE ticket_id = $1 ORDER BY id LIMIT 50",
    )
    .bind(ticket.0)
    .fetch_all(conn)
    .await?)
}

/// The last location pinned among a ticket's attachments, in millionths of a degree.
pub fn last_pin(all: &[Attachment]) -> Option<(i64, i64)> {
    let a = all.iter().rev().find(|a| a.kind == "location")?;
    let (lat, lon) = a.value.split_once(',')?;
    Some((lat.parse().ok()?, lon.parse().ok()?))
}
