//! Messages the app owes to chats, as stored in the outbox until the sender delivers them.

use serde::{Deserialize, Serialize};

use crate::app::render::split::{first_piece, split, MAX_CAPTION, MAX_TEXT};
use crate::domain::{ChatId, MessageId, TicketId};
use crate::store::outbox::{self, NewItem};
use crate::store::StoreError;

/// Telegram's limit on a button's toast, in characters.
const MAX_TOAST: usize = 200;

/// An inline button: its label and the callback data it sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub text: String,
    pub data: String,
}

/// What the sender delivers. The chat is stored beside it in the outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outgoing {
    /// A new message (HTML), optionally a reply, optionally with buttons (rows of buttons).
    Send {
        text: String,
        reply_to: Option<MessageId>,
        buttons: Vec<Vec<Button>>,
    },
    /// Replace the text of a ticket's card in place.
    EditCard {
        text: String,
        buttons: Vec<Vec<Button>>,
    },
    /// Replace the text of a message the bot sent earlier (an announcement's tally).
    Edit {
        message: MessageId,
        text: String,
        buttons: Vec<Vec<Button>>,
    },
    /// A text file (a CSV export).
    Document { filename: String, content: String },
    /// A binary file (a workbook), base64 in the outbox.
    File { filename: String, base64: String },
    /// A photo, video or voice message already on Telegram (by file id), with an HTML caption
    /// and optionally buttons.
    Media {
        /// photo, video or voice
        media: String,
        file_id: String,
        caption: String,
        reply_to: Option<MessageId>,
        #[serde(default)]
        buttons: Vec<Vec<Button>>,
    },
    /// Stop the spinner on a pressed button, optionally with a short toast.
    Answer {
        callback_id: String,
        text: Option<String>,
    },
}

impl Outgoing {
    pub fn kind(&self) -> &'static str {
        match self {
            Outgoing::Send { .. } => "send",
            Outgoing::EditCard { .. } => "edit_card",
            Outgoing::Edit { .. } => "edit",
            Outgoing::Document { .. } | Outgoing::File { .. } => "document",
            Outgoing::Media { .. } => "media",
            Outgoing::Answer { .. } => "answer",
        }
    }

    /// The words and buttons a delivered message shows, for one that may carry buttons.
    pub fn shown(&self) -> Option<(&str, &[Vec<Button>])> {
        match self {
            Outgoing::Send { text, buttons, .. }
            | Outgoing::Edit { text, buttons, .. }
            | Outgoing::EditCard { text, buttons }
            | Outgoing::Media {
                caption: text,
                buttons,
                ..
            } => Some((text, buttons)),
            _ => None,
        }
    }

    /// This message as Telegram accepts it: a long text split into several messages (the first
    /// keeps the reply, the last the buttons), an edit or a toast shortened, nothing empty.
    pub fn pieces(self) -> Vec<Outgoing> {
        match self {
            Outgoing::Send {
                text,
                reply_to,
                buttons,
            } => {
                let mut parts: Vec<Outgoing> = split(&text, MAX_TEXT)
                    .into_iter()
                    .map(|text| Outgoing::Send {
                        text,
                        reply_to: None,
                        buttons: vec![],
                    })
                    .collect();
                if let Some(Outgoing::Send { reply_to: r, .. }) = parts.first_mut() {
                    *r = reply_to;
                }
                if let Some(Outgoing::Send { buttons: b, .. }) = parts.last_mut() {
                    *b = buttons;
                }
                parts
            }
            Outgoing::EditCard { text, buttons } => vec![Outgoing::EditCard {
                text: first_piece(&text, MAX_TEXT),
                buttons,
            }],
            Outgoing::Edit {
                message,
                text,
                buttons,
            } => vec![Outgoing::Edit {
                message,
                text: first_piece(&text, MAX_TEXT),
                buttons,
            }],
            Outgoing::Answer { callback_id, text } => vec![Outgoing::Answer {
                callback_id,
                text: text.map(|t| t.chars().take(MAX_TOAST).collect()),
            }],
            Outgoing::Media {
                media,
                file_id,
                caption,
                reply_to,
                buttons,
            } => vec![Outgoing::Media {
                media,
                file_id,
                caption: first_piece(&caption, MAX_CAPTION),
                reply_to,
                buttons,
            }],
            document @ (Outgoing::Document { .. } | Outgoing::File { .. }) => vec![document],
        }
    }
}

