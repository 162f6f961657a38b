//! Corrections of intake's verdicts, kept as labelled messages to learn from.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{PersonId, TicketId, VillageId};

/// One correction: the message's words and what they should have been read as.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Correction {
    pub lang: String,
    pub text: String,
    /// `request` or `not_request`.
    pub kind: String,
    pub category: Option<String>,
    pub urgent: i64,
}

/// Who corrected which ticket of which village, and when.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub village: VillageId,
    pub ticket: Option<TicketId>,
    pub by: Option<PersonId>,
    pub at: i64,
}

/// Stores a correction. Each one holds the ticket's whole label as it now stands, so an earlier
/// correction of the same ticket is replaced.
pub async fn add(conn: &mut AnyConnection, c: &Correction, s: Source) -> Result<(), StoreError> {
    if let Some(t) = s.ticket {
        sqlx::query("DELETE FROM intake_corrections WHERE ticket_id = $1")
            .bind(t.0)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO intake_corrections (village_id, ticket_id, lang, text, kind, category, urgent, corrected_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(s.village.0)
    .bind(s.ticket.map(|t| t.0))
    .bind(&c.lang)
    .bind(&c.text)
    .bind(&c.kind)
    .bind(&c.category)
    .bind(c.urgent)
    .bind(s.by.map(|p| p.0))
    .bind(s.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every correction, oldest first.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Correction>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT lang, text, kind, category, urgent FROM intake_corrections ORDER BY id",
    )
    .fetch_all(conn)
    .await?)
}
