//! The audit log of changes to roles and settings and of refused attempts. Append-only.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{PersonId, VillageId};

/// One audit entry to write.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub village: Option<VillageId>,
    pub actor: Option<PersonId>,
    pub action: &'a str,
    pub detail: &'a str,
    pub allowed: bool,
}

pub async fn record(conn: &mut AnyConnection, e: Entry<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (village_id, actor_id, at, action, detail, allowed) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.village.map(|v| v.0))
    .bind(e.actor.map(|a| a.0))
    .bind(now)
    .bind(e.action)
    .bind(e.detail)
    .bind(i64::from(e.allowed))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AuditRow {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub detail: String,
    pub allowed: i64,
}

/// The latest entries of a village, newest first.
pub async fn recent(
    conn: &mut AnyConnection,
    village: VillageId,
    limit: i64,
) -> Result<Vec<AuditRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, actor_id, action, detail, allowed FROM audit_events WHERE village_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(village.0)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}
