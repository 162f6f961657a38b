//! Command line: run the bot, play a group locally, migrate, check the config, classify messages.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio::sync::watch;

use crate::app::App;
use crate::config::{Env, Settings};
use crate::store::{redact, Store};

#[derive(Debug, Parser)]
#[command(
    name = "villagebot",
    version,
    about = "Service orders from a village group chat"
)]
pub struct Cli {
    /// TOML config file (see config.example.toml); built-in defaults when omitted.
    #[arg(long, short, global = true, env = "VILLAGEBOT_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot with long polling.
    Run,
    /// Play a village group chat in the terminal with several users, no Telegram needed.
    Console {
        /// SQLite file the console keeps its village in.
        #[arg(long, default_value = "villagebot-console.db")]
        db: PathBuf,
        /// Start from an empty village.
        #[arg(long)]
        fresh: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load and validate the config, then print it (without secrets).
    CheckConfig,
    /// Read messages (plain lines or JSON lines with "text") from stdin; print one JSON verdict each.
    Classify,
}

pub fn load_settings(cli: &Cli) -> anyhow::Result<Settings> {
    Ok(Settings::load(cli.config.as_deref(), &Env::from_process())?)
}

pub async fn execute(cli: Cli) -> anyhow::Result<()> {
    let settings = load_settings(&cli)?;
    match cli.command {
        Command::Run => run(settings).await,
        Command::Console { db, fresh } => crate::console::run(settings, &db, fresh).await,
        Command::Migrate => {
            Store::open(&settings.database.url)
                .await
                .context("migration failed")?;
            println!("database {} is up to date", redact(&settings.database.url));
            Ok(())
        }
        Command::CheckConfig => {
            println!("config is valid\n{settings:#?}");
            Ok(())
        }
        Command::Classify => classify(&settings),
    }
}

async fn run(settings: Settings) -> anyhow::Result<()> {
    if settings.telegram.token.is_empty() {
        anyhow::bail!("no bot token: set telegram.token in the config or TELOXIDE_TOKEN");
    }
    let store = Store::open(&settings.database.url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&settings.database.url)))?;
    let bot = crate::telegram::bot(settings.telegram.token.expose(), &settings.telegram.api_url)?;
    let username = crate::telegram::introduce(&bot).await?;
    tracing::info!(bot = %username, db = %redact(&settings.database.url), "villagebot starting");
    let app = Arc::new(App::new(store, settings, Some(username))?);
    if let Err(e) = crate::telegram::register_commands(&bot, &app).await {
        tracing::warn!(error = %e, "could not register the command menu");
    }
    let (stop, shutdown) = watch::channel(false);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("stopping");
            let _ = stop.send(true);
        }
    });
    crate::telegram::run(app, bot, shutdown).await
}

/// One verdict per input line, so cadres can check their keyword rules.
fn classify(settings: &Settings) -> anyhow::Result<()> {
    let parser = settings.intake_parser()?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let text = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(serde_json::Value::Object(obj)) => obj
                .get("text")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_string(),
            _ => line,
        };
        let verdict = parser.classify(&text).to_json_line();
        writeln!(out, "{verdict}")?;
    }
    Ok(())
}
