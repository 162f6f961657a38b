//! How a care household reads for the chief or cadre who looks after it: level, name,
//! neighbourhood, reason, when its visit is due and how far its reminders went.

use crate::app::context::{AppError, Ctx};
use crate::app::render::text::{clip, html};
use crate::domain::care::Stage;
use crate::i18n::{arg, Lang};
use crate::store::care::CareHousehold;
use crate::store::grid;

/// One household as a chief or cadre sees it: level, name, neighbourhood, reason, when due.
pub async fn line(ctx: &mut Ctx<'_>, lang: Lang, h: &CareHousehold) -> Result<String, AppError> {
    let place = match h.neighbourhood {
        Some(n) => grid::neighbourhood_name(&mut ctx.tx, n).await?,
        None => None,
    };
    let view = ctx.app.view(lang);
    let status = match (h.stage, h.due_at <= ctx.now) {
        (Stage::Escalated, _) => "care-status-escalated",
        (Stage::Overdue, _) => "care-status-overdue",
        (_, true) => "care-status-due",
        (_, false) => "care-status-later",
    };
    let args = [
        arg("level", h.level.emoji()),
        arg("who", html(&h.name)),
        arg("place", html(&place.unwrap_or_else(|| "—".into()))),
        arg("reason", html(&clip(&h.reason, 40))),
        arg("due", view.time(h.due_at)),
        arg("status", view.t(status, &[])),
    ];
    Ok(view.t("care-line", &args))
}
