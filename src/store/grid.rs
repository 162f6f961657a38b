//! The village grid: neighbourhoods and their chiefs, households and appointments (teams are in
//! `teams`, re-exported here).

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::roles::Roles;

pub use super::teams::*;
use crate::domain::{PersonId, TeamId, VillageId};

/// A role held in a village; `place` is the neighbourhood or team it is held in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Post {
    Cadre,
    Chief(i64),
    Captain(TeamId),
    Volunteer(TeamId),
}

impl Post {
    fn role(self) -> &'static str {
        match self {
            Post::Cadre => "cadre",
            Post::Chief(_) => "chief",
            Post::Captain(_) => "captain",
            Post::Volunteer(_) => "volunteer",
        }
    }

    fn neighbourhood(self) -> Option<i64> {
        match self {
            Post::Chief(n) => Some(n),
            _ => None,
        }
    }

    fn team(self) -> Option<i64> {
        match self {
            Post::Captain(t) | Post::Volunteer(t) => Some(t.0),
            _ => None,
        }
    }
}

/// Finds a neighbourhood by name, creating it on first mention.
pub async fn neighbourhood(
    conn: &mut AnyConnection,
    village: VillageId,
    name: &str,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query(
        "INSERT INTO neighbourhoods (village_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (village_id, name) DO NOTHING",
    )
    .bind(village.0)
    .bind(name)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (id,): (i64,) =
        sqlx::query_as("SELECT id FROM neighbourhoods WHERE village_id = $1 AND name = $2")
            .bind(village.0)
            .bind(name)
            .fetch_one(conn)
            .await?;
    Ok(id)
}

pub async fn neighbourhood_name(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM neighbourhoods WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

/// Gives a person a post. A neighbourhood has one chief: naming a new one ends the old appointment.
/// Returns false when the person already holds the post.
pub async fn appoint(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    post: Post,
    by: Option<PersonId>,
    now: i64,
) -> Result<bool, StoreError> {
    if holds(conn, village, person, post).await? {
        return Ok(false);
    }
    if let Post::Chief(n) = post {
        sqlx::query("UPDATE appointments SET ended_at = $1 WHERE neighbourhood_id = $2 AND role = 'chief' AND ended_at IS NULL")
            .bind(now)
            .bind(n)
            .execute(&mut *conn)
            .await?;
    }
    if let Post::Captain(t) = post {
        sqlx::query("UPDATE appointments SET ended_at = $1 WHERE team_id = $2 AND role = 'captain' AND ended_at IS NULL")
            .bind(now)
            .bind(t.0)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO appointments (village_id, person_id, role, neighbourhood_id, team_id, appointed_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(village.0)
    .bind(person.0)
    .bind(post.role())
    .bind(post.neighbourhood())
    .bind(post.team())
    .bind(by.map(|p| p.0))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(true)
}

async fn holds(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    post: Post,
) -> Result<bool, StoreError> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM appointments WHERE village_id = $1 AND person_id = $2 AND role = $3 \
         AND COALESCE(neighbourhood_id, 0) = $4 AND COALESCE(team_id, 0) = $5 AND ended_at IS NULL",
    )
    .bind(village.0)
    .bind(person.0)
    .bind(post.role())
    .bind(post.neighbourhood().unwrap_or(0))
    .bind(post.team().unwrap_or(0))
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// A person's current posts in a village (every command checks them).
pub const POSTS: &str = "SELECT role, neighbourhood_id, team_id FROM appointments WHERE village_id = $1 AND person_id = $2 AND ended_at IS NULL";

/// Every current post of a person in a village.
pub async fn posts(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<Vec<Post>, StoreError> {
    let rows: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(POSTS)
        .bind(village.0)
        .bind(person.0)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, n, t)| match (role.as_str(), n, t) {
            ("cadre", _, _) => Some(Post::Cadre),
            ("chief", Some(n), _) => Some(Post::Chief(n)),
            ("captain", _, Some(t)) => Some(Post::Captain(TeamId(t))),
            ("volunteer", _, Some(t)) => Some(Post::Volunteer(TeamId(t))),
            _ => None,
        })
        .collect())
}

/// The roles a person holds in a village, for the permission table.
pub fn roles_of(posts: &[Post]) -> Roles {
    let mut roles = Roles::default();
    for post in posts {
        match post {
            Post::Cadre => roles.cadre = true,
            Post::Chief(_) => roles.chief = true,
            Post::Captain(_) => roles.captain = true,
            Post::Volunteer(_) => roles.volunteer = true,
        }
    }
    roles
}

