//! Use cases: one incoming event in; state changes, audit events and outgoing messages out, in one
//! transaction. Knows nothing of Telegram. [`router`] is the front door; each folder is one
//! capability (intake, ticket, commands, notices, reports, roster, timers, outbox, points, care), and
//! [`context`] holds the unit of work they all share.

pub mod batch;
pub mod care;
pub mod commands;
pub mod context;
pub mod csv;
pub mod dashboard;
pub mod event;
pub mod health;
pub mod intake;
pub mod lanes;
pub mod metrics;
pub mod notices;
pub mod outbox;
pub mod points;
pub mod reach;
pub mod render;
pub mod reports;
pub mod roster;
pub mod router;
pub mod ticket;
pub mod timers;
pub mod township;

pub use context::{App, AppError, Ctx};
pub use event::{
    ButtonPress, ChatMessage, Event, Handled, Incoming, Media, MediaKind, Pin, Replied, Sender,
};
