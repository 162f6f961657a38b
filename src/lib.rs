//! villagebot: a Telegram bot that turns a village group chat's requests into tracked service orders.

pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod scheduler;
pub mod shutdown;
pub mod store;
pub mod telegram;

/// Failures while starting up, before anything is handled.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    I18n(#[from] i18n::I18nError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
}
