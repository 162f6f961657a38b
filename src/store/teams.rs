//! Volunteer teams: the categories they serve, their captain and members.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{Category, PersonId, TeamId, VillageId};

impl From<TeamRow> for Team {
    fn from(r: TeamRow) -> Self {
        Team {
            id: TeamId(r.id),
            name: r.name,
            categories: r
                .categories
                .split(',')
                .filter_map(|c| c.parse().ok())
                .collect(),
        }
    }
}

#[derive(FromRow)]
struct TeamRow {
    id: i64,
    name: String,
    categories: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub categories: Vec<Category>,
}

/// Creates a team or changes the categories it serves.
pub async fn upsert_team(
    conn: &mut AnyConnection,
    village: VillageId,
    name: &str,
    categories: &[Category],
    now: i64,
) -> Result<Team, StoreError> {
    let keys = categories
        .iter()
        .map(|c| c.key())
        .collect::<Vec<_>>()
        .join(",");
    sqlx::query(
        "INSERT INTO teams (village_id, name, categories, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (village_id, name) DO UPDATE SET categories = excluded.categories",
    )
    .bind(village.0)
    .bind(name)
    .bind(&keys)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    team_by_name(conn, village, name)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("team {name} vanished")))
}

pub async fn team_by_name(
    conn: &mut AnyConnection,
    village: VillageId,
    name: &str,
) -> Result<Option<Team>, StoreError> {
    let row: Option<TeamRow> = sqlx::query_as(
        "SELECT id, name, categories FROM teams WHERE village_id = $1 AND name = $2",
    )
    .bind(village.0)
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(Team::from))
}

pub async fn team(conn: &mut AnyConnection, id: TeamId) -> Result<Option<Team>, StoreError> {
    let row: Option<TeamRow> =
        sqlx::query_as("SELECT id, name, categories FROM teams WHERE id = $1")
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(Team::from))
}

/// The first team (by creation) that serves a category.
pub async fn team_for(
    conn: &mut AnyConnection,
    village: VillageId,
    category: Category,
) -> Result<Option<TeamId>, StoreError> {
    let rows: Vec<TeamRow> =
        sqlx::query_as("SELECT id, name, categories FROM teams WHERE village_id = $1 ORDER BY id")
            .bind(village.0)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(Team::from)
        .find(|t| t.categories.contains(&category))
        .map(|t| t.id))
}

/// The captain of a team (intake routing).
pub const CAPTAIN_OF: &str = "SELECT person_id FROM appointments WHERE team_id = $1 AND role = 'captain' AND ended_at IS NULL ORDER BY id DESC LIMIT 1";

pub async fn captain_of(
    conn: &mut AnyConnection,
    team: TeamId,
) -> Result<Option<PersonId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(CAPTAIN_OF)
        .bind(team.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| PersonId(r.0)))
}

/// Captain and volunteers of a team, captain first.
pub async fn members(conn: &mut AnyConnection, team: TeamId) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT person_id FROM appointments WHERE team_id = $1 AND ended_at IS NULL GROUP BY person_id ORDER BY MIN(CASE WHEN role = 'captain' THEN 0 ELSE 1 END), MIN(id)",
    )
    .bind(team.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}

pub async fn teams(conn: &mut AnyConnection, village: VillageId) -> Result<Vec<Team>, StoreError> {
    let rows: Vec<TeamRow> = sqlx::query_as(
        "SELECT id, name, categories FROM teams WHERE village_id = $1 ORDER BY name",
    )
    .bind(village.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Team::from).collect())
}

/// Teams a person captains in a village.
pub async fn teams_captained(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<Vec<TeamId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT team_id FROM appointments WHERE village_id = $1 AND person_id = $2 AND role = 'captain' \
         AND ended_at IS NULL AND team_id IS NOT NULL",
    )
    .bind(village.0)
    .bind(person.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| TeamId(r.0)).collect())
}
