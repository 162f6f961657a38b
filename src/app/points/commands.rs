//! `/points` (one's balance and recent entries, someone's balance, the village ranking, a cadre's
//! correction) and `/redeem` (a cadre records an exchange for goods).

use super::ledger::{by_hand, ByHand};
use crate::app::commands::args::{first_word, username, Asked};
use crate::app::commands::help::refuse_part;
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::{clip, html};
use crate::app::reports::extras::ranking_lines;
use crate::app::reports::stats::period;
use crate::domain::points::Reason;
use crate::i18n::{arg, Lang};
use crate::store::people::{self, Person};
use crate::store::points::{self, EntryRow};

/// Entries shown under a balance.
const RECENT: i64 = 5;
/// People in a ranking.
const TOP: i64 = 10;
/// The largest number of points one command may give, take or exchange.
const MAX_AMOUNT: i64 = 100_000;
/// How long a reason or what was exchanged may be.
const MAX_NOTE: usize = 200;

/// `/points`, `/points top [week|month|all]`, `/points @user`, `/points @user +N|-N reason`.
pub async fn points(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (first, rest) = first_word(args);
    if matches!(first, "top" | "排行" | "排名") {
        return top(ctx, q, rest).await;
    }
    if first.is_empty() {
        return show(ctx, q, q.me).await;
    }
    let Some((name, rest)) = username(args) else {
        return ctx.reply(q.m, q.lang, "usage-points-hint", &[]).await;
    };
    let Some(who) = people::by_username(&mut ctx.tx, name).await? else {
        return unknown(ctx, q, name).await;
    };
    if rest.is_empty() {
        return show(ctx, q, &who).await;
    }
    if !q.roles.is_cadre() {
        let detail = format!("/points {args}");
        return refuse_part(ctx, q, &detail, "points-cadre-only").await;
    }
    let (amount, note) = first_word(rest);
    let delta = match signed(amount) {
        Some(n) if n != 0 && !note.is_empty() && note.chars().count() <= MAX_NOTE => n,
        _ => return ctx.reply(q.m, q.lang, "usage-points-hint", &[]).await,
    };
    let entry = ByHand {
        village: q.village.id,
        person: who.id,
        delta,
        reason: Reason::Correction,
        note,
        actor: q.me.id,
    };
    by_hand(ctx, entry).await?;
    let balance = points::balance(&mut ctx.tx, q.village.id, who.id).await?;
    let args = [
        arg("who", html(&who.label())),
        arg("delta", format!("{delta:+}")),
        arg("balance", balance),
    ];
    ctx.reply(q.m, q.lang, "points-corrected", &args).await
}

/// `+5`, `-3`, or `5` as a number within the limit.
fn signed(text: &str) -> Option<i64> {
    let n: i64 = text.strip_prefix('+').unwrap_or(text).parse().ok()?;
    (n.abs() <= MAX_AMOUNT).then_some(n)
}

async fn unknown(ctx: &mut Ctx<'_>, q: Asked<'_>, name: &str) -> Result<(), AppError> {
    let who = arg("who", html(&format!("@{name}")));
    ctx.reply(q.m, q.lang, "points-unknown-person", &[who])
        .await
}

/// A balance and its latest entries.
async fn show(ctx: &mut Ctx<'_>, q: Asked<'_>, who: &Person) -> Result<(), AppError> {
    let balance = points::balance(&mut ctx.tx, q.village.id, who.id).await?;
    let recent = points::recent(&mut ctx.tx, q.village.id, who.id, RECENT).await?;
    let view = ctx.app.view(q.lang);
    let mut lines = vec![view.t(
        "points-balance",
        &[arg("who", html(&who.label())), arg("balance", balance)],
    )];
    lines.extend(recent.iter().map(|e| entry_line(ctx, q.lang, e)));
    if recent.is_empty() {
        lines.push(view.t("points-none-yet", &[]));
    }
    let text = lines.join("\n");
    ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await
}

/// One entry: "+3 完成 #12 · 12-01 10:00".
pub fn entry_line(ctx: &Ctx<'_>, lang: Lang, e: &EntryRow) -> String {
    let view = ctx.app.view(lang);
    let reason = view.t(
        &format!("points-reason-{}", e.reason.replace('_', "-")),
        &[],
    );
    let what = match (e.ticket_no, e.note.is_empty()) {
        (Some(no), _) => format!("{reason} #{no}"),
        (None, false) => format!("{reason}：{}", html(&clip(&e.note, 60))),
        (None, true) => reason,
    };
    format!("{:+} {what} · {}", e.delta, view.time(e.created_at))
}

/// `/points top [week|month|all]`: the village's best earners.
async fn top(ctx: &mut Ctx<'_>, q: Asked<'_>, word: &str) -> Result<(), AppError> {
    let (from, name) = period(ctx.now, word.trim());
    let lines = ranking_lines(ctx, q.village.id, q.lang, from, TOP).await?;
    let view = ctx.app.view(q.lang);
    let period_name = view.t(&format!("period-{name}"), &[]);
    let mut text = view.t("points-top-head", &[arg("period", period_name)]);
    if lines.is_empty() {
        text.push('\n');
        text.push_str(&view.t("points-none-yet", &[]));
    }
    for line in lines {
        text.push('\n');
        text.push_str(&line);
    }
    ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await
}

/// `/redeem @user N <what>`: points exchanged for goods; refused when the balance is short.
pub async fn redeem(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let parsed = username(args).and_then(|(name, rest)| {
        let (n, what) = first_word(rest);
        let n: i64 = n.parse().ok().filter(|n| (1..=MAX_AMOUNT).contains(n))?;
        let ok = !what.is_empty() && what.chars().count() <= MAX_NOTE;
        ok.then_some((name, n, what))
    });
    let Some((name, n, what)) = parsed else {
        return ctx.reply(q.m, q.lang, "usage-redeem-hint", &[]).await;
    };
    let Some(who) = people::by_username(&mut ctx.tx, name).await? else {
        return unknown(ctx, q, name).await;
    };
    points::hold(&mut ctx.tx, ctx.app.store.backend(), who.id).await?;
    let balance = points::balance(&mut ctx.tx, q.village.id, who.id).await?;
    let label = arg("who", html(&who.label()));
    if balance < n {
        let args = [label, arg("balance", balance), arg("points", n)];
        return ctx.reply(q.m, q.lang, "redeem-short", &args).await;
    }
    let entry = ByHand {
        village: q.village.id,
        person: who.id,
        delta: -n,
        reason: Reason::Redeem,
        note: what,
        actor: q.me.id,
    };
    by_hand(ctx, entry).await?;
    let args = [
        label,
        arg("points", n),
        arg("what", html(what)),
        arg("balance", balance - n),
    ];
    ctx.reply(q.m, q.lang, "redeem-done", &args).await
}
