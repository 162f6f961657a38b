//! Where a ticket is in its life, with stable keys for storage.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a ticket is in its life. "Reopened" is an event that leads back to `Assigned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    New,
    Assigned,
    InProgress,
    Resolved,
    Closed,
    Cancelled,
}

impl TicketState {
    pub const ALL: [TicketState; 6] = [
        TicketState::New,
        TicketState::Assigned,
        TicketState::InProgress,
        TicketState::Resolved,
        TicketState::Closed,
        TicketState::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketState::New => "new",
            TicketState::Assigned => "assigned",
            TicketState::InProgress => "in_progress",
            TicketState::Resolved => "resolved",
            TicketState::Closed => "closed",
            TicketState::Cancelled => "cancelled",
        }
    }

    /// Open tickets still need someone to act.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TicketState::New | TicketState::Assigned | TicketState::InProgress
        )
    }

    pub fn is_final(self) -> bool {
        matches!(self, TicketState::Closed | TicketState::Cancelled)
    }
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown ticket state `{0}`")]
pub struct UnknownState(pub String);

impl FromStr for TicketState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TicketState::ALL
            .into_iter()
            .find(|t| t.key() == s)
            .ok_or_else(|| UnknownState(s.to_string()))
    }
}
