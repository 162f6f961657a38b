//! What the dashboard and Open311 read beyond the ticket views: link generations, open tickets
//! by the requester's neighbourhood, tickets by creation time.

use sqlx::AnyConnection;

use super::tickets::{TicketRow, COLUMNS};
use super::StoreError;
use crate::domain::{PersonId, Ticket, VillageId};

/// A person's current link generation (0 until they first revoke).
pub async fn generation(conn: &mut AnyConnection, person: PersonId) -> Result<i64, StoreError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT generation FROM dashboard_access WHERE person_id = $1")
            .bind(person.0)
            .fetch_optional(conn)
            .await?;
    Ok(row.map_or(0, |r| r.0))
}

/// Ends every link the person has: the generation moves on.
pub async fn revoke(
    conn: &mut AnyConnection,
    person: PersonId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO dashboard_access (person_id, generation, updated_at) VALUES ($1, 1, $2) \
         ON CONFLICT (person_id) DO UPDATE SET generation = dashboard_access.generation + 1, \
         updated_at = excluded.updated_at",
    )
    .bind(person.0)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub const OPEN_BY_NEIGHBOURHOOD: &str = "SELECT COALESCE(n.name, ''), COUNT(*) FROM tickets t \
     LEFT JOIN households h ON h.village_id = t.village_id AND h.person_id = t.requester_id \
     LEFT JOIN neighbourhoods n ON n.id = h.neighbourhood_id \
     WHERE t.village_id = $1 AND t.state IN ('new', 'assigned', 'in_progress') \
     GROUP BY COALESCE(n.name, '') ORDER BY 2 DESC, 1";

/// Open tickets of a village by the neighbourhood of whoever asked ("" for none).
pub async fn open_by_neighbourhood(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(OPEN_BY_NEIGHBOURHOOD)
        .bind(village.0)
        .fetch_all(conn)
        .await?)
}

/// Tickets of a village created in `[from, to)`, newest first (Open311's requests).
pub fn created_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM tickets WHERE village_id = $1 AND created_at >= $2 AND created_at < $3 \
         ORDER BY created_at DESC LIMIT $4"
    )
}

pub async fn created_between(
    conn: &mut AnyConnection,
    village: VillageId,
    (from, to): (i64, i64),
    limit: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let rows: Vec<TicketRow> = sqlx::query_as(&created_sql())
        .bind(village.0)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

pub const RECEIVED_BY_WEEK: &str = "SELECT (created_at - $2) / 604800, COUNT(*) FROM tickets \
     WHERE village_id = $1 AND created_at >= $2 GROUP BY (created_at - $2) / 604800";
pub const RESOLVED_BY_WEEK: &str = "SELECT (resolved_at - $2) / 604800, COUNT(*) FROM tickets \
     WHERE village_id = $1 AND resolved_at >= $2 GROUP BY (resolved_at - $2) / 604800";

/// Tickets of a village received and resolved in each week since `origin` (week 0 first):
/// counted by the database, not read row by row.
pub async fn by_week(
    conn: &mut AnyConnection,
    village: VillageId,
    origin: i64,
) -> Result<(Vec<(i64, i64)>, Vec<(i64, i64)>), StoreError> {
    let received = sqlx::query_as(RECEIVED_BY_WEEK)
        .bind(village.0)
        .bind(origin)
        .fetch_all(&mut *conn)
        .await?;
    let resolved = sqlx::query_as(RESOLVED_BY_WEEK)
        .bind(village.0)
        .bind(origin)
        .fetch_all(conn)
        .await?;
    Ok((received, resolved))
}
