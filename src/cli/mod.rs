//! Command line: run the bot, play a group locally, migrate, check the config, classify messages, train.

mod intake;

pub use intake::message_text;

use std::io::Write;

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
    /// Run the bot: long polling by default (one instance per bot).
    Run {
        /// Receive updates through the webhook ([webhook] url and secret_token, served on
        /// [http] listen) instead of polling; any number of instances may share one PostgreSQL.
        #[arg(long)]
        webhook: bool,
    },
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
    Classify {
        /// Add which rules and features decided each verdict.
        #[arg(long)]
        explain: bool,
    },
    /// Fit the intake model to labelled messages (JSON lines as in data/intake/) and write it;
    /// report the held-out figures of the rules alone, the current model and the new one.
    Train {
        /// Labelled JSON-lines files; default data/intake/train/*.jsonl.
        files: Vec<PathBuf>,
        /// Where to write the model; point `intake.model` at it to use it.
        #[arg(long)]
        out: PathBuf,
        /// Held-out files to report on; default data/intake/heldout/*.jsonl.
        #[arg(long)]
        heldout: Vec<PathBuf>,
        /// Also learn from the corrections cadres and chiefs made in the database
        /// ([database] url): not a request, another category, urgent or not.
        #[arg(long)]
        from_db: bool,
    },
    /// Load neighbourhoods, chiefs, households (and care levels), teams and members from a
    /// workbook or CSV file (see README).
    Import {
        /// An .xlsx/.xls/.ods workbook (its first sheet), or CSV in UTF-8 or GBK.
        file: PathBuf,
        /// Village name or group chat id (group ids are negative, e.g. -1001234567890).
        #[arg(long, allow_hyphen_values = true)]
        village: String,
    },
    /// Write tickets created in a period with all their events (or the points ledger, the care
    /// households, the visits) as CSV, or everything of one village as an .xlsx workbook.
    Export {
        /// First day (YYYY-MM-DD, local time); default 30 days before --to.
        #[arg(long)]
        from: Option<String>,
        /// Day after the last one (YYYY-MM-DD); default tomorrow.
        #[arg(long)]
        to: Option<String>,
        /// Village name or group chat id (negative); default every village.
        #[arg(long, allow_hyphen_values = true)]
        village: Option<String>,
        /// File to write; default standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// csv, or xlsx (every table of the village, one sheet each; needs --village and --out).
        #[arg(long, default_value = "csv")]
        format: String,
        /// The table a CSV holds: tickets, points, care or visits (the last three need --village).
        #[arg(long, default_value = "tickets")]
        table: String,
    },
}

pub fn load_settings(cli: &Cli) -> anyhow::Result<Settings> {
    Ok(Settings::load(cli.config.as_deref(), &Env::from_process())?)
}

pub async fn execute(cli: Cli) -> anyhow::Result<()> {
    let settings = load_settings(&cli)?;
    match cli.command {
        Command::Run { webhook } => run(settings, webhook).await,
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
        Command::Classify { explain } => intake::classify(&settings, explain),
        Command::Train {
            files,
            out,
            heldout,
            from_db,
        } => {
            let data = intake::TrainData {
                files,
                heldout,
                from_db,
            };
            intake::train(&settings, data, &out).await
        }
        Command::Import { file, village } => import(settings, &file, &village).await,
        Command::Export {
            from,
            to,
            village,
            out,
            format,
            table,
        } => {
            let what = Wanted { format, table };
            export(settings, (from, to), village, out, what).await
        }
    }
}

async fn run(settings: Settings, webhook: bool) -> anyhow::Result<()> {
    if settings.telegram.token.is_empty() {
        anyhow::bail!("no bot token: set telegram.token in the config or TELOXIDE_TOKEN");
    }
    let http = match webhook {
        true => Some(settings.webhook.ready(&settings.http)?),
        false => settings.http.address()?,
    };
    // A taken port fails the start, before anything else happens.
    let listener = match http {
        Some(addr) => Some(crate::http::bind(addr).await?),
        None => None,
    };
    let store = Store::open(&settings.database.url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&settings.database.url)))?;
    let bot = crate::telegram::bot(settings.telegram.token.expose(), &settings.telegram.api_url)?;
    let username = crate::telegram::introduce(&bot).await?;
    tracing::info!(bot = %username, db = %redact(&settings.database.url), webhook, "villagebot starting");
    let app = Arc::new(App::new(store, settings, Some(username))?);
    if let Err(e) = crate::telegram::register_commands(&bot, &app).await {
        tracing::warn!(error = %e, "could not register the command menu");
    }
    let (stop, shutdown) = watch::channel(false);
    tokio::spawn(stop_on_signal(stop));
    serve_bot(app, bot, listener, webhook, shutdown).await
}

/// Runs the bot on `app` until `shutdown`: the HTTP server on `listener` (if any, with the
/// webhook route in webhook mode, after which Telegram is told the webhook), then the listener
/// (when polling), processor, scheduler and sender.
pub async fn serve_bot(
    app: Arc<App>,
    bot: teloxide::Bot,
    listener: Option<tokio::net::TcpListener>,
    webhook: bool,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let stored = Arc::new(tokio::sync::Notify::new());
    let mut router = crate::http::routes(app.clone());
    if webhook {
        router = router.merge(crate::telegram::webhook::router(
            app.clone(),
            stored.clone(),
        ));
    }
    let server = listener.map(|l| tokio::spawn(crate::http::serve(l, router, shutdown.clone())));
    let receive = match webhook {
        true => crate::telegram::Receive::Webhook,
        false => crate::telegram::Receive::Polling,
    };
    if webhook {
        crate::telegram::webhook::register(&bot, &app).await?;
    }
    crate::telegram::run(app, bot, receive, stored, shutdown).await?;
    if let Some(server) = server {
        server.await.context("the HTTP server panicked")??;
    }
    Ok(())
}

