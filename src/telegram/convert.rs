//! Translates Telegram updates into the app's transport-agnostic events.

use teloxide::types::{ChatMemberUpdated, Message, Update, UpdateKind, User};

use crate::app::{ButtonPress, ChatMessage, Event, Sender};
use crate::domain::{ChatId, MessageId, UserId};

fn sender(u: &User) -> Sender {
    let mut name = u.first_name.clone();
    if let Some(last) = &u.last_name {
        name.push(' ');
        name.push_str(last);
    }
    Sender {
        user: UserId(u.id.0 as i64),
        username: u.username.clone(),
        name: name.trim().chars().take(64).collect(),
        lang: u.language_code.clone(),
    }
}

fn message_event(m: &Message) -> Option<Event> {
    if let Some(to) = m.migrate_to_chat_id() {
        return Some(Event::Migrated {
            from: ChatId(m.chat.id.0),
            to: ChatId(to.0),
        });
    }
    let from = m.from.as_ref().filter(|u| !u.is_bot)?;
    let photo = m
        .photo()
        .and_then(|sizes| sizes.last())
        .map(|p| p.file.id.0.clone());
    let text = match (m.text().or(m.caption()), &photo) {
        (Some(text), _) => text,
        (None, Some(_)) => "",
        (None, None) => return None,
    };
    Some(Event::Message(ChatMessage {
        chat: ChatId(m.chat.id.0),
        private: m.chat.is_private(),
        message: MessageId(i64::from(m.id.0)),
        from: sender(from),
        text: text.to_string(),
        photo,
        reply_to: m.reply_to_message().map(|r| MessageId(i64::from(r.id.0))),
        sender_is_admin: false,
    }))
}

fn member_event(u: &ChatMemberUpdated) -> Option<Event> {
    let joined = u.new_chat_member.is_present() && !u.old_chat_member.is_present();
    (joined && !u.chat.is_private()).then(|| Event::Joined {
        chat: ChatId(u.chat.id.0),
        by: Some(sender(&u.from)),
    })
}

/// The event an update carries, if it is one the bot acts on.
pub fn event(update: &Update) -> Option<Event> {
    match &update.kind {
        UpdateKind::Message(m) => message_event(m),
        UpdateKind::CallbackQuery(q) => {
            let msg = q.message.as_ref()?;
            Some(Event::Press(ButtonPress {
                callback_id: q.id.0.clone(),
                chat: ChatId(msg.chat().id.0),
                private: msg.chat().is_private(),
                message: MessageId(i64::from(msg.id().0)),
                from: sender(&q.from),
                data: q.data.clone().unwrap_or_default(),
            }))
        }
        UpdateKind::MyChatMember(u) => member_event(u),
        _ => None,
    }
}
