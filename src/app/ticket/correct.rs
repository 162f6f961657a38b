//! Correcting what intake decided: `/category #N <category>`, `/not_request #N`, and the
//! "✏️ Correct" button on a card, which sends whoever may correct the ticket its options.

use super::act::act;
use super::desk::{tell_outcome, ticket_arg};
use super::press::pressed_ticket;
use super::relation::{relation, Acting};
use crate::app::commands::args::{first_word, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ButtonPress;
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::{Fix, Press};
use crate::app::reach;
use crate::app::render::view::View;
use crate::domain::{Action, Category, Refusal, Ticket, TicketId};
use crate::i18n::arg;
use crate::store::people::Person;

/// `/category #N <category>`: the ticket is filed under another category.
pub async fn category(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, key) = first_word(args);
    let Ok(c) = key.trim().parse::<Category>() else {
        let keys = Category::ALL.map(Category::key).join(", ");
        return ctx
            .reply(q.m, q.lang, "usage-category-hint", &[arg("keys", keys)])
            .await;
    };
    let Some(t) = ticket_arg(ctx, q, no, "usage-category-hint").await? else {
        return Ok(());
    };
    let outcome = act(
        ctx,
        t,
        Acting::Person(q.me, q.roles),
        Action::Recategorize(c),
    )
    .await?;
    tell_outcome(ctx, q, outcome).await
}

/// `/not_request #N`: the message was no request; the ticket is withdrawn and its poster told.
pub async fn not_request(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (no, _) = first_word(args);
    let Some(t) = ticket_arg(ctx, q, no, "usage-not_request-hint").await? else {
        return Ok(());
    };
    let outcome = act(ctx, t, Acting::Person(q.me, q.roles), Action::NotARequest).await?;
    tell_outcome(ctx, q, outcome).await
}

/// The "✏️ Correct" button: the options go to the presser (privately when they can be reached
/// there), if they may correct this ticket at all.
pub async fn menu(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    ticket: TicketId,
) -> Result<(), AppError> {
    let Some((t, lang, roles)) = pressed_ticket(ctx, p, me, ticket).await? else {
        return Ok(());
    };
    let actor = relation(ctx, &t, Acting::Person(me, roles)).await?;
    let view = ctx.app.view(lang);
    if !actor.corrects() {
        let text = view.refusal(Refusal::NotAllowed);
        return ctx.answer(p, Some(text)).await;
    }
    if !t.state.is_open() {
        let text = view.refusal(Refusal::WrongState(t.state));
        return ctx.answer(p, Some(text)).await;
    }
    let text = menu_text(&view, &t);
    let buttons = menu_buttons(&view, &t);
    let (chat, text) = reach::address(me, t.chat, text);
    let out = Outgoing::Send {
        text,
        reply_to: None,
        buttons,
    };
    ctx.emit(chat, out, Some(t.id), Purpose::Info).await?;
    ctx.toast(p, lang, "correct-sent").await
}

fn menu_text(view: &View<'_>, t: &Ticket) -> String {
    let mut now = view.category(t.category);
    if t.urgent {
        now.push_str(&view.t("correct-now-urgent", &[]));
    }
    view.t(
        "correct-menu",
        &[arg("no", t.no.to_string()), arg("now", now)],
    )
}

/// Not a request, urgency the other way, and every other category, four to a row.
fn menu_buttons(view: &View<'_>, t: &Ticket) -> Vec<Vec<Button>> {
    let urgency = match t.urgent {
        true => view.button("button-urgent-off", Press::Fix(t.id, Fix::Urgent(false))),
        false => view.button("button-urgent-on", Press::Fix(t.id, Fix::Urgent(true))),
    };
    let mut rows = vec![vec![
        view.button("button-not-request", Press::Fix(t.id, Fix::NotARequest)),
        urgency,
    ]];
    // A private matter may only move to another private category.
    let others: Vec<Button> = Category::ALL
        .into_iter()
        .filter(|c| *c != t.category && (!t.is_private() || c.is_sensitive()))
        .map(|c| Button {
            text: view.category(c),
            data: Press::Fix(t.id, Fix::Category(c)).encode(),
        })
        .collect();
    rows.extend(others.chunks(4).map(<[Button]>::to_vec));
    rows
}
