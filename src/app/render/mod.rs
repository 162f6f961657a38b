//! Rendering: plain text made safe for HTML ([`text`]), the locale-bound [`view::View`], and how
//! tickets read in chats ([`ticket`]).

pub mod split;
pub mod text;
pub mod ticket;
pub mod view;
