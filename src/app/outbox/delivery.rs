//! Delivers the outbox through a transport (Telegram or the console), in order per chat, and
//! records what was delivered: message ids of cards and prompts, retries after 429, failures.

use std::collections::{HashMap, VecDeque};

use futures_util::{stream, StreamExt};

use super::fallback;
use super::message::{Button, Outgoing, Purpose};
use super::quiet;
use crate::app::context::App;
use crate::domain::{ChatId, MessageId};
use crate::store::outbox::{self, OutboxItem};
use crate::store::{offers, tickets, Store, StoreError};

/// What the transport says about one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent(Option<MessageId>),
    /// Rate limited: try again after this many seconds (Telegram's `retry_after`).
    RetryAfter(u64),
    /// A passing fault (network, 5xx): try again with back-off.
    Retry(String),
    /// The message to edit no longer exists or cannot be edited.
    Gone,
    /// The person blocked the bot or never opened a private chat: write to the group instead.
    Unreachable(String),
    /// Will never succeed (chat not found, bad request).
    Failed(String),
}

/// A way to put messages in front of people.
#[allow(async_fn_in_trait)]
pub trait Transport {
    async fn send(
        &self,
        chat: ChatId,
        text: &str,
        reply_to: Option<MessageId>,
        buttons: &[Vec<Button>],
    ) -> Delivery;
    async fn edit(
        &self,
        chat: ChatId,
        message: MessageId,
        text: &str,
        buttons: &[Vec<Button>],
    ) -> Delivery;
    async fn answer(&self, callback_id: &str, text: Option<&str>) -> Delivery;
    async fn document(&self, chat: ChatId, filename: &str, content: &[u8]) -> Delivery;
    /// A photo, video or voice message Telegram already has, by file id, with an HTML caption.
    async fn media(&self, chat: ChatId, m: &MediaOut<'_>) -> Delivery;
}

/// What [`Transport::media`] sends.
#[derive(Debug, Clone, Copy)]
pub struct MediaOut<'a> {
    /// photo, video or voice
    pub kind: &'a str,
    pub file_id: &'a str,
    pub caption: &'a str,
    pub reply_to: Option<MessageId>,
    pub buttons: &'a [Vec<Button>],
}

/// Attempts after which a passing fault is taken as final.
const MAX_ATTEMPTS: i64 = 12;

/// Back-off for passing faults: 2, 4, 8 … seconds, at most five minutes.
pub fn backoff_secs(attempts: i64) -> i64 {
    1_i64 << attempts.clamp(0, 8).max(1)
}

/// Chats served at once; each chat's own messages go strictly in order.
const PARALLEL_CHATS: usize = 16;

/// Delivers what is due now; returns how many items were settled (sent or failed). Chats are
/// served side by side, so one group waiting for its rate limit does not hold up the others.
pub async fn deliver_due(
    app: &App,
    transport: &impl Transport,
    now: i64,
    limit: i64,
) -> Result<usize, StoreError> {
    let store = &app.store;
    let items = {
        let mut conn = store.conn().await?;
        outbox::due(&mut conn, now, limit).await?
    };
    let results: Vec<Result<usize, StoreError>> = stream::iter(by_chat(items))
        .map(|(_, queue)| deliver_chat(app, transport, queue))
        .buffer_unordered(PARALLEL_CHATS)
        .collect()
        .await;
    results.into_iter().try_fold(0, |sum, r| r.map(|n| sum + n))
}

/// Queued items by chat, each chat's in the order given, chats in the order they first appear.
pub fn by_chat(items: impl IntoIterator<Item = OutboxItem>) -> Vec<(ChatId, VecDeque<OutboxItem>)> {
    let mut queues: Vec<(ChatId, VecDeque<OutboxItem>)> = vec![];
    let mut index: HashMap<ChatId, usize> = HashMap::new();
    for item in items {
        let i = *index.entry(item.chat).or_insert_with(|| {
            queues.push((item.chat, VecDeque::new()));
            queues.len() - 1
        });
        queues[i].1.push_back(item);
    }
    queues
}

/// One chat's queue, in order; a message that must wait holds back the ones after it.
async fn deliver_chat(
    app: &App,
    transport: &impl Transport,
    queue: VecDeque<OutboxItem>,
) -> Result<usize, StoreError> {
    let mut settled = 0;
    for (i, item) in queue.iter().enumerate() {
        let superseded = queue.range(i + 1..).any(|later| replaces(later, item));
        let outcome = if superseded {
            Delivery::Sent(None)
        } else {
            observe(app, item, attempt(&app.store, transport, item).await?)
        };
        match record(app, item, outcome).await? {
            Settled::Yes => settled += 1,
            Settled::Later(_) => break,
        }
    }
    Ok(settled)
}

