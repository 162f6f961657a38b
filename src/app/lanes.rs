//! Several instances on one database: which chats' stored updates this instance takes (leases on
//! the inbox lane, kept while the batch runs), and its place on the roll of live instances that
//! share Telegram's overall limit.

use std::collections::HashSet;

use super::context::{App, AppError};
use crate::store::inbox::{self, Received};
use crate::store::leases::{self, Lane};

/// How long a chat's updates stay with one instance that has not finished their batch; one that
/// dies holding a lease gives its chats up after this. Running out early only wastes work: the
/// batch re-takes its leases inside its transaction, whose row locks keep out anyone else, and a
/// chat taken by another meanwhile is skipped.
pub const INBOX_LEASE_MS: i64 = 5_000;

/// How often the sender renews its leases and reports itself alive.
pub const BEAT_MS: i64 = 2_000;

/// An instance not seen for this long is taken for gone (its share of the limit is freed).
pub const LIVE_MS: i64 = 3 * BEAT_MS;

/// The wall clock in unix milliseconds: leases are compared across machines.
pub fn unix_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Chats without repeats, in the order they first appear.
pub fn distinct<C: Copy + Eq + std::hash::Hash>(chats: impl IntoIterator<Item = C>) -> Vec<C> {
    let mut seen = HashSet::new();
    chats.into_iter().filter(|c| seen.insert(*c)).collect()
}

impl App {
    /// The next stored updates this instance may handle, oldest first: chats another instance
    /// holds are left out, and the chats taken are leased to this instance. The batch that
    /// handles them re-checks and lets go of the leases in its own transaction.
    pub async fn take_pending(&self, limit: i64) -> Result<Vec<Received>, AppError> {
        let now = unix_ms();
        let pending = {
            let mut conn = self.store.conn().await?;
            inbox::pending(&mut conn, limit, &self.instance, now).await?
        };
        if pending.is_empty() {
            return Ok(pending);
        }
        let mut tx = self.store.begin().await?;
        let chats = distinct(pending.iter().map(|r| r.chat));
        let until = now + INBOX_LEASE_MS;
        let held: HashSet<i64> =
            leases::claim(&mut tx, Lane::Inbox, &chats, &self.instance, now, until)
                .await?
                .into_iter()
                .map(|(chat, _)| chat)
                .collect();
        tx.commit().await?;
        Ok(pending
            .into_iter()
            .filter(|r| held.contains(&r.chat))
            .collect())
    }

    /// This instance stops: its leases and its place on the roll are given up.
    pub async fn leave(&self) -> Result<(), AppError> {
        let mut tx = self.store.begin().await?;
        leases::release_all(&mut tx, Lane::Inbox, &self.instance).await?;
        leases::release_all(&mut tx, Lane::Outbox, &self.instance).await?;
        leases::leave(&mut tx, &self.instance, unix_ms()).await?;
        tx.commit().await?;
        Ok(())
    }
}
