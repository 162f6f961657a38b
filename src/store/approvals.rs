//! Requests that someone else decides: joining a team (its captain or a cadre), joining a
//! township (one of its cadres or a super-admin), a new village (a super-admin).

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{PersonId, VillageId};

/// What is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Team,
    Township,
    Village,
}

impl Kind {
    pub fn key(self) -> &'static str {
        match self {
            Kind::Team => "team",
            Kind::Township => "township",
            Kind::Village => "village",
        }
    }

    fn parse(key: &str) -> Option<Kind> {
        match key {
            "team" => Some(Kind::Team),
            "township" => Some(Kind::Township),
            "village" => Some(Kind::Village),
            _ => None,
        }
    }
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub id: i64,
    pub kind: Kind,
    pub village: VillageId,
    /// The team, township or village asked for.
    pub subject: i64,
    pub person: PersonId,
    pub decided: bool,
}

/// Opens a request, or returns the open one for the same thing.
pub async fn ask(
    conn: &mut AnyConnection,
    kind: Kind,
    village: VillageId,
    subject: i64,
    person: PersonId,
    now: i64,
) -> Result<i64, StoreError> {
    let open: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM approvals WHERE kind = $1 AND subject_id = $2 AND person_id = $3 \
         AND village_id = $4 AND decided_at IS NULL",
    )
    .bind(kind.key())
    .bind(subject)
    .bind(person.0)
    .bind(village.0)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((id,)) = open {
        return Ok(id);
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO approvals (kind, village_id, subject_id, person_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(kind.key())
    .bind(village.0)
    .bind(subject)
    .bind(person.0)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<Approval>, StoreError> {
    let row: Option<(i64, String, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, kind, village_id, subject_id, person_id, decided_at FROM approvals WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(id, kind, v, subject, p, decided)| {
        Some(Approval {
            id,
            kind: Kind::parse(&kind)?,
            village: VillageId(v),
            subject,
            person: PersonId(p),
            decided: decided.is_some(),
        })
    }))
}

/// Records the decision; `false` when it was decided already (two presses at once).
pub async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    by: PersonId,
    approved: bool,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE approvals SET decided_at = $1, decided_by = $2, approved = $3 \
         WHERE id = $4 AND decided_at IS NULL",
    )
    .bind(now)
    .bind(by.0)
    .bind(i64::from(approved))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
