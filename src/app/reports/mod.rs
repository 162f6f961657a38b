//! Evaluation: `/stats` for a village, chief or team ([`stats`]), the weekly ranking of chiefs and
//! teams ([`weekly`]), and the CSV export of tickets and events ([`export`]).

pub mod export;
pub mod stats;
pub mod weekly;
