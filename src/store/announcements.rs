//! Announcements to a village group and who acknowledged them.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{PersonId, VillageId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: i64,
    pub village: VillageId,
    pub body: String,
}

pub async fn create(
    conn: &mut AnyConnection,
    village: VillageId,
    author: PersonId,
    body: &str,
    now: i64,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO announcements (village_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(village.0)
    .bind(author.0)
    .bind(body)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<Announcement>, StoreError> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, village_id, body FROM announcements WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, v, body)| Announcement {
        id,
        village: VillageId(v),
        body,
    }))
}

pub async fn latest(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Option<Announcement>, StoreError> {
    let row: Option<(i64, i64, String)> =
        sqlx::query_as("SELECT id, village_id, body FROM announcements WHERE village_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(village.0)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(id, v, body)| Announcement {
        id,
        village: VillageId(v),
        body,
    }))
}

/// Records an acknowledgement; false when this person had acknowledged already.
pub async fn ack(
    conn: &mut AnyConnection,
    id: i64,
    person: PersonId,
    now: i64,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "INSERT INTO announcement_acks (announcement_id, person_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (announcement_id, person_id) DO NOTHING",
    )
    .bind(id)
    .bind(person.0)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn ack_count(conn: &mut AnyConnection, id: i64) -> Result<i64, StoreError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM announcement_acks WHERE announcement_id = $1")
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok(n)
}

/// People of the village roster (a household or a post) who have not acknowledged, with the
/// name of their neighbourhood if they registered one.
pub async fn missing(
    conn: &mut AnyConnection,
    id: i64,
    village: VillageId,
) -> Result<Vec<(PersonId, Option<String>)>, StoreError> {
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT p.id, n.name FROM people p \
         LEFT JOIN households h ON h.person_id = p.id AND h.village_id = $1 \
         LEFT JOIN neighbourhoods n ON n.id = h.neighbourhood_id \
         WHERE (h.person_id IS NOT NULL OR EXISTS (SELECT 1 FROM appointments a WHERE a.person_id = p.id \
                AND a.village_id = $1 AND a.ended_at IS NULL)) \
           AND NOT EXISTS (SELECT 1 FROM announcement_acks k WHERE k.announcement_id = $2 AND k.person_id = p.id) \
         ORDER BY n.name, p.id",
    )
    .bind(village.0)
    .bind(id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(p, n)| (PersonId(p), n)).collect())
}
