//! The ticket card in the group: posted once as a reply to the request, then edited in place.

use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::render::text::html;
use crate::domain::routing::Holder;
use crate::domain::{MessageId, Ticket};
use crate::i18n::Lang;
use crate::store::{grid, people};

/// A plain name for the holder, as cards and lists show it.
pub async fn holder_label(ctx: &mut Ctx<'_>, holder: Option<Holder>) -> Result<String, AppError> {
    Ok(match holder {
        Some(Holder::Person(p)) => match people::get(&mut ctx.tx, p).await? {
            Some(person) => html(&person.label()),
            None => "?".into(),
        },
        Some(Holder::Team(team)) => match grid::team(&mut ctx.tx, team).await? {
            Some(team) => html(&team.name),
            None => "?".into(),
        },
        None => "—".into(),
    })
}

/// Edits the card in place (the sender posts a fresh one if the old one cannot be edited).
pub async fn edit_card(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let text = ctx.app.view(lang).card(t, &holder);
    ctx.emit(
        t.chat,
        Outgoing::EditCard {
            text,
            buttons: vec![],
        },
        Some(t.id),
        Purpose::Card,
    )
    .await
}

/// Posts a new ticket's card as a reply to the request.
pub async fn post_card(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
    reply_to: MessageId,
) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let text = ctx.app.view(lang).card(t, &holder);
    let out = Outgoing::Send {
        text,
        reply_to: Some(reply_to),
        buttons: vec![],
    };
    ctx.emit(t.chat, out, Some(t.id), Purpose::Card).await
}
