//! The outbox: what the app owes to chats ([`message`]), the data its buttons carry ([`press`]),
//! and the sender that delivers it ([`delivery`]), falling back to the group when a private
//! chat is closed ([`fallback`]).

pub mod delivery;
pub mod fallback;
pub mod lease;
pub mod message;
pub mod pace;
pub mod press;
pub mod queues;
pub mod quiet;
pub mod sender;
