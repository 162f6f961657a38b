//! `/dashboard` in private chat: a cadre's personal link to their village's pages (a township
//! cadre's to the whole township); `/dashboard revoke` ends every link they were given.

use super::access::link;
use super::token::Scope;
use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::i18n::arg;
use crate::store::dashboard;

pub async fn dashboard(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    if !q.m.private {
        return ctx.reply(q.m, q.lang, "dash-private", &[]).await;
    }
    match args.trim() {
        "revoke" | "撤销" => {
            dashboard::revoke(&mut ctx.tx, q.me.id, ctx.now).await?;
            ctx.audit(Some(q.village.id), Some(q.me), "dashboard_revoke", "", true)
                .await?;
            return ctx.reply(q.m, q.lang, "dash-revoked", &[]).await;
        }
        "" => {}
        _ => return ctx.reply(q.m, q.lang, "usage-dashboard-hint", &[]).await,
    }
    let scope = match (q.roles.township_cadre, q.village.township) {
        (true, Some(t)) => Scope::Township(t),
        _ => Scope::Village(q.village.id),
    };
    let Some((url, expires)) = link(ctx, q.me, scope).await? else {
        return ctx.reply(q.m, q.lang, "dash-no-server", &[]).await;
    };
    let detail = format!("{scope:?}");
    ctx.audit(
        Some(q.village.id),
        Some(q.me),
        "dashboard_link",
        &detail,
        true,
    )
    .await?;
    let view = ctx.app.view(q.lang);
    let args = [arg("url", html(&url)), arg("expires", view.time(expires))];
    ctx.reply(q.m, q.lang, "dash-link", &args).await
}
