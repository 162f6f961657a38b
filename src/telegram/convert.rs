//! Translates Telegram updates into the app's transport-agnostic events.

use teloxide::types::{ChatMemberUpdated, Message, Update, UpdateKind, User};

use crate::app::{ButtonPress, ChatMessage, Event, Media, MediaKind, Pin, Replied, Sender};
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

/// The photo (largest size), video or voice a message carries.
fn media(m: &Message) -> Option<Media> {
    let (kind, file) = if let Some(sizes) = m.photo() {
        (MediaKind::Photo, &sizes.last()?.file)
    } else if let Some(v) = m.video() {
        (MediaKind::Video, &v.file)
    } else if let Some(v) = m.voice() {
        (MediaKind::Voice, &v.file)
    } else {
        return None;
    };
    Some(Media {
        kind,
        file_id: file.id.0.clone(),
    })
}

/// A location pin, in millionths of a degree; `None` for coordinates that are not on Earth.
fn pin(m: &Message) -> Option<Pin> {
    let l = m.location()?;
    let ok = l.latitude.abs() <= 90.0 && l.longitude.abs() <= 180.0;
    ok.then(|| Pin {
        lat_e6: (l.latitude * 1e6).round() as i64,
        lon_e6: (l.longitude * 1e6).round() as i64,
    })
}

/// The message answered, when a person wrote it.
fn replied(m: &Message) -> Option<Box<Replied>> {
    let r = m.reply_to_message()?;
    let from = r.from.as_ref().filter(|u| !u.is_bot)?;
    Some(Box::new(Replied {
        message: MessageId(i64::from(r.id.0)),
        from: sender(from),
        text: r.text().or(r.caption()).unwrap_or_default().to_string(),
        media: media(r),
    }))
}

fn message_event(m: &Message) -> Option<Event> {
    if let Some(to) = m.migrate_to_chat_id() {
        return Some(Event::Migrated {
            from: ChatId(m.chat.id.0),
            to: ChatId(to.0),
        });
    }
    let from = m.from.as_ref().filter(|u| !u.is_bot)?;
    let (media, pin) = (media(m), pin(m));
    let text = match m.text().or(m.caption()) {
        Some(text) => text,
        None if media.is_some() || pin.is_some() => "",
        None => return None,
    };
    Some(Event::Message(ChatMessage {
        chat: ChatId(m.chat.id.0),
        private: m.chat.is_private(),
        message: MessageId(i64::from(m.id.0)),
        from: sender(from),
        text: text.to_string(),
        media,
        pin,
        reply_to: m.reply_to_message().map(|r| MessageId(i64::from(r.id.0))),
        replied: replied(m),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// As Telegram writes it: `update_id` first (teloxide reads the fields in that order).
    fn update(message: serde_json::Value) -> Update {
        let text = format!(r#"{{"update_id": 1, "message": {message}}}"#);
        serde_json::from_str(&text).expect("an update")
    }

    fn user(id: i64) -> serde_json::Value {
        serde_json::json!({"id": id, "is_bot": false, "first_name": "U"})
    }

    #[test]
    fn voice_pins_and_answered_voice_are_read() {
        let chat = serde_json::json!({"id": -100, "type": "supergroup", "title": "g"});
        let voice = serde_json::json!({"message_id": 12, "date": 1, "chat": chat, "from": user(6),
            "voice": {"file_id": "v", "file_unique_id": "u", "duration": 7, "mime_type": "audio/ogg"}});
        let up = update(voice.clone());
        let Some(Event::Message(m)) = event(&up) else {
            panic!("a voice message is an event: {up:?}")
        };
        assert_eq!(m.media.map(|x| x.kind), Some(MediaKind::Voice));
        let answer = serde_json::json!({"message_id": 13, "date": 1, "chat": chat, "from": user(2),
            "text": "#报修", "reply_to_message": voice});
        let Some(Event::Message(m)) = event(&update(answer)) else {
            panic!("an answer is an event")
        };
        let r = m.replied.expect("answers a person");
        assert_eq!((r.message, r.from.user), (MessageId(12), UserId(6)));
        assert_eq!(r.media.map(|x| x.file_id), Some("v".to_string()));
        let pin = serde_json::json!({"message_id": 14, "date": 1, "chat": chat, "from": user(2),
            "location": {"latitude": 31.2304, "longitude": 121.4737}});
        let Some(Event::Message(m)) = event(&update(pin)) else {
            panic!("a pin is an event")
        };
        assert_eq!(
            m.pin,
            Some(Pin {
                lat_e6: 31_230_400,
                lon_e6: 121_473_700
            })
        );
    }
}
