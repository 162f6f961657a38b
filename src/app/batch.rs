//! A batch of stored updates handled in one transaction: each update behind its own savepoint, so
//! one that fails is undone alone, its chat waits for it to be tried again, and after a few
//! attempts it is set aside with its error; "handled" is recorded in the same commit.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::context::{App, AppError, Ctx};
use super::event::{Handled, Incoming};
use super::lanes::{distinct, unix_ms, INBOX_LEASE_MS};
use super::router::dispatch;
use crate::domain::ChatId;
use crate::store::inbox;
use crate::store::leases::{self, Lane};

/// Attempts at one update before it is set aside, so one bad update cannot stall its chat.
pub const MAX_ATTEMPTS: i64 = 5;

/// One stored update, as the transport could read it.
#[derive(Debug)]
pub enum Stored {
    Event(Box<Incoming>),
    /// An update of a kind the bot does not act on.
    Nothing,
    /// A payload that cannot be read: set aside at once with the reason.
    Unreadable(String),
}

/// A stored update taken for handling: its id, the chat it was stored under, what it says.
#[derive(Debug)]
pub struct Taken {
    pub update_id: i64,
    pub chat: i64,
    pub stored: Stored,
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    pub handled: usize,
    /// Failed this time; tried again with the next batch.
    pub failed: usize,
    /// Failed for good (or unreadable): recorded with the error, never tried again.
    pub set_aside: usize,
    /// Not tried because an earlier update of the same chat failed.
    pub waiting: usize,
}

/// What became of one update.
enum Outcome {
    Handled,
    Failed,
    SetAside,
}

impl App {
    /// Handles stored updates (in the order Telegram numbered them) in one transaction. Only
    /// chats whose inbox lease this instance still holds are handled (the lease rows stay locked
    /// until the commit, which also lets them go).
    pub async fn handle_batch(
        &self,
        batch: Vec<Taken>,
        now: DateTime<Utc>,
    ) -> Result<BatchReport, AppError> {
        let started = std::time::Instant::now();
        let now = now.timestamp();
        let mut ctx = self.begin(now).await?;
        let held = self.hold_chats(&mut ctx, &batch).await?;
        let mut report = BatchReport::default();
        let mut blocked: HashSet<ChatId> = HashSet::new();
        let mut done: Vec<i64> = Vec::with_capacity(batch.len());
        for taken in batch {
            if !held.contains(&taken.chat) {
                report.waiting += 1;
                continue;
            }
            let (id, chat) = (taken.update_id, ChatId(taken.chat));
            let incoming = match taken.stored {
                Stored::Event(incoming) => *incoming,
                Stored::Nothing => {
                    done.push(id);
                    report.handled += 1;
                    continue;
                }
                Stored::Unreadable(why) => {
                    inbox::mark_handled(&mut ctx.tx, id, now, Some(&why)).await?;
                    report.set_aside += 1;
                    continue;
                }
            };
            if blocked.contains(&chat) {
                report.waiting += 1;
                continue;
            }
            match one(&mut ctx, id, incoming, now).await? {
                Outcome::Handled => {
                    done.push(id);
                    report.handled += 1;
                }
                Outcome::SetAside => report.set_aside += 1,
                Outcome::Failed => {
                    report.failed += 1;
                    blocked.insert(chat);
                }
            }
        }
        inbox::mark_all_handled(&mut ctx.tx, &done, now).await?;
        leases::release_all(&mut ctx.tx, Lane::Inbox, &self.instance).await?;
        ctx.commit().await?;
        self.count(report, started.elapsed().as_secs_f64());
        Ok(report)
    }

    /// Renews this instance's leases on the batch's chats inside the batch's transaction (which
    /// keeps their rows locked against any other instance until it commits); returns the chats
    /// still held.
    async fn hold_chats(
        &self,
        ctx: &mut Ctx<'_>,
        batch: &[Taken],
    ) -> Result<HashSet<i64>, AppError> {
        let chats = distinct(batch.iter().map(|t| t.chat));
        let now = unix_ms();
        let held = leases::claim(
            &mut ctx.tx,
            Lane::Inbox,
            &chats,
            &self.instance,
            now,
            now + INBOX_LEASE_MS,
        )
        .await?;
        Ok(held.into_iter().map(|(chat, _)| chat).collect())
    }

    fn count(&self, report: BatchReport, seconds: f64) {
        let m = &self.metrics;
        m.handled("handled", report.handled);
        m.handled("failed", report.failed);
        m.handled("set_aside", report.set_aside);
        m.handling(seconds, report.handled + report.set_aside);
    }
}

/// Handles one update behind a savepoint, recording a failure; the caller records it handled.
async fn one(
    ctx: &mut Ctx<'_>,
    id: i64,
    incoming: Incoming,
    now: i64,
) -> Result<Outcome, AppError> {
    ctx.tx.savepoint().await?;
    match dispatch(ctx, incoming).await {
        Ok(Handled::Done | Handled::Duplicate) => {
            ctx.tx.release().await?;
            Ok(Outcome::Handled)
        }
        Err(e) => {
            ctx.tx.roll_back_to_savepoint().await?;
            let error = chain(&e);
            let aside = inbox::failed(&mut ctx.tx, id, &error, now, MAX_ATTEMPTS).await?;
            tracing::error!(update = id, set_aside = aside, %error, "update not handled");
            Ok(if aside {
                Outcome::SetAside
            } else {
                Outcome::Failed
            })
        }
    }
}

/// An error with its causes, one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
