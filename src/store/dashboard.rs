//! What the dashboard reads beyond the ticket views: link generations, and open tickets by the
//! requester's neighbourhood.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{PersonId, VillageId};

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
