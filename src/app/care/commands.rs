//! `/care`: a cadre marks a household red, yellow or green with a reason, or takes it off the
//! list; chiefs and cadres see the visits due. Private chat only: care data never reaches a group.

use super::find::{self, Found};
use super::round;
use super::view::line;
use crate::app::commands::args::{first_word, Asked};
use crate::app::commands::help::refuse_part;
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::domain::care::CareLevel;
use crate::domain::{PersonId, VillageId};
use crate::i18n::arg;
use crate::store::care::{self, Marking};

/// The longest reason kept with a level.
pub const MAX_REASON: usize = 100;

/// `/care list`, `/care <household> red|yellow|green <reason>`, `/care <household> off`.
pub async fn care(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    if !q.m.private {
        return ctx.reply(q.m, q.lang, "care-private", &[]).await;
    }
    let (who, rest) = first_word(args);
    if matches!(who, "" | "list" | "列表") {
        return list(ctx, q).await;
    }
    let (level_word, reason) = first_word(rest);
    let off = matches!(level_word, "off" | "取消");
    let level = CareLevel::parse(level_word);
    if level.is_none() && !off {
        return ctx.reply(q.m, q.lang, "usage-care-hint", &[]).await;
    }
    if !q.roles.is_cadre() {
        let detail = format!("/care {who} {level_word}");
        return refuse_part(ctx, q, &detail, "care-cadre-only").await;
    }
    let person = match find::household(ctx, q.village, who).await? {
        Found::One(p) => p,
        Found::Nobody => return not_found(ctx, q, who).await,
        Found::Several => return ctx.reply(q.m, q.lang, "care-several", &[]).await,
    };
    let name = arg("who", html(&person.label()));
    match level {
        None => {
            let removed = care::remove(&mut ctx.tx, q.village.id, person.id).await?;
            let detail = format!("{} off", person.id);
            ctx.audit(Some(q.village.id), Some(q.me), "care", &detail, true)
                .await?;
            let key = if removed {
                "care-off"
            } else {
                "care-not-marked"
            };
            ctx.reply(q.m, q.lang, key, &[name]).await
        }
        Some(level) => {
            if reason.is_empty() || reason.chars().count() > MAX_REASON {
                return ctx.reply(q.m, q.lang, "usage-care-hint", &[]).await;
            }
            let due = mark(ctx, q.village.id, person.id, level, reason, Some(q.me.id)).await?;
            let view = ctx.app.view(q.lang);
            let args = [
                name,
                arg("level", view.t(&format!("care-level-{level}"), &[])),
                arg("due", view.time(due)),
            ];
            ctx.reply(q.m, q.lang, "care-set", &args).await
        }
    }
}

async fn not_found(ctx: &mut Ctx<'_>, q: Asked<'_>, who: &str) -> Result<(), AppError> {
    let args = [arg("who", html(who))];
    ctx.reply(q.m, q.lang, "care-no-household", &args).await
}

/// Sets a household's level (from `/care` or the roster): the next visit falls due one interval
/// after the last visit, or after now for a household new to the list. Audited; returns the
/// due time.
pub async fn mark(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    person: PersonId,
    level: CareLevel,
    reason: &str,
    by: Option<PersonId>,
) -> Result<i64, AppError> {
    let plan = ctx.app.settings.care;
    let before = care::get(&mut ctx.tx, village, person).await?;
    let from = before
        .as_ref()
        .and_then(|h| h.last_visit_at)
        .unwrap_or(ctx.now);
    let due_at = plan.due_after(level, from);
    let marking = Marking {
        village,
        person,
        level,
        reason,
        by,
        due_at,
    };
    care::set(&mut ctx.tx, marking, ctx.now).await?;
    let detail = format!("{person} {level}: {reason}");
    let actor = match by {
        Some(p) => crate::store::people::get(&mut ctx.tx, p).await?,
        None => None,
    };
    ctx.audit(Some(village), actor.as_ref(), "care", &detail, true)
        .await?;
    round::schedule(ctx, village).await?;
    Ok(due_at)
}

/// `/care list`: the households one looks after, the soonest due first.
async fn list(ctx: &mut Ctx<'_>, q: Asked<'_>) -> Result<(), AppError> {
    let households = find::looked_after(ctx, q.village, q.me).await?;
    let view = ctx.app.view(q.lang);
    let mut lines = vec![view.t("care-list-head", &[arg("count", households.len() as i64)])];
    for h in &households {
        lines.push(line(ctx, q.lang, h).await?);
    }
    if households.is_empty() {
        lines.push(view.t("care-list-empty", &[]));
    }
    let text = lines.join("\n");
    ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await
}
