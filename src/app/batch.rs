//! A batch of stored updates handled in one transaction: each update behind its own savepoint, so
//! one that fails is undone alone, its chat waits for it to be tried again, and after a few
//! attempts it is set aside with its error; "handled" is recorded in the same commit.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::context::{App, AppError, Ctx};
use super::event::{Handled, Incoming};
use super::router::dispatch;
use crate::domain::ChatId;
use crate::store::inbox;

/// Attempts at one update before it is set aside, so one bad update cannot stall its chat.
pub const MAX_ATTEMPTS: i64 = 5;

/// One stored update, as the transport could read it.
#[derive(Debug)]
pub enum Stored {
    Event(Incoming),
    /// An update of a kind the bot does not act on.
    Nothing,
    /// A payload that cannot be read: set aside at once with the reason.
    Unreadable(String),
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
    /// Handles stored updates (in the order Telegram numbered them) in one transaction.
    pub async fn handle_batch(
        &self,
        batch: Vec<(i64, Stored)>,
        now: DateTime<Utc>,
    ) -> Result<BatchReport, AppError> {
        let now = now.timestamp();
        let mut ctx = self.begin(now).await?;
        let mut report = BatchReport::default();
        let mut blocked: HashSet<ChatId> = HashSet::new();
        for (id, stored) in batch {
            let incoming = match stored {
                Stored::Event(incoming) => incoming,
                Stored::Nothing => {
                    inbox::mark_handled(&mut ctx.tx, id, now, None).await?;
                    report.handled += 1;
                    continue;
                }
                Stored::Unreadable(why) => {
                    inbox::mark_handled(&mut ctx.tx, id, now, Some(&why)).await?;
                    report.set_aside += 1;
                    continue;
                }
            };
            let chat = incoming.event.chat();
            if blocked.contains(&chat) {
                report.waiting += 1;
                continue;
            }
            match one(&mut ctx, id, incoming, now).await? {
                Outcome::Handled => report.handled += 1,
                Outcome::SetAside => report.set_aside += 1,
                Outcome::Failed => {
                    report.failed += 1;
                    blocked.insert(chat);
                }
            }
        }
        ctx.commit().await?;
        Ok(report)
    }
}

/// Handles one update behind a savepoint, recording that it was handled or that it failed.
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
            inbox::mark_handled(&mut ctx.tx, id, now, None).await?;
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
