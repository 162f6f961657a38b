//! The processor: takes stored updates this instance may handle (their chats leased to it),
//! asks Telegram what only it can tell (group admins), and hands them to the app in batches.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use teloxide::prelude::Requester;
use teloxide::types::Update;
use teloxide::Bot;
use tokio::sync::{watch, Notify};

use super::convert;
use crate::app::batch::{BatchReport, Stored, Taken};
use crate::app::commands::args::{self, Parsed};
use crate::app::{App, Event, Incoming};
use crate::domain::roles::CommandKind;
use crate::shutdown::stopped;

/// Updates handled in one transaction at most.
const BATCH: i64 = 200;

/// How long an idle processor waits before looking again, if nothing wakes it: another instance
/// may have stored updates for a chat it held a moment ago.
const IDLE: Duration = Duration::from_secs(5);

/// Handles stored updates in batches, each batch in one transaction, until `shutdown`.
pub async fn process(
    app: Arc<App>,
    bot: Bot,
    stored: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (worked, stalled) = match process_batch(&app, &bot).await {
            Ok((n, report)) => (n > 0 && report.failed == 0, report.failed > 0),
            Err(e) => {
                tracing::error!(error = ?e, "cannot handle stored updates");
                (false, true)
            }
        };
        // After any work, look again at once: more may have come meanwhile.
        if worked {
            continue;
        }
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            _ = stored.notified() => {}
            _ = tokio::time::sleep(if stalled { Duration::from_secs(2) } else { IDLE }) => {}
        }
    }
}

/// Takes the next stored updates and hands them to the app as one batch; returns how many were
/// taken and what became of them.
async fn process_batch(app: &App, bot: &Bot) -> anyhow::Result<(usize, BatchReport)> {
    let pending = app.take_pending(BATCH).await?;
    let read = pending.len();
    let mut batch = Vec::with_capacity(read);
    for r in pending {
        match decode(app, bot, &r.payload).await {
            Ok(stored) => batch.push(Taken {
                update_id: r.update_id,
                chat: r.chat,
                stored,
            }),
            // Telegram could not say who administers a group: nothing can go on (the processor
            // waits and tries again)...
            Err(e) if batch.is_empty() => return Err(e),
            Err(e) => {
                // ...or what came before is handled, and this one is tried with the next batch.
                tracing::warn!(update = r.update_id, error = ?e, "cannot prepare update");
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
    Ok(Stored::Event(Box::new(Incoming {
        update_id: Some(i64::from(update.id.0)),
        now: Utc::now(),
        event,
    })))
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
