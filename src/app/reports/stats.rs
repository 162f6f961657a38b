//! `/stats` for a village, a chief or a team: received, resolved, on time, overdue, median time to
//! resolve, ratings and categories over a week, a month or all time.

use crate::app::commands::args::{first_word, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::domain::routing::Holder;
use crate::domain::stats::{compute, Stats};
use crate::domain::{Category, PersonId, TeamId, VillageId};
use crate::i18n::{arg, Lang};
use crate::store::ticket_views::{self as tickets, StatRow};
use crate::store::{grid, people};

const DAY: i64 = 86_400;

/// Whose tickets the figures are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Village,
    Person(PersonId, String),
    Team(TeamId, Vec<PersonId>, String),
}

impl Subject {
    fn covers(&self, holder: Option<Holder>) -> bool {
        match (self, holder) {
            (Subject::Village, _) => true,
            (Subject::Person(p, _), Some(Holder::Person(h))) => *p == h,
            (Subject::Team(t, _, _), Some(Holder::Team(h))) => *t == h,
            (Subject::Team(_, members, _), Some(Holder::Person(h))) => members.contains(&h),
            _ => false,
        }
    }
}

/// The figures of `[from, now)` for a subject in a village.
pub async fn figures(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    subject: &Subject,
    from: i64,
) -> Result<Stats, AppError> {
    let rows: Vec<StatRow> = tickets::stat_rows(&mut ctx.tx, village, from).await?;
    Ok(figures_of(&rows, subject, from, ctx.now))
}

/// The figures of `[from, now)` for a subject, from rows already read (a report about many
/// subjects reads its village once).
pub fn figures_of(rows: &[StatRow], subject: &Subject, from: i64, now: i64) -> Stats {
    let facts: Vec<_> = rows
        .iter()
        .filter(|r| subject.covers(r.holder))
        .map(|r| r.facts)
        .collect();
    compute(&facts, from, now + 1)
}

/// Hours under two days, else days.
pub fn span_text(ctx: &Ctx<'_>, lang: Lang, secs: i64) -> String {
    if secs < 2 * DAY {
        ctx.app
            .i18n
            .text(lang, "span-hours", &[arg("n", (secs + 1800) / 3600)])
    } else {
        ctx.app
            .i18n
            .text(lang, "span-days", &[arg("n", (secs + DAY / 2) / DAY)])
    }
}

/// The localized figures, one block.
pub fn render(ctx: &Ctx<'_>, lang: Lang, title: &str, s: &Stats) -> String {
    let view = ctx.app.view(lang);
    let on_time = s
        .on_time_percent()
        .map_or("—".into(), |p| format!("{p:.0}%"));
    let median = s
        .median_resolve_secs
        .map_or("—".into(), |m| span_text(ctx, lang, m));
    let rating = s.average_rating.map_or("—".into(), |r| format!("{r:.1}"));
    let cats: Vec<String> = s
        .by_category
        .iter()
        .map(|(c, (rec, res)): (&Category, &(usize, usize))| {
            format!("{} {rec}/{res}", view.category(*c))
        })
        .collect();
    view.t(
        "stats",
        &[
            arg("title", title.to_string()),
            arg("received", s.received as i64),
            arg("resolved", s.resolved as i64),
            arg("ontime", on_time),
            arg("overdue", s.overdue_now as i64),
            arg("median", median),
            arg("ratings", s.ratings as i64),
            arg("rating", rating),
            arg(
                "categories",
                if cats.is_empty() {
                    "—".into()
                } else {
                    cats.join("，")
                },
            ),
        ],
    )
}

/// The start of a period named `week`, `month` or `all` (周/月/全部), and its canonical name.
pub fn period(now: i64, word: &str) -> (i64, &'static str) {
    match word {
        "month" | "月" => (now - 30 * DAY, "month"),
        "all" | "全部" => (0, "all"),
        _ => (now - 7 * DAY, "week"),
    }
}

/// `/stats [week|month|all] [@username|team]`.
pub async fn stats(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (first, rest) = first_word(args);
    let (word, who) = match first {
        "week" | "month" | "all" | "周" | "月" | "全部" => (first, rest),
        _ => ("week", args.trim()),
    };
    let (from, period) = period(ctx.now, word);
    let subject = if who.is_empty() {
        Subject::Village
    } else if let Some(name) = who.strip_prefix('@') {
        match people::by_username(&mut ctx.tx, name).await? {
            Some(p) => Subject::Person(p.id, p.label()),
            None => return ctx.reply(q.m, q.lang, "usage-stats-hint", &[]).await,
        }
    } else {
        match grid::team_by_name(&mut ctx.tx, q.village.id, who).await? {
            Some(t) => Subject::Team(t.id, grid::members(&mut ctx.tx, t.id).await?, t.name),
            None => {
                return ctx
                    .reply(q.m, q.lang, "team-unknown", &[arg("team", html(who))])
                    .await
            }
        }
    };
    let s = figures(ctx, q.village.id, &subject, from).await?;
    let period_name = ctx.app.i18n.plain(q.lang, &format!("period-{period}"));
    let name = match &subject {
        Subject::Village => q.village.name.clone(),
        Subject::Person(_, n) | Subject::Team(_, _, n) => n.clone(),
    };
    let title = format!("{} · {period_name}", html(&name));
    let mut text = render(ctx, q.lang, &title, &s);
    let only = match &subject {
        Subject::Village => None,
        Subject::Person(p, _) => Some(*p),
        Subject::Team(..) => return ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await,
    };
    for line in super::extras::lines(ctx, q.village.id, q.lang, from, only).await? {
        text.push('\n');
        text.push_str(&line);
    }
    if let Some(p) = only {
        let balance = crate::store::points::balance(&mut ctx.tx, q.village.id, p).await?;
        let args = [arg("who", html(&name)), arg("balance", balance)];
        text.push('\n');
        text.push_str(&ctx.app.i18n.text(q.lang, "points-balance", &args));
    }
    ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await
}
