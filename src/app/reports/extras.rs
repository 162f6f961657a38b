//! What /stats and the weekly report add to the ticket figures: the points ranking of the period
//! and, per chief, the care visits due, overdue and done (on time). Counts only: no household,
//! level or note is named, so they may be shown where the figures are.

use std::collections::BTreeMap;

use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::domain::care::Stage;
use crate::domain::{PersonId, VillageId};
use crate::i18n::{arg, Lang};
use crate::store::{care, grid, people, points};

/// How many earners the reports name.
const TOP: i64 = 3;

/// "🏅 积分：1. 王五 3 分，2. …", or nothing when nobody earned points in the period.
pub async fn points_line(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    from: i64,
) -> Result<Option<String>, AppError> {
    let lines = ranking_lines(ctx, village, lang, from, TOP).await?;
    if lines.is_empty() {
        return Ok(None);
    }
    let args = [arg("lines", lines.join("，"))];
    Ok(Some(ctx.app.i18n.text(lang, "points-week-line", &args)))
}

/// One chief's visits: due now, overdue now, recorded in the period, of which on time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Visits {
    pub due: i64,
    pub overdue: i64,
    pub done: i64,
    pub on_time: i64,
}

/// The visit figures of each chief (or, with `only`, of one person) since `from`.
pub async fn visits_by_chief(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    from: i64,
) -> Result<BTreeMap<PersonId, Visits>, AppError> {
    let plan = ctx.app.settings.care;
    let mut by: BTreeMap<PersonId, Visits> = BTreeMap::new();
    let mut chiefs: BTreeMap<i64, Option<PersonId>> = BTreeMap::new();
    for h in care::all(&mut ctx.tx, village).await? {
        let chief = match h.neighbourhood {
            Some(n) => match chiefs.get(&n) {
                Some(chief) => *chief,
                None => {
                    let chief = grid::chief_of(&mut ctx.tx, n).await?;
                    chiefs.insert(n, chief);
                    chief
                }
            },
            None => None,
        };
        if let (Some(chief), true) = (chief, h.stage > Stage::Waiting) {
            let v = by.entry(chief).or_default();
            v.due += 1;
            v.overdue += i64::from(h.stage >= Stage::Overdue);
        }
    }
    for visit in care::visits(&mut ctx.tx, village, from, ctx.now + 1).await? {
        if let Some(visitor) = visit.visitor_id {
            let v = by.entry(PersonId(visitor)).or_default();
            v.done += 1;
            v.on_time += i64::from(plan.on_time(visit.due_at, visit.at));
        }
    }
    Ok(by)
}

/// A line per chief with visits to show (or only `only`'s line).
pub async fn visit_lines(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    from: i64,
    only: Option<PersonId>,
) -> Result<Vec<String>, AppError> {
    let mut lines = vec![];
    for (person, v) in visits_by_chief(ctx, village, from).await? {
        if only.is_some_and(|o| o != person) {
            continue;
        }
        let name = label(ctx, person).await?;
        let args = [
            arg("who", html(&name)),
            arg("due", v.due),
            arg("overdue", v.overdue),
            arg("done", v.done),
            arg("ontime", v.on_time),
        ];
        lines.push(ctx.app.i18n.text(lang, "care-week-line", &args));
    }
    Ok(lines)
}

/// Both, as lines to add under a report.
pub async fn lines(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    from: i64,
    only: Option<PersonId>,
) -> Result<Vec<String>, AppError> {
    let mut out = vec![];
    if only.is_none() {
        out.extend(points_line(ctx, village, lang, from).await?);
    }
    out.extend(visit_lines(ctx, village, lang, from, only).await?);
    Ok(out)
}

/// "1. 王五 12" lines of a village's ranking since `from` (also in /stats and the weekly report).
pub async fn ranking_lines(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    lang: Lang,
    from: i64,
    limit: i64,
) -> Result<Vec<String>, AppError> {
    let rows = points::ranking(&mut ctx.tx, village, from, limit).await?;
    let mut lines = vec![];
    for (i, (person, total)) in rows.into_iter().enumerate() {
        let name = label(ctx, person).await?;
        let place = arg("place", (i + 1) as i64);
        let args = [place, arg("who", html(&name)), arg("points", total)];
        lines.push(ctx.app.i18n.text(lang, "points-rank-line", &args));
    }
    Ok(lines)
}

/// How a person is named in a report.
async fn label(ctx: &mut Ctx<'_>, person: PersonId) -> Result<String, AppError> {
    Ok(people::get(&mut ctx.tx, person)
        .await?
        .map_or_else(|| person.to_string(), |p| p.label()))
}
