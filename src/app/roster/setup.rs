//! A village's beginning: the bot joins a group, a group admin runs `/setup`, people press Start in
//! private, the group becomes a supergroup, the cadres pick the language.

use super::approve;
use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::render::text::html;
use crate::app::timers::plan::ensure_village_jobs;
use crate::domain::ChatId;
use crate::i18n::{arg, Lang};
use crate::store::grid::{self, Post};
use crate::store::people::{self, Person};
use crate::store::villages;

/// `/start`: in private it opens the door for private prompts.
pub async fn start(ctx: &mut Ctx<'_>, m: &ChatMessage, me: &Person) -> Result<(), AppError> {
    let lang = ctx.private_lang(&m.from);
    if m.private {
        people::set_private_ok(&mut ctx.tx, me.id, true).await?;
        return ctx.reply(m, lang, "start-private", &[]).await;
    }
    let lang = match ctx.village_of_chat(m.chat).await? {
        Some(v) => v.lang,
        None => lang,
    };
    ctx.reply(m, lang, "start-group", &[]).await
}

/// `/setup <village name>`: a group admin (or super-admin) makes the group a village.
pub async fn setup(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    args: &str,
) -> Result<(), AppError> {
    let lang = ctx.chat_lang(m.chat).await?;
    if m.private {
        return ctx.reply(m, lang, "setup-in-group", &[]).await;
    }
    if !(m.sender_is_admin || ctx.app.is_super_admin(me.tg_user_id)) {
        let village = ctx.village_of_chat(m.chat).await?.map(|v| v.id);
        ctx.audit(village, Some(me), "refused_setup", args, false)
            .await?;
        return ctx.reply(m, lang, "refused-setup", &[]).await;
    }
    let name = args.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return ctx.reply(m, lang, "usage-setup-hint", &[]).await;
    }
    let existed = ctx.village_of_chat(m.chat).await?.is_some();
    let village = villages::setup(&mut ctx.tx, m.chat, name, lang.tag(), me.id, ctx.now).await?;
    grid::appoint(
        &mut ctx.tx,
        village.id,
        me.id,
        Post::Cadre,
        Some(me.id),
        ctx.now,
    )
    .await?;
    ensure_village_jobs(ctx, village.id).await?;
    ctx.audit(Some(village.id), Some(me), "setup", args, true)
        .await?;
    let super_admin = ctx.app.is_super_admin(me.tg_user_id);
    if ctx.app.settings.telegram.setup_approval && !existed && !super_admin {
        villages::set_approved(&mut ctx.tx, village.id, false).await?;
        approve::ask_village(ctx, &village, me, lang).await?;
        return ctx
            .reply(m, lang, "setup-pending", &[arg("village", html(name))])
            .await;
    }
    ctx.reply(m, lang, "welcome", &[arg("village", html(name))])
        .await
}

/// The bot was added to a group: say how to set it up.
pub async fn on_joined(ctx: &mut Ctx<'_>, chat: ChatId) -> Result<(), AppError> {
    let lang = ctx.chat_lang(chat).await?;
    let text = ctx.app.i18n.plain(lang, "joined-howto");
    ctx.send(chat, text, None, vec![]).await
}

/// The group became a supergroup with a new id: the village follows it.
pub async fn on_migrated(ctx: &mut Ctx<'_>, from: ChatId, to: ChatId) -> Result<(), AppError> {
    if villages::migrate_chat(&mut ctx.tx, from, to).await? {
        tracing::info!(%from, %to, "village followed its group to a supergroup");
    }
    Ok(())
}

/// `/lang en|zh`.
pub async fn lang(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        lang,
        ..
    } = q;
    let Some(new) = Lang::parse(args) else {
        return ctx.reply(m, lang, "usage-lang-hint", &[]).await;
    };
    villages::set_lang(&mut ctx.tx, v.id, new.tag()).await?;
    ctx.audit(Some(v.id), Some(q.me), "lang", args, true)
        .await?;
    ctx.reply(m, new, "lang-set", &[]).await
}
