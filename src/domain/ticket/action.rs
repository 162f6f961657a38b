//! The vocabulary of the lifecycle: who acts ([`Actor`]), what they ask ([`Action`]), what is
//! recorded ([`TicketEvent`]) and why a request is refused ([`Refusal`]).

use super::state::TicketState;
use crate::domain::category::{Category, Tier};
use crate::domain::ids::PersonId;
use crate::domain::routing::Route;

/// How the person acting relates to the ticket; one person can hold several relations at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    /// Who acts; `None` for the bot itself.
    pub person: Option<PersonId>,
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
    /// Whoever may correct what intake decided: a cadre, the requester's chief, the holder.
    pub fn corrects(&self) -> bool {
        self.cadre || self.neighbourhood_chief || self.assignee
    }

    pub fn system() -> Self {
        Actor {
            system: true,
            ..Actor::default()
        }
    }

    /// Whoever looks after the ticket: its holder, the holding team, a cadre or the chief.
    pub fn handles(&self) -> bool {
        self.assignee || self.team_member || self.cadre || self.neighbourhood_chief
    }

    /// Whoever may read a private matter's details: requester, holder, the holding team's
    /// approved members, the holder's captain, cadre.
    pub fn involved(&self) -> bool {
        self.requester || self.assignee || self.team_member || self.captain || self.cadre
    }
}

/// What someone asks to do with a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Route or re-route to a holder (cadre, or the bot at creation).
    Assign(Route),
    /// A captain hands a team ticket to one member.
    Dispatch(PersonId),
    /// The holder (or, for a team ticket, any member) accepts: 接单.
    Take,
    /// A progress note the requester sees on the card.
    Note(String),
    Done(String),
    /// The holder (or the deadline) passes the ticket one step up the escalation ladder.
    PassUp(String),
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
    /// Marks the ticket urgent (its deadline shortens to the urgent window) or not.
    Urgency(bool),
    /// Files the ticket under another category (a correction of intake).
    Recategorize(Category),
    /// The message was not a request after all: the ticket is withdrawn (a correction of intake).
    NotARequest,
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
    /// Marked urgent (`true`) or no longer urgent.
    Urgency(bool),
    /// Filed under another category (note: the new category's key).
    Recategorized(String),
    /// Withdrawn: the message was not a request.
    Dismissed,
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
            TicketEvent::Urgency(true) => "urgent",
            TicketEvent::Urgency(false) => "not_urgent",
            TicketEvent::Recategorized(_) => "recategorized",
            TicketEvent::Dismissed => "dismissed",
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
            | TicketEvent::Recategorized(n)
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
    #[error(
        "a private matter keeps its details private: it cannot be filed under a public category"
    )]
    StaysPrivate,
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
            Refusal::StaysPrivate => "refused-stays-private",
        }
    }
}
