//! What timers say: reminders to the holder, the rating reminder and the "still fixed?" question.

use super::bundle::{Bundle, Line};
use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::reach;
use crate::domain::routing::Holder;
use crate::domain::Ticket;
use crate::i18n::arg;
use crate::store::{grid, people};

/// Adds a reminder for whoever holds the ticket (a team's captain for a team) to the bundle.
pub async fn remind(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    urgent: bool,
    bundle: &mut Bundle,
) -> Result<(), AppError> {
    let (Some(village), lang) = ctx.village_lang(t.village).await? else {
        return Ok(());
    };
    let who = match t.holder {
        Some(Holder::Person(p)) => people::get(&mut ctx.tx, p).await?,
        Some(Holder::Team(team)) => match grid::captain_of(&mut ctx.tx, team).await? {
            Some(c) => people::get(&mut ctx.tx, c).await?,
            None => None,
        },
        None => None,
    };
    let view = ctx.app.view(lang);
    let body = view.public_body(t, 60);
    let text = view.t(
        if urgent {
            "reminder-urgent"
        } else {
            "reminder"
        },
        &[
            arg("no", t.no.to_string()),
            arg("category", view.category(t.category)),
            arg("deadline", view.time(t.deadline_at)),
            arg("body", body),
        ],
    );
    let buttons = view.prompt_buttons(t);
    let (chat, text) = match &who {
        Some(p) => reach::address(p, village.chat_id, text),
        None => (village.chat_id, text),
    };
    bundle.add(
        chat,
        lang,
        Line {
            ticket: t.id,
            text,
            buttons,
        },
    );
    Ok(())
}

/// The note written when a deadline passes.
pub async fn overdue_reason(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<String, AppError> {
    let (_, lang) = ctx.village_lang(t.village).await?;
    Ok(ctx.app.i18n.plain(lang, "reason-overdue"))
}

/// Sends a follow-up to the requester: privately if possible, else (when `in_group`) as a reply
/// to their request.
async fn to_requester(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    (text, buttons): (String, Vec<Vec<Button>>),
    in_group: bool,
) -> Result<(), AppError> {
    let private = people::get(&mut ctx.tx, t.requester)
        .await?
        .and_then(|p| reach::private_chat(&p));
    let (chat, reply_to) = match private {
        Some(chat) => (chat, None),
        None if in_group => (t.chat, Some(t.source_message)),
        None => return Ok(()),
    };
    let out = Outgoing::Send {
        text,
        reply_to,
        buttons,
    };
    ctx.emit(chat, out, Some(t.id), Purpose::Closure).await
}

/// One reminder to rate a resolved ticket.
pub async fn ask_rating(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(), AppError> {
    let (Some(_), lang) = ctx.village_lang(t.village).await? else {
        return Ok(());
    };
    let view = ctx.app.view(lang);
    let text = view.t("rate-reminder", &[arg("no", t.no.to_string())]);
    let buttons = view.rating_buttons(t);
    // In the group the closure already asks with these buttons; the group's few messages about a
    // ticket are kept for its return visit.
    to_requester(ctx, t, (text, buttons), false).await
}

/// "Is it still fixed?" some days after closing a repair, sanitation or hazard ticket.
pub async fn ask_still_fixed(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(), AppError> {
    let (Some(_), lang) = ctx.village_lang(t.village).await? else {
        return Ok(());
    };
    let view = ctx.app.view(lang);
    let text = view.t(
        "still-fixed-ask",
        &[
            arg("no", t.no.to_string()),
            arg("body", view.public_body(t, 60)),
        ],
    );
    let buttons = vec![vec![
        view.button("button-still-fixed", Press::StillFixed(t.id, true)),
        view.button("button-broken-again", Press::StillFixed(t.id, false)),
    ]];
    to_requester(ctx, t, (text, buttons), true).await
}