/// Counts one attempt's outcome in the metrics.
pub fn observe(app: &App, item: &OutboxItem, outcome: Delivery) -> Delivery {
    let m = &app.metrics;
    match &outcome {
        Delivery::Sent(_) => m.sent(&item.kind),
        Delivery::RetryAfter(_) => m.rate_limited(),
        Delivery::Failed(_) | Delivery::Gone | Delivery::Unreachable(_) => m.failed(&item.kind),
        Delivery::Retry(_) => {}
    }
    outcome
}

/// Whether an item is done with, or waits until a time (unix seconds) and holds back its chat's
/// queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Yes,
    Later(i64),
}

/// Records the outcome of one attempt in its own transaction.
pub async fn record(
    app: &App,
    item: &OutboxItem,
    outcome: Delivery,
) -> Result<Settled, StoreError> {
    // Sending may have waited for a rate limit: time the retry from now, not from the batch.
    let now = chrono::Utc::now().timestamp();
    let mut tx = app.store.begin().await?;
    let settled = match outcome {
        Delivery::Sent(message) => {
            outbox::mark_sent(&mut tx, item.id, message, now).await?;
            record_delivery(&mut tx, item, message, now).await?;
            if let (Some(message), "ack", "send") =
                (message, item.purpose.as_str(), item.kind.as_str())
            {
                if let Ok(Outgoing::Send { text, .. }) = serde_json::from_str(&item.payload) {
                    quiet::delivered(&mut tx, app.store.backend(), item, message, &text, now)
                        .await?;
                }
            }
            Settled::Yes
        }
        Delivery::RetryAfter(secs) => {
            let wait = i64::try_from(secs).unwrap_or(60).max(1);
            outbox::defer(&mut tx, item.id, now + wait, "429 retry_after").await?;
            Settled::Later(now + wait)
        }
        Delivery::Retry(reason) if item.attempts + 1 < MAX_ATTEMPTS => {
            let at = now + backoff_secs(item.attempts + 1);
            outbox::defer(&mut tx, item.id, at, &reason).await?;
            Settled::Later(at)
        }
        Delivery::Unreachable(reason) => {
            outbox::fail(&mut tx, item.id, &reason, now).await?;
            fallback::to_group(app, &mut tx, item, now).await?;
            Settled::Yes
        }
        Delivery::Retry(reason) | Delivery::Failed(reason) => {
            tracing::warn!(outbox = item.id, chat = %item.chat, %reason, "message could not be delivered");
            outbox::fail(&mut tx, item.id, &reason, now).await?;
            Settled::Yes
        }
        Delivery::Gone => {
            outbox::fail(&mut tx, item.id, "message to edit is gone", now).await?;
            Settled::Yes
        }
    };
    tx.commit().await?;
    Ok(settled)
}
/// Whether a later queued edit makes an earlier one pointless: only the last text of a card or
/// of an edited message matters.
pub fn replaces(later: &OutboxItem, item: &OutboxItem) -> bool {
    let edited = |i: &OutboxItem| match serde_json::from_str::<Outgoing>(&i.payload) {
        Ok(Outgoing::Edit { message, .. }) => Some(message),
        _ => None,
    };
    match (item.kind.as_str(), later.kind.as_str()) {
        ("edit_card", "edit_card") => later.ticket == item.ticket,
        ("edit", "edit") => edited(item).is_some() && edited(item) == edited(later),
        _ => false,
    }
}

/// One attempt at one item. A card edit whose card was never delivered (or was deleted) posts
/// a fresh card instead.
pub async fn attempt(
    store: &Store,
    transport: &impl Transport,
    item: &OutboxItem,
) -> Result<Delivery, StoreError> {
    let out: Outgoing = match serde_json::from_str(&item.payload) {
        Ok(o) => o,
        Err(e) => return Ok(Delivery::Failed(format!("bad payload: {e}"))),
    };
    Ok(match out {
        Outgoing::Send {
            text,
            reply_to,
            buttons,
        } => transport.send(item.chat, &text, reply_to, &buttons).await,
        Outgoing::Document { filename, content } => {
            transport
                .document(item.chat, &filename, content.as_bytes())
                .await
        }
        Outgoing::File { filename, base64 } => {
            use base64::Engine;
            match base64::engine::general_purpose::STANDARD.decode(base64) {
                Ok(bytes) => transport.document(item.chat, &filename, &bytes).await,
                Err(e) => Delivery::Failed(format!("bad file: {e}")),
            }
        }
        media @ Outgoing::Media { .. } => send_media(transport, item.chat, &media).await,
        Outgoing::Answer { callback_id, text } => {
            match transport.answer(&callback_id, text.as_deref()).await {
                // An old button press cannot be answered later; there is nothing to retry.
                Delivery::RetryAfter(_) | Delivery::Retry(_) => {
                    Delivery::Failed("callback answer not delivered".into())
                }
                other => other,
            }
        }
        Outgoing::Edit {
            message,
            text,
            buttons,
        } => match transport.edit(item.chat, message, &text, &buttons).await {
            Delivery::Gone => Delivery::Failed("message to edit is gone".into()),
            other => other,
        },
        Outgoing::EditCard { text, buttons } => {
            edit_card(store, transport, item, &text, &buttons).await?
        }
    })
}

