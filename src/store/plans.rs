//! The hot queries (per message, per list, per digest, per report, per delivery) with sample
//! arguments, so each backend can be asked how it runs them: none may scan a large table.

use super::{
    attachments, care, dashboard, grid, inbox, jobs, offers, outbox, points, teams, ticket_views,
    tickets, Backend,
};
use crate::domain::PersonId;

/// A bind argument of a sample call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Int(i64),
    Text(&'static str),
}

/// One query as the code runs it, with arguments of the right types.
#[derive(Debug, Clone)]
pub struct HotQuery {
    pub name: &'static str,
    pub sql: String,
    pub args: Vec<Arg>,
}

fn q(name: &'static str, sql: impl Into<String>, args: &[i64]) -> HotQuery {
    HotQuery {
        name,
        sql: sql.into(),
        args: args.iter().map(|a| Arg::Int(*a)).collect(),
    }
}

/// Every hot query of the bot, as `backend` runs it.
pub fn hot_queries(backend: Backend) -> Vec<HotQuery> {
    let mut offered = q("press: offered button", offers::OFFERED, &[-100, 5]);
    offered.args.push(Arg::Text("t:1:accept"));
    let mut all = vec![
        q("intake: chief of a neighbourhood", grid::CHIEF_OF, &[1]),
        q("intake: captain of a team", teams::CAPTAIN_OF, &[1]),
        q("intake: household of a person", grid::HOUSEHOLD, &[1, 2]),
        q("roles: posts of a person", grid::POSTS, &[1, 2]),
        q("picker: villages of a person", grid::VILLAGES_OF, &[2, 2]),
        q("delivery: due messages", outbox::DUE, &[9, 50]),
        q("delivery: next due", outbox::NEXT_DUE, &[]),
        q("reply: linked ticket", outbox::LINKED, &[-100, 5]),
        q("card: pin and supporters", attachments::CARD_EXTRAS, &[1]),
        offered,
        q(
            "scheduler: due jobs",
            jobs::due_sql(backend, false),
            &[9, 1],
        ),
        q(
            "scheduler: due in a village",
            jobs::due_sql(backend, true),
            &[9, 200, 1],
        ),
    ];
    let mut pending = q("processor: pending updates", inbox::PENDING, &[200]);
    pending.args.extend([Arg::Text("instance-1"), Arg::Int(9)]);
    all.push(pending);
    all.push(q("metrics: outbox depth", outbox::PENDING_COUNT, &[]));
    all.push(q(
        "quiet: group messages of a ticket",
        outbox::TICKET_SENDS,
        &[1, -100],
    ));
    all.push(q("quiet: a group's queue", outbox::CHAT_PENDING, &[-100]));
    all.push(q("metrics: inbox depth", inbox::BACKLOG, &[]));
    all.push(q(
        "metrics: open and overdue tickets",
        ticket_views::OPEN_EVERYWHERE,
        &[9],
    ));
    all.extend(ticket_queries());
    all.extend(care_and_points());
    all
}

/// The queries of points and care visits.
fn care_and_points() -> Vec<HotQuery> {
    let mut named = q("care: households by name", care::NAMED, &[1]);
    named.args.push(Arg::Text("p7"));
    vec![
        q("points: balance", points::BALANCE, &[1, 2]),
        q("points: recent entries", points::recent_sql(), &[1, 2, 5]),
        q("points: ranking", points::RANKING, &[1, 8, 10]),
        q("care: due households", care::due_sql(), &[1, 9, 3600]),
        q("care: visits of a period", care::VISITS, &[1, 8, 9]),
        named,
        q("care: reply to a reminder", care::VISIT_PROMPT, &[-100, 5]),
        q("closure: the last one", outbox::LAST_CLOSURE, &[1, -100]),
        q(
            "dashboard: received by week",
            dashboard::RECEIVED_BY_WEEK,
            &[1, 8],
        ),
        q(
            "dashboard: resolved by week",
            dashboard::RESOLVED_BY_WEEK,
            &[1, 8],
        ),
        q(
            "dashboard: open by neighbourhood",
            dashboard::OPEN_BY_NEIGHBOURHOOD,
            &[1],
        ),
        q(
            "open311: created in a period",
            dashboard::created_sql(),
            &[1, 8, 9, 1000],
        ),
    ]
}

/// The queries over many tickets: lists, digests, statistics, exports.
fn ticket_queries() -> Vec<HotQuery> {
    use tickets::ListFilter;
    vec![
        q(
            "list: open",
            tickets::list_sql(ListFilter::Open),
            &[1, 0, 50],
        ),
        q(
            "list: overdue",
            tickets::list_sql(ListFilter::Overdue { now: 0 }),
            &[1, 9, 50],
        ),
        q(
            "list: mine",
            tickets::list_sql(ListFilter::Mine(PersonId(2))),
            &[1, 2, 50],
        ),
        {
            let sql = tickets::RECENT_OPEN_SQL.replace("{COLUMNS}", tickets::COLUMNS);
            let mut me_too = q("intake: open tickets a report may repeat", sql, &[1, 9]);
            me_too.args.extend([Arg::Text("repair"), Arg::Int(30)]);
            me_too
        },
        q("digest: counts", ticket_views::DIGEST_COUNTS, &[1, 9, 8, 9]),
        q(
            "digest: held tickets",
            ticket_views::open_held_sql(),
            &[1, 5000],
        ),
        q(
            "stats: rows of a period",
            ticket_views::stat_rows_sql(),
            &[1, 8],
        ),
        q(
            "export: one village",
            ticket_views::export_sql(true),
            &[8, 9, 1],
        ),
        q(
            "export: every village",
            ticket_views::export_sql(false),
            &[8, 9],
        ),
    ]
}
