//! What an accepted action does to a ticket besides its state: holder, level, deadline, tier,
//! note, rating, and the resolved and closed times.

use serde::Deserialize;

use super::action::{Action, Actor, Refusal, TicketEvent};
use super::table::decide;
use super::Ticket;
use crate::domain::duration::Span;
use crate::domain::routing::{escalate, Holder, Level, Route, RoutingFacts};
use crate::domain::Tier;

/// How long each tier may take before the ticket is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Deadlines {
    pub simple: Span,
    pub complex: Span,
    pub difficult: Span,
    /// An urgent ticket's window, whatever its tier.
    pub urgent: Span,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            simple: Span::hours(24),
            complex: Span::days(7),
            difficult: Span::days(10),
            urgent: Span::hours(2),
        }
    }
}

impl Deadlines {
    pub fn of(&self, tier: Tier) -> Span {
        match tier {
            Tier::Simple => self.simple,
            Tier::Complex => self.complex,
            Tier::Difficult => self.difficult,
        }
    }

    /// The window a ticket has: the urgent one when it is urgent, else its tier's.
    pub fn window(&self, tier: Tier, urgent: bool) -> Span {
        if urgent {
            self.urgent
        } else {
            self.of(tier)
        }
    }

    /// The deadline of a full window (of `tier`, or the urgent one) that starts at `start`.
    pub fn due(&self, tier: Tier, urgent: bool, start: i64) -> i64 {
        start.saturating_add(self.window(tier, urgent).as_secs())
    }
}

/// What a transition depends on besides the ticket and the clock.
#[derive(Debug, Clone, Copy)]
pub struct Circumstances<'a> {
    pub actor: Actor,
    pub deadlines: &'a Deadlines,
    /// Who stands above the ticket on the escalation ladder.
    pub ladder: &'a RoutingFacts,
}

/// An accepted action: the ticket as it is now and the events to record, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub ticket: Ticket,
    pub events: Vec<TicketEvent>,
}

/// Applies `action` to `ticket` at `now`. Pure: a refusal changes nothing.
pub fn apply(
    ticket: &Ticket,
    action: &Action,
    c: &Circumstances<'_>,
    now: i64,
) -> Result<Applied, Refusal> {
    let unchanged = match action {
        Action::Urgency(on) => *on == ticket.urgent,
        Action::Recategorize(c) => *c == ticket.category,
        _ => false,
    };
    if unchanged {
        return Err(Refusal::AlreadyThere);
    }
    // Whoever wrote it was told it went on privately; a correction must not publish it.
    if matches!(action, Action::Recategorize(c) if ticket.is_private() && !c.is_sensitive()) {
        return Err(Refusal::StaysPrivate);
    }
    let up = escalate(ticket.level, ticket.holder, c.ladder);
    let transition = decide(ticket.state, action, &c.actor, up.is_none())?;
    let mut t = ticket.clone();
    t.state = transition.state;
    if !t.state.is_final() {
        t.closed_at = None;
    } else if !ticket.state.is_final() {
        t.closed_at = Some(now);
    }
    effects(&mut t, action, c, up, now);
    Ok(Applied {
        ticket: t,
        events: transition.events,
    })
}

/// The field changes of each action (the state is already set).
fn effects(t: &mut Ticket, action: &Action, c: &Circumstances<'_>, up: Option<Route>, now: i64) {
    let fresh_deadline = c.deadlines.due(t.tier, t.urgent, now);
    match action {
        Action::Assign(route) => {
            t.holder = Some(route.holder);
            t.level = route.level;
        }
        Action::Dispatch(member) => {
            t.holder = Some(Holder::Person(*member));
            t.level = Level::Grid;
        }
        Action::Take => {
            if let (Some(Holder::Team(_)), Some(p)) = (t.holder, c.actor.person) {
                t.holder = Some(Holder::Person(p));
            }
        }
        Action::Note(text) => t.last_note = Some(text.clone()),
        Action::Done(note) => {
            t.resolved_at = Some(now);
            if !note.is_empty() {
                t.last_note = Some(note.clone());
            }
        }
        Action::PassUp(_) => {
            if let Some(r) = up {
                t.holder = Some(r.holder);
                t.level = r.level;
                // The new holder gets a full window of the tier.
                t.deadline_at = fresh_deadline;
            }
        }
        Action::Rate(n) => {
            t.rating = Some(i64::from(*n));
            if t.state.is_open() {
                t.resolved_at = None;
                t.deadline_at = fresh_deadline;
            }
        }
        Action::Reopen | Action::FollowUp { still_fixed: false } => {
            t.resolved_at = None;
            t.deadline_at = fresh_deadline;
        }
        Action::Retier(tier) => retier(t, *tier, c.deadlines),
        Action::Urgency(on) => set_urgency(t, *on, c.deadlines, now),
        Action::Recategorize(c) => t.category = *c,
        Action::NotARequest
        | Action::Close(_)
        | Action::Cancel
        | Action::AutoClose
        | Action::FollowUp { still_fixed: true }
        | Action::Merge(_) => {}
    }
}

/// A new tier keeps the window's start; the deadline moves with the tier's length.
fn retier(t: &mut Ticket, tier: Tier, d: &Deadlines) {
    let start = window_start(t, d);
    t.tier = tier;
    t.deadline_at = d.due(tier, t.urgent, start);
}

/// Urgent now: the urgent window from now, unless the deadline is sooner already. Not urgent
/// after all: the tier's window from when the urgent one started.
fn set_urgency(t: &mut Ticket, on: bool, d: &Deadlines, now: i64) {
    let start = if on { now } else { window_start(t, d) };
    let due = d.due(t.tier, on, start);
    t.urgent = on;
    t.deadline_at = if on { due.min(t.deadline_at) } else { due };
}

/// When the ticket's current deadline window began.
fn window_start(t: &Ticket, d: &Deadlines) -> i64 {
    t.deadline_at
        .saturating_sub(d.window(t.tier, t.urgent).as_secs())
}
