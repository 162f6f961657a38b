//! Timed work: one step `tick(now)` fires what is due (reminders, escalations, follow-ups, digests)
//! in one transaction, holding back what quiet hours forbid; `run` repeats it when work falls due.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::app::act::{act, Acting};
use crate::app::outgoing::{Button, Outgoing, Purpose};
use crate::app::{digest, followup, App, AppError, Ctx};
use crate::domain::timers::{still_applies, JobKind};
use crate::domain::{Action, ChatId, TicketId};
use crate::i18n::Lang;
use crate::store::jobs::{self, Job};
use crate::store::tickets::{self, Ticket};

/// Jobs fired per tick at most; a larger backlog is worked off by the following ticks.
const BATCH: i64 = 500;

/// What one tick did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TickReport {
    pub fired: usize,
    pub held: usize,
    pub void: usize,
    pub messages: usize,
}

/// A line for someone, gathered so that several due at once go out as one message.
pub struct Line {
    pub ticket: TicketId,
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
}

/// Reminder lines by recipient chat and language.
#[derive(Default)]
pub struct Bundle {
    lines: BTreeMap<(i64, bool), Vec<Line>>,
}

impl Bundle {
    /// Adds a line; a later line about the same ticket replaces the earlier one.
    pub fn add(&mut self, chat: ChatId, lang: Lang, line: Line) {
        let lines = self.lines.entry((chat.0, lang == Lang::En)).or_default();
        lines.retain(|l| l.ticket != line.ticket);
        lines.push(line);
    }

    /// One message per recipient: a single reminder keeps its buttons and its link to the ticket
    /// (so a reply acts on it); several are merged under one heading.
    async fn flush(self, ctx: &mut Ctx<'_>) -> Result<usize, AppError> {
        let mut sent = 0;
        for ((chat, en), mut lines) in self.lines {
            let lang = if en { Lang::En } else { Lang::Zh };
            if let [_] = lines.as_slice() {
                let line = lines.remove(0);
                let out = Outgoing::Send {
                    text: line.text,
                    reply_to: None,
                    buttons: line.buttons,
                };
                ctx.emit(ChatId(chat), out, Some(line.ticket), Purpose::Prompt)
                    .await?;
            } else {
                let count = crate::i18n::arg("count", lines.len() as i64);
                let head = ctx.app.i18n.text(lang, "reminders-merged", &[count]);
                let body: Vec<String> = lines.into_iter().map(|l| l.text).collect();
                let text = format!("{head}\n\n{}", body.join("\n\n"));
                let out = Outgoing::Send {
                    text,
                    reply_to: None,
                    buttons: vec![],
                };
                ctx.emit(ChatId(chat), out, None, Purpose::Info).await?;
            }
            sent += 1;
        }
        Ok(sent)
    }
}

/// Fires every job due at `now`. Call it with any time in tests.
pub async fn tick(app: &App, now: DateTime<Utc>) -> Result<TickReport, AppError> {
    let mut ctx = app.begin(now.timestamp()).await?;
    let due = jobs::due(&mut ctx.tx, app.store.backend(), ctx.now, BATCH).await?;
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
            if !still_applies(
                kind,
                job.stamp,
                &crate::app::timers::times(&app.settings, t),
            ) {
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

async fn fire(
    ctx: &mut Ctx<'_>,
    kind: JobKind,
    job: &Job,
    ticket: Option<Ticket>,
    bundle: &mut Bundle,
) -> Result<(), AppError> {
    if matches!(kind, JobKind::Digest | JobKind::Weekly) {
        if kind == JobKind::Digest {
            digest::send(ctx, job.village).await?;
        } else {
            crate::app::report::weekly(ctx, job.village).await?;
        }
        return crate::app::timers::schedule_village_job(ctx, job.village, kind).await;
    }
    let Some(t) = ticket else { return Ok(()) };
    match kind {
        JobKind::Remind | JobKind::UrgentRemind => {
            followup::remind(ctx, &t, kind == JobKind::UrgentRemind, bundle).await
        }
        JobKind::Escalate => {
            let reason = followup::overdue_reason(ctx, &t).await?;
            let passed = act(ctx, t, Acting::System, Action::PassUp(reason)).await?;
            if let Err(refusal) = passed {
                tracing::info!(?refusal, "overdue ticket stays where it is");
            }
            Ok(())
        }
        JobKind::AutoClose => act(ctx, t, Acting::System, Action::AutoClose)
            .await
            .map(|_| ()),
        JobKind::RateRemind => followup::ask_rating(ctx, &t).await,
        JobKind::StillFixed => followup::ask_still_fixed(ctx, &t).await,
        JobKind::Digest | JobKind::Weekly => Ok(()),
    }
}

/// Makes sure every village has its next digest and weekly report set (villages set up before
/// these existed, or after they were switched on in the config).
pub async fn ensure_village_jobs(app: &App, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut ctx = app.begin(now.timestamp()).await?;
    for village in crate::store::villages::all_ids(&mut ctx.tx).await? {
        crate::app::timers::ensure_village_jobs(&mut ctx, village).await?;
    }
    ctx.commit().await
}

/// Runs `tick` whenever work falls due or new timers are set, until `shutdown`.
pub async fn run(app: std::sync::Arc<App>, mut shutdown: watch::Receiver<bool>) {
    if let Err(e) = ensure_village_jobs(&app, Utc::now()).await {
        tracing::error!(error = ?e, "cannot set the villages' digests");
    }
    loop {
        let now = Utc::now();
        let wait = match tick(&app, now).await {
            Ok(r) if r.fired + r.void >= BATCH as usize => Duration::ZERO,
            Ok(_) => next_wait(&app, now).await,
            Err(e) => {
                tracing::error!(error = ?e, "scheduler tick failed");
                Duration::from_secs(5)
            }
        };
        tokio::select! {
            _ = wait_stop(&mut shutdown) => return,
            _ = app.jobs_ready.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

async fn wait_stop(shutdown: &mut watch::Receiver<bool>) {
    while !*shutdown.borrow() {
        if shutdown.changed().await.is_err() {
            return;
        }
    }
}

async fn next_wait(app: &App, now: DateTime<Utc>) -> Duration {
    let next = match app.store.conn().await {
        Ok(mut conn) => jobs::next_due(&mut conn).await.ok().flatten(),
        Err(_) => None,
    };
    let secs = next.map_or(300, |at| (at - now.timestamp()).clamp(1, 300));
    Duration::from_secs(u64::try_from(secs).unwrap_or(1))
}
