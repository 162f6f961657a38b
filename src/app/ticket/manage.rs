//! Managing a ticket beyond the basics: change its tier or urgency, add a note, merge a duplicate into it.

use super::act::act;
use super::desk::{tell_outcome, ticket_arg};
use super::relation::Acting;
use crate::app::commands::args::{first_word, Asked};
use crate::app::context::{AppError, Ctx};
use crate::domain::{Action, Tier};
use crate::i18n::arg;
use crate::store::followers;

/// `/tier #N simple|complex|difficult`: the deadline moves with the tier.
pub async fn tier(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, tier) = first_word(args);
    let Ok(tier) = tier.parse::<Tier>() else {
        return ctx.reply(q.m, q.lang, "usage-tier-hint", &[]).await;
    };
    let Some(t) = ticket_arg(ctx, q, no, "usage-tier-hint").await? else {
        return Ok(());
    };
    let outcome = act(ctx, t, Acting::Person(q.me, q.roles), Action::Retier(tier)).await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/urgent #N [off]`: an urgent ticket's deadline is the urgent window; its holder and the duty
/// cadre hear of it at once.
pub async fn urgent(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, rest) = first_word(args);
    let on = match rest.trim().to_lowercase().as_str() {
        "" | "on" | "开" | "是" => true,
        "off" | "关" | "否" | "取消" => false,
        _ => return ctx.reply(q.m, q.lang, "usage-urgent-hint", &[]).await,
    };
    let Some(t) = ticket_arg(ctx, q, no, "usage-urgent-hint").await? else {
        return Ok(());
    };
    let outcome = act(ctx, t, Acting::Person(q.me, q.roles), Action::Urgency(on)).await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/note #N text`: a progress note on the card, by anyone involved.
pub async fn note(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, text) = first_word(args);
    if text.is_empty() {
        return ctx.reply(q.m, q.lang, "usage-note-hint", &[]).await;
    }
    let Some(t) = ticket_arg(ctx, q, no, "usage-note-hint").await? else {
        return Ok(());
    };
    let outcome = act(
        ctx,
        t,
        Acting::Person(q.me, q.roles),
        Action::Note(text.to_string()),
    )
    .await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/merge #N #M`: N is a duplicate of M; N's requester follows M and hears of its closure.
pub async fn merge(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (n, m) = first_word(args);
    let (m, _) = first_word(m);
    if n.is_empty() || m.is_empty() {
        return ctx.reply(q.m, q.lang, "usage-merge-hint", &[]).await;
    }
    let Some(dup) = ticket_arg(ctx, q, n, "usage-merge-hint").await? else {
        return Ok(());
    };
    let Some(main) = ticket_arg(ctx, q, m, "usage-merge-hint").await? else {
        return Ok(());
    };
    if !main.takes_duplicate(&dup) {
        return ctx
            .reply(
                q.m,
                q.lang,
                "merge-refused",
                &[arg("no", main.no.to_string())],
            )
            .await;
    }
    let into = main.no.to_string();
    let outcome = act(
        ctx,
        dup,
        Acting::Person(q.me, q.roles),
        Action::Merge(into.clone()),
    )
    .await?;
    let dup = match outcome {
        Ok(t) => t,
        Err(r) => return tell_outcome(ctx, q, Err(r)).await,
    };
    followers::add(&mut ctx.tx, main.id, dup.requester, ctx.now).await?;
    let text = ctx.app.i18n.text(
        q.lang,
        "merged-notice",
        &[arg("no", dup.no.to_string()), arg("into", into)],
    );
    ctx.send(dup.chat, text, Some(dup.source_message), vec![])
        .await?;
    tell_outcome(ctx, q, Ok(dup)).await
}
