//! What a ticket carries besides words: the photos, videos and voice messages of its request
//! (kept by Telegram file id, sent to a holder who works in private, shown with `/ticket`), the
//! photo its holder finished with, and location pins (a reply to its card or prompt, or the
//! requester's pin soon after the request), shown on the card as a map link.

use super::card::edit_card;
use crate::app::context::{AppError, Ctx};
use crate::app::event::{ChatMessage, Media};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::reach;
use crate::domain::routing::Holder;
use crate::domain::{ChatId, PersonId, Ticket};
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

/// A holder who finished with a photo: it is kept, and the requester gets it (privately, else
/// as an answer to their request in the group, if the ticket may still speak there).
pub async fn finished_with(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    m: &ChatMessage,
    by: PersonId,
) -> Result<(), AppError> {
    let Some(media) = m.media.as_ref() else {
        return Ok(());
    };
    keep(ctx, t, Some(media), "done", by).await?;
    let (_, lang) = ctx.village_lang(t.village).await?;
    let caption = ctx
        .app
        .i18n
        .text(lang, "media-done-caption", &[arg("no", t.no.to_string())]);
    let private = people::get(&mut ctx.tx, t.requester)
        .await?
        .as_ref()
        .and_then(reach::private_chat);
    let (chat, reply_to) = match private {
        Some(chat) => (chat, None),
        None => (t.chat, Some(t.source_message)),
    };
    let out = Outgoing::Media {
        media: media.kind.key().into(),
        file_id: media.file_id.clone(),
        caption,
        reply_to,
    };
    // Not the closure itself: that is text, and edited in place when the ticket is done again.
    ctx.emit(chat, out, Some(t.id), Purpose::Info).await
}
