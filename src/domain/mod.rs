//! The pure domain: ticket lifecycle, categories, deadlines, roles and routing. No I/O, no clock.

pub mod care;
pub mod category;
pub mod clock;
pub mod duration;
pub mod ids;
pub mod intake;
pub mod points;
pub mod roles;
pub mod routing;
pub mod stats;
pub mod ticket;
pub mod timers;

pub use category::{Category, Tier};
pub use duration::Span;
pub use ids::{ChatId, MessageId, PersonId, TeamId, TicketId, TicketNo, UserId, VillageId};
pub use ticket::{Action, Actor, Refusal, Ticket, TicketEvent, TicketState};