/// Turns the stop flag on at Ctrl-C or SIGTERM (systemd's stop).
async fn stop_on_signal(stop: watch::Sender<bool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("stopping");
    let _ = stop.send(true);
}

/// Midnight of a local date, as a Unix time.
fn local_day(text: &str, tz: chrono_tz::Tz) -> anyhow::Result<i64> {
    use chrono::TimeZone;
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .with_context(|| format!("`{text}` is not a date like 2026-11-01"))?;
    let t = tz
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .with_context(|| format!("{text} has no midnight in {tz}"))?;
    Ok(t.timestamp())
}

/// What `export` writes: the format and, for CSV, the table.
struct Wanted {
    format: String,
    table: String,
}

async fn export(
    settings: Settings,
    (from, to): (Option<String>, Option<String>),
    village: Option<String>,
    out: Option<PathBuf>,
    what: Wanted,
) -> anyhow::Result<()> {
    let tz = settings.time_zone()?;
    let store = Store::open(&settings.database.url)
        .await
        .context("cannot open the database")?;
    let app = App::new(store, settings, None)?;
    let now = chrono::Utc::now().timestamp();
    let to = match to {
        Some(d) => local_day(&d, tz)?,
        None => now + 86_400,
    };
    let from = match from {
        Some(d) => local_day(&d, tz)?,
        None => to - 30 * 86_400,
    };
    anyhow::ensure!(from < to, "--from must be before --to");
    let mut ctx = app.begin_read(now).await?;
    let village = match village {
        Some(v) => Some(one_village(&mut ctx.tx, &v).await?.id),
        None => None,
    };
    let bytes = export_bytes(&mut ctx, village, (from, to), &what).await?;
    ctx.commit().await?;
    match out {
        Some(path) => std::fs::write(&path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None if what.format == "xlsx" => anyhow::bail!("a workbook needs --out FILE.xlsx"),
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(())
}

async fn export_bytes(
    ctx: &mut crate::app::Ctx<'_>,
    village: Option<crate::domain::VillageId>,
    (from, to): (i64, i64),
    what: &Wanted,
) -> anyhow::Result<Vec<u8>> {
    use crate::app::reports::{export, tables};
    let need_village = || village.context("this export is of one village: add --village");
    Ok(match (what.format.as_str(), what.table.as_str()) {
        ("xlsx", _) => {
            tables::workbook(&export::everything(ctx, need_village()?, from, to).await?)?
        }
        ("csv", "tickets") => export::build(ctx, village, from, to).await?.into_bytes(),
        ("csv", "points") => tables::points(ctx, need_village()?, from, to)
            .await?
            .csv()
            .into_bytes(),
        ("csv", "care") => tables::care(ctx, need_village()?).await?.csv().into_bytes(),
        ("csv", "visits") => tables::visits(ctx, need_village()?, from, to)
            .await?
            .csv()
            .into_bytes(),
        ("csv", other) => anyhow::bail!("--table {other}: write tickets, points, care or visits"),
        (other, _) => anyhow::bail!("--format {other}: write csv or xlsx"),
    })
}

/// The one village a deployer named: none is an error, and so are several of that name (the
/// error lists them with their chat ids, which name each one exactly).
async fn one_village(
    conn: &mut sqlx::AnyConnection,
    name: &str,
) -> anyhow::Result<crate::store::villages::Village> {
    let mut found = crate::store::villages::find(conn, name).await?;
    if found.len() > 1 {
        let mut lines = vec![format!(
            "{} villages are named `{name}`; give the chat id of the one you mean:",
            found.len()
        )];
        for v in &found {
            let township = match v.township {
                Some(t) => crate::store::townships::name(conn, t).await?,
                None => None,
            };
            let township = township
                .map(|t| format!(", township {t}"))
                .unwrap_or_default();
            lines.push(format!("  {}  (chat {}{township})", v.name, v.chat_id.0));
        }
        anyhow::bail!(lines.join("\n"));
    }
    found.pop().with_context(|| {
        format!("no village named `{name}` or with that chat id; run /setup in its group first")
    })
}

async fn import(settings: Settings, file: &std::path::Path, village: &str) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = Store::open(&settings.database.url)
        .await
        .context("cannot open the database")?;
    let lang = settings.default_lang();
    let app = App::new(store, settings, None)?;
    let mut ctx = app.begin(chrono::Utc::now().timestamp()).await?;
    let v = one_village(&mut ctx.tx, village).await?;
    let report = crate::app::roster::import::import(&mut ctx, v.id, lang, &bytes).await?;
    let summary = crate::app::roster::import::render(&ctx, lang, &report);
    let detail = format!("{}: {} rows", file.display(), report.imported);
    ctx.audit(Some(v.id), None, "import", &detail, true).await?;
    ctx.commit().await?;
    println!("{summary}");
    Ok(())
}
