//! Deadlines that hold: the timers each ticket and village needs ([`plan`]), one step of timed
//! work ([`tick`]), what the timers say ([`reminders`]), and reminders merged per person
//! ([`bundle`]). The scheduler's loop in `crate::scheduler` only calls [`tick::tick`].

pub mod bundle;
pub mod plan;
pub mod reminders;
pub mod tick;
