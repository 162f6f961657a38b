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

pub const CARD_EXTRAS: &str = "SELECT (SELECT value FROM ticket_attachments \
     WHERE ticket_id = $1 AND kind = 'location' ORDER BY id DESC LIMIT 1), \
     (SELECT COUNT(*) FROM ticket_followers WHERE ticket_id = $1)";

/// What a ticket's card shows besides the ticket: its last location pin (millionths of a degree)
/// and how many follow it besides its requester; one round trip, as every card edit asks.
pub async fn card_extras(
    conn: &mut AnyConnection,
    ticket: TicketId,
) -> Result<(Option<(i64, i64)>, i64), StoreError> {
    let (pin, supporters): (Option<String>, i64) = sqlx::query_as(CARD_EXTRAS)
        .bind(ticket.0)
        .fetch_one(conn)
        .await?;
    Ok((pin.as_deref().and_then(parse_pin), supporters))
}

fn parse_pin(value: &str) -> Option<(i64, i64)> {
    let (lat, lon) = value.split_once(',')?;
    Some((lat.parse().ok()?, lon.parse().ok()?))
}
