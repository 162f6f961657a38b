//! Identifier newtypes, so a ticket number can never be passed where a chat id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_newtype!(
    /// Row id of a village.
    VillageId
);
id_newtype!(
    /// Row id of a person (known by Telegram id, or so far only by @username).
    PersonId
);
id_newtype!(
    /// Row id of a volunteer team.
    TeamId
);
id_newtype!(
    /// Global row id of a ticket (residents see the per-village `TicketNo`).
    TicketId
);
id_newtype!(
    /// A Telegram user id.
    UserId
);
id_newtype!(
    /// A Telegram chat id (negative for groups).
    ChatId
);
impl ChatId {
    /// Telegram numbers a private chat by its user's id (above zero) and groups below zero.
    pub fn is_private(self) -> bool {
        self.0 > 0
    }
}

id_newtype!(
    /// A Telegram message id within one chat.
    MessageId
);

/// A ticket's number within its village, shown as `#7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketNo(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a ticket number like #12")]
pub struct BadTicketNo(pub String);

impl TicketNo {
    pub fn new(n: i64) -> Result<Self, BadTicketNo> {
        if n >= 1 {
            Ok(TicketNo(n))
        } else {
            Err(BadTicketNo(n.to_string()))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl FromStr for TicketNo {
    type Err = BadTicketNo;

    /// Accepts `#12`, `12`, `＃12` (full-width, as Chinese keyboards type it) and `№12`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = t.trim_start_matches(['#', '＃', '№']);
        digits
            .parse::<i64>()
            .ok()
            .and_then(|n| TicketNo::new(n).ok())
            .ok_or_else(|| BadTicketNo(t.to_string()))
    }
}

impl fmt::Display for TicketNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_numbers_parse_in_every_spelling() {
        for s in ["#12", "12", "＃12", " #12 "] {
            assert_eq!(s.parse::<TicketNo>().map(TicketNo::get), Ok(12));
        }
        for s in ["#0", "#-3", "abc", "#", "", "#99999999999999999999"] {
            assert!(s.parse::<TicketNo>().is_err(), "{s}");
        }
        assert_eq!(TicketNo::new(7).map(|n| n.to_string()), Ok("#7".into()));
    }
}
