//! The Telegram side: updates received by long polling or a webhook and stored before they are
//! confirmed, a processor that handles stored updates through the app, the scheduler, and a
//! sender that drains the outbox.

pub mod convert;
pub mod inbox;
pub mod poll;
pub mod process;
pub mod transport;
pub mod webhook;

use std::sync::Arc;

use anyhow::Context;
use teloxide::payloads::SetMyCommandsSetters;
use teloxide::prelude::Requester;
use teloxide::types::{BotCommand, BotCommandScope};
use teloxide::Bot;
use tokio::sync::{watch, Notify};

use crate::app::outbox::sender;
use crate::app::App;
use crate::domain::roles::{CommandKind, Requirement};
use crate::i18n::Lang;
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

/// How updates reach this instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receive {
    /// getUpdates (one instance per bot).
    Polling,
    /// Telegram posts to the webhook route of the HTTP server, which wakes the processor.
    Webhook,
}

/// Runs the listener (when polling), processor, scheduler and sender until `shutdown` turns
/// true; `stored` is woken whenever updates were stored.
pub async fn run(
    app: Arc<App>,
    bot: Bot,
    receive: Receive,
    stored: Arc<Notify>,
    shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let listener = (receive == Receive::Polling).then(|| {
        tokio::spawn(poll::listen(
            app.clone(),
            bot.clone(),
            stored.clone(),
            shutdown.clone(),
        ))
    });
    let processor = tokio::spawn(process::process(
        app.clone(),
        bot.clone(),
        stored,
        shutdown.clone(),
    ));
    let scheduler = tokio::spawn(crate::scheduler::run(app.clone(), shutdown.clone()));
    let sending = app.clone();
    let sender = tokio::spawn(async move {
        sender::run(&sending, &TelegramTransport { bot }, shutdown).await;
    });
    if let Some(l) = listener {
        l.await.context("listener panicked")?;
    }
    let (p, t, s) = tokio::join!(processor, scheduler, sender);
    p.context("processor panicked")?;
    t.context("scheduler panicked")?;
    s.context("sender panicked")?;
    if let Err(e) = app.leave().await {
        tracing::warn!(error = ?e, "could not give up this instance's leases");
    }
    Ok(())
}
