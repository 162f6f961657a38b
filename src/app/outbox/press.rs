//! The compact callback data carried by inline buttons. Telegram allows 64 bytes, so a press
//! carries ids only; anything that is not our own encoding decodes to nothing.

use crate::domain::{PersonId, TicketId};

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
    /// Approve or refuse a request (`store::approvals`).
    Approve(i64, bool),
    /// The village a private command is about, answering a question (`store::questions`).
    Village(i64, i64),
}

impl Press {
    /// The ticket a press acts on, if it is about one.
    pub fn ticket(self) -> Option<TicketId> {
        match self {
            Press::Accept(t)
            | Press::Done(t)
            | Press::PassUp(t)
            | Press::Rate(t, _)
            | Press::Dispatch(t, _)
            | Press::StillFixed(t, _) => Some(t),
            Press::Record(..) | Press::Ack(_) | Press::Approve(..) | Press::Village(..) => None,
        }
    }

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
            Press::Approve(id, yes) => format!("j:{id}:{}", u8::from(yes)),
            Press::Village(q, v) => format!("v:{q}:{v}"),
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
            ("j", Some(0)) => Some(Press::Approve(a, false)),
            ("j", Some(1)) => Some(Press::Approve(a, true)),
            ("v", Some(v)) => Some(Press::Village(a, v)),
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
            Press::Approve(i64::MAX, true),
            Press::Approve(1, false),
            Press::Village(i64::MAX, i64::MAX),
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
            "j:1:2",
            "v:1",
            "d:99999999999999999999",
        ] {
            assert_eq!(Press::decode(d), None, "{d}");
        }
    }
}
