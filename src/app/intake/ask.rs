//! When the parser is unsure: the poster is asked with buttons whether to record the message, and
//! their answer opens the ticket or lets it be.

use super::forced;
use super::open::open_ticket;
use crate::app::context::{AppError, Ctx};
use crate::app::event::{ButtonPress, ChatMessage, Media, MediaKind};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::i18n::arg;
use crate::store::pending;
use crate::store::people::Person;
use crate::store::villages::Village;

/// Asks the poster whether a message they wrote should become a ticket.
pub async fn ask(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
) -> Result<(), AppError> {
    let Some(id) = pending::insert(
        &mut ctx.tx,
        village.id,
        m.chat,
        m.message,
        me.id,
        &m.text,
        ctx.now,
    )
    .await?
    else {
        return Ok(());
    };
    if let Some(media) = &m.media {
        pending::set_media(&mut ctx.tx, id, media.kind.key(), &media.file_id).await?;
    }
    let view = ctx.app.view(village.lang);
    let text = view.t("ask-record", &[]);
    let buttons = vec![vec![
        view.button("button-record-yes", Press::Record(id, true)),
        view.button("button-record-no", Press::Record(id, false)),
    ]];
    let out = Outgoing::Send {
        text,
        reply_to: Some(m.message),
        buttons,
    };
    ctx.emit(m.chat, out, None, Purpose::Ask).await
}

/// The poster's answer to "record this?".
pub async fn on_record(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    id: i64,
    yes: bool,
) -> Result<(), AppError> {
    let lang = ctx.private_lang(&p.from);
    let Some(asked) = pending::get(&mut ctx.tx, id).await? else {
        return ctx.toast(p, lang, "button-stale").await;
    };
    let (Some(village), lang) = ctx.village_lang(asked.village).await? else {
        return ctx.answer(p, None).await;
    };
    if asked.person != me.id {
        return ctx.toast(p, lang, "ask-not-yours").await;
    }
    if asked.decided {
        return ctx.toast(p, lang, "button-stale").await;
    }
    pending::decide(&mut ctx.tx, id, ctx.now).await?;
    if !yes {
        return ctx.toast(p, lang, "ask-declined").await;
    }
    let c = ctx.app.intake.classify(&forced(&asked.body));
    let source = ChatMessage {
        chat: asked.chat,
        private: asked.chat.is_private(),
        message: asked.message,
        from: p.from.clone(),
        text: asked.body.clone(),
        media: asked.media.as_ref().and_then(|(kind, file_id)| {
            Some(Media {
                kind: MediaKind::from_key(kind)?,
                file_id: file_id.clone(),
            })
        }),
        pin: None,
        replied: None,
        reply_to: None,
        sender_is_admin: false,
    };
    let opened = open_ticket(ctx, &village, me, &source, &c).await?;
    let text = opened.map(|no| {
        ctx.app
            .i18n
            .text(lang, "press-done", &[arg("no", no.to_string())])
    });
    ctx.answer(p, text).await
}
