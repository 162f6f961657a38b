//! Timed jobs: set once per ticket moment (a unique key makes setting them idempotent), claimed when
//! due through an index on pending jobs only.

use sqlx::{AnyConnection, FromRow};

use super::{Backend, StoreError};
use crate::domain::{TicketId, VillageId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub village: VillageId,
    pub ticket: Option<TicketId>,
    pub due_at: i64,
    pub stamp: i64,
}

#[derive(FromRow)]
struct JobRow {
    id: i64,
    kind: String,
    village_id: i64,
    ticket_id: Option<i64>,
    due_at: i64,
    stamp: i64,
}

/// A job to set.
#[derive(Debug, Clone, Copy)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub village: VillageId,
    pub ticket: Option<TicketId>,
    pub due_at: i64,
    pub stamp: i64,
    /// Makes the job unique: setting the same job twice keeps one.
    pub key: &'a str,
}

pub async fn schedule(
    conn: &mut AnyConnection,
    job: NewJob<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(job.kind)
    .bind(job.village.0)
    .bind(job.ticket.map(|t| t.0))
    .bind(job.due_at)
    .bind(job.stamp)
    .bind(job.key)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done == 1)
}

/// Due jobs, everywhere or (`$3`) in one village.
pub fn due_sql(backend: Backend, one_village: bool) -> String {
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let village = if one_village {
        " AND village_id = $3"
    } else {
        ""
    };
    format!(
        "SELECT id, kind, village_id, ticket_id, due_at, stamp FROM jobs \
         WHERE status = 'pending' AND due_at <= $1{village} ORDER BY due_at, id LIMIT $2{lock}"
    )
}

/// Pending jobs due at `now`, oldest first, everywhere or in one village. On PostgreSQL rows are locked and rows another
/// instance holds are skipped, so no job fires twice.
pub async fn due(
    conn: &mut AnyConnection,
    backend: Backend,
    village: Option<VillageId>,
    now: i64,
    limit: i64,
) -> Result<Vec<Job>, StoreError> {
    let sql = due_sql(backend, village.is_some());
    let query = sqlx::query_as(&sql).bind(now).bind(limit);
    let query = match village {
        Some(v) => query.bind(v.0),
        None => query,
    };
    let rows: Vec<JobRow> = query.fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| Job {
            id: r.id,
            kind: r.kind,
            village: VillageId(r.village_id),
            ticket: r.ticket_id.map(TicketId),
            due_at: r.due_at,
            stamp: r.stamp,
        })
        .collect())
}

/// Marks a job fired (`done`) or no longer applying (`void`).
pub async fn finish(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE jobs SET status = $1, done_at = $2 WHERE id = $3")
        .bind(status)
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Holds a job back (quiet hours) until `due_at`.
pub async fn postpone(conn: &mut AnyConnection, id: i64, due_at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE jobs SET due_at = $1 WHERE id = $2")
        .bind(due_at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// When the next pending job falls due.
pub async fn next_due(conn: &mut AnyConnection) -> Result<Option<i64>, StoreError> {
    let (at,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(due_at) FROM jobs WHERE status = 'pending'")
            .fetch_one(conn)
            .await?;
    Ok(at)
}

/// Whether a village already has a pending job of this kind (its daily digest).
pub async fn has_pending(
    conn: &mut AnyConnection,
    village: VillageId,
    kind: &str,
) -> Result<bool, StoreError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM jobs WHERE village_id = $1 AND kind = $2 AND status = 'pending'",
    )
    .bind(village.0)
    .bind(kind)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
