//! The village's people and places: setting a village up ([`setup`]), appointing cadres, chiefs,
//! households, teams and volunteers ([`appoint`]), showing and changing the roster ([`admin`]),
//! and importing it from a spreadsheet ([`import`]).

pub mod admin;
pub mod appoint;
pub mod import;
pub mod setup;
