//! One step of timed work, `tick(now)`: fires every job due at `now` (reminders, escalations,
//! follow-ups, digests, weekly reports) in small transactions, holding back what quiet hours
//! forbid and merging reminders that fall due together.

use chrono::{DateTime, Utc};

use super::bundle::Bundle;
use super::plan::{self, times};
use super::reminders;
use crate::app::care::round;
use crate::app::context::{App, AppError, Ctx};
use crate::app::notices::digest;
use crate::app::reports::weekly::weekly;
use crate::app::ticket::act::act;
use crate::app::ticket::relation::Acting;
use crate::domain::timers::{still_applies, JobKind};
use crate::domain::{Action, Ticket};
use crate::store::jobs::{self, Job};
use crate::store::{retention, tickets, villages};

/// Jobs fired per tick at most; a larger backlog is worked off by the following ticks.
pub const BATCH: i64 = 500;

/// Jobs fired per transaction at most: one village's due jobs at a time (so reminders due
/// together still merge), and the writer is let go between villages, so a tick with many jobs
/// (the morning digests) never holds up the residents' messages for long.
const CHUNK: i64 = 200;

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub fired: usize,
    pub held: usize,
    pub void: usize,
    pub messages: usize,
    /// Rows of old traffic pruned (`retention.days`).
    pub pruned: u64,
}

impl TickReport {
    fn add(&mut self, other: TickReport) {
        self.fired += other.fired;
        self.held += other.held;
        self.void += other.void;
        self.messages += other.messages;
    }

    fn seen(&self) -> usize {
        self.fired + self.held + self.void
    }
}

/// Fires every job due at `now` (up to `BATCH`), committing in chunks. Call it with any time in
/// tests.
pub async fn tick(app: &App, now: DateTime<Utc>) -> Result<TickReport, AppError> {
    let mut report = TickReport::default();
    loop {
        let chunk = tick_chunk(app, now).await?;
        report.add(chunk);
        if chunk.seen() == 0 || report.seen() >= BATCH as usize {
            break;
        }
    }
    report.pruned = prune(app, now.timestamp()).await?;
    Ok(report)
}

/// Fires the due jobs of the village whose job is most overdue (up to `CHUNK`) in one
/// transaction; reminders due together are merged.
async fn tick_chunk(app: &App, now: DateTime<Utc>) -> Result<TickReport, AppError> {
    let mut ctx = app.begin(now.timestamp()).await?;
    let backend = app.store.backend();
    let first = jobs::due(&mut ctx.tx, backend, None, ctx.now, 1).await?;
    let due = match first.first() {
        Some(job) => jobs::due(&mut ctx.tx, backend, Some(job.village), ctx.now, CHUNK).await?,
        None => vec![],
    };
    let quiet = app.settings.quiet_hours.contains(now, app.tz);
    let quiet_end = app.settings.quiet_hours.end_after(now, app.tz).timestamp();
    let mut report = TickReport::default();
    let mut bundle = Bundle::default();
    for job in due {
        let Some(kind) = JobKind::from_key(&job.kind) else {
            jobs::finish(&mut ctx.tx, job.id, "void", ctx.now).await?;
            report.void += 1;
            continue;
        };
        let ticket = match job.ticket {
            Some(id) => tickets::get(&mut ctx.tx, id).await?,
            None => None,
        };
        if let Some(t) = &ticket {
            if !still_applies(kind, job.stamp, &times(&app.settings, t)) {
                jobs::finish(&mut ctx.tx, job.id, "void", ctx.now).await?;
                report.void += 1;
                continue;
            }
        }
        let urgent = ticket.as_ref().is_some_and(|t| t.urgent);
        if quiet && kind.speaks() && !urgent {
            jobs::postpone(&mut ctx.tx, job.id, quiet_end).await?;
            report.held += 1;
            continue;
        }
        fire(&mut ctx, kind, &job, ticket, &mut bundle).await?;
        jobs::finish(&mut ctx.tx, job.id, "done", ctx.now).await?;
        report.fired += 1;
    }
    report.messages = bundle.flush(&mut ctx).await?;
    ctx.commit().await?;
    Ok(report)
}

/// Rows pruned per table and call: small transactions that never stall intake for long.
const PRUNE_BATCH: i64 = 1000;

/// At most once an hour, deletes traffic older than `retention.days` in small batches.
async fn prune(app: &App, now: i64) -> Result<u64, AppError> {
    use std::sync::atomic::Ordering;
    let last = app.pruned_at.load(Ordering::Relaxed);
    if now - last < 3600 {
        return Ok(0);
    }
    app.pruned_at.store(now, Ordering::Relaxed);
    let before = now - i64::from(app.settings.retention.days) * 86_400;
    let mut total = 0;
    loop {
        let mut tx = app.store.begin().await?;
        let pruned = retention::prune(&mut tx, before, PRUNE_BATCH).await?;
        tx.commit().await?;
        total += pruned.total();
        if pruned.total() == 0 {
            return Ok(total);
        }
    }
}

/// Does what a due job asks.
async fn fire(
    ctx: &mut Ctx<'_>,
    kind: JobKind,
    job: &Job,
    ticket: Option<Ticket>,
    bundle: &mut Bundle,
) -> Result<(), AppError> {
    match (kind, ticket) {
        (JobKind::Digest, _) => digest::send(ctx, job.village).await?,
        (JobKind::Weekly, _) => weekly(ctx, job.village).await?,
        (JobKind::CareRound, _) => return round::run(ctx, job.village).await,
        (_, Some(t)) => return fire_ticket(ctx, kind, t, bundle).await,
        (_, None) => return Ok(()),
    }
    plan::schedule_village_job(ctx, job.village, kind).await
}

/// A ticket's timer: remind, escalate, close, or ask the requester.
async fn fire_ticket(
    ctx: &mut Ctx<'_>,
    kind: JobKind,
    t: Ticket,
    bundle: &mut Bundle,
) -> Result<(), AppError> {
    match kind {
        JobKind::Remind | JobKind::UrgentRemind => {
            reminders::remind(ctx, &t, kind == JobKind::UrgentRemind, bundle).await
        }
        JobKind::Escalate => {
            let reason = reminders::overdue_reason(ctx, &t).await?;
            let passed = act(ctx, t, Acting::System, Action::PassUp(reason)).await?;
            if let Err(refusal) = passed {
                tracing::info!(?refusal, "overdue ticket stays where it is");
            }
            Ok(())
        }
        JobKind::AutoClose => act(ctx, t, Acting::System, Action::AutoClose)
            .await
            .map(|_| ()),
        JobKind::RateRemind => reminders::ask_rating(ctx, &t).await,
        JobKind::StillFixed => reminders::ask_still_fixed(ctx, &t).await,
        JobKind::Digest | JobKind::Weekly | JobKind::CareRound => Ok(()),
    }
}

/// Makes sure every village has its next digest and weekly report set (villages set up before
/// these existed, or after they were switched on in the config).
pub async fn ensure_village_jobs(app: &App, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut ctx = app.begin(now.timestamp()).await?;
    for village in villages::all_ids(&mut ctx.tx).await? {
        plan::ensure_village_jobs(&mut ctx, village).await?;
    }
    ctx.commit().await
}
