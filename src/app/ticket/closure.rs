//! The closure notice: a reply to the resident's request with rating buttons (privately for a
//! private matter where possible), carrying the photo the holder finished with, and a word to
//! those who followed a merged duplicate.

use super::card::holder_label;
use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::reach;
use crate::app::render::text::{clip, html, mention};
use crate::app::render::ticket::InGroup;
use crate::domain::{Ticket, TicketId};
use crate::i18n::{arg, Lang};
use crate::store::{followers, outbox, people};

/// The closure notice: a reply to the resident's original message with rating buttons; a private
/// matter goes privately to the requester where possible.
pub async fn post_closure(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let private = people::get(&mut ctx.tx, t.requester)
        .await?
        .and_then(|p| reach::private_chat(&p));
    let view = ctx.app.view(lang);
    let note = t
        .last_note
        .as_deref()
        .map(|n| html(&clip(n, 600)))
        .unwrap_or_default();
    let text = view.t(
        "closure",
        &[
            arg("no", t.no.to_string()),
            arg("holder", holder),
            arg("note", note),
        ],
    );
    let (chat, text, reply_to) = match (t.is_private(), private) {
        (true, Some(chat)) => (chat, text, None),
        _ => (
            t.chat,
            view.in_group(t, InGroup::Closure, text),
            Some(t.source_message),
        ),
    };
    let buttons = view.rating_buttons(t);
    // A private matter's photo is never shown to the group.
    let photo = ctx
        .finishing
        .take()
        .filter(|_| chat.is_private() || !t.is_private());
    let out = match (photo, outbox::last_closure(&mut ctx.tx, t.id, chat).await?) {
        // Finished with a photo: the closure is that photo, its text the caption.
        (Some(media), _) => Outgoing::Media {
            media: media.kind.key().into(),
            file_id: media.file_id,
            caption: text,
            reply_to,
            buttons,
        },
        // Done again after a reopening: the group's closure notice is brought up to date in place
        // (a ticket's new group messages are counted), numbered so the edit always changes it.
        (None, (Some(message), n)) if !chat.is_private() => Outgoing::Edit {
            message,
            text: format!("{text}\n{}", view.t("closure-again", &[arg("n", n + 1)])),
            buttons,
        },
        _ => Outgoing::Send {
            text,
            reply_to,
            buttons,
        },
    };
    ctx.emit(chat, out, Some(t.id), Purpose::Closure).await?;
    tell_followers(ctx, lang, t).await
}

/// Those whose duplicate was merged into this ticket hear in the group that it is done (not for
/// private matters).
async fn tell_followers(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    let followers = follower_mentions(ctx, t.id).await?;
    if followers.is_empty() || t.is_private() {
        return Ok(());
    }
    let text = ctx.app.i18n.text(
        lang,
        "closure-followers",
        &[arg("no", t.no.to_string()), arg("who", followers)],
    );
    let group = match ctx.village_lang(t.village).await? {
        (Some(v), _) => v.chat_id,
        (None, _) => return Ok(()),
    };
    ctx.send(group, text, t.source_in(group), vec![]).await
}

/// Mentions of a ticket's followers, for its closure notice.
async fn follower_mentions(ctx: &mut Ctx<'_>, ticket: TicketId) -> Result<String, AppError> {
    let mut names = vec![];
    for p in followers::of(&mut ctx.tx, ticket).await? {
        if let Some(person) = people::get(&mut ctx.tx, p).await? {
            names.push(mention(&person));
        }
    }
    Ok(names.join(" "))
}
