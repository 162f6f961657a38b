//! What a ticket carries besides words: the photos, videos and voice messages of its request
//! (kept by Telegram file id, sent to a holder who works in private, shown with `/ticket`), the
//! photo its holder finished with, and location pins (a reply to its card or prompt, or the
//! requester's pin soon after the request), shown on the card as a map link.

use super::act::act;
use super::card::edit_card;
use super::relation::Acting;
use crate::app::context::{AppError, Ctx};
use crate::app::event::{ChatMessage, Media};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::reach;
use crate::domain::routing::Holder;
use crate::domain::{Action, ChatId, PersonId, Refusal, Ticket};
use crate::i18n::arg;
use crate::store::attachments::{self, Attachment};
use crate::store::people::Person;
use crate::store::{outbox, people, tickets};

/// How soon after a request its requester's location pin still belongs to it.
const PIN_AFTER_SECS: i64 = 10 * 60;

/// Keeps a message's photo, video or voice on the ticket, as `role` (request or done).
pub async fn keep(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    media: Option<&Media>,
    role: &str,
    by: PersonId,
) -> Result<(), AppError> {
    let Some(media) = media else {
        return Ok(());
    };
    let a = Attachment {
        kind: media.kind.key().into(),
        value: media.file_id.clone(),
        role: role.into(),
    };
    attachments::add(&mut ctx.tx, t.id, &a, Some(by), ctx.now).await?;
    Ok(())
}

/// Sends the request's media to `chat`, each with a caption naming the ticket.
async fn send_media(ctx: &mut Ctx<'_>, chat: ChatId, t: &Ticket) -> Result<usize, AppError> {
    let (_, lang) = ctx.village_lang(t.village).await?;
    let caption = ctx
        .app
        .i18n
        .text(lang, "media-caption", &[arg("no", t.no.to_string())]);
    let mut sent = 0;
    for a in attachments::of(&mut ctx.tx, t.id).await? {
        if a.kind == "location" {
            continue;
        }
        let out = Outgoing::Media {
            media: a.kind,
            file_id: a.value,
            caption: caption.clone(),
            reply_to: None,
            buttons: vec![],
        };
        ctx.emit(chat, out, Some(t.id), Purpose::Info).await?;
        sent += 1;
    }
    Ok(sent)
}

/// After the prompt: a holder reached privately gets the request's media too (in the group the
/// card answers the message that carries them).
pub async fn to_holder(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(), AppError> {
    let Some(Holder::Person(p)) = t.holder else {
        return Ok(());
    };
    let chat = people::get(&mut ctx.tx, p)
        .await?
        .as_ref()
        .and_then(reach::private_chat);
    if let Some(chat) = chat {
        send_media(ctx, chat, t).await?;
    }
    Ok(())
}

/// `/ticket` for someone who may see the details: the media follow the text.
pub async fn show(ctx: &mut Ctx<'_>, chat: ChatId, t: &Ticket) -> Result<(), AppError> {
    send_media(ctx, chat, t).await.map(|_| ())
}

/// A location pin: attached to the ticket whose card or prompt it answers, else to the sender's
/// own ticket filed in this chat in the last ten minutes. Anything else is ignored.
pub async fn on_pin(ctx: &mut Ctx<'_>, m: &ChatMessage, me: &Person) -> Result<(), AppError> {
    let Some(pin) = m.pin else {
        return Ok(());
    };
    let linked = match m.reply_to {
        Some(to) => outbox::linked(&mut ctx.tx, m.chat, to).await?,
        None => None,
    };
    let t = match linked {
        Some((id, _)) => tickets::get(&mut ctx.tx, id).await?,
        None => {
            let since = ctx.now - PIN_AFTER_SECS;
            tickets::latest_of(&mut ctx.tx, me.id, m.chat, since).await?
        }
    };
    let Some(t) = t.filter(|t| t.state.is_open()) else {
        return Ok(());
    };
    let a = Attachment {
        kind: "location".into(),
        value: format!("{},{}", pin.lat_e6, pin.lon_e6),
        role: "request".into(),
    };
    attachments::add(&mut ctx.tx, t.id, &a, Some(me.id), ctx.now).await?;
    let (_, lang) = ctx.village_lang(t.village).await?;
    edit_card(ctx, lang, &t).await?;
    ctx.reply(m, lang, "pin-added", &[arg("no", t.no.to_string())])
        .await
}

/// Acts on a ticket for a reply; the photo a holder finishes with (a reply saying done) goes
/// into the closure notice and stays on the ticket.
pub async fn act_on_reply(
    ctx: &mut Ctx<'_>,
    t: Ticket,
    who: Acting<'_>,
    action: Action,
    m: &ChatMessage,
) -> Result<Result<Ticket, Refusal>, AppError> {
    let by = who.person_id();
    let finishing = matches!(action, Action::Done(_)) && m.media.is_some();
    if finishing {
        ctx.finishing = m.media.clone();
    }
    let acted = act(ctx, t, who, action).await?;
    ctx.finishing = None;
    if let (Ok(t), true, Some(by)) = (&acted, finishing, by) {
        keep(ctx, t, m.media.as_ref(), "done", by).await?;
    }
    Ok(acted)
}
