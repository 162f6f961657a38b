//! Messages the app owes to chats, as stored in the outbox until the sender delivers them.

use serde::{Deserialize, Serialize};

use crate::domain::MessageId;

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
    /// A file (the CSV export).
    Document { filename: String, content: String },
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
            Outgoing::Document { .. } => "document",
            Outgoing::Answer { .. } => "answer",
        }
    }
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
            Purpose::Info => "info",
        }
    }

    pub fn from_key(key: &str) -> Purpose {
        match key {
            "card" => Purpose::Card,
            "prompt" => Purpose::Prompt,
            "closure" => Purpose::Closure,
            "ask" => Purpose::Ask,
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
