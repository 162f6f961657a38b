//! The sender's leases on the outbox lane: only the instance that holds a chat's lease sends to
//! it, so the chat's order and limits hold however many instances share the database. A lease
//! let go carries the chat's recent sends to its next holder; a lease whose holder died is taken
//! as if that holder had sent at full speed until it stopped. Renewed with the instance's beat,
//! which also sets this instance's share of the overall limit.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::pace::Pace;
use crate::app::context::App;
use crate::app::lanes::{BEAT_MS, LIVE_MS};
use crate::domain::ChatId;
use crate::store::leases::{self, Lane};
use crate::store::StoreError;

/// How long a lease lasts without renewal in the database.
pub const OUTBOX_LEASE_MS: i64 = 10_000;

/// How long this instance sends to a chat after its last successful renewal. Shorter than the
/// lease, so a holder cut off from the database stops before anyone else may start.
const SEND_FOR_MS: i64 = 2 * BEAT_MS;

/// What a lease row carries from one holder to the next (unix milliseconds).
#[derive(Debug, Default, Serialize, Deserialize)]
struct History {
    /// Let go on purpose: `sent` is complete.
    clean: bool,
    sent: Vec<i64>,
    held_until: i64,
}

/// The chats this sender holds, on its own clock (milliseconds since `epoch_ms`).
pub struct ChatLeases {
    epoch_ms: i64,
    /// Until when this instance may send to each chat held.
    held: HashMap<ChatId, i64>,
    next_beat: i64,
    /// Not before this time: another instance was alive when this one joined, and must first
    /// lower its share of the overall limit.
    sending_from: i64,
    first_beat: bool,
}

impl ChatLeases {
    pub fn new(epoch_ms: i64) -> ChatLeases {
        ChatLeases {
            epoch_ms,
            held: HashMap::new(),
            next_beat: 0,
            sending_from: 0,
            first_beat: true,
        }
    }

    /// Whether this instance may send to `chat` at `now`.
    pub fn holds(&self, chat: ChatId, now: i64) -> bool {
        now >= self.sending_from && self.held.get(&chat).is_some_and(|until| *until > now)
    }

    /// When the next beat is due.
    pub fn next_beat(&self) -> i64 {
        self.next_beat
    }

    /// Claims those of `chats` not held yet, taking over what their last holders knew.
    pub async fn claim(
        &mut self,
        app: &App,
        chats: &[ChatId],
        pace: &mut Pace,
        now: i64,
    ) -> Result<(), StoreError> {
        let wanted: Vec<i64> = chats
            .iter()
            .filter(|c| !self.held.contains_key(c))
            .map(|c| c.0)
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let unix = self.epoch_ms + now;
        let mut tx = app.store.begin().await?;
        let got = leases::claim(
            &mut tx,
            Lane::Outbox,
            &wanted,
            &app.instance,
            unix,
            unix + OUTBOX_LEASE_MS,
        )
        .await?;
        tx.commit().await?;
        let per_chat = i64::from(app.settings.telegram.limits.per_second_per_chat);
        for (chat, recent) in got {
            let chat = ChatId(chat);
            if let Ok(h) = serde_json::from_str::<History>(&recent) {
                let mut sent: Vec<i64> = h.sent.iter().map(|t| t - self.epoch_ms).collect();
                if !h.clean {
                    // Sends after its last renewal were never recorded: count the most it
                    // could have made, as if made now.
                    let unseen = per_chat * (SEND_FOR_MS / 1_000 + 1);
                    sent.extend(std::iter::repeat_n(now, unseen as usize));
                }
                pace.take_over(chat, &sent, h.held_until - self.epoch_ms);
            }
            self.held.insert(chat, now + SEND_FOR_MS);
        }
        Ok(())
    }

    /// The beat: reports this instance alive and takes its share of the overall limit; renews
    /// the chats that still have work (`idle` says which have none) and lets the others go.
    pub async fn beat(
        &mut self,
        app: &App,
        pace: &mut Pace,
        now: i64,
        idle: impl Fn(ChatId) -> bool,
    ) -> Result<(), StoreError> {
        self.next_beat = now + BEAT_MS;
        // A write: on SQLite it takes the writer's turn like every other.
        let live = {
            let mut tx = app.store.begin().await?;
            let live = leases::beat(&mut tx, &app.instance, self.epoch_ms + now, LIVE_MS).await?;
            tx.commit().await?;
            live
        };
        let overall = app.settings.telegram.limits.per_second_overall;
        pace.set_overall(overall / u32::try_from(live).unwrap_or(1).max(1));
        if self.first_beat && live > 1 {
            // The others lower their share at their next beat; their last second must pass.
            self.sending_from = now + BEAT_MS + 1_100;
        }
        self.first_beat = false;
        let chats: Vec<ChatId> = self.held.keys().copied().collect();
        let mut tx = app.store.begin().await?;
        for chat in chats {
            let go = idle(chat);
            let (sent, held_until) = if go {
                pace.hand_over(chat)
            } else {
                pace.history(chat)
            };
            let history = History {
                clean: go,
                sent: sent.iter().map(|t| t + self.epoch_ms).collect(),
                held_until: if held_until > 0 {
                    held_until + self.epoch_ms
                } else {
                    0
                },
            };
            let text = serde_json::to_string(&history).unwrap_or_else(|_| "{}".into());
            let until = if go {
                0
            } else {
                self.epoch_ms + now + OUTBOX_LEASE_MS
            };
            let kept =
                leases::keep(&mut tx, Lane::Outbox, chat.0, &app.instance, until, &text).await?;
            if go || !kept {
                self.held.remove(&chat);
            } else {
                self.held.insert(chat, now + SEND_FOR_MS);
            }
        }
        tx.commit().await
    }

    /// This sender stops: every chat is let go with what it sent.
    pub async fn let_go(&mut self, app: &App, pace: &mut Pace, now: i64) {
        if let Err(e) = self.beat(app, pace, now, |_| true).await {
            tracing::warn!(error = ?e, "cannot let go of the outbox leases");
        }
    }
}
