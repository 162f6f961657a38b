//! Messages the app owes to chats, and the compact callback data carried by their buttons.

use serde::{Deserialize, Serialize};

use crate::domain::{MessageId, PersonId, TicketId};

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

/// A button press, decoded. Callback data is at most 64 bytes, so it carries ids only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Accept(TicketId),
    Done(TicketId),
    PassUp(TicketId),
    Rate(TicketId, u8),
    /// A captain hands a team ticket to a member.
    Dispatch(TicketId, PersonId),
    /// The poster answers whether a message should become a ticket.
    Record(i64, bool),
    /// The requester answers "is it still fixed?".
    StillFixed(TicketId, bool),
    /// "Got it" on an announcement.
    Ack(i64),
}

impl Press {
    pub fn encode(self) -> String {
        match self {
            Press::Accept(t) => format!("a:{t}"),
            Press::Done(t) => format!("d:{t}"),
            Press::PassUp(t) => format!("u:{t}"),
            Press::Rate(t, n) => format!("r:{t}:{n}"),
            Press::Dispatch(t, p) => format!("p:{t}:{p}"),
            Press::Record(id, yes) => format!("i:{id}:{}", u8::from(yes)),
            Press::StillFixed(t, yes) => format!("f:{t}:{}", u8::from(yes)),
            Press::Ack(id) => format!("k:{id}"),
        }
    }

    /// Anything that is not our own encoding (old buttons, forged data) decodes to `None`.
    pub fn decode(data: &str) -> Option<Press> {
        let mut parts = data.split(':');
        let tag = parts.next()?;
        let a: i64 = parts.next()?.parse().ok()?;
        let b = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let b: Option<i64> = match b {
            Some(b) => Some(b.parse().ok()?),
            None => None,
        };
        let t = TicketId(a);
        match (tag, b) {
            ("a", None) => Some(Press::Accept(t)),
            ("d", None) => Some(Press::Done(t)),
            ("u", None) => Some(Press::PassUp(t)),
            ("k", None) => Some(Press::Ack(a)),
            ("r", Some(n)) => u8::try_from(n).ok().map(|n| Press::Rate(t, n)),
            ("p", Some(p)) => Some(Press::Dispatch(t, PersonId(p))),
            ("i", Some(0)) => Some(Press::Record(a, false)),
            ("i", Some(1)) => Some(Press::Record(a, true)),
            ("f", Some(0)) => Some(Press::StillFixed(t, false)),
            ("f", Some(1)) => Some(Press::StillFixed(t, true)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_round_trip_within_64_bytes() {
        let big = TicketId(i64::MAX);
        for p in [
            Press::Accept(big),
            Press::Done(TicketId(1)),
            Press::PassUp(TicketId(2)),
            Press::Rate(big, 5),
            Press::Dispatch(big, PersonId(i64::MAX)),
            Press::Record(i64::MAX, true),
            Press::Record(3, false),
            Press::StillFixed(big, true),
            Press::StillFixed(TicketId(1), false),
            Press::Ack(i64::MAX),
        ] {
            let data = p.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Press::decode(&data), Some(p));
        }
    }

    #[test]
    fn garbage_decodes_to_nothing() {
        for d in [
            "",
            "x",
            "a:",
            "a:b",
            "r:1",
            "r:1:999",
            "i:1:2",
            "a:1:2",
            "a:1:2:3",
            "d:99999999999999999999",
        ] {
            assert_eq!(Press::decode(d), None, "{d}");
        }
    }

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
