//! Where a message for a person goes: their private chat once they pressed Start, else the group
//! with a mention in front. The sender uses the same group form when a private chat turns out
//! to be closed.

use super::context::{AppError, Ctx};
use super::outbox::message::{Button, Outgoing, Purpose};
use super::render::text::mention;
use crate::domain::{ChatId, PersonId, TicketId};
use crate::store::people::{self, Person};

/// The person's private chat, if they opened one with the bot.
pub fn private_chat(p: &Person) -> Option<ChatId> {
    match (p.private_ok, p.tg_user_id) {
        (true, Some(user)) => Some(ChatId(user.0)),
        _ => None,
    }
}

/// A message for a person written in the group: their mention in front.
pub fn in_group(p: &Person, text: &str) -> String {
    format!("{} {text}", mention(p))
}

/// Where a message for `p` goes, and how it reads there.
pub fn address(p: &Person, group: ChatId, text: String) -> (ChatId, String) {
    match private_chat(p) {
        Some(chat) => (chat, text),
        None => (group, in_group(p, &text)),
    }
}

/// A message about a ticket for one person.
pub struct Notice {
    pub person: PersonId,
    /// The group to write in when the person has no private chat with the bot.
    pub group: ChatId,
    pub ticket: TicketId,
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
    pub purpose: Purpose,
}

/// Queues a notice privately or in the group, as [`address`] decides. Nobody to tell, nothing sent.
pub async fn notify(ctx: &mut Ctx<'_>, n: Notice) -> Result<(), AppError> {
    match people::get(&mut ctx.tx, n.person).await? {
        Some(p) => notify_person(ctx, &p, n).await,
        None => Ok(()),
    }
}

/// [`notify`] for a person already loaded.
pub async fn notify_person(ctx: &mut Ctx<'_>, p: &Person, n: Notice) -> Result<(), AppError> {
    let (chat, text) = address(p, n.group, n.text);
    let out = Outgoing::Send {
        text,
        reply_to: None,
        buttons: n.buttons,
    };
    ctx.emit(chat, out, Some(n.ticket), n.purpose).await
}
