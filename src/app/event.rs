//! What arrives from a chat, as the app sees it: messages, button presses, group changes.

use chrono::{DateTime, Utc};

use crate::domain::{ChatId, MessageId, UserId};

/// Who sent something, as the transport saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub user: UserId,
    pub username: Option<String>,
    pub name: String,
    /// The client's language code, e.g. "zh-hans" or "en".
    pub lang: Option<String>,
}

/// What a message carries besides words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    Photo,
    Video,
    Voice,
}

impl MediaKind {
    pub fn key(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Video => "video",
            MediaKind::Voice => "voice",
        }
    }

    pub fn from_key(key: &str) -> Option<MediaKind> {
        [MediaKind::Photo, MediaKind::Video, MediaKind::Voice]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// A photo (its largest size), video or voice message, by its Telegram file id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub kind: MediaKind,
    pub file_id: String,
}

/// A location pin, in millionths of a degree (whole numbers keep events comparable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    pub lat_e6: i64,
    pub lon_e6: i64,
}

/// The message a message answers, when a person (not the bot) wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replied {
    pub message: MessageId,
    pub from: Sender,
    /// Its words or caption ("" for a voice message or a bare photo).
    pub text: String,
    pub media: Option<Media>,
}

/// A message in a group or a private chat: words, a captioned or bare photo, a video, a voice
/// message or a location pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub chat: ChatId,
    pub private: bool,
    pub message: MessageId,
    pub from: Sender,
    /// The words; a photo's or video's caption.
    pub text: String,
    pub media: Option<Media>,
    pub pin: Option<Pin>,
    pub reply_to: Option<MessageId>,
    /// The message answered, when a person wrote it.
    pub replied: Option<Box<Replied>>,
    /// Whether the sender administers the group; asked only for commands that need it.
    pub sender_is_admin: bool,
}

/// A pressed inline button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonPress {
    pub callback_id: String,
    pub chat: ChatId,
    pub private: bool,
    pub message: MessageId,
    pub from: Sender,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Message(ChatMessage),
    Press(ButtonPress),
    /// The bot was added to a group.
    Joined {
        chat: ChatId,
        by: Option<Sender>,
    },
    /// A group became a supergroup with a new id.
    Migrated {
        from: ChatId,
        to: ChatId,
    },
}

/// One event with its transport id (for de-duplication) and the time it is handled at.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub update_id: Option<i64>,
    pub now: DateTime<Utc>,
    pub event: Event,
}

/// Whether an event changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Done,
    /// Its effects were committed before: nothing was done again.
    Duplicate,
}

/// Text as the store can keep it on every backend: control characters other than line breaks
/// and tabs (PostgreSQL refuses NUL in text) are dropped.
fn clean(text: &mut String) {
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        text.retain(|c| !c.is_control() || c == '\n' || c == '\t');
    }
}

impl Event {
    /// The chat the event happened in; a chat's events are handled in order.
    pub fn chat(&self) -> ChatId {
        match self {
            Event::Message(m) => m.chat,
            Event::Press(p) => p.chat,
            Event::Joined { chat, .. } => *chat,
            Event::Migrated { from, .. } => *from,
        }
    }

    /// The event with everything a person typed made safe to store.
    pub fn cleaned(mut self) -> Event {
        let from = match &mut self {
            Event::Message(m) => {
                clean(&mut m.text);
                Some(&mut m.from)
            }
            Event::Press(p) => {
                clean(&mut p.data);
                Some(&mut p.from)
            }
            Event::Joined { by, .. } => by.as_mut(),
            Event::Migrated { .. } => None,
        };
        if let Some(from) = from {
            clean(&mut from.name);
            if let Some(u) = from.username.as_mut() {
                clean(u);
            }
        }
        self
    }
}

impl ChatMessage {
    /// The photo's file id, when the message is one.
    pub fn photo(&self) -> Option<&str> {
        self.media
            .as_ref()
            .filter(|m| m.kind == MediaKind::Photo)
            .map(|m| m.file_id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped() {
        let mut s = "a\u{0}b\nc\u{7}".to_string();
        clean(&mut s);
        assert_eq!(s, "ab\nc");
    }
}
