//! Care households (their level, reason and next visit) and the visits recorded for them.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::care::{CareLevel, Stage};
use crate::domain::{PersonId, VillageId};

/// A household under care, with its neighbourhood (if it has one) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareHousehold {
    pub village: VillageId,
    pub person: PersonId,
    pub name: String,
    pub level: CareLevel,
    pub reason: String,
    pub due_at: i64,
    pub stage: Stage,
    pub last_visit_at: Option<i64>,
    pub neighbourhood: Option<i64>,
}

#[derive(FromRow)]
struct Row {
    village_id: i64,
    person_id: i64,
    name: String,
    level: String,
    reason: String,
    due_at: i64,
    stage: i64,
    last_visit_at: Option<i64>,
    neighbourhood_id: Option<i64>,
}

impl Row {
    fn into_household(self) -> Option<CareHousehold> {
        Some(CareHousehold {
            village: VillageId(self.village_id),
            person: PersonId(self.person_id),
            name: self.name,
            level: CareLevel::parse(&self.level)?,
            reason: self.reason,
            due_at: self.due_at,
            stage: Stage::from_number(self.stage),
            last_visit_at: self.last_visit_at,
            neighbourhood: self.neighbourhood_id,
        })
    }
}

const SELECT: &str = "SELECT c.village_id, c.person_id, \
     CASE WHEN p.display_name = '' THEN '@' || COALESCE(p.username, '') ELSE p.display_name END AS name, \
     c.level, c.reason, c.due_at, c.stage, c.last_visit_at, h.neighbourhood_id \
     FROM care_households c JOIN people p ON p.id = c.person_id \
     LEFT JOIN households h ON h.village_id = c.village_id AND h.person_id = c.person_id";

fn households(rows: Vec<Row>) -> Vec<CareHousehold> {
    rows.into_iter().filter_map(Row::into_household).collect()
}

/// What a cadre sets on a household.
#[derive(Debug, Clone, Copy)]
pub struct Marking<'a> {
    pub village: VillageId,
    pub person: PersonId,
    pub level: CareLevel,
    pub reason: &'a str,
    pub by: Option<PersonId>,
    pub due_at: i64,
}

