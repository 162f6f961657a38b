//! The weekly evaluation: the village's figures, then chiefs and teams ranked by timeliness and
//! satisfaction over the last seven days; privately to each cadre who can be reached, else to the
//! group.

use super::stats::{figures_of, render, Subject};
use crate::app::context::{AppError, Ctx};
use crate::app::reach;
use crate::app::render::text::html;
use crate::domain::stats::Stats;
use crate::domain::VillageId;
use crate::i18n::{arg, Lang};
use crate::store::ticket_views::{self, StatRow};
use crate::store::villages::{self, Village};
use crate::store::{grid, people};

const WEEK: i64 = 7 * 86_400;

/// Sends the week's report of a village.
pub async fn weekly(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let Some(v) = villages::by_id(&mut ctx.tx, village).await? else {
        return Ok(());
    };
    let from = ctx.now - WEEK;
    let rows = ticket_views::stat_rows(&mut ctx.tx, village, from).await?;
    let ranked = ranked(ctx, village, &rows, from).await?;
    let whole = figures_of(&rows, &Subject::Village, from, ctx.now);
    let period = ctx.app.i18n.plain(v.lang, "period-week");
    let mut text = render(
        ctx,
        v.lang,
        &format!("{} · {period}", html(&v.name)),
        &whole,
    );
    text.push_str("\n\n");
    text.push_str(&ranking(ctx, v.lang, &ranked));
    for line in super::extras::lines(ctx, village, v.lang, from, None).await? {
        text.push('\n');
        text.push_str(&line);
    }
    deliver(ctx, &v, text).await
}

/// Every chief and team with something to show, best first.
async fn ranked(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    rows: &[StatRow],
    from: i64,
) -> Result<Vec<(Subject, Stats)>, AppError> {
    let mut subjects = vec![];
    for (p, place) in grid::chiefs(&mut ctx.tx, village).await? {
        let name = people::get(&mut ctx.tx, p)
            .await?
            .map(|p| p.label())
            .unwrap_or_default();
        subjects.push(Subject::Person(p, format!("{name}（{place}）")));
    }
    for t in grid::teams(&mut ctx.tx, village).await? {
        let members = grid::members(&mut ctx.tx, t.id).await?;
        subjects.push(Subject::Team(t.id, members, t.name));
    }
    let mut ranked = vec![];
    for subject in subjects {
        let s = figures_of(rows, &subject, from, ctx.now);
        if s.received + s.resolved + s.overdue_now > 0 {
            ranked.push((subject, s));
        }
    }
    let key = |s: &Stats| {
        (
            s.on_time_percent().unwrap_or(-1.0),
            s.average_rating.unwrap_or(0.0),
        )
    };
    ranked.sort_by(|a, b| {
        key(&b.1)
            .partial_cmp(&key(&a.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(ranked)
}

/// The ranking as lines under their heading.
fn ranking(ctx: &Ctx<'_>, lang: Lang, ranked: &[(Subject, Stats)]) -> String {
    let i18n = &ctx.app.i18n;
    let mut lines = vec![i18n.plain(lang, "weekly-ranking")];
    for (i, (subject, s)) in ranked.iter().enumerate() {
        let name = match subject {
            Subject::Person(_, n) | Subject::Team(_, _, n) => html(n),
            Subject::Village => continue,
        };
        let ontime = s
            .on_time_percent()
            .map_or("—".into(), |p| format!("{p:.0}%"));
        let rating = s.average_rating.map_or("—".into(), |r| format!("{r:.1}"));
        lines.push(i18n.text(
            lang,
            "weekly-line",
            &[
                arg("rank", (i + 1) as i64),
                arg("name", name),
                arg("ontime", ontime),
                arg("rating", rating),
                arg("resolved", s.resolved as i64),
                arg("overdue", s.overdue_now as i64),
            ],
        ));
    }
    if ranked.is_empty() {
        lines.push(i18n.plain(lang, "weekly-nobody"));
    }
    lines.join("\n")
}

/// To every cadre who opened a private chat; to the group when none did.
async fn deliver(ctx: &mut Ctx<'_>, v: &Village, text: String) -> Result<(), AppError> {
    let mut reached = false;
    for cadre in grid::cadres(&mut ctx.tx, v.id).await? {
        let chat = people::get(&mut ctx.tx, cadre)
            .await?
            .and_then(|p| reach::private_chat(&p));
        if let Some(chat) = chat {
            ctx.send(chat, text.clone(), None, vec![]).await?;
            reached = true;
        }
    }
    if !reached {
        ctx.send(v.chat_id, text, None, vec![]).await?;
    }
    Ok(())
}
