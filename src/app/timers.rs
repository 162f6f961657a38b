//! Sets the timers a ticket needs after each change, and each village's next morning digest.

use chrono::{DateTime, Utc};

use super::{AppError, Ctx};
use crate::domain::clock::next_at;
use crate::domain::timers::{plan, JobKind, TicketTimes};
use crate::domain::VillageId;
use crate::store::jobs::{self, NewJob};
use crate::store::tickets::Ticket;

/// What the planner needs of a stored ticket.
pub fn times(ctx_settings: &crate::config::Settings, t: &Ticket) -> TicketTimes {
    TicketTimes {
        state: t.state,
        category: t.category,
        urgent: t.urgent,
        deadline_at: t.deadline_at,
        window: ctx_settings.deadlines.of(t.tier),
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

/// Sets the village's next morning digest unless one is pending.
pub async fn ensure_digest(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    if jobs::has_pending(&mut ctx.tx, village, JobKind::Digest.key()).await? {
        return Ok(());
    }
    schedule_digest(ctx, village).await
}

/// Sets the village's digest for the next morning after now.
pub async fn schedule_digest(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let digests = ctx.app.settings.digests;
    if !digests.enabled {
        return Ok(());
    }
    let now = DateTime::<Utc>::from_timestamp(ctx.now, 0).unwrap_or_default();
    let due = next_at(now, ctx.app.tz, digests.at).timestamp();
    let key = format!("digest:{village}:{due}");
    let new = NewJob {
        kind: JobKind::Digest.key(),
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
