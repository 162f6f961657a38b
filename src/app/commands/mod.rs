//! Slash commands: reading them ([`args`]), the registry that checks permissions and dispatches
//! each to its handler ([`registry`]), and `/help` ([`help`]). Handlers live with their
//! capability (ticket, roster, notices, reports) and import only [`args`].

pub mod args;
pub mod help;
pub mod pick;
pub mod registry;
