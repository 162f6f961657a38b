//! Care households (关爱户): a cadre marks a household red, yellow or green (`commands`); its
//! chief is reminded when a visit falls due, then as overdue, then the duty cadre is told
//! (`round`); a visit is recorded by replying to the reminder or with `/visit`, and a visit note
//! that describes a need becomes a ticket (`visit`). Levels, reasons and notes never reach a group.

pub mod commands;
pub mod find;
pub mod round;
pub mod view;
pub mod visit;