/// Sets (or changes) a household's level; its reminders start over for the new due time.
pub async fn set(conn: &mut AnyConnection, m: Marking<'_>, now: i64) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO care_households (village_id, person_id, level, reason, set_by, set_at, due_at, stage) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0) ON CONFLICT (village_id, person_id) DO UPDATE SET \
         level = excluded.level, reason = excluded.reason, set_by = excluded.set_by, \
         set_at = excluded.set_at, due_at = excluded.due_at, stage = 0",
    )
    .bind(m.village.0)
    .bind(m.person.0)
    .bind(m.level.key())
    .bind(m.reason)
    .bind(m.by.map(|p| p.0))
    .bind(now)
    .bind(m.due_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes a household off the care list; false when it was not on it.
pub async fn remove(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM care_households WHERE village_id = $1 AND person_id = $2")
        .bind(village.0)
        .bind(person.0)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn get(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
) -> Result<Option<CareHousehold>, StoreError> {
    let sql = format!("{SELECT} WHERE c.village_id = $1 AND c.person_id = $2");
    let row: Option<Row> = sqlx::query_as(&sql)
        .bind(village.0)
        .bind(person.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(Row::into_household))
}

/// Every care household of a village, the soonest due first.
pub async fn all(
    conn: &mut AnyConnection,
    village: VillageId,
) -> Result<Vec<CareHousehold>, StoreError> {
    let sql = format!("{SELECT} WHERE c.village_id = $1 ORDER BY c.due_at, c.person_id");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(village.0).fetch_all(conn).await?;
    Ok(households(rows))
}

pub const DUE: &str = "WHERE c.village_id = $1 AND c.due_at <= $2 AND c.stage < 3 \
     AND c.due_at + c.stage * $3 <= $2 ORDER BY c.due_at, c.person_id";

/// The households whose next step (reminder, overdue reminder, escalation) is due at `now`.
pub async fn due(
    conn: &mut AnyConnection,
    village: VillageId,
    now: i64,
    grace: i64,
) -> Result<Vec<CareHousehold>, StoreError> {
    let sql = due_sql();
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(village.0)
        .bind(now)
        .bind(grace)
        .fetch_all(conn)
        .await?;
    Ok(households(rows))
}

/// The query of [`due`], for the query plans' test.
pub fn due_sql() -> String {
    format!("{SELECT} {DUE}")
}

/// When the village's next care step falls due.
pub async fn next_step_at(
    conn: &mut AnyConnection,
    village: VillageId,
    grace: i64,
) -> Result<Option<i64>, StoreError> {
    let (at,): (Option<i64>,) = sqlx::query_as(
        "SELECT MIN(due_at + stage * $2) FROM care_households WHERE village_id = $1 AND stage < 3",
    )
    .bind(village.0)
    .bind(grace)
    .fetch_one(conn)
    .await?;
    Ok(at)
}

pub async fn set_stage(
    conn: &mut AnyConnection,
    village: VillageId,
    person: PersonId,
    stage: Stage,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE care_households SET stage = $1 WHERE village_id = $2 AND person_id = $3")
        .bind(stage.number())
        .bind(village.0)
        .bind(person.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// A visit to record.
#[derive(Debug, Clone, Copy)]
pub struct NewVisit<'a> {
    pub village: VillageId,
    pub person: PersonId,
    pub visitor: Option<PersonId>,
    pub note: &'a str,
    pub photo: Option<&'a str>,
    pub due_at: i64,
    /// When the next visit falls due.
    pub next_due_at: i64,
}

/// Records a visit and starts the household's next interval.
pub async fn record_visit(
    conn: &mut AnyConnection,
    v: NewVisit<'_>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO care_visits (village_id, person_id, visitor_id, note, photo, due_at, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(v.village.0)
    .bind(v.person.0)
    .bind(v.visitor.map(|p| p.0))
    .bind(v.note)
    .bind(v.photo)
    .bind(v.due_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE care_households SET due_at = $1, stage = 0, last_visit_at = $2 \
         WHERE village_id = $3 AND person_id = $4",
    )
    .bind(v.next_due_at)
    .bind(now)
    .bind(v.village.0)
    .bind(v.person.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// A recorded visit, as exported and counted.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VisitRow {
    pub person_id: i64,
    pub household: String,
    pub visitor_id: Option<i64>,
    pub note: String,
    pub photo: Option<String>,
    pub due_at: i64,
    pub at: i64,
}

pub const VISITS: &str = "SELECT cv.person_id, \
     CASE WHEN p.display_name = '' THEN '@' || COALESCE(p.username, '') ELSE p.display_name END AS household, \
     cv.visitor_id, cv.note, cv.photo, cv.due_at, cv.at FROM care_visits cv JOIN people p ON p.id = cv.person_id \
     WHERE cv.village_id = $1 AND cv.at >= $2 AND cv.at < $3 ORDER BY cv.at, cv.id";

/// The visits recorded in a village in `[from, to)`, oldest first.
pub async fn visits(
    conn: &mut AnyConnection,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Vec<VisitRow>, StoreError> {
    Ok(sqlx::query_as(VISITS)
        .bind(village.0)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?)
}

pub const VISIT_PROMPT: &str =
    "SELECT id FROM outbox WHERE chat_id = $1 AND message_id = $2 AND purpose = 'visit'";

/// Whether a message in a chat is one of the bot's visit reminders.
pub async fn is_visit_prompt(
    conn: &mut AnyConnection,
    chat: i64,
    message: i64,
) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(VISIT_PROMPT)
        .bind(chat)
        .bind(message)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

pub const NAMED: &str = "SELECT h.person_id FROM households h JOIN people p ON p.id = h.person_id \
     WHERE h.village_id = $1 AND p.display_name = $2 ORDER BY h.person_id";

/// The households of a village known by this name.
pub async fn households_named(
    conn: &mut AnyConnection,
    village: VillageId,
    name: &str,
) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(NAMED)
        .bind(village.0)
        .bind(name)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}
