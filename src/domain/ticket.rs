//! The ticket state machine: `(state, action, actor) → (new state, events)` or a refusal with a reason.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Tier;

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

/// How the person acting relates to the ticket; one person can hold several relations at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    pub requester: bool,
    /// The person the ticket is assigned to.
    pub assignee: bool,
    /// A member of the team the ticket is assigned to (captains are members too).
    pub team_member: bool,
    pub captain: bool,
    /// A cadre of the ticket's village (or a super-admin).
    pub cadre: bool,
    /// The chief of the requester's neighbourhood (acts on it although someone else holds it).
    pub neighbourhood_chief: bool,
    /// The bot itself (timers).
    pub system: bool,
}

impl Actor {
    pub fn system() -> Self {
        Actor {
            system: true,
            ..Actor::default()
        }
    }

    fn handles(&self) -> bool {
        self.assignee || self.team_member || self.cadre || self.neighbourhood_chief
    }
}

/// What someone asks to do with a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Route or re-route to a holder (cadre, or the bot at creation).
    Assign,
    /// A captain hands a team ticket to one member.
    Dispatch,
    /// The holder (or, for a team ticket, any member) accepts: 接单.
    Take,
    /// A progress note the requester sees on the card.
    Note(String),
    Done(String),
    /// The holder passes the ticket one step up the ladder; `at_top` when there is no step left.
    PassUp {
        reason: String,
        at_top: bool,
    },
    Rate(u8),
    Close(String),
    Reopen,
    Cancel,
    /// A resolved ticket nobody rated closes itself.
    AutoClose,
    /// The requester answers "is it still fixed?" some days after closing.
    FollowUp {
        still_fixed: bool,
    },
    /// A cadre changes the tier (and with it the deadline).
    Retier(Tier),
    /// A cadre marks the ticket a duplicate of another one (named in the note).
    Merge(String),
}

/// What happened, as stored in the append-only event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketEvent {
    Assigned,
    Dispatched,
    Taken,
    Noted(String),
    Resolved(String),
    Escalated(String),
    Rated(u8),
    Closed(String),
    Reopened,
    Cancelled,
    /// The requester confirmed the fix held.
    Confirmed,
    /// The tier changed (note: old → new).
    Retiered(String),
    /// Merged into another ticket as a duplicate.
    Merged(String),
}

impl TicketEvent {
    /// Stable key for the event log.
    pub fn key(&self) -> &'static str {
        match self {
            TicketEvent::Assigned => "assigned",
            TicketEvent::Dispatched => "dispatched",
            TicketEvent::Taken => "taken",
            TicketEvent::Noted(_) => "noted",
            TicketEvent::Resolved(_) => "resolved",
            TicketEvent::Escalated(_) => "escalated",
            TicketEvent::Rated(_) => "rated",
            TicketEvent::Closed(_) => "closed",
            TicketEvent::Reopened => "reopened",
            TicketEvent::Cancelled => "cancelled",
            TicketEvent::Confirmed => "confirmed",
            TicketEvent::Retiered(_) => "retiered",
            TicketEvent::Merged(_) => "merged",
        }
    }

    pub fn note(&self) -> Option<String> {
        match self {
            TicketEvent::Noted(n)
            | TicketEvent::Resolved(n)
            | TicketEvent::Escalated(n)
            | TicketEvent::Closed(n)
            | TicketEvent::Retiered(n)
            | TicketEvent::Merged(n) => Some(n.clone()).filter(|n| !n.is_empty()),
            TicketEvent::Rated(r) => Some(r.to_string()),
            _ => None,
        }
    }
}

/// Why an action was refused; each maps to a localized sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the ticket is {0} and cannot be changed that way")]
    WrongState(TicketState),
    #[error("you are not allowed to do that on this ticket")]
    NotAllowed,
    #[error("only the person who asked may rate")]
    NotRequester,
    #[error("a rating is a number from 1 to 5")]
    BadRating,
    #[error("there is no higher level to pass this ticket to")]
    AtTop,
    #[error("the ticket already has that state")]
    AlreadyThere,
}

impl Refusal {
    /// The locale key of the sentence shown to the user.
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::WrongState(_) => "refused-wrong-state",
            Refusal::NotAllowed => "refused-not-allowed",
            Refusal::NotRequester => "refused-not-requester",
            Refusal::BadRating => "refused-bad-rating",
            Refusal::AtTop => "refused-at-top",
            Refusal::AlreadyThere => "refused-already-there",
        }
    }
}

