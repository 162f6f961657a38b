//! Tickets and their append-only event log.

use sqlx::{AnyConnection, FromRow};

use super::{parse_col, StoreError};
use crate::domain::routing::{Holder, Level};
use crate::domain::Ticket;
use crate::domain::{
    Category, ChatId, MessageId, PersonId, TeamId, TicketId, TicketNo, TicketState, Tier, VillageId,
};

#[derive(FromRow)]
pub(super) struct TicketRow {
    id: i64,
    village_id: i64,
    no: i64,
    requester_id: i64,
    chat_id: i64,
    source_message_id: i64,
    body: String,
    category: String,
    tier: String,
    urgent: i64,
    location: Option<String>,
    state: String,
    level: i64,
    holder_person_id: Option<i64>,
    holder_team_id: Option<i64>,
    last_note: Option<String>,
    deadline_at: i64,
    created_at: i64,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
    rating: Option<i64>,
    card_message_id: Option<i64>,
}

/// The holder stored in a ticket's two holder columns.
pub(super) fn holder_of(person: Option<i64>, team: Option<i64>) -> Option<Holder> {
    match (person, team) {
        (Some(p), _) => Some(Holder::Person(PersonId(p))),
        (None, Some(t)) => Some(Holder::Team(TeamId(t))),
        (None, None) => None,
    }
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;

    fn try_from(r: TicketRow) -> Result<Self, StoreError> {
        let holder = holder_of(r.holder_person_id, r.holder_team_id);
        Ok(Ticket {
            id: TicketId(r.id),
            village: VillageId(r.village_id),
            no: TicketNo::new(r.no).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            requester: PersonId(r.requester_id),
            chat: ChatId(r.chat_id),
            source_message: MessageId(r.source_message_id),
            body: r.body,
            category: parse_col("category", &r.category)?,
            tier: parse_col("tier", &r.tier)?,
            urgent: r.urgent != 0,
            location: r.location,
            state: parse_col("state", &r.state)?,
            level: Level::from_i64(r.level),
            holder,
            last_note: r.last_note,
            deadline_at: r.deadline_at,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
            closed_at: r.closed_at,
            rating: r.rating,
            card_message: r.card_message_id.map(MessageId),
        })
    }
}

pub(super) const COLUMNS: &str = "id, village_id, no, requester_id, chat_id, source_message_id, body, category, tier, urgent, \
    location, state, level, holder_person_id, holder_team_id, last_note, deadline_at, created_at, resolved_at, closed_at, rating, card_message_id";

/// What a new ticket is made of.
#[derive(Debug, Clone)]
pub struct NewTicket<'a> {
    pub village: VillageId,
    pub no: i64,
    pub requester: PersonId,
    pub chat: ChatId,
    pub source_message: MessageId,
    pub body: &'a str,
    pub category: Category,
    pub tier: Tier,
    pub urgent: bool,
    pub location: Option<&'a str>,
    pub deadline_at: i64,
}

/// Inserts a ticket in state `new`; `None` when the source message already has one (a replay).
pub async fn insert(
    conn: &mut AnyConnection,
    t: &NewTicket<'_>,
    now: i64,
) -> Result<Option<TicketId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, tier, urgent, \
         location, state, deadline_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11, $12, $12) \
         ON CONFLICT (chat_id, source_message_id) DO NOTHING RETURNING id",
    )
    .bind(t.village.0)
    .bind(t.no)
    .bind(t.requester.0)
    .bind(t.chat.0)
    .bind(t.source_message.0)
    .bind(t.body)
    .bind(t.category.key())
    .bind(t.tier.key())
    .bind(i64::from(t.urgent))
    .bind(t.location)
    .bind(t.deadline_at)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| TicketId(r.0)))
}

pub async fn get(conn: &mut AnyConnection, id: TicketId) -> Result<Option<Ticket>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = $1");
    let row: Option<TicketRow> = sqlx::query_as(&sql).bind(id.0).fetch_optional(conn).await?;
    row.map(Ticket::try_from).transpose()
}

pub async fn by_no(
    conn: &mut AnyConnection,
    village: VillageId,
    no: TicketNo,
) -> Result<Option<Ticket>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE village_id = $1 AND no = $2");
    let row: Option<TicketRow> = sqlx::query_as(&sql)
        .bind(village.0)
        .bind(no.get())
        .fetch_optional(conn)
        .await?;
    row.map(Ticket::try_from).transpose()
}

pub async fn by_source(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
) -> Result<Option<Ticket>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM tickets WHERE chat_id = $1 AND source_message_id = $2");
    let row: Option<TicketRow> = sqlx::query_as(&sql)
        .bind(chat.0)
        .bind(message.0)
        .fetch_optional(conn)
        .await?;
    row.map(Ticket::try_from).transpose()
}

/// Which tickets `/list` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    Open,
    Overdue { now: i64 },
    Mine(PersonId),
}

/// The SQL of `list` for a filter. `/list mine` is a union of two indexed lookups (what the
/// person holds, what they asked for): an `OR` across two columns would scan the village.
pub fn list_sql(filter: ListFilter) -> String {
    const OPEN: &str = "state IN ('new', 'assigned', 'in_progress')";
    const LIVE: &str = "state NOT IN ('closed', 'cancelled')";
    let select = format!("SELECT {COLUMNS} FROM tickets WHERE village_id = $1 AND");
    let clause = match filter {
        ListFilter::Open => format!("{select} {OPEN} AND $2 = $2"),
        ListFilter::Overdue { .. } => format!("{select} {OPEN} AND deadline_at < $2"),
        ListFilter::Mine(_) => format!(
            "{select} holder_person_id = $2 AND {LIVE} UNION {select} requester_id = $2 AND {LIVE}"
        ),
    };
    format!("{clause} ORDER BY no LIMIT $3")
}

