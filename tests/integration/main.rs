//! Integration tests: the real bot against a fake Bot API, on SQLite and on PostgreSQL.

mod support;

mod admin;
mod announce;
mod approvals;
mod batches;
mod browser;
mod care;
mod cli;
mod config;
mod corrections;
mod dashboard;
mod delivery;
mod edges;
mod flows;
mod instances;
mod limits;
mod locales;
mod permissions;
mod plans;
mod points;
mod privacy;
mod property;
mod quiet;
mod roster;
mod sender;
mod spreadsheets;
mod store;
mod teams;
mod timeline;
mod township;
mod trust;
mod urgency;
mod villages;
mod webhook;
