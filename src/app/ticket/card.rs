//! The ticket card in the group: posted once as a reply to the request, then edited in place. A
//! holder who cannot be reached privately is mentioned on the card itself, which carries their
//! buttons: one group message instead of a card and a prompt.

use super::prompt::team_call;
use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::reach;
use crate::app::render::text::{html, mention};
use crate::domain::routing::Holder;
use crate::domain::{MessageId, TeamId, Ticket, TicketState};
use crate::i18n::{arg, Lang};
use crate::store::people::Person;
use crate::store::{attachments, grid, people, tickets};

/// The holder's name as text (the dashboard's CSV); `?` when gone, `—` for nobody.
pub async fn holder_name(ctx: &mut Ctx<'_>, holder: Option<Holder>) -> Result<String, AppError> {
    Ok(match holder {
        Some(Holder::Person(p)) => match people::get(&mut ctx.tx, p).await? {
            Some(person) => person.label(),
            None => "?".into(),
        },
        Some(Holder::Team(team)) => match grid::team(&mut ctx.tx, team).await? {
            Some(team) => team.name,
            None => "?".into(),
        },
        None => "—".into(),
    })
}

/// The holder's name, escaped, as cards and lists show it.
pub async fn holder_label(ctx: &mut Ctx<'_>, holder: Option<Holder>) -> Result<String, AppError> {
    Ok(html(&holder_name(ctx, holder).await?))
}

/// The person who must act on a ticket whose card is in a group and who can be reached only
/// there (they never pressed Start).
pub async fn group_holder(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<Option<Person>, AppError> {
    let acting = matches!(t.state, TicketState::Assigned | TicketState::InProgress);
    let Some(Holder::Person(p)) = t.holder.filter(|_| acting && !t.chat.is_private()) else {
        return Ok(None);
    };
    Ok(people::get(&mut ctx.tx, p)
        .await?
        .filter(|p| reach::private_chat(p).is_none()))
}

/// The team that must take a new ticket whose card is in a group: the card calls it.
fn group_team(t: &Ticket) -> Option<TeamId> {
    match t.holder {
        Some(Holder::Team(team)) if t.state == TicketState::Assigned && !t.chat.is_private() => {
            Some(team)
        }
        _ => None,
    }
}

/// The card's text and buttons as the ticket stands: with the holder's mention and buttons when
/// the group is the only place to reach them, and while it is open a button to correct it.
async fn card_parts(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
) -> Result<(String, Vec<Vec<Button>>, bool), AppError> {
    let (text, mut buttons, prompts) = call_parts(ctx, lang, t).await?;
    if t.state.is_open() {
        let view = ctx.app.view(lang);
        buttons.push(vec![view.button("button-correct", Press::Fixes(t.id))]);
    }
    Ok((text, buttons, prompts))
}

/// The card's text, and the holder's mention and buttons when the card calls them.
async fn call_parts(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
) -> Result<(String, Vec<Vec<Button>>, bool), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let mut text = ctx.app.view(lang).card(t, &holder);
    let (pin, supporters) = attachments::card_extras(&mut ctx.tx, t.id).await?;
    if let Some(pin) = pin {
        text.push('\n');
        text.push_str(&ctx.app.view(lang).map_line(pin));
    }
    if supporters > 0 {
        text.push('\n');
        let line = ctx
            .app
            .view(lang)
            .t("card-supporters", &[arg("count", supporters)]);
        text.push_str(&line);
    }
    if let Some(team) = group_team(t) {
        let (head, buttons) = team_call(ctx, lang, t, team).await?;
        text.push('\n');
        text.push_str(&head);
        return Ok((text, buttons, true));
    }
    let view = ctx.app.view(lang);
    let Some(p) = group_holder(ctx, t).await? else {
        return Ok((text, vec![], false));
    };
    let key = match t.is_private() {
        true => "card-your-turn-sensitive",
        false => "card-your-turn",
    };
    text.push('\n');
    text.push_str(&view.t(key, &[arg("who", mention(&p)), arg("no", t.no.to_string())]));
    Ok((text, view.prompt_buttons(t), true))
}

/// Edits the card in place (the sender posts a fresh one if the old one cannot be edited). A
/// ticket acknowledged in a busy group's list has no card of its own to edit.
pub async fn edit_card(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    if tickets::card_quiet(&mut ctx.tx, t.id).await? {
        return Ok(());
    }
    let (text, buttons, _) = card_parts(ctx, lang, t).await?;
    ctx.emit(
        t.chat,
        Outgoing::EditCard { text, buttons },
        Some(t.id),
        Purpose::Card,
    )
    .await
}

/// Posts a new ticket's card as a reply to the request; returns whether the card itself
/// prompts the holder (then no separate prompt is needed).
pub async fn post_card(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
    reply_to: MessageId,
) -> Result<bool, AppError> {
    let (text, buttons, prompts) = card_parts(ctx, lang, t).await?;
    let out = Outgoing::Send {
        text,
        reply_to: Some(reply_to),
        buttons,
    };
    ctx.emit(t.chat, out, Some(t.id), Purpose::Card).await?;
    Ok(prompts)
}