pub async fn list(
    conn: &mut AnyConnection,
    village: VillageId,
    filter: ListFilter,
    limit: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let arg = match filter {
        ListFilter::Open => 0,
        ListFilter::Overdue { now } => now,
        ListFilter::Mine(p) => p.0,
    };
    let rows: Vec<TicketRow> = sqlx::query_as(&list_sql(filter))
        .bind(village.0)
        .bind(arg)
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// Open tickets of a village and category filed since a moment, newest first: those a new
/// report may repeat ("me too"). Found through `(village_id, created_at)`.
pub const RECENT_OPEN_SQL: &str = "SELECT {COLUMNS} FROM tickets WHERE village_id = $1 AND created_at >= $2 \
     AND category = $3 AND state IN ('new', 'assigned', 'in_progress') ORDER BY created_at DESC LIMIT $4";

pub async fn recent_open(
    conn: &mut AnyConnection,
    village: VillageId,
    category: Category,
    since: i64,
    limit: i64,
) -> Result<Vec<Ticket>, StoreError> {
    let sql = RECENT_OPEN_SQL.replace("{COLUMNS}", COLUMNS);
    let rows: Vec<TicketRow> = sqlx::query_as(&sql)
        .bind(village.0)
        .bind(since)
        .bind(category.key())
        .bind(limit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Ticket::try_from).collect()
}

/// The newest ticket a person asked for in a chat since a moment (their location pin may follow
/// the request). Found through `(requester_id, state)`.
pub async fn latest_of(
    conn: &mut AnyConnection,
    requester: PersonId,
    chat: ChatId,
    since: i64,
) -> Result<Option<Ticket>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM tickets WHERE requester_id = $1 AND state IN ('new', 'assigned', 'in_progress') \
         AND chat_id = $2 AND created_at >= $3 ORDER BY created_at DESC LIMIT 1"
    );
    let row: Option<TicketRow> = sqlx::query_as(&sql)
        .bind(requester.0)
        .bind(chat.0)
        .bind(since)
        .fetch_optional(conn)
        .await?;
    row.map(Ticket::try_from).transpose()
}

/// Writes the state, holder, level and timestamps of a ticket after a transition, as the domain
/// set them.
pub async fn update(conn: &mut AnyConnection, t: &Ticket, now: i64) -> Result<(), StoreError> {
    let (person, team) = match t.holder {
        Some(Holder::Person(p)) => (Some(p.0), None),
        Some(Holder::Team(team)) => (None, Some(team.0)),
        None => (None, None),
    };
    sqlx::query(
        "UPDATE tickets SET state = $1, level = $2, holder_person_id = $3, holder_team_id = $4, last_note = $5, \
         deadline_at = $6, resolved_at = $7, rating = $8, tier = $9, updated_at = $10, closed_at = $11, \
         urgent = $12, category = $13 WHERE id = $14",
    )
    .bind(t.state.key())
    .bind(t.level.as_i64())
    .bind(person)
    .bind(team)
    .bind(&t.last_note)
    .bind(t.deadline_at)
    .bind(t.resolved_at)
    .bind(t.rating)
    .bind(t.tier.key())
    .bind(now)
    .bind(t.closed_at)
    .bind(i64::from(t.urgent))
    .bind(t.category.key())
    .bind(t.id.0)
    .execute(conn)
    .await?;
    Ok(())
}

/// Remembers the card's message and the text it now shows.
pub async fn set_card(
    conn: &mut AnyConnection,
    id: TicketId,
    message: MessageId,
    text: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tickets SET card_message_id = $1, card_text = $2 WHERE id = $3")
        .bind(message.0)
        .bind(text)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// The ticket was acknowledged in a busy group's list: it has no card of its own.
pub async fn set_card_quiet(conn: &mut AnyConnection, id: TicketId) -> Result<(), StoreError> {
    sqlx::query("UPDATE tickets SET card_quiet = 1 WHERE id = $1")
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether the ticket was acknowledged in a list instead of getting a card.
pub async fn card_quiet(conn: &mut AnyConnection, id: TicketId) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT card_quiet FROM tickets WHERE id = $1")
        .bind(id.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some_and(|r| r.0 != 0))
}

/// The text the ticket's card shows now, if known.
pub async fn card_text(
    conn: &mut AnyConnection,
    id: TicketId,
) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT card_text FROM tickets WHERE id = $1")
            .bind(id.0)
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|r| r.0))
}

/// One line of a ticket's history.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EventRow {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
}

/// One entry of the event log.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    pub ticket: TicketId,
    pub at: i64,
    pub actor: Option<PersonId>,
    pub action: &'a str,
    pub from: Option<TicketState>,
    pub to: TicketState,
    pub note: Option<&'a str>,
}

pub async fn append_event(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ticket_events (ticket_id, at, actor_id, action, from_state, to_state, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.ticket.0)
    .bind(e.at)
    .bind(e.actor.map(|a| a.0))
    .bind(e.action)
    .bind(e.from.map(|s| s.key()))
    .bind(e.to.key())
    .bind(e.note)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn events(
    conn: &mut AnyConnection,
    ticket: TicketId,
) -> Result<Vec<EventRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, actor_id, action, from_state, to_state, note FROM ticket_events WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket.0)
    .fetch_all(conn)
    .await?)
}
