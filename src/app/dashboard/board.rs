//! The figures of a dashboard page, for any set of villages: each village's week and month
//! (open, overdue, received, resolved, on time, median time, rating), a twelve-week trend of
//! received and resolved, the month by category, chiefs and teams ranked, and the overdue list.
//! Computed with the same rules as /stats (`domain::stats`).

use std::collections::BTreeMap;

use crate::app::context::{AppError, Ctx};
use crate::app::reports::stats::{figures_of, Subject};
use crate::app::ticket::card::holder_label;
use crate::domain::stats::Stats;
use crate::domain::{Category, Ticket};
use crate::store::grid;
use crate::store::people;
use crate::store::ticket_views::{self, StatRow};
use crate::store::tickets::{self, ListFilter};
use crate::store::villages::Village;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Weeks in the trend chart.
pub const WEEKS: i64 = 12;
/// Overdue tickets listed per village at most.
const OVERDUE_PER_VILLAGE: i64 = 50;

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
    for v in villages {
        let rows = ticket_views::stat_rows(&mut ctx.tx, v.id, now - WEEKS * WEEK).await?;
        add_village(&mut b, v, &rows);
        b.ranking.extend(ranked(ctx, v, &rows).await?);
        b.overdue.extend(overdue(ctx, v).await?);
    }
    b.ranking
        .sort_by(|a, b| rank_key(&b.stats).total_cmp(&rank_key(&a.stats)));
    b.overdue.sort_by_key(|o| o.ticket.deadline_at);
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
    for w in &mut b.trend {
        let s = figures_of(rows, &Subject::Village, w.start, w.start + WEEK - 1);
        w.received += s.received;
        w.resolved += s.resolved;
    }
    b.lines.push(VillageLine {
        village: v.clone(),
        open: rows.iter().filter(|r| r.facts.state.is_open()).count(),
        week: figures_of(rows, &Subject::Village, now - WEEK, now),
        month,
    });
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

async fn overdue(ctx: &mut Ctx<'_>, v: &Village) -> Result<Vec<Overdue>, AppError> {
    let filter = ListFilter::Overdue { now: ctx.now };
    let late = tickets::list(&mut ctx.tx, v.id, filter, OVERDUE_PER_VILLAGE).await?;
    let mut out = vec![];
    for t in late {
        out.push(Overdue {
            village: v.name.clone(),
            holder: holder_label(ctx, t.holder).await?,
            ticket: t,
        });
    }
    Ok(out)
}
