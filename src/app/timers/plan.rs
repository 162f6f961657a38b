//! Sets the timers a ticket needs after each change, and each village's next morning digest and
//! weekly report.

use chrono::{DateTime, Utc};

use crate::app::context::{AppError, Ctx};
use crate::config::Settings;
use crate::domain::clock::{next_at, next_weekly};
use crate::domain::timers::{plan, JobKind, TicketTimes};
use crate::domain::{Ticket, VillageId};
use crate::store::jobs::{self, NewJob};

/// What the planner needs of a stored ticket.
pub fn times(settings: &Settings, t: &Ticket) -> TicketTimes {
    TicketTimes {
        state: t.state,
        category: t.category,
        urgent: t.urgent,
        deadline_at: t.deadline_at,
        window: settings.deadlines.window(t.tier, t.urgent),
        resolved_at: t.resolved_at,
        closed_at: t.closed_at,
    }
}

/// Sets every timer the ticket needs now. Timers set before for other moments stay, and void
/// themselves when they fire.
pub async fn schedule_ticket(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(), AppError> {
    let settings = &ctx.app.settings;
    let planned = plan(&times(settings, t), &settings.timer_plan());
    for job in planned {
        let key = format!("{}:{}:{}:{}", job.kind.key(), t.id, job.stamp, job.part);
        let new = NewJob {
            kind: job.kind.key(),
            village: t.village,
            ticket: Some(t.id),
            due_at: job.due_at,
            stamp: job.stamp,
            key: &key,
        };
        if jobs::schedule(&mut ctx.tx, new, ctx.now).await? {
            ctx.scheduled += 1;
        }
    }
    Ok(())
}

/// Sets the village's next morning digest and weekly report unless they are pending.
pub async fn ensure_village_jobs(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    for kind in [JobKind::Digest, JobKind::Weekly] {
        if !jobs::has_pending(&mut ctx.tx, village, kind.key()).await? {
            schedule_village_job(ctx, village, kind).await?;
        }
    }
    Ok(())
}

/// Sets the village's next digest or weekly report after now, if enabled.
pub async fn schedule_village_job(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    kind: JobKind,
) -> Result<(), AppError> {
    let settings = &ctx.app.settings;
    let now = DateTime::<Utc>::from_timestamp(ctx.now, 0).unwrap_or_default();
    let due = match kind {
        JobKind::Digest if settings.digests.enabled => {
            next_at(now, ctx.app.tz, settings.digests.at)
        }
        JobKind::Weekly if settings.reports.weekly => match settings.reports.weekday() {
            Some(day) => next_weekly(now, ctx.app.tz, day, settings.reports.at),
            None => return Ok(()),
        },
        _ => return Ok(()),
    }
    .timestamp();
    let key = format!("{}:{village}:{due}", kind.key());
    let new = NewJob {
        kind: kind.key(),
        village,
        ticket: None,
        due_at: due,
        stamp: due,
        key: &key,
    };
    if jobs::schedule(&mut ctx.tx, new, ctx.now).await? {
        ctx.scheduled += 1;
    }
    Ok(())
}
