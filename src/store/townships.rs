//! Townships: villages grouped under one township, and the township cadres above them.

use sqlx::AnyConnection;

use super::villages::{self, Village};
use super::StoreError;
use crate::domain::{PersonId, VillageId};

/// Finds a township by name, creating it on first mention.
pub async fn named(conn: &mut AnyConnection, name: &str, now: i64) -> Result<i64, StoreError> {
    sqlx::query(
        "INSERT INTO townships (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM townships WHERE name = $1")
        .bind(name)
        .fetch_one(conn)
        .await?;
    Ok(id)
}

/// An existing township by name.
pub async fn find(conn: &mut AnyConnection, name: &str) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM townships WHERE name = $1")
        .bind(name)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn name(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM townships WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

pub async fn join(
    conn: &mut AnyConnection,
    village: VillageId,
    township: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE villages SET township_id = $1 WHERE id = $2")
        .bind(township)
        .bind(village.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Appoints a township cadre; false when they already are one.
pub async fn appoint(
    conn: &mut AnyConnection,
    township: i64,
    person: PersonId,
    by: Option<PersonId>,
    now: i64,
) -> Result<bool, StoreError> {
    if cadres(conn, township).await?.contains(&person) {
        return Ok(false);
    }
    sqlx::query("INSERT INTO township_cadres (township_id, person_id, appointed_by, created_at) VALUES ($1, $2, $3, $4)")
        .bind(township)
        .bind(person.0)
        .bind(by.map(|p| p.0))
        .bind(now)
        .execute(conn)
        .await?;
    Ok(true)
}

/// Current cadres of a township, longest serving first.
pub async fn cadres(conn: &mut AnyConnection, township: i64) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT person_id FROM township_cadres WHERE township_id = $1 AND ended_at IS NULL ORDER BY id",
    )
    .bind(township)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}

/// Townships a person is a cadre of.
pub async fn of_cadre(conn: &mut AnyConnection, person: PersonId) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT township_id FROM township_cadres WHERE person_id = $1 AND ended_at IS NULL ORDER BY township_id",
    )
    .bind(person.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Every village of a township.
pub async fn villages(conn: &mut AnyConnection, township: i64) -> Result<Vec<Village>, StoreError> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM villages WHERE township_id = $1 ORDER BY name")
            .bind(township)
            .fetch_all(&mut *conn)
            .await?;
    let mut out = vec![];
    for (id,) in rows {
        if let Some(v) = villages::by_id(conn, VillageId(id)).await? {
            out.push(v);
        }
    }
    Ok(out)
}
