//! The village's people and places: setting a village up ([`setup`]), appointing cadres, chiefs,
//! households, teams and volunteers ([`appoint`]), showing and changing the roster ([`admin`]),
//! importing it from a workbook or CSV file ([`import`], [`sheet`]), and requests others approve ([`approve`]).

pub mod admin;
pub mod appoint;
pub mod approve;
pub mod import;
pub mod setup;
pub mod sheet;