/// The outcome of an accepted action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub state: TicketState,
    pub events: Vec<TicketEvent>,
}

fn to(state: TicketState, event: TicketEvent) -> Result<Transition, Refusal> {
    Ok(Transition {
        state,
        events: vec![event],
    })
}

/// Decide an action. Pure: the caller supplies who acts and what holds now.
pub fn decide(state: TicketState, action: &Action, actor: &Actor) -> Result<Transition, Refusal> {
    use TicketState as S;
    let wrong = Err(Refusal::WrongState(state));
    match action {
        Action::Assign => {
            if !(actor.cadre || actor.system) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress => to(S::Assigned, TicketEvent::Assigned),
                _ => wrong,
            }
        }
        Action::Dispatch => {
            if !(actor.captain || actor.cadre) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::Assigned | S::InProgress => to(S::Assigned, TicketEvent::Dispatched),
                _ => wrong,
            }
        }
        Action::Take => {
            if !(actor.assignee || actor.team_member) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::Assigned => to(S::InProgress, TicketEvent::Taken),
                S::InProgress => Err(Refusal::AlreadyThere),
                _ => wrong,
            }
        }
        Action::Note(text) => {
            if !(actor.handles() || actor.requester) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress | S::Resolved => {
                    to(state, TicketEvent::Noted(text.clone()))
                }
                _ => wrong,
            }
        }
        Action::Done(note) => {
            if !actor.handles() {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::Assigned | S::InProgress => to(S::Resolved, TicketEvent::Resolved(note.clone())),
                _ => wrong,
            }
        }
        Action::PassUp { reason, at_top } => {
            if !(actor.handles() || actor.system) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress if *at_top => Err(Refusal::AtTop),
                S::New | S::Assigned | S::InProgress => {
                    to(S::Assigned, TicketEvent::Escalated(reason.clone()))
                }
                _ => wrong,
            }
        }
        Action::Rate(stars) => {
            if !actor.requester {
                return Err(Refusal::NotRequester);
            }
            if !(1..=5).contains(stars) {
                return Err(Refusal::BadRating);
            }
            match state {
                S::Resolved if *stars <= 2 => Ok(Transition {
                    state: S::Assigned,
                    events: vec![TicketEvent::Rated(*stars), TicketEvent::Reopened],
                }),
                S::Resolved => Ok(Transition {
                    state: S::Closed,
                    events: vec![
                        TicketEvent::Rated(*stars),
                        TicketEvent::Closed(String::new()),
                    ],
                }),
                _ => wrong,
            }
        }
        Action::Close(note) => {
            if !actor.cadre {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress | S::Resolved => {
                    to(S::Closed, TicketEvent::Closed(note.clone()))
                }
                _ => wrong,
            }
        }
        Action::Reopen => {
            if !actor.cadre {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::Resolved | S::Closed => to(S::Assigned, TicketEvent::Reopened),
                _ => wrong,
            }
        }
        Action::Cancel => {
            if !(actor.cadre || actor.requester) {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress => to(S::Cancelled, TicketEvent::Cancelled),
                _ => wrong,
            }
        }
        Action::AutoClose => {
            if !actor.system {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::Resolved => to(S::Closed, TicketEvent::Closed(String::new())),
                _ => wrong,
            }
        }
        Action::Retier(tier) => {
            if !actor.cadre {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress => {
                    to(state, TicketEvent::Retiered(tier.key().to_string()))
                }
                _ => wrong,
            }
        }
        Action::Merge(into) => {
            if !actor.cadre {
                return Err(Refusal::NotAllowed);
            }
            match state {
                S::New | S::Assigned | S::InProgress => {
                    to(S::Cancelled, TicketEvent::Merged(into.clone()))
                }
                _ => wrong,
            }
        }
        Action::FollowUp { still_fixed } => {
            if !actor.requester {
                return Err(Refusal::NotRequester);
            }
            match (state, still_fixed) {
                (S::Closed, true) => to(S::Closed, TicketEvent::Confirmed),
                (S::Closed, false) => to(S::Assigned, TicketEvent::Reopened),
                _ => wrong,
            }
        }
    }
}

#[cfg(test)]
mod tests;
