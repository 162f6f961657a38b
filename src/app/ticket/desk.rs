//! The cadre's ticket commands: assign, close, reopen, cancel, list and the full history of one.

use super::act::act;
use super::card::holder_label;
use super::history::history_lines;
use super::media;
use super::relation::{relation, Acting};
use crate::app::commands::args::{first_word, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::domain::roles::CommandKind;
use crate::domain::routing::{route_to, Holder};
use crate::domain::{Action, Refusal, Ticket, TicketNo};
use crate::i18n::arg;
use crate::store::tickets::{self, ListFilter};
use crate::store::{grid, people};

/// Reads `#N` and finds the ticket in the village, answering the user when that fails.
pub async fn ticket_arg(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    word: &str,
    usage: &str,
) -> Result<Option<Ticket>, AppError> {
    let Ok(no) = word.parse::<TicketNo>() else {
        ctx.reply(q.m, q.lang, usage, &[]).await?;
        return Ok(None);
    };
    let t = tickets::by_no(&mut ctx.tx, q.village.id, no).await?;
    if t.is_none() {
        ctx.reply(q.m, q.lang, "ticket-unknown", &[arg("no", no.to_string())])
            .await?;
    }
    Ok(t)
}

/// Tells the user the outcome of an action on a ticket.
pub async fn tell_outcome(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    outcome: Result<Ticket, Refusal>,
) -> Result<(), AppError> {
    match outcome {
        Ok(t) => {
            ctx.reply(q.m, q.lang, "press-done", &[arg("no", t.no.to_string())])
                .await
        }
        Err(r) => {
            let text = ctx.app.view(q.lang).refusal(r);
            ctx.send(q.m.chat, text, Some(q.m.message), vec![]).await
        }
    }
}

/// `/assign #N @username|<team>`.
pub async fn assign(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        roles,
        lang,
    } = q;
    let (no, target) = first_word(args);
    if target.is_empty() {
        return ctx.reply(m, lang, "usage-assign-hint", &[]).await;
    }
    let Some(t) = ticket_arg(ctx, q, no, "usage-assign-hint").await? else {
        return Ok(());
    };
    let holder = if let Some(name) = target.strip_prefix('@') {
        Holder::Person(people::named(&mut ctx.tx, name, ctx.now).await?.id)
    } else {
        match grid::team_by_name(&mut ctx.tx, v.id, target).await? {
            Some(team) => Holder::Team(team.id),
            None => {
                return ctx
                    .reply(m, lang, "team-unknown", &[arg("team", html(target))])
                    .await
            }
        }
    };
    let route = route_to(holder, v.duty_cadre);
    let outcome = act(ctx, t, Acting::Person(me, roles), Action::Assign(route)).await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/close #N [note]`, `/reopen #N`, `/cancel #N`.
pub async fn change(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    kind: CommandKind,
    args: &str,
) -> Result<(), AppError> {
    let Asked {
        m: _,
        village: _v,
        me,
        roles,
        lang: _,
    } = q;
    let (no, note) = first_word(args);
    let usage = format!("usage-{}-hint", kind.name());
    let Some(t) = ticket_arg(ctx, q, no, &usage).await? else {
        return Ok(());
    };
    let action = match kind {
        CommandKind::Close => Action::Close(note.to_string()),
        CommandKind::Reopen => Action::Reopen,
        _ => Action::Cancel,
    };
    let outcome = act(ctx, t, Acting::Person(me, roles), action).await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/list [open|overdue|mine]`.
pub async fn list(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let filter = match args.trim().to_lowercase().as_str() {
        "" | "open" | "未办" => ListFilter::Open,
        "overdue" | "超期" => ListFilter::Overdue { now: ctx.now },
        "mine" | "我的" => ListFilter::Mine(me.id),
        _ => return ctx.reply(m, lang, "usage-list-hint", &[]).await,
    };
    const SHOWN: i64 = 30;
    let found = tickets::list(&mut ctx.tx, v.id, filter, SHOWN + 1).await?;
    if found.is_empty() {
        return ctx.reply(m, lang, "list-empty", &[]).await;
    }
    let mut lines = vec![ctx.app.i18n.plain(lang, "list-head")];
    for t in found.iter().take(SHOWN as usize) {
        let holder = holder_label(ctx, t.holder).await?;
        lines.push(ctx.app.view(lang).list_line(t, &holder, ctx.now));
    }
    if found.len() as i64 > SHOWN {
        lines.push(ctx.app.i18n.text(lang, "list-more", &[arg("shown", SHOWN)]));
    }
    ctx.send(m.chat, lines.join("\n"), Some(m.message), vec![])
        .await
}

/// `/ticket #N`: the card and the full history. Details of sensitive tickets only to those involved,
/// and only in private chat.
pub async fn show(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: _v,
        me,
        roles,
        lang,
    } = q;
    let (no, _) = first_word(args);
    let Some(t) = ticket_arg(ctx, q, no, "usage-ticket-hint").await? else {
        return Ok(());
    };
    let actor = relation(ctx, &t, Acting::Person(me, roles)).await?;
    let holder = holder_label(ctx, t.holder).await?;
    let view = ctx.app.view(lang);
    if !t.shows_details_to(&actor, m.private) {
        let text = view.card(&t, &holder);
        return ctx.send(m.chat, text, Some(m.message), vec![]).await;
    }
    let mut text = view.card_detailed(&t, &holder);
    let lines = history_lines(ctx, lang, &t).await?;
    text.push_str("\n\n");
    text.push_str(&ctx.app.i18n.plain(lang, "history-head"));
    for line in lines {
        text.push('\n');
        text.push_str(&line);
    }
    ctx.send(m.chat, text, Some(m.message), vec![]).await?;
    media::show(ctx, m.chat, &t).await
}
