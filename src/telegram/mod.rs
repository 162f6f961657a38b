//! The Telegram side: a polling listener that stores each batch before confirming it, a processor
//! that handles stored updates through the app, the scheduler, and a sender that drains the outbox.

pub mod convert;
pub mod transport;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use teloxide::payloads::{GetUpdatesSetters, SetMyCommandsSetters};
use teloxide::prelude::Requester;
use teloxide::requests::Request;
use teloxide::types::{AllowedUpdate, BotCommand, BotCommandScope, Update};
use teloxide::{Bot, RequestError};
use tokio::sync::{watch, Notify};

use crate::app::batch::{BatchReport, Stored};
use crate::app::commands::args::{self, Parsed};
use crate::app::outbox::sender;
use crate::app::{App, Event, Incoming};
use crate::domain::roles::{CommandKind, Requirement};
use crate::i18n::Lang;
use crate::shutdown::stopped;
use crate::store::inbox;
use transport::TelegramTransport;

/// Builds the Bot API client from the settings (token and optional local API server).
pub fn bot(token: &str, api_url: &str) -> anyhow::Result<Bot> {
    let bot = Bot::new(token);
    if api_url.is_empty() {
        return Ok(bot);
    }
    let url = api_url
        .parse()
        .with_context(|| format!("telegram.api_url `{api_url}` is not a URL"))?;
    Ok(bot.set_api_url(url))
}

/// Asks Telegram who we are; warns when privacy mode keeps group messages from us.
pub async fn introduce(bot: &Bot) -> anyhow::Result<String> {
    let me = bot
        .get_me()
        .await
        .context("getMe failed: is the token right and Telegram reachable?")?;
    if !me.can_read_all_group_messages {
        tracing::warn!(
            "privacy mode is on: in groups the bot only sees commands and replies. Turn it off with \
             BotFather (/setprivacy → Disable) or make the bot a group admin"
        );
    }
    Ok(me.username().to_string())
}

/// Registers the command menu in both languages: residents' commands for everyone, and every
/// command for group administrators (who are usually the cadres).
pub async fn register_commands(bot: &Bot, app: &App) -> anyhow::Result<()> {
    for lang in Lang::ALL {
        let menu = |all: bool| -> Vec<BotCommand> {
            CommandKind::ALL
                .into_iter()
                .filter(|c| all || c.requirement() == Requirement::Anyone)
                .map(|c| {
                    BotCommand::new(c.name(), app.i18n.plain(lang, &format!("cmd-{}", c.name())))
                })
                .collect()
        };
        let code = match lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        for (scope, all) in [
            (BotCommandScope::Default, false),
            (BotCommandScope::AllChatAdministrators, true),
        ] {
            bot.set_my_commands(menu(all))
                .scope(scope.clone())
                .language_code(code)
                .await?;
            if lang == app.settings.default_lang() {
                bot.set_my_commands(menu(all)).scope(scope).await?;
            }
        }
    }
    Ok(())
}

/// Runs listener, processor and sender until `shutdown` turns true.
pub async fn run(app: Arc<App>, bot: Bot, shutdown: watch::Receiver<bool>) -> anyhow::Result<()> {
    let stored = Arc::new(Notify::new());
    let poll = app.settings.telegram.poll_timeout.as_secs();
    let listener = tokio::spawn(listen(
        app.clone(),
        bot.clone(),
        stored.clone(),
        poll,
        shutdown.clone(),
    ));
    let processor = tokio::spawn(process(app.clone(), bot.clone(), stored, shutdown.clone()));
    let scheduler = tokio::spawn(crate::scheduler::run(app.clone(), shutdown.clone()));
    let sender = tokio::spawn(async move {
        sender::run(&app, &TelegramTransport { bot }, shutdown).await;
    });
    let (l, p, t, s) = tokio::join!(listener, processor, scheduler, sender);
    l.context("listener panicked")?;
    p.context("processor panicked")?;
    t.context("scheduler panicked")?;
    s.context("sender panicked")?;
    Ok(())
}

