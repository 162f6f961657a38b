//! The compact callback data carried by inline buttons. Telegram allows 64 bytes, so a press
//! carries ids only; anything that is not our own encoding decodes to nothing.

use crate::domain::{Action, Category, PersonId, TicketId};

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
    /// "Correct" on a card: send the presser the corrections they may make.
    Fixes(TicketId),
    /// One correction of intake's verdict.
    Fix(TicketId, Fix),
}

/// A correction of what intake decided about a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    NotARequest,
    Urgent(bool),
    Category(Category),
}

impl Fix {
    /// The action on the ticket this correction asks for.
    pub fn action(self) -> Action {
        match self {
            Fix::NotARequest => Action::NotARequest,
            Fix::Urgent(on) => Action::Urgency(on),
            Fix::Category(c) => Action::Recategorize(c),
        }
    }

    fn code(self) -> i64 {
        match self {
            Fix::NotARequest => 0,
            Fix::Urgent(true) => 1,
            Fix::Urgent(false) => 2,
            Fix::Category(c) => 10 + Category::ALL.iter().position(|x| *x == c).unwrap_or(7) as i64,
        }
    }

    fn from_code(code: i64) -> Option<Fix> {
        match code {
            0 => Some(Fix::NotARequest),
            1 => Some(Fix::Urgent(true)),
            2 => Some(Fix::Urgent(false)),
            10..=17 => Category::ALL
                .get(usize::try_from(code - 10).ok()?)
                .map(|c| Fix::Category(*c)),
            _ => None,
        }
    }
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
            | Press::StillFixed(t, _)
            | Press::Fixes(t)
            | Press::Fix(t, _) => Some(t),
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
            Press::Fixes(t) => format!("x:{t}"),
            Press::Fix(t, fix) => format!("c:{t}:{}", fix.code()),
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
            ("x", None) => Some(Press::Fixes(t)),
            ("c", Some(code)) => Fix::from_code(code).map(|f| Press::Fix(t, f)),
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
            Press::Fixes(big),
            Press::Fix(big, Fix::NotARequest),
            Press::Fix(big, Fix::Urgent(true)),
            Press::Fix(TicketId(1), Fix::Urgent(false)),
            Press::Fix(big, Fix::Category(Category::Other)),
            Press::Fix(big, Fix::Category(Category::Repair)),
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
            "x:1:2",
            "c:1",
            "c:1:3",
            "c:1:18",
            "c:1:-1",
        ] {
            assert_eq!(Press::decode(d), None, "{d}");
        }
    }
}