/// Queues `out` for `chat` in the caller's transaction, split as Telegram needs it; returns how
/// many messages were queued.
pub async fn queue(
    conn: &mut sqlx::AnyConnection,
    chat: ChatId,
    out: Outgoing,
    about: (Option<TicketId>, Purpose),
    now: i64,
) -> Result<usize, StoreError> {
    if let (Outgoing::Send { .. } | Outgoing::Media { .. }, Some(ticket)) = (&out, about.0) {
        if !chat.is_private() && !has_room(conn, chat, ticket, about.1).await? {
            tracing::debug!(%chat, ticket = ticket.0, "a ticket's group messages are spent: not sent");
            return Ok(0);
        }
    }
    let pieces = out.pieces();
    for piece in &pieces {
        let payload =
            serde_json::to_string(piece).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let item = NewItem {
            chat,
            kind: piece.kind(),
            payload: &payload,
            ticket: about.0,
            purpose: about.1.key(),
        };
        outbox::push(conn, item, now).await?;
    }
    Ok(pieces.len())
}

/// New group messages one ticket may cost over its whole life: its card (or its line in a
/// group's acknowledgement), its closure and one more. Reminders and prompts beyond that are not
/// posted: the card shows the holder and carries their buttons.
pub const GROUP_MESSAGES_PER_TICKET: i64 = 3;

/// Whether one more new message about `ticket` may go to the group `chat`: the card always;
/// anything else while the ticket has spent less than its allowance, but before its closure is
/// out, room is kept for the closure.
pub async fn has_room(
    conn: &mut sqlx::AnyConnection,
    chat: ChatId,
    ticket: TicketId,
    purpose: Purpose,
) -> Result<bool, StoreError> {
    if purpose == Purpose::Card {
        return Ok(true);
    }
    let (spent, closures) = outbox::ticket_sends(conn, ticket, chat).await?;
    Ok(match purpose {
        _ if spent >= GROUP_MESSAGES_PER_TICKET => false,
        Purpose::Closure => true,
        _ => closures > 0 || spent < GROUP_MESSAGES_PER_TICKET - 1,
    })
}

/// Why a message was sent; decides what the sender records once it is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A ticket card: its message id is stored on the ticket and linked to it.
    Card,
    /// A prompt to the responsible person: replies to it act on the ticket.
    Prompt,
    /// The closure notice with rating buttons.
    Closure,
    /// A question whether to record a message as a ticket.
    Ask,
    /// A group's acknowledgement of several new tickets, kept up to date when delivered.
    Ack,
    /// A reminder of care visits: a reply to it records a visit.
    Visit,
    /// Anything else.
    Info,
}

impl Purpose {
    pub fn key(self) -> &'static str {
        match self {
            Purpose::Card => "card",
            Purpose::Prompt => "prompt",
            Purpose::Closure => "closure",
            Purpose::Ask => "ask",
            Purpose::Ack => "ack",
            Purpose::Visit => "visit",
            Purpose::Info => "info",
        }
    }

    pub fn from_key(key: &str) -> Purpose {
        match key {
            "card" => Purpose::Card,
            "prompt" => Purpose::Prompt,
            "closure" => Purpose::Closure,
            "ask" => Purpose::Ask,
            "ack" => Purpose::Ack,
            "visit" => Purpose::Visit,
            _ => Purpose::Info,
        }
    }

    /// Whether replies and buttons on the delivered message should find its ticket.
    pub fn links_ticket(self) -> bool {
        matches!(self, Purpose::Card | Purpose::Prompt | Purpose::Closure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::outbox::press::Press;
    use crate::domain::TicketId;

    #[test]
    fn outgoing_survives_the_outbox() {
        let o = Outgoing::Send {
            text: "<b>hi</b>".into(),
            reply_to: Some(MessageId(4)),
            buttons: vec![vec![Button {
                text: "ok".into(),
                data: Press::Accept(TicketId(1)).encode(),
            }]],
        };
        let json = serde_json::to_string(&o).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Outgoing>(&json).ok(), Some(o));
    }
}
