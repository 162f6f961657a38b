//! Evaluation: `/stats` for a village, chief or team ([`stats`]), the weekly ranking of chiefs and
//! teams ([`weekly`]), and the export of tickets, points, care households and visits as CSV or
//! a workbook ([`export`], [`tables`]).

pub mod export;
pub mod extras;
pub mod stats;
pub mod tables;
pub mod weekly;
