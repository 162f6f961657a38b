//! Read-only views over many tickets: digest figures, statistics rows and the export.

use sqlx::{AnyConnection, FromRow};

use super::tickets::{TicketRow, COLUMNS};
use super::StoreError;
use crate::domain::routing::Holder;
use crate::domain::Ticket;
use crate::domain::VillageId;

/// The figures of a village's morning digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DigestCounts {
    pub open: i64,
    pub overdue: i64,
    pub resolved_yesterday: i64,
}

/// Three indexed counts: open, open past the deadline, resolved in `[from, to)`.
pub const DIGEST_COUNTS: &str = "SELECT \
    (SELECT COUNT(*) FROM tickets WHERE village_id = $1 AND state IN ('new', 'assigned', 'in_progress')), \
    (SELECT COUNT(*) FROM tickets WHERE village_id = $1 AND state IN ('new', 'assigned', 'in_progress') AND deadline_at < $2), \
    (SELECT COUNT(*) FROM tickets WHERE village_id = $1 AND resolved_at >= $3 AND resolved_at < $4)";

pub async fn digest_counts(
    conn: &mut AnyConnection,
    village: VillageId,
    now: i64,
    from: i64,
    to: i64,
) -> Result<DigestCounts, StoreError> {
    let (open, overdue, resolved): (i64, i64, i64) = sqlx::query_as(DIGEST_COUNTS)
        .bind(village.0)
        .bind(now)
        .bind(from)
        .bind(to)
        .fetch_one(conn)
        .await?;
    Ok(DigestCounts {
        open,
        overdue,
        resolved_yesterday: resolved,
    })
}

/// Open tickets everywhere, past their deadline and before it (for `/metrics`): two ranges of
/// the index of open tickets.
pub const OPEN_EVERYWHERE: &str = "SELECT \
    (SELECT COUNT(*) FROM tickets WHERE state IN ('new', 'assigned', 'in_progress') AND deadline_at < $1), \
    (SELECT COUNT(*) FROM tickets WHERE state IN ('new', 'assigned', 'in_progress') AND deadline_at >= $1)";

/// How many tickets are open everywhere, and how many of them are overdue.
pub async fn open_everywhere(conn: &mut AnyConnection, now: i64) -> Result<(i64, i64), StoreError> {
    let (overdue, due): (i64, i64) = sqlx::query_as(OPEN_EVERYWHERE)
        .bind(now)
        .fetch_one(conn)
        .await?;
    Ok((overdue + due, overdue))
}

pub fn open_held_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM tickets WHERE village_id = $1 AND state IN ('new', 'assigned', 'in_progress') \
         AND holder_person_id IS NOT NULL ORDER BY holder_person_id, no LIMIT $2"
    )
}

/// Open tickets of a village that a person holds, by holder then number.
pub async fn open_held(
    conn: &mut AnyConnection,
    village: VillageId,
    limit: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let rows: Vec<TicketRow> = sqlx::query_as(&open_held_sql())
        .bind(village.0)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// One ticket as statistics see it, with who held it last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatRow {
    pub id: crate::domain::TicketId,
    pub facts: crate::domain::stats::TicketFacts,
    pub holder: Option<Holder>,
}

/// The columns statistics read: few, so that a month of a busy village decodes fast.
const STAT_COLUMNS: &str =
    "id, category, state, created_at, deadline_at, resolved_at, rating, holder_person_id, holder_team_id";

#[derive(FromRow)]
struct StatLine {
    id: i64,
    category: String,
    state: String,
    created_at: i64,
    deadline_at: i64,
    resolved_at: Option<i64>,
    rating: Option<i64>,
    holder_person_id: Option<i64>,
    holder_team_id: Option<i64>,
}

impl TryFrom<StatLine> for StatRow {
    type Error = StoreError;

