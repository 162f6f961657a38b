//! The ticket entity and its rules: the lifecycle table ([`decide`]) and [`apply`], which turns an
//! accepted action into the changed ticket and the events to record. Pure: no clock, no I/O.

mod action;
mod apply;
mod state;
mod table;
#[cfg(test)]
mod tests;

pub use action::{Action, Actor, Refusal, TicketEvent};
pub use apply::{apply, Applied, Circumstances, Deadlines};
pub use state::{TicketState, UnknownState};
pub use table::{decide, Transition};

use super::routing::{Holder, Level};
use super::{Category, ChatId, MessageId, PersonId, TicketId, TicketNo, Tier, VillageId};

/// A ticket: one resident's request, where it stands and who holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: TicketId,
    pub village: VillageId,
    pub no: TicketNo,
    pub requester: PersonId,
    /// The group the request was made in, and the message it was made with.
    pub chat: ChatId,
    pub source_message: MessageId,
    pub body: String,
    pub category: Category,
    pub tier: Tier,
    pub urgent: bool,
    pub location: Option<String>,
    pub state: TicketState,
    pub level: Level,
    pub holder: Option<Holder>,
    pub last_note: Option<String>,
    pub deadline_at: i64,
    pub created_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub rating: Option<i64>,
    /// The card the bot keeps up to date in the group, once it is delivered.
    pub card_message: Option<MessageId>,
}

impl Ticket {
    /// The request's message, to reply to in `chat`, when the ticket was asked for there (a
    /// ticket ordered privately has no message in the group).
    pub fn source_in(&self, chat: ChatId) -> Option<MessageId> {
        (self.chat == chat).then_some(self.source_message)
    }

    /// Private matters (disputes, assistance) keep their details out of the group.
    pub fn is_private(&self) -> bool {
        self.category.is_sensitive()
    }

    /// Whether someone may read the ticket's words and history: anyone for an ordinary ticket; for
    /// a private matter only those involved, and only in a private chat.
    pub fn shows_details_to(&self, actor: &Actor, in_private_chat: bool) -> bool {
        !self.is_private() || (in_private_chat && actor.involved())
    }

    /// Whether `duplicate` may be merged into this ticket: another ticket, and this one still open
    /// to follow.
    pub fn takes_duplicate(&self, duplicate: &Ticket) -> bool {
        duplicate.id != self.id && !self.state.is_final()
    }
}
