//! What the village hears besides its tickets: announcements with a live acknowledgement tally
//! ([`announce`]) and the morning digests ([`digest`]).

pub mod announce;
pub mod digest;