/// Long polling that loses nothing: each batch is committed to the inbox before the next
/// getUpdates (which is what confirms the batch to Telegram).
async fn listen(
    app: Arc<App>,
    bot: Bot,
    stored: Arc<Notify>,
    timeout: i64,
    mut shutdown: watch::Receiver<bool>,
) {
    let Some(mut offset) = first_offset(&app, &mut shutdown).await else {
        return;
    };
    let mut failures = 0u32;
    let allowed = [
        AllowedUpdate::Message,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::MyChatMember,
    ];
    loop {
        let mut req = bot
            .get_updates()
            .timeout(u32::try_from(timeout).unwrap_or(25))
            .allowed_updates(allowed);
        if let Some(o) = offset {
            req = req.offset(i32::try_from(o).unwrap_or(i32::MAX));
        }
        let result = tokio::select! {
            _ = stopped(&mut shutdown) => return,
            r = req.send() => r,
        };
        let wait = match result {
            Ok(updates) if updates.is_empty() => continue,
            Ok(updates) => match store_batch(&app, &updates).await {
                Ok(next) => {
                    failures = 0;
                    offset = Some(next);
                    stored.notify_one();
                    continue;
                }
                Err(e) => {
                    tracing::error!(error = ?e, "cannot store fetched updates; they will be fetched again");
                    Duration::from_secs(2)
                }
            },
            Err(RequestError::RetryAfter(s)) => s.duration(),
            Err(e) => {
                failures += 1;
                tracing::warn!(error = %e, "getUpdates failed");
                Duration::from_secs(u64::from(failures.min(5)) * 2)
            }
        };
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

/// Where polling resumes: after the last stored update. Retries until the database answers;
/// `None` when asked to stop first.
async fn first_offset(app: &App, shutdown: &mut watch::Receiver<bool>) -> Option<Option<i64>> {
    loop {
        match app.store.conn().await {
            Ok(mut conn) => match inbox::next_offset(&mut conn).await {
                Ok(o) => return Some(o),
                Err(e) => tracing::error!(error = ?e, "cannot read the inbox offset"),
            },
            Err(e) => tracing::error!(error = ?e, "cannot reach the database"),
        }
        tokio::select! {
            _ = stopped(shutdown) => return None,
            _ = tokio::time::sleep(Duration::from_secs(2)) => {}
        }
    }
}

async fn store_batch(app: &App, updates: &[Update]) -> anyhow::Result<i64> {
    let mut batch = Vec::with_capacity(updates.len());
    for u in updates {
        batch.push((i64::from(u.id.0), serde_json::to_string(u)?));
    }
    let next = batch.iter().map(|(id, _)| id + 1).max().unwrap_or(0);
    let mut tx = app.store.begin().await?;
    inbox::put(&mut tx, &batch, Utc::now().timestamp()).await?;
    tx.commit().await?;
    Ok(next)
}

/// Updates handled in one transaction at most.
const BATCH: i64 = 200;

/// Handles stored updates in batches, each batch in one transaction.
async fn process(
    app: Arc<App>,
    bot: Bot,
    stored: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (full, stalled) = match process_batch(&app, &bot).await {
            Ok((n, report)) => (n >= BATCH as usize, report.failed > 0),
            Err(e) => {
                tracing::error!(error = ?e, "cannot handle stored updates");
                (false, true)
            }
        };
        if full && !stalled {
            continue;
        }
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            _ = stored.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(if stalled { 2 } else { 30 })) => {}
        }
    }
}

/// Reads the next stored updates and hands them to the app as one batch; returns how many were
/// read and what became of them.
async fn process_batch(app: &App, bot: &Bot) -> anyhow::Result<(usize, BatchReport)> {
    let pending = {
        let mut conn = app.store.conn().await?;
        inbox::pending(&mut conn, BATCH).await?
    };
    let read = pending.len();
    let mut batch = Vec::with_capacity(read);
    for (id, payload) in pending {
        match decode(app, bot, &payload).await {
            Ok(stored) => batch.push((id, stored)),
            // Telegram could not say who administers a group: nothing can go on (the processor
            // waits and tries again)...
            Err(e) if batch.is_empty() => return Err(e),
            Err(e) => {
                // ...or what came before is handled, and this one is tried with the next batch.
                tracing::warn!(update = id, error = ?e, "cannot prepare update");
                break;
            }
        }
    }
    if batch.is_empty() {
        return Ok((read, BatchReport::default()));
    }
    let report = app.handle_batch(batch, Utc::now()).await?;
    Ok((read, report))
}

/// A stored payload as the app sees it, with what only Telegram can tell (group admins) asked.
async fn decode(app: &App, bot: &Bot, payload: &str) -> anyhow::Result<Stored> {
    let update: Update = match serde_json::from_str(payload) {
        Ok(u) => u,
        Err(e) => return Ok(Stored::Unreadable(format!("unreadable update: {e}"))),
    };
    let Some(mut event) = convert::event(&update) else {
        return Ok(Stored::Nothing);
    };
    if let Event::Message(m) = &mut event {
        if needs_admin_check(app, m) {
            m.sender_is_admin = is_group_admin(bot, m.chat, m.from.user).await?;
        }
    }
    Ok(Stored::Event(Incoming {
        update_id: Some(i64::from(update.id.0)),
        now: Utc::now(),
        event,
    }))
}

/// Only `/setup` in a group needs to know whether the sender administers the group.
fn needs_admin_check(app: &App, m: &crate::app::ChatMessage) -> bool {
    !m.private
        && matches!(args::parse(&m.text, app.bot_username.as_deref()),
            Parsed::Command(c) if c.kind == CommandKind::Setup)
}

async fn is_group_admin(
    bot: &Bot,
    chat: crate::domain::ChatId,
    user: crate::domain::UserId,
) -> anyhow::Result<bool> {
    let member = bot
        .get_chat_member(
            teloxide::types::ChatId(chat.0),
            teloxide::types::UserId(user.0 as u64),
        )
        .await
        .context("getChatMember failed")?;
    Ok(member.is_privileged())
}
