//! "Me too": a message that reports the problem of an open ticket of the same village again is
//! not a new ticket. Its poster follows that ticket as a supporter (told which ticket it is, and
//! of its closure), the card counts the households; `/split #N @username` (cadres) makes a
//! supporter's message a ticket of its own after all.

use super::open::open_ticket;
use crate::app::commands::args::{first_word, username, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::render::text::html;
use crate::app::ticket::card::{edit_card, holder_label};
use crate::app::ticket::desk::ticket_arg;
use crate::domain::intake::similar::{same_problem, Report};
use crate::domain::intake::Classification;
use crate::domain::{Ticket, TicketState};
use crate::i18n::arg;
use crate::store::followers::{self, Said};
use crate::store::people::{self, Person};
use crate::store::tickets::{self, NewEvent};
use crate::store::villages::Village;

/// How far back a repeated report is looked for.
const WINDOW_SECS: i64 = 14 * 86_400;
/// The newest open tickets of the category compared with a message.
const CANDIDATES: i64 = 30;

/// The open ticket of the village that `m` reports again, if any. A tagged message, one written
/// privately, a private matter and an emergency that the open ticket is not get their own ticket.
pub async fn repeated(
    ctx: &mut Ctx<'_>,
    village: &Village,
    m: &ChatMessage,
    c: &Classification,
) -> Result<Option<Ticket>, AppError> {
    let Some(category) = c.category.filter(|k| !k.is_sensitive()) else {
        return Ok(None);
    };
    if c.forced || m.private {
        return Ok(None);
    }
    let since = ctx.now - WINDOW_SECS;
    let open = tickets::recent_open(&mut ctx.tx, village.id, category, since, CANDIDATES).await?;
    let report = Report {
        text: &c.body,
        place: c.location.as_deref(),
    };
    Ok(open.into_iter().find(|t| {
        let earlier = Report {
            text: &t.body,
            place: t.location.as_deref(),
        };
        !t.chat.is_private() && (t.urgent || !c.urgent) && same_problem(report, earlier)
    }))
}

/// The poster follows `t` (their own ticket: they are told where it stands); the card shows how
/// many households reported it.
pub async fn join(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
    t: &Ticket,
) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let view = ctx.app.view(village.lang);
    let args = [
        arg("no", t.no.to_string()),
        arg("category", view.category(t.category)),
        arg("holder", holder),
    ];
    if t.requester == me.id {
        return ctx.reply(m, village.lang, "metoo-own", &args).await;
    }
    let said = Said {
        chat: m.chat,
        message: m.message,
        text: m.text.clone(),
    };
    if followers::support(&mut ctx.tx, t.id, me.id, &said, ctx.now).await? {
        let label = me.label();
        let event = NewEvent {
            ticket: t.id,
            at: ctx.now,
            actor: Some(me.id),
            action: "supported",
            from: Some(t.state),
            to: t.state,
            note: Some(&label),
        };
        tickets::append_event(&mut ctx.tx, &event).await?;
        edit_card(ctx, village.lang, t).await?;
    }
    ctx.reply(m, village.lang, "metoo-joined", &args).await
}

/// `/split #N @username`: the supporter's message becomes a ticket of its own.
pub async fn split(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, rest) = first_word(args);
    let Some((name, _)) = username(rest) else {
        return ctx.reply(q.m, q.lang, "usage-split-hint", &[]).await;
    };
    let Some(t) = ticket_arg(ctx, q, no, "usage-split-hint").await? else {
        return Ok(());
    };
    let who = people::by_username(&mut ctx.tx, name).await?;
    let said = match &who {
        Some(p) if t.state != TicketState::Cancelled => {
            followers::split_off(&mut ctx.tx, t.id, p.id).await?
        }
        _ => None,
    };
    let (Some(supporter), Some(said)) = (who, said) else {
        let args = [arg("no", t.no.to_string()), arg("who", html(name))];
        return ctx.reply(q.m, q.lang, "split-not-supporter", &args).await;
    };
    let source = ChatMessage {
        chat: said.chat,
        message: said.message,
        text: said.text.clone(),
        private: false,
        reply_to: None,
        media: None,
        pin: None,
        replied: None,
        ..q.m.clone()
    };
    let c = ctx.app.intake.classify(&super::forced(&said.text));
    let opened = open_ticket(ctx, q.village, &supporter, &source, &c).await?;
    edit_card(ctx, q.lang, &t).await?;
    let new = opened.map_or_else(|| "?".to_string(), |n| n.to_string());
    let args = [arg("no", t.no.to_string()), arg("new", new)];
    ctx.reply(q.m, q.lang, "split-done", &args).await
}
