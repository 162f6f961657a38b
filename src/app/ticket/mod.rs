//! A ticket after intake: carrying out actions on it ([`act`]) as the domain rules allow, the card
//! in the group, prompts, closure notices, history; the buttons and replies that act on it; and
//! the ticket commands (`/assign`, `/close`, `/list`, `/ticket` in [`desk`]; `/tier`, `/note`,
//! `/merge` in [`manage`]).

pub mod act;
pub mod card;
pub mod closure;
pub mod desk;
pub mod history;
pub mod manage;
pub mod press;
pub mod prompt;
pub mod relation;
pub mod reply;