    fn try_from(r: StatLine) -> Result<Self, StoreError> {
        let corrupt = |e: String| StoreError::Corrupt(e);
        let facts = crate::domain::stats::TicketFacts {
            category: r.category.parse().map_err(|e| corrupt(format!("{e:?}")))?,
            state: r.state.parse().map_err(|e| corrupt(format!("{e:?}")))?,
            created_at: r.created_at,
            deadline_at: r.deadline_at,
            resolved_at: r.resolved_at,
            rating: r.rating,
        };
        let holder = super::tickets::holder_of(r.holder_person_id, r.holder_team_id);
        Ok(StatRow {
            id: crate::domain::TicketId(r.id),
            facts,
            holder,
        })
    }
}

/// A union of three indexed lookups (created since, resolved since, open): an `OR` across three
/// columns would scan the village.
pub fn stat_rows_sql() -> String {
    let select = format!("SELECT {STAT_COLUMNS} FROM tickets WHERE village_id = $1 AND");
    format!(
        "{select} created_at >= $2 UNION {select} resolved_at >= $2 \
         UNION {select} state IN ('new', 'assigned', 'in_progress')"
    )
}

/// Tickets of a village that matter for a period starting at `from`: created or resolved since,
/// or still open.
pub async fn stat_rows(
    conn: &mut AnyConnection,
    village: VillageId,
    from: i64,
) -> Result<Vec<StatRow>, StoreError> {
    let rows: Vec<StatLine> = sqlx::query_as(&stat_rows_sql())
        .bind(village.0)
        .bind(from)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(StatRow::try_from).collect()
}

/// One line of an export: a ticket event with its ticket's fields and the names involved.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ExportRow {
    pub village: String,
    pub no: i64,
    pub category: String,
    pub tier: String,
    pub urgent: i64,
    pub state: String,
    pub location: Option<String>,
    pub body: String,
    pub requester: String,
    pub holder: Option<String>,
    pub created_at: i64,
    pub deadline_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub rating: Option<i64>,
    pub event_at: i64,
    pub action: String,
    pub actor: Option<String>,
    pub note: Option<String>,
}

/// The columns and joins of an export line.
macro_rules! export_select {
    () => {
        "SELECT v.name AS village, t.no, t.category, t.tier, t.urgent, t.state, t.location, t.body, \
           r.display_name AS requester, COALESCE(h.display_name, tm.name) AS holder, t.created_at, t.deadline_at, \
           t.resolved_at, t.closed_at, t.rating, e.at AS event_at, e.action, a.display_name AS actor, e.note \
         FROM tickets t JOIN villages v ON v.id = t.village_id JOIN ticket_events e ON e.ticket_id = t.id \
         JOIN people r ON r.id = t.requester_id LEFT JOIN people h ON h.id = t.holder_person_id \
         LEFT JOIN teams tm ON tm.id = t.holder_team_id LEFT JOIN people a ON a.id = e.actor_id "
    };
}

/// The export's SQL for one village (`$3`) or all of them: two texts, so that each uses its index.
pub fn export_sql(one_village: bool) -> &'static str {
    if one_village {
        concat!(export_select!(), "WHERE t.village_id = $3 AND t.created_at >= $1 AND t.created_at < $2 ORDER BY t.village_id, t.no, e.id")
    } else {
        concat!(
            export_select!(),
            "WHERE t.created_at >= $1 AND t.created_at < $2 ORDER BY t.village_id, t.no, e.id"
        )
    }
}

/// Tickets created in `[from, to)` with all their events, oldest first; one village or all.
pub async fn export_rows(
    conn: &mut AnyConnection,
    village: Option<VillageId>,
    from: i64,
    to: i64,
) -> Result<Vec<ExportRow>, StoreError> {
    let query = sqlx::query_as(export_sql(village.is_some()))
        .bind(from)
        .bind(to);
    let query = match village {
        Some(v) => query.bind(v.0),
        None => query,
    };
    Ok(query.fetch_all(conn).await?)
}
