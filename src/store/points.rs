//! The points ledger: append-only entries; a balance is their sum.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{PersonId, TicketId, VillageId};

/// One entry to append.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    pub village: VillageId,
    pub person: PersonId,
    pub delta: i64,
    pub reason: &'a str,
    pub note: &'a str,
    pub ticket: Option<TicketId>,
    pub actor: Option<PersonId>,
    /// An entry that may be written once (e.g. "done:42"); a second one is not written.
    pub once_key: Option<&'a str>,
}

/// Appends an entry; false when its once-key was written before.
pub async fn add(conn: &mut AnyConnection, e: NewEntry<'_>, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO points (village_id, person_id, delta, reason, note, ticket_id, actor_id, once_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (once_key) DO NOTHING",
    )
    .bind(e.village.0)
    .bind(e.person.0)
    .bind(e.delta)
    .bind(e.reason)
    .bind(e.note)
    .bind(e.ticket.map(|t| t.0))
    .bind(e.actor.map(|a| a.0))
    .bind(e.once_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub const BALANCE: &str =
    "SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM points WHERE village_id = $1 AND person_id = $2";

pub async fn balance(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<i64, StoreError> {
    let (n,): (i64,) = sqlx::query_as(BALANCE)
        .bind(village.0)
        .bind(person.0)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// A ledger entry as shown and exported.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EntryRow {
    pub person_id: i64,
    pub delta: i64,
    pub reason: String,
    pub note: String,
    pub ticket_no: Option<i64>,
    pub actor_id: Option<i64>,
    pub created_at: i64,
}

const ENTRY: &str =
    "SELECT p.person_id, p.delta, p.reason, p.note, t.no AS ticket_no, p.actor_id, p.created_at \
     FROM points p LEFT JOIN tickets t ON t.id = p.ticket_id";

/// The query of [`recent`], for the query plans' test.
pub fn recent_sql() -> String {
    format!("{ENTRY} WHERE p.village_id = $1 AND p.person_id = $2 ORDER BY p.id DESC LIMIT $3")
}

/// A person's latest entries in a village, newest first.
pub async fn recent(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    limit: i64,
) -> Result<Vec<EntryRow>, StoreError> {
    let sql =
        format!("{ENTRY} WHERE p.village_id = $1 AND p.person_id = $2 ORDER BY p.id DESC LIMIT $3");
    Ok(sqlx::query_as(&sql)
        .bind(village.0)
        .bind(person.0)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// Every entry of a village written in `[from, to)`, oldest first (the export).
pub async fn between(
    conn: &mut AnyConnection,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Vec<EntryRow>, StoreError> {
    let sql = format!(
        "{ENTRY} WHERE p.village_id = $1 AND p.created_at >= $2 AND p.created_at < $3 ORDER BY p.id"
    );
    Ok(sqlx::query_as(&sql)
        .bind(village.0)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?)
}

/// Who earned a ticket's completion points.
pub async fn completer(
    conn: &mut AnyConnection,
    ticket: TicketId,
) -> Result<Option<PersonId>, StoreError> {
    let key = format!("done:{}", ticket.0);
    let row: Option<(i64,)> = sqlx::query_as("SELECT person_id FROM points WHERE once_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| PersonId(r.0)))
}

pub const RANKING: &str = "SELECT person_id, CAST(SUM(delta) AS BIGINT) AS total FROM points \
     WHERE village_id = $1 AND created_at >= $2 AND reason NOT IN ('redeem') \
     GROUP BY person_id ORDER BY total DESC, person_id LIMIT $3";

/// The village's best earners since `from` (points spent on goods do not lower a ranking).
pub async fn ranking(
    conn: &mut AnyConnection,
    village: VillageId,
    from: i64,
    limit: i64,
) -> Result<Vec<(PersonId, i64)>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(RANKING)
        .bind(village.0)
        .bind(from)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(p, n)| (PersonId(p), n)).collect())
}

/// Holds a person's ledger for the rest of the transaction, so two exchanges at once cannot
/// both spend the same balance (PostgreSQL; SQLite has one writer at a time anyway).
pub async fn hold(
    conn: &mut AnyConnection,
    backend: super::Backend,
    person: PersonId,
) -> Result<(), StoreError> {
    if backend == super::Backend::Postgres {
        sqlx::query("SELECT id FROM people WHERE id = $1 FOR UPDATE")
            .bind(person.0)
            .execute(conn)
            .await?;
    }
    Ok(())
}
