//! Carries out an action on a ticket: the domain decides and changes the ticket; this stores the
//! change and its events and queues what follows (the card edit, prompts, notices).

use super::card::{edit_card, holder_label};
use super::closure::post_closure;
use super::prompt::prompt_holder;
use super::relation::{ladder, relation, Acting};
use super::urgency;
use crate::app::context::{AppError, Ctx};
use crate::app::intake::corrected;
use crate::app::outbox::message::Purpose;
use crate::app::points::ledger;
use crate::app::reach::{self, Notice};
use crate::app::timers::plan::schedule_ticket;
use crate::domain::routing::Holder;
use crate::domain::ticket::{apply, Applied, Circumstances};
use crate::domain::{Action, PersonId, Refusal, Ticket, TicketEvent, TicketState};
use crate::i18n::arg;
use crate::store::tickets::{self, NewEvent};
use crate::store::villages::{self, Village};

/// Performs `action` on `ticket`: the domain decides, this stores the result and queues what
/// follows from it. Returns the refusal when the action is not allowed; nothing is changed then.
pub async fn act(
    ctx: &mut Ctx<'_>,
    ticket: Ticket,
    who: Acting<'_>,
    action: Action,
) -> Result<Result<Ticket, Refusal>, AppError> {
    let Some(village) = villages::by_id(&mut ctx.tx, ticket.village).await? else {
        return Ok(Err(Refusal::NotAllowed));
    };
    let ladder = ladder(ctx, &village).await?;
    let circumstances = Circumstances {
        actor: relation(ctx, &ticket, who).await?,
        deadlines: &ctx.app.settings.deadlines,
        ladder: &ladder,
    };
    let Applied { ticket: t, events } = match apply(&ticket, &action, &circumstances, ctx.now) {
        Ok(applied) => applied,
        Err(refusal) => {
            let detail = format!("{} {action:?}: {refusal}", ticket.no);
            ctx.audit(
                Some(ticket.village),
                who.person(),
                "refused_ticket_action",
                &detail,
                false,
            )
            .await?;
            return Ok(Err(refusal));
        }
    };
    tickets::update(&mut ctx.tx, &t, ctx.now).await?;
    schedule_ticket(ctx, &t).await?;
    record(ctx, &t, ticket.state, &events, who.person_id()).await?;
    ledger::on_change(ctx, &ticket, &t, &events, who.person_id()).await?;
    let change = Change {
        before: &ticket,
        after: &t,
        events: &events,
        by: who.person_id(),
    };
    after_change(ctx, &village, change).await?;
    Ok(Ok(t))
}

/// Appends the events of one transition to the ticket's log.
pub async fn record(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    before: TicketState,
    events: &[TicketEvent],
    actor: Option<PersonId>,
) -> Result<(), AppError> {
    let mut from = Some(before);
    for event in events {
        let note = event_note(ctx, event, t).await?;
        let entry = NewEvent {
            ticket: t.id,
            at: ctx.now,
            actor,
            action: event.key(),
            from,
            to: t.state,
            note: note.as_deref(),
        };
        tickets::append_event(&mut ctx.tx, &entry).await?;
        from = Some(t.state);
    }
    Ok(())
}

/// The note stored with an event: the free text, or who the ticket went to.
async fn event_note(
    ctx: &mut Ctx<'_>,
    event: &TicketEvent,
    t: &Ticket,
) -> Result<Option<String>, AppError> {
    match event {
        TicketEvent::Assigned | TicketEvent::Dispatched | TicketEvent::Taken => {
            Ok(Some(holder_label(ctx, t.holder).await?))
        }
        TicketEvent::Escalated(reason) => {
            let to = holder_label(ctx, t.holder).await?;
            Ok(Some(if reason.is_empty() {
                to
            } else {
                format!("{to}: {reason}")
            }))
        }
        other => Ok(other.note()),
    }
}

/// One accepted change of a ticket, as the people around it need to hear of it.
#[derive(Clone, Copy)]
struct Change<'a> {
    before: &'a Ticket,
    after: &'a Ticket,
    events: &'a [TicketEvent],
    by: Option<PersonId>,
}

/// Queues the card edit and whatever the change means for the people involved.
async fn after_change(ctx: &mut Ctx<'_>, village: &Village, c: Change<'_>) -> Result<(), AppError> {
    let t = c.after;
    edit_card(ctx, village.lang, t).await?;
    corrected::after(ctx, village, t, c.events, c.by).await?;
    for event in c.events {
        tell(ctx, village, c, event).await?;
    }
    let reopened = c.events.contains(&TicketEvent::Reopened);
    let escalated = c
        .events
        .iter()
        .any(|e| matches!(e, TicketEvent::Escalated(_)));
    let taken_by_member =
        matches!(c.before.holder, Some(Holder::Team(_))) && c.events.contains(&TicketEvent::Taken);
    let holder_changed = c.before.holder != t.holder;
    if (holder_changed && !taken_by_member) || reopened {
        prompt_holder(ctx, village, t, escalated || reopened).await?;
    }
    Ok(())
}

/// What one event means for someone: the closure notice, the duty cadre after a low rating or
/// when it turns urgent, the old holder after an escalation.
async fn tell(
    ctx: &mut Ctx<'_>,
    village: &Village,
    c: Change<'_>,
    event: &TicketEvent,
) -> Result<(), AppError> {
    let t = c.after;
    let no = arg("no", t.no.to_string());
    let (person, text, purpose) = match event {
        TicketEvent::Resolved(_) => return post_closure(ctx, village.lang, t).await,
        TicketEvent::Urgency(true) => return urgency::became_urgent(ctx, village, t, c.by).await,
        TicketEvent::Rated(n) if *n <= 2 => {
            let stars = arg("stars", i64::from(*n));
            let text = ctx
                .app
                .i18n
                .text(village.lang, "low-rating-cadre", &[no, stars]);
            (village.duty_cadre, text, Purpose::Prompt)
        }
        TicketEvent::Escalated(_) => {
            let old = match c.before.holder {
                Some(Holder::Person(old)) if Some(old) != c.by => Some(old),
                _ => None,
            };
            let text = ctx
                .app
                .i18n
                .text(village.lang, "escalated-old-holder", &[no]);
            (old, text, Purpose::Info)
        }
        _ => return Ok(()),
    };
    let Some(person) = person else {
        return Ok(());
    };
    let notice = Notice {
        person,
        group: village.chat_id,
        ticket: t.id,
        text,
        buttons: vec![],
        purpose,
    };
    reach::notify(ctx, notice).await
}