async fn send_media(transport: &impl Transport, chat: ChatId, out: &Outgoing) -> Delivery {
    let Outgoing::Media {
        media,
        file_id,
        caption,
        reply_to,
        buttons,
    } = out
    else {
        return Delivery::Failed("not a media message".into());
    };
    let m = MediaOut {
        kind: media,
        file_id,
        caption,
        reply_to: *reply_to,
        buttons,
    };
    transport.media(chat, &m).await
}

/// A card edit in place; a card that was never delivered (or was deleted) is posted afresh.
async fn edit_card(
    store: &Store,
    transport: &impl Transport,
    item: &OutboxItem,
    text: &str,
    buttons: &[Vec<Button>],
) -> Result<Delivery, StoreError> {
    let (ticket, shown) = match item.ticket {
        Some(id) => {
            let mut conn = store.conn().await?;
            let t = tickets::get(&mut conn, id).await?;
            (t, tickets::card_text(&mut conn, id).await?)
        }
        None => (None, None),
    };
    let Some(t) = ticket else {
        return Ok(Delivery::Failed("card of an unknown ticket".into()));
    };
    if t.card_message.is_some() && shown.as_deref() == Some(&shown_as(text, buttons)) {
        // Telegram refuses an edit that changes nothing; the card already says this.
        return Ok(Delivery::Sent(t.card_message));
    }
    let edited = match t.card_message {
        Some(card) => transport.edit(t.chat, card, text, buttons).await,
        None => Delivery::Gone,
    };
    Ok(match edited {
        Delivery::Gone => {
            transport
                .send(t.chat, text, Some(t.source_message), buttons)
                .await
        }
        other => other,
    })
}

/// What a card shows, as kept on its ticket to tell an edit that would change nothing: its text,
/// and its buttons when it has any.
fn shown_as(text: &str, buttons: &[Vec<Button>]) -> String {
    if buttons.is_empty() {
        return text.to_string();
    }
    let data: Vec<String> = buttons
        .iter()
        .flatten()
        .map(|b| format!("{}={}", b.text, b.data))
        .collect();
    format!("{text}\n\u{1}{}", data.join("\u{1}"))
}

/// After delivery: the buttons on the message are remembered (a press must match one), cards
/// are stored on their ticket, and prompts, cards and closure notices are linked so that
/// replies and buttons find the ticket.
async fn record_delivery(
    conn: &mut sqlx::AnyConnection,
    item: &OutboxItem,
    message: Option<MessageId>,
    now: i64,
) -> Result<(), StoreError> {
    let Some(message) = message else {
        return Ok(());
    };
    let purpose = Purpose::from_key(&item.purpose);
    let chat = match (item.kind.as_str(), item.ticket) {
        ("edit_card", Some(ticket)) => match tickets::get(conn, ticket).await? {
            Some(t) => t.chat,
            None => return Ok(()),
        },
        _ => item.chat,
    };
    let mut shown = None;
    let out = serde_json::from_str::<Outgoing>(&item.payload).ok();
    if let Some((text, buttons)) = out.as_ref().and_then(Outgoing::shown) {
        let data: Vec<&str> = buttons.iter().flatten().map(|b| b.data.as_str()).collect();
        offers::offer(conn, chat, message, &data, now).await?;
        shown = Some(shown_as(text, buttons));
    }
    let Some(ticket) = item.ticket else {
        return Ok(());
    };
    if purpose == Purpose::Card {
        tickets::set_card(conn, ticket, message, shown.as_deref()).await?;
    }
    if purpose.links_ticket() {
        outbox::link(conn, chat, message, ticket, purpose.key()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff_secs(1), 2);
        assert_eq!(backoff_secs(3), 8);
        assert_eq!(backoff_secs(50), 256);
    }
}
