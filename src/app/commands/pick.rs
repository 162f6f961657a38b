//! Which village a private message is about: the only village its sender belongs to, or, when
//! they belong to several, a question with one button per village; the answer runs the message
//! again in the village picked.

use crate::app::context::{AppError, Ctx};
use crate::app::event::{ButtonPress, ChatMessage};
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::render::text::{clip, html};
use crate::i18n::arg;
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};
use crate::store::{grid, offers, questions};

/// A question not answered within a day is stale: the message it kept is not run any more.
const ANSWER_WITHIN: i64 = 86_400;

/// Where a message belongs.
pub enum Choice {
    One(Village),
    Several(Vec<Village>),
    Unknown,
}

/// The villages a person may speak for in private: those where they hold a post or a household,
/// and the village group they last wrote in (listed first). Villages awaiting approval are left out.
pub async fn candidates(ctx: &mut Ctx<'_>, me: &Person) -> Result<Vec<Village>, AppError> {
    let mut ids = grid::villages_of(&mut ctx.tx, me.id).await?;
    if let Some(last) = me.last_village {
        ids.retain(|v| *v != last);
        ids.insert(0, last);
    }
    let mut found = villages::by_ids(&mut ctx.tx, &ids).await?;
    found.retain(|v| v.approved);
    Ok(found)
}

/// Remembers the village group a person wrote in, so that a private message of theirs can be
/// about it. Written only when it changes.
pub async fn remember(ctx: &mut Ctx<'_>, me: &Person, village: &Village) -> Result<(), AppError> {
    if me.last_village != Some(village.id) {
        people::set_last_village(&mut ctx.tx, me.id, village.id).await?;
    }
    Ok(())
}

/// The village of a group message, or the sender's village(s) for a private one.
pub async fn choose(ctx: &mut Ctx<'_>, m: &ChatMessage, me: &Person) -> Result<Choice, AppError> {
    if !m.private {
        return Ok(match ctx.village_of_chat(m.chat).await? {
            Some(v) => Choice::One(v),
            None => Choice::Unknown,
        });
    }
    let mut found = candidates(ctx, me).await?;
    Ok(match found.len() {
        0 => Choice::Unknown,
        1 => found.pop().map_or(Choice::Unknown, Choice::One),
        _ => Choice::Several(found),
    })
}

/// Keeps the message and asks which village it is about, one button per village.
pub async fn ask(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    villages: &[Village],
) -> Result<(), AppError> {
    let id = questions::ask(&mut ctx.tx, me.id, m.chat, m.message, &m.text, ctx.now).await?;
    let lang = ctx.private_lang(&m.from);
    let buttons = villages
        .iter()
        .map(|v| {
            vec![Button {
                text: clip(&v.name, 40),
                data: Press::Village(id, v.id.0).encode(),
            }]
        })
        .collect();
    let out = Outgoing::Send {
        text: ctx.app.i18n.text(lang, "pick-village", &[]),
        reply_to: Some(m.message),
        buttons,
    };
    ctx.emit(m.chat, out, None, Purpose::Ask).await
}

/// The sender picked a village: the kept message, to be run there, once. A press by anyone
/// else, a second press, a stale question or a village they no longer belong to gets a toast.
pub async fn on_pick(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    (question, village): (i64, i64),
) -> Result<Option<(ChatMessage, Village)>, AppError> {
    let lang = ctx.private_lang(&p.from);
    let open = match questions::get(&mut ctx.tx, question).await? {
        Some(q)
            if q.person == me.id
                && q.chat == p.chat
                && !q.answered
                && q.created_at + ANSWER_WITHIN >= ctx.now =>
        {
            let mine = candidates(ctx, me).await?;
            mine.into_iter().find(|v| v.id.0 == village).map(|v| (q, v))
        }
        _ => None,
    };
    let (q, v) = match open {
        Some((q, v)) if questions::answer(&mut ctx.tx, q.id, ctx.now).await? => (q, v),
        _ => {
            ctx.toast(p, lang, "button-stale").await?;
            return Ok(None);
        }
    };
    offers::withdraw(&mut ctx.tx, p.chat, p.message).await?;
    let text = ctx
        .app
        .i18n
        .text(lang, "picked-village", &[arg("village", html(&v.name))]);
    let edit = Outgoing::Edit {
        message: p.message,
        text,
        buttons: vec![],
    };
    ctx.emit(p.chat, edit, None, Purpose::Info).await?;
    ctx.answer(p, None).await?;
    let m = ChatMessage {
        chat: q.chat,
        private: true,
        message: q.message,
        from: p.from.clone(),
        text: q.text,
        media: None,
        pin: None,
        replied: None,
        reply_to: None,
        sender_is_admin: false,
    };
    Ok(Some((m, v)))
}
