//! What timers say: reminders to the holder, the rating reminder and the "still fixed?" question.

use super::outgoing::{Button, Outgoing, Press, Purpose};
use super::render::{clip, html, mention};
use super::{AppError, Ctx};
use crate::domain::routing::Holder;
use crate::domain::ChatId;
use crate::i18n::{arg, Lang};
use crate::scheduler::{Bundle, Line};
use crate::store::grid;
use crate::store::people::{self, Person};
use crate::store::tickets::Ticket;
use crate::store::villages::{self, Village};

async fn village_of(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<Option<(Village, Lang)>, AppError> {
    Ok(villages::by_id(&mut ctx.tx, t.village).await?.map(|v| {
        let lang = Lang::from_tag(&v.lang);
        (v, lang)
    }))
}

/// A person's private chat if they opened one, else the group with a mention in front.
fn address(p: &Person, group: ChatId, text: String) -> (ChatId, String) {
    match (p.private_ok, p.tg_user_id) {
        (true, Some(user)) => (ChatId(user.0), text),
        _ => (group, format!("{} {text}", mention(p))),
    }
}

/// Adds a reminder for whoever holds the ticket (a team's captain for a team) to the bundle.
pub async fn remind(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    urgent: bool,
    bundle: &mut Bundle,
) -> Result<(), AppError> {
    let Some((village, lang)) = village_of(ctx, t).await? else {
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
    let body = if t.category.is_sensitive() {
        String::new()
    } else {
        html(&clip(&t.body, 60))
    };
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
        Some(p) => address(p, village.chat_id, text),
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
    let lang = village_of(ctx, t)
        .await?
        .map_or(ctx.app.settings.default_lang(), |(_, l)| l);
    Ok(ctx.app.i18n.plain(lang, "reason-overdue"))
}

/// Sends a follow-up to the requester: privately if possible, else as a reply to their request.
async fn to_requester(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    text: String,
    buttons: Vec<Vec<Button>>,
) -> Result<(), AppError> {
    let requester = people::get(&mut ctx.tx, t.requester).await?;
    let private = requester
        .as_ref()
        .and_then(|p| p.private_ok.then_some(p.tg_user_id).flatten());
    let (chat, reply_to) = match private {
        Some(user) => (ChatId(user.0), None),
        None => (t.chat, Some(t.source_message)),
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
    let Some((_, lang)) = village_of(ctx, t).await? else {
        return Ok(());
    };
    let view = ctx.app.view(lang);
    let text = view.t("rate-reminder", &[arg("no", t.no.to_string())]);
    let buttons = view.rating_buttons(t);
    to_requester(ctx, t, text, buttons).await
}

/// "Is it still fixed?" some days after closing a repair, sanitation or hazard ticket.
pub async fn ask_still_fixed(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(), AppError> {
    let Some((_, lang)) = village_of(ctx, t).await? else {
        return Ok(());
    };
    let view = ctx.app.view(lang);
    let text = view.t(
        "still-fixed-ask",
        &[
            arg("no", t.no.to_string()),
            arg("body", html(&clip(&t.body, 60))),
        ],
    );
    let buttons = vec![vec![
        view.button("button-still-fixed", Press::StillFixed(t.id, true)),
        view.button("button-broken-again", Press::StillFixed(t.id, false)),
    ]];
    to_requester(ctx, t, text, buttons).await
}
