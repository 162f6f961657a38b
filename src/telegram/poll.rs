//! Long polling that loses nothing: each fetched batch is committed to the inbox before the next
//! getUpdates, which is what confirms the batch to Telegram.

use std::sync::Arc;
use std::time::Duration;

use teloxide::payloads::GetUpdatesSetters;
use teloxide::prelude::Requester;
use teloxide::requests::Request;
use teloxide::{Bot, RequestError};
use tokio::sync::{watch, Notify};

use super::inbox::{allowed_updates, received, store_received};
use crate::app::App;
use crate::shutdown::stopped;
use crate::store::inbox;

/// Polls until `shutdown`, storing each batch before asking for the next.
pub async fn listen(
    app: Arc<App>,
    bot: Bot,
    stored: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    let timeout = app.settings.telegram.poll_timeout.as_secs();
    if let Err(e) = bot.delete_webhook().await {
        // getUpdates answers 409 while a webhook is set; say why before it does.
        tracing::warn!(error = %e, "could not remove a webhook; long polling needs none set");
    }
    let Some(mut offset) = first_offset(&app, &mut shutdown).await else {
        return;
    };
    let mut failures = 0u32;
    loop {
        let mut req = bot
            .get_updates()
            .timeout(u32::try_from(timeout).unwrap_or(25))
            .allowed_updates(allowed_updates());
        if let Some(o) = offset {
            req = req.offset(i32::try_from(o).unwrap_or(i32::MAX));
        }
        let result = tokio::select! {
            _ = stopped(&mut shutdown) => return,
            r = req.send() => r,
        };
        let wait = match result {
            Ok(updates) if updates.is_empty() => continue,
            Ok(updates) => {
                let rows: Vec<_> = updates.iter().filter_map(received).collect();
                let next = rows.iter().map(|r| r.update_id + 1).max();
                match store_received(&app, &rows).await {
                    Ok(()) => {
                        failures = 0;
                        offset = next.or(offset);
                        stored.notify_one();
                        continue;
                    }
                    Err(e) => {
                        tracing::error!(error = ?e, "cannot store fetched updates; they will be fetched again");
                        Duration::from_secs(2)
                    }
                }
            }
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
