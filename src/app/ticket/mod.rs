//! A ticket after intake: carrying out actions on it ([`act`]) as the domain rules allow, the card
//! in the group, prompts, closure notices, history; the buttons and replies that act on it; and
//! the ticket commands (`/assign`, `/close`, `/list`, `/ticket` in [`desk`]; `/tier`, `/urgent`,
//! `/note`, `/merge` in [`manage`]; `/category`, `/not_request` and the card's correction button in
//! [`correct`]); what urgency sets off ([`urgency`]).

pub mod act;
pub mod card;
pub mod closure;
pub mod correct;
pub mod desk;
pub mod history;
pub mod manage;
pub mod media;
pub mod press;
pub mod prompt;
pub mod relation;
pub mod reply;
pub mod urgency;
