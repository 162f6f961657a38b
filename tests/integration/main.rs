//! Integration tests: the real bot against a fake Bot API, on SQLite and on PostgreSQL.

mod support;

mod admin;
mod announce;
mod approvals;
mod cli;
mod config;
mod delivery;
mod edges;
mod flows;
mod limits;
mod locales;
mod permissions;
mod privacy;
mod property;
mod roster;
mod store;
mod teams;
mod timeline;
mod township;
mod trust;
mod villages;
