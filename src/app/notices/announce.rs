//! Announcements: a notice to the village group with a "Got it" button and a live tally, and the
//! list of roster members who have not acknowledged, so chiefs can phone them.

use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::event::ButtonPress;
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::render::text::{clip, html, mention};
use crate::domain::ChatId;
use crate::i18n::{arg, Lang};
use crate::store::announcements::{self, Announcement};
use crate::store::people::{self, Person};

/// The body is clipped so the whole notice, its tally line included, is one message: a tally
/// cut off by shortening would make every later edit the same, which Telegram refuses.
fn text_of(ctx: &Ctx<'_>, lang: Lang, a: &Announcement, acks: i64) -> String {
    ctx.app.i18n.text(
        lang,
        "announcement",
        &[arg("body", html(&clip(&a.body, 700))), arg("acks", acks)],
    )
}

/// `/announce <text>`.
pub async fn announce(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let body = args.trim();
    if body.is_empty() {
        return ctx.reply(q.m, q.lang, "usage-announce-hint", &[]).await;
    }
    let id = announcements::create(&mut ctx.tx, q.village.id, q.me.id, body, ctx.now).await?;
    let a = Announcement {
        id,
        village: q.village.id,
        body: body.to_string(),
    };
    post(ctx, q.village.chat_id, q.lang, &a).await
}

/// Posts an announcement to a group with its button.
pub async fn post(
    ctx: &mut Ctx<'_>,
    chat: ChatId,
    lang: Lang,
    a: &Announcement,
) -> Result<(), AppError> {
    let text = text_of(ctx, lang, a, 0);
    let buttons = vec![vec![ctx
        .app
        .view(lang)
        .button("button-ack", Press::Ack(a.id))]];
    ctx.emit(
        chat,
        Outgoing::Send {
            text,
            reply_to: None,
            buttons,
        },
        None,
        Purpose::Info,
    )
    .await
}

/// "Got it": counted once per person; the tally on the message is updated in place.
pub async fn on_ack(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    id: i64,
) -> Result<(), AppError> {
    let Some(a) = announcements::get(&mut ctx.tx, id).await? else {
        let lang = ctx.private_lang(&p.from);
        return ctx.toast(p, lang, "button-stale").await;
    };
    let (_, lang) = ctx.village_lang(a.village).await?;
    let first = announcements::ack(&mut ctx.tx, id, me.id, ctx.now).await?;
    if first {
        let acks = announcements::ack_count(&mut ctx.tx, id).await?;
        let text = text_of(ctx, lang, &a, acks);
        let buttons = vec![vec![ctx
            .app
            .view(lang)
            .button("button-ack", Press::Ack(a.id))]];
        let out = Outgoing::Edit {
            message: p.message,
            text,
            buttons,
        };
        ctx.emit(p.chat, out, None, Purpose::Info).await?;
    }
    let toast = ctx
        .app
        .i18n
        .plain(lang, if first { "ack-thanks" } else { "ack-already" });
    ctx.answer(p, Some(toast)).await
}

/// `/acks`: who of the roster has not acknowledged the latest announcement, by neighbourhood.
pub async fn acks(ctx: &mut Ctx<'_>, q: Asked<'_>) -> Result<(), AppError> {
    let Some(a) = announcements::latest(&mut ctx.tx, q.village.id).await? else {
        return ctx.reply(q.m, q.lang, "acks-none", &[]).await;
    };
    let missing = announcements::missing(&mut ctx.tx, a.id, q.village.id).await?;
    let acked = announcements::ack_count(&mut ctx.tx, a.id).await?;
    let mut lines = vec![ctx.app.i18n.text(
        q.lang,
        "acks-head",
        &[arg("acks", acked), arg("missing", missing.len() as i64)],
    )];
    let mut current: Option<Option<String>> = None;
    for (person, place) in missing.iter().take(200) {
        if current.as_ref() != Some(place) {
            let heading = place
                .clone()
                .unwrap_or_else(|| ctx.app.i18n.plain(q.lang, "acks-no-place"));
            lines.push(format!("\n<b>{}</b>", html(&heading)));
            current = Some(place.clone());
        }
        if let Some(p) = people::get(&mut ctx.tx, *person).await? {
            lines.push(mention(&p));
        }
    }
    ctx.send(q.m.chat, lines.join("\n"), Some(q.m.message), vec![])
        .await
}