/// The chief of a neighbourhood (intake routing).
pub const CHIEF_OF: &str = "SELECT person_id FROM appointments WHERE neighbourhood_id = $1 AND role = 'chief' AND ended_at IS NULL ORDER BY id DESC LIMIT 1";

pub async fn chief_of(
    conn: &mut AnyConnection,
    neighbourhood: i64,
) -> Result<Option<PersonId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(CHIEF_OF)
        .bind(neighbourhood)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| PersonId(r.0)))
}

pub async fn set_household(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    neighbourhood: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO households (village_id, person_id, neighbourhood_id, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (village_id, person_id) DO UPDATE SET neighbourhood_id = excluded.neighbourhood_id, updated_at = excluded.updated_at",
    )
    .bind(village.0)
    .bind(person.0)
    .bind(neighbourhood)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The neighbourhood a person lives in (intake routing).
pub const HOUSEHOLD: &str =
    "SELECT neighbourhood_id FROM households WHERE village_id = $1 AND person_id = $2";

pub async fn household(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(HOUSEHOLD)
        .bind(village.0)
        .bind(person.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

/// The villages a person holds a post or a household in.
pub const VILLAGES_OF: &str =
    "SELECT village_id FROM appointments WHERE person_id = $1 AND ended_at IS NULL \
         UNION SELECT village_id FROM households WHERE person_id = $2 ORDER BY 1";

/// Villages a person belongs to (by post or household), for commands sent in private chat.
pub async fn villages_of(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Vec<VillageId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(VILLAGES_OF)
        .bind(person.0)
        .bind(person.0)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| VillageId(r.0)).collect())
}

/// An existing neighbourhood by name (residents may not create neighbourhoods by typo).
pub async fn find_neighbourhood(
    conn: &mut AnyConnection,
    village: VillageId,
    name: &str,
) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM neighbourhoods WHERE village_id = $1 AND name = $2")
            .bind(village.0)
            .bind(name)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| r.0))
}

pub async fn neighbourhood_names(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM neighbourhoods WHERE village_id = $1 ORDER BY name")
            .bind(village.0)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Current chiefs of a village with their neighbourhood's name.
pub async fn chiefs(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<(PersonId, String)>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.person_id, n.name FROM appointments a JOIN neighbourhoods n ON n.id = a.neighbourhood_id \
         WHERE a.village_id = $1 AND a.role = 'chief' AND a.ended_at IS NULL ORDER BY n.name",
    )
    .bind(village.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(p, n)| (PersonId(p), n)).collect())
}

/// Current cadres of a village.
pub async fn cadres(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT DISTINCT person_id FROM appointments WHERE village_id = $1 AND role = 'cadre' AND ended_at IS NULL ORDER BY person_id",
    )
    .bind(village.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}

/// Ends a person's current posts of one kind (optionally in one neighbourhood or team); returns
/// how many ended. Appointments are never deleted.
pub async fn end_posts(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    role: &str,
    place: Option<i64>,
    now: i64,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE appointments SET ended_at = $1 WHERE village_id = $2 AND person_id = $3 AND role = $4 \
         AND ended_at IS NULL AND ($5 = 0 OR COALESCE(neighbourhood_id, team_id) = $5)",
    )
    .bind(now)
    .bind(village.0)
    .bind(person.0)
    .bind(role)
    .bind(place.unwrap_or(0))
    .execute(conn)
    .await?
    .rows_affected();
    Ok(done)
}

/// Neighbourhoods with their chief (if any) and household count, for `/roster`.
pub async fn neighbourhood_overview(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<(String, Option<PersonId>, i64)>, StoreError> {
    let rows: Vec<(String, Option<i64>, i64)> = sqlx::query_as(
        "SELECT n.name, \
           (SELECT a.person_id FROM appointments a WHERE a.neighbourhood_id = n.id AND a.role = 'chief' \
              AND a.ended_at IS NULL ORDER BY a.id DESC LIMIT 1), \
           (SELECT COUNT(*) FROM households h WHERE h.neighbourhood_id = n.id) \
         FROM neighbourhoods n WHERE n.village_id = $1 ORDER BY n.name",
    )
    .bind(village.0)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(n, c, h)| (n, c.map(PersonId), h))
        .collect())
}
