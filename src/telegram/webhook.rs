//! Webhook mode: Telegram posts each update to `POST /telegram`. A post without the right
//! `X-Telegram-Bot-Api-Secret-Token` is refused with 401 and changes nothing; a good one is
//! stored (posts that arrive together share one commit) and answered 200 only after the commit,
//! so Telegram sends again whatever was not stored.

use std::sync::Arc;

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use teloxide::payloads::SetWebhookSetters;
use teloxide::prelude::Requester;
use teloxide::Bot;
use tokio::sync::{mpsc, oneshot, Notify};

use super::inbox::{allowed_updates, posted, store_received};
use crate::app::App;
use crate::store::inbox::Received;

/// The header Telegram sends the secret in.
const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// Posts stored in one commit at most.
const GROUP: usize = 500;

struct Hook {
    secret: String,
    arrivals: mpsc::Sender<(Received, oneshot::Sender<bool>)>,
}

/// Tells Telegram where to post updates, with the secret it must send back.
pub async fn register(bot: &Bot, app: &App) -> anyhow::Result<()> {
    let w = &app.settings.webhook;
    let url = w.url.trim().parse().context("webhook.url is not a URL")?;
    bot.set_webhook(url)
        .secret_token(w.secret_token.expose().to_string())
        .max_connections(w.max_connections)
        .allowed_updates(allowed_updates())
        .await
        .context("setWebhook failed")?;
    Ok(())
}

/// The `POST /telegram` route; stored updates wake `stored`.
pub fn router(app: Arc<App>, stored: Arc<Notify>) -> Router {
    let (arrivals, rx) = mpsc::channel(4 * GROUP);
    let secret = app.settings.webhook.secret_token.expose().to_string();
    tokio::spawn(write(app, rx, stored));
    Router::new()
        .route("/telegram", post(receive))
        .with_state(Arc::new(Hook { secret, arrivals }))
}

async fn receive(State(hook): State<Arc<Hook>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers
        .get(SECRET_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if hook.secret.is_empty() || !same(given, hook.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let Some(update) = posted(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let (done, stored) = oneshot::channel();
    if hook.arrivals.send((update, done)).await.is_err() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match stored.await {
        Ok(true) => StatusCode::OK,
        // Not stored: Telegram will post it again.
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Compares without stopping at the first difference, so timing tells nothing of the secret.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Stores what arrived, many posts per commit, and answers each post after its commit.
async fn write(
    app: Arc<App>,
    mut rx: mpsc::Receiver<(Received, oneshot::Sender<bool>)>,
    stored: Arc<Notify>,
) {
    while let Some(first) = rx.recv().await {
        let mut group = vec![first];
        while group.len() < GROUP {
            match rx.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        let rows: Vec<Received> = group.iter().map(|(r, _)| r.clone()).collect();
        let ok = match store_received(&app, &rows).await {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(error = ?e, "cannot store posted updates; Telegram will post them again");
                false
            }
        };
        if ok {
            stored.notify_one();
        }
        for (_, done) in group {
            let _ = done.send(ok);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"ab", b"abc"));
        assert!(!same(b"", b"abc"));
    }
}
