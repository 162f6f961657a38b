//! Writes what a ticket's change earns into the ledger (as `domain::points` decides), and the
//! entries cadres make by hand; every entry has its reason and its actor.

use crate::app::context::{AppError, Ctx};
use crate::domain::points::{earned, Award, Change, Reason};
use crate::domain::{PersonId, Ticket, TicketEvent, VillageId};
use crate::store::points::{self, NewEntry};

/// Books the points a ticket's accepted change earns or costs. A gain already booked for the
/// ticket (it was reopened and done again) is not booked twice.
pub async fn on_change(
    ctx: &mut Ctx<'_>,
    before: &Ticket,
    after: &Ticket,
    events: &[TicketEvent],
    by: Option<PersonId>,
) -> Result<(), AppError> {
    let rules = ctx.app.settings.points;
    if !rules.enabled || !events.iter().any(counts) {
        return Ok(());
    }
    let completer = points::completer(&mut ctx.tx, after.id).await?;
    let change = Change {
        before,
        after,
        events,
        by,
        completer,
    };
    for award in earned(&rules, change) {
        book(ctx, after, &award).await?;
    }
    Ok(())
}

/// Whether an event can earn or cost points at all (most cannot: no query for them).
fn counts(e: &TicketEvent) -> bool {
    matches!(
        e,
        TicketEvent::Resolved(_)
            | TicketEvent::Rated(_)
            | TicketEvent::Reopened
            | TicketEvent::Escalated(_)
    )
}

async fn book(ctx: &mut Ctx<'_>, t: &Ticket, award: &Award) -> Result<(), AppError> {
    let entry = NewEntry {
        village: t.village,
        person: award.person,
        delta: award.delta,
        reason: award.reason.key(),
        note: "",
        ticket: Some(t.id),
        actor: None,
        once_key: award.once_key.as_deref(),
    };
    if points::add(&mut ctx.tx, entry, ctx.now).await? {
        let detail = format!(
            "{} {:+} {} {}",
            award.person,
            award.delta,
            award.reason.key(),
            t.no
        );
        ctx.audit(Some(t.village), None, "points", &detail, true)
            .await?;
    }
    Ok(())
}

/// An entry a cadre makes: an exchange for goods or a correction, with its note, audited.
pub struct ByHand<'a> {
    pub village: VillageId,
    pub person: PersonId,
    pub delta: i64,
    pub reason: Reason,
    pub note: &'a str,
    pub actor: PersonId,
}

pub async fn by_hand(ctx: &mut Ctx<'_>, e: ByHand<'_>) -> Result<(), AppError> {
    let entry = NewEntry {
        village: e.village,
        person: e.person,
        delta: e.delta,
        reason: e.reason.key(),
        note: e.note,
        ticket: None,
        actor: Some(e.actor),
        once_key: None,
    };
    points::add(&mut ctx.tx, entry, ctx.now).await?;
    let detail = format!("{} {:+} {}: {}", e.person, e.delta, e.reason.key(), e.note);
    let actor = crate::store::people::get(&mut ctx.tx, e.actor).await?;
    ctx.audit(Some(e.village), actor.as_ref(), "points", &detail, true)
        .await
}
