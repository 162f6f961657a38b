//! The lifecycle as a table: who may ask for each action, from which states it leads where, and
//! which events it records. `decide` reads the three together.

use super::action::{Action, Actor, Refusal, TicketEvent};
use super::state::TicketState;

/// The outcome of an accepted action at the level of states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub state: TicketState,
    pub events: Vec<TicketEvent>,
}

/// Who may ask for an action, whatever the state.
fn permitted(action: &Action, a: &Actor) -> Result<(), Refusal> {
    let ok = match action {
        Action::Assign(_) => a.cadre || a.system,
        Action::Dispatch(_) => a.captain || a.cadre,
        Action::Take => a.assignee || a.team_member,
        Action::Note(_) => a.handles() || a.requester,
        Action::Done(_) => a.handles(),
        Action::PassUp(_) => a.handles() || a.system,
        Action::Rate(_) | Action::FollowUp { .. } => {
            return if a.requester {
                Ok(())
            } else {
                Err(Refusal::NotRequester)
            };
        }
        Action::Close(_) | Action::Reopen | Action::Retier(_) | Action::Merge(_) => a.cadre,
        Action::Cancel => a.cadre || a.requester,
        // Whoever handles it may raise the alarm; only a cadre or the chief may call it off.
        Action::Urgency(true) => a.handles(),
        Action::Urgency(false) => a.cadre || a.neighbourhood_chief,
        Action::Recategorize(_) | Action::NotARequest => a.corrects(),
        Action::AutoClose => a.system,
    };
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotAllowed)
    }
}

/// Where an action leads from a state; `None` when it does not apply there.
fn target(state: TicketState, action: &Action) -> Option<TicketState> {
    use TicketState::{Assigned, Cancelled, Closed, InProgress, New, Resolved};
    let to = match (action, state) {
        (Action::Assign(_), New | Assigned | InProgress) => Assigned,
        (Action::Dispatch(_), Assigned | InProgress) => Assigned,
        (Action::Take, Assigned) => InProgress,
        (Action::Note(_), New | Assigned | InProgress | Resolved) => state,
        (Action::Done(_), Assigned | InProgress) => Resolved,
        (Action::PassUp(_), New | Assigned | InProgress) => Assigned,
        (Action::Rate(n), Resolved) if *n <= 2 => Assigned,
        (Action::Rate(_), Resolved) => Closed,
        (Action::Close(_), New | Assigned | InProgress | Resolved) => Closed,
        (Action::Reopen, Resolved | Closed) => Assigned,
        (Action::Cancel, New | Assigned | InProgress) => Cancelled,
        (Action::AutoClose, Resolved) => Closed,
        (Action::FollowUp { still_fixed: true }, Closed) => Closed,
        (Action::FollowUp { still_fixed: false }, Closed) => Assigned,
        (Action::Retier(_) | Action::Urgency(_), New | Assigned | InProgress) => state,
        (Action::Recategorize(_), New | Assigned | InProgress) => state,
        (Action::NotARequest, New | Assigned | InProgress) => Cancelled,
        (Action::Merge(_), New | Assigned | InProgress) => Cancelled,
        _ => return None,
    };
    Some(to)
}

/// What the event log records for an accepted action that ends in `to`.
fn events(action: &Action, to: TicketState) -> Vec<TicketEvent> {
    let one = match action {
        Action::Assign(_) => TicketEvent::Assigned,
        Action::Dispatch(_) => TicketEvent::Dispatched,
        Action::Take => TicketEvent::Taken,
        Action::Note(text) => TicketEvent::Noted(text.clone()),
        Action::Done(note) => TicketEvent::Resolved(note.clone()),
        Action::PassUp(reason) => TicketEvent::Escalated(reason.clone()),
        Action::Rate(n) if to == TicketState::Assigned => {
            return vec![TicketEvent::Rated(*n), TicketEvent::Reopened]
        }
        Action::Rate(n) => return vec![TicketEvent::Rated(*n), TicketEvent::Closed(String::new())],
        Action::Close(note) => TicketEvent::Closed(note.clone()),
        Action::Reopen | Action::FollowUp { still_fixed: false } => TicketEvent::Reopened,
        Action::FollowUp { still_fixed: true } => TicketEvent::Confirmed,
        Action::Cancel => TicketEvent::Cancelled,
        Action::AutoClose => TicketEvent::Closed(String::new()),
        Action::Retier(tier) => TicketEvent::Retiered(tier.key().to_string()),
        Action::Urgency(on) => TicketEvent::Urgency(*on),
        Action::Recategorize(c) => TicketEvent::Recategorized(c.key().to_string()),
        Action::NotARequest => TicketEvent::Dismissed,
        Action::Merge(into) => TicketEvent::Merged(into.clone()),
    };
    vec![one]
}

/// Decides an action at the level of states. `at_top` says that a pass-up has no step left.
/// Pure: the caller supplies who acts and what holds now.
pub fn decide(
    state: TicketState,
    action: &Action,
    actor: &Actor,
    at_top: bool,
) -> Result<Transition, Refusal> {
    permitted(action, actor)?;
    if let Action::Rate(stars) = action {
        if !(1..=5).contains(stars) {
            return Err(Refusal::BadRating);
        }
    }
    let Some(to) = target(state, action) else {
        return Err(match (action, state) {
            (Action::Take, TicketState::InProgress) => Refusal::AlreadyThere,
            _ => Refusal::WrongState(state),
        });
    };
    if at_top && matches!(action, Action::PassUp(_)) {
        return Err(Refusal::AtTop);
    }
    Ok(Transition {
        state: to,
        events: events(action, to),
    })
}
