//! The figures of a dashboard page, for any set of villages: each village's week and month
//! (open, overdue, received, resolved, on time, median time, rating), a twelve-week trend of
//! received and resolved, the month by category, chiefs and teams ranked, and the overdue list.
//! Computed with the same rules as /stats (`domain::stats`).

use std::collections::BTreeMap;

use crate::app::context::{AppError, Ctx};
use crate::app::reports::stats::{figures_of, Subject};
use crate::app::ticket::card::holder_label;
use crate::domain::routing::Holder;
use crate::domain::stats::Stats;
use crate::domain::{Category, Ticket, TicketId};
use crate::store::grid;
use crate::store::people;
use crate::store::ticket_views::{self, StatRow};
use crate::store::villages::Village;
use crate::store::{dashboard, tickets};

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Weeks in the trend chart.
pub const WEEKS: i64 = 12;
const MONTH: i64 = 30 * DAY;
/// Overdue tickets listed at most (the longest overdue).
const OVERDUE_LISTED: usize = 100;

/// One village's line.
#[derive(Debug, Clone)]
pub struct VillageLine {
    pub village: Village,
    pub open: usize,
    pub week: Stats,
    pub month: Stats,
}

/// One week of the trend: its start, received, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub start: i64,
    pub received: usize,
    pub resolved: usize,
}

/// A chief or a team over the month.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub name: String,
    pub village: String,
    pub stats: Stats,
}

/// An overdue ticket: whose, and since when.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub village: String,
    pub ticket: Ticket,
    /// Already HTML-escaped.
    pub holder: String,
}

/// Everything a page shows.
#[derive(Debug, Clone)]
pub struct Board {
    pub now: i64,
    pub lines: Vec<VillageLine>,
    pub trend: Vec<Week>,
    pub categories: BTreeMap<Category, (usize, usize)>,
    pub ranking: Vec<Ranked>,
    pub overdue: Vec<Overdue>,
}

/// The board of `villages` at `ctx.now`.
pub async fn board(ctx: &mut Ctx<'_>, villages: &[Village]) -> Result<Board, AppError> {
    let now = ctx.now;
    let mut b = Board {
        now,
        lines: vec![],
        trend: (0..WEEKS)
            .map(|i| Week {
                start: now - (WEEKS - i) * WEEK,
                received: 0,
                resolved: 0,
            })
            .collect(),
        categories: BTreeMap::new(),
        ranking: vec![],
        overdue: vec![],
    };
    let mut late = vec![];
    for v in villages {
        let rows = ticket_views::stat_rows(&mut ctx.tx, v.id, now - MONTH).await?;
        add_village(&mut b, v, &rows);
        add_weeks(ctx, &mut b, v).await?;
        b.ranking.extend(ranked(ctx, v, &rows).await?);
        late.extend(
            rows.iter()
                .filter(|r| r.facts.state.is_open() && r.facts.deadline_at < now)
                .map(|r| (r.facts.deadline_at, r.id, v.name.clone())),
        );
    }
    b.ranking
        .sort_by(|a, b| rank_key(&b.stats).total_cmp(&rank_key(&a.stats)));
    late.sort();
    late.truncate(OVERDUE_LISTED);
    b.overdue = overdue(ctx, late).await?;
    Ok(b)
}

/// The village's line, its weeks of the trend and its month by category.
fn add_village(b: &mut Board, v: &Village, rows: &[StatRow]) {
    let now = b.now;
    let month = figures_of(rows, &Subject::Village, now - 30 * DAY, now);
    for (c, (rec, res)) in &month.by_category {
        let e = b.categories.entry(*c).or_insert((0, 0));
        e.0 += rec;
        e.1 += res;
    }
    b.lines.push(VillageLine {
        village: v.clone(),
        open: rows.iter().filter(|r| r.facts.state.is_open()).count(),
        week: figures_of(rows, &Subject::Village, now - WEEK, now),
        month,
    });
}

/// The village's twelve weeks of the trend, counted by the database.
async fn add_weeks(ctx: &mut Ctx<'_>, b: &mut Board, v: &Village) -> Result<(), AppError> {
    let origin = b.trend.first().map_or(b.now, |w| w.start);
    let (received, resolved) = dashboard::by_week(&mut ctx.tx, v.id, origin).await?;
    for (week, n) in received {
        if let Some(w) = usize::try_from(week).ok().and_then(|i| b.trend.get_mut(i)) {
            w.received += n as usize;
        }
    }
    for (week, n) in resolved {
        if let Some(w) = usize::try_from(week).ok().and_then(|i| b.trend.get_mut(i)) {
            w.resolved += n as usize;
        }
    }
    Ok(())
}

/// Timeliness first, then satisfaction, then volume.
fn rank_key(s: &Stats) -> f64 {
    s.on_time_percent().unwrap_or(-1.0) * 1e6
        + s.average_rating.unwrap_or(0.0) * 1e4
        + s.resolved as f64
}

/// The village's chiefs and teams with something to show this month.
async fn ranked(ctx: &mut Ctx<'_>, v: &Village, rows: &[StatRow]) -> Result<Vec<Ranked>, AppError> {
    let from = ctx.now - 30 * DAY;
    let mut subjects = vec![];
    for (p, place) in grid::chiefs(&mut ctx.tx, v.id).await? {
        let name = people::get(&mut ctx.tx, p).await?.map(|p| p.label());
        let name = format!("{}（{place}）", name.unwrap_or_default());
        subjects.push((Subject::Person(p, name.clone()), name));
    }
    for t in grid::teams(&mut ctx.tx, v.id).await? {
        let members = grid::members(&mut ctx.tx, t.id).await?;
        subjects.push((Subject::Team(t.id, members, t.name.clone()), t.name));
    }
    Ok(subjects
        .into_iter()
        .map(|(subject, name)| Ranked {
            name,
            village: v.name.clone(),
            stats: figures_of(rows, &subject, from, ctx.now),
        })
        .filter(|r| r.stats.received + r.stats.resolved + r.stats.overdue_now > 0)
        .collect())
}

/// The overdue tickets (longest overdue first) with their holders' names, each read once.
async fn overdue(
    ctx: &mut Ctx<'_>,
    late: Vec<(i64, TicketId, String)>,
) -> Result<Vec<Overdue>, AppError> {
    let mut names: BTreeMap<Option<Holder>, String> = BTreeMap::new();
    let mut out = vec![];
    for (_, id, village) in late {
        let Some(t) = tickets::get(&mut ctx.tx, id).await? else {
            continue;
        };
        let holder = match names.get(&t.holder) {
            Some(name) => name.clone(),
            None => {
                let name = holder_label(ctx, t.holder).await?;
                names.insert(t.holder, name.clone());
                name
            }
        };
        out.push(Overdue {
            village,
            holder,
            ticket: t,
        });
    }
    Ok(out)
}
