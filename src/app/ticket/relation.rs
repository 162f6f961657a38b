//! Who is acting on a ticket and how they relate to it (requester, holder, team member, captain,
//! cadre, chief), and the escalation ladder above it: the facts the domain rules need.

use crate::app::context::{AppError, Ctx};
use crate::domain::roles::Roles;
use crate::domain::routing::{Holder, RoutingFacts};
use crate::domain::{Actor, PersonId, Ticket};
use crate::store::people::Person;
use crate::store::villages::Village;
use crate::store::{grid, townships};

/// Who is acting: a person with their roles in the ticket's village, or the bot itself.
#[derive(Debug, Clone, Copy)]
pub enum Acting<'p> {
    Person(&'p Person, Roles),
    System,
}

impl<'p> Acting<'p> {
    pub fn person(&self) -> Option<&'p Person> {
        match self {
            Acting::Person(p, _) => Some(p),
            Acting::System => None,
        }
    }

    pub fn person_id(&self) -> Option<PersonId> {
        self.person().map(|p| p.id)
    }
}

/// How the actor relates to this ticket, for the state machine.
pub async fn relation(ctx: &mut Ctx<'_>, t: &Ticket, who: Acting<'_>) -> Result<Actor, AppError> {
    let (p, roles) = match who {
        Acting::System => return Ok(Actor::system()),
        Acting::Person(p, roles) => (p, roles),
    };
    let mut actor = Actor {
        person: Some(p.id),
        requester: t.requester == p.id,
        assignee: t.holder == Some(Holder::Person(p.id)),
        cadre: roles.is_cadre(),
        ..Actor::default()
    };
    match t.holder {
        Some(Holder::Team(team)) => {
            actor.team_member = grid::members(&mut ctx.tx, team).await?.contains(&p.id);
            actor.captain = grid::captain_of(&mut ctx.tx, team).await? == Some(p.id);
        }
        // A captain keeps a hand on what they dispatched to a member of their team.
        Some(Holder::Person(holder)) if roles.captain => {
            for team in grid::teams_captained(&mut ctx.tx, t.village, p.id).await? {
                if grid::members(&mut ctx.tx, team).await?.contains(&holder) {
                    actor.captain = true;
                    actor.team_member = true;
                }
            }
        }
        _ => {}
    }
    if roles.chief {
        if let Some(n) = grid::household(&mut ctx.tx, t.village, t.requester).await? {
            actor.neighbourhood_chief = grid::chief_of(&mut ctx.tx, n).await? == Some(p.id);
        }
    }
    Ok(actor)
}

/// The ladder above a ticket: its village's duty cadre, then the township's longest-serving cadre.
pub async fn ladder(ctx: &mut Ctx<'_>, village: &Village) -> Result<RoutingFacts, AppError> {
    let township_cadre = match village.township {
        Some(t) => townships::cadres(&mut ctx.tx, t).await?.first().copied(),
        None => None,
    };
    Ok(RoutingFacts {
        duty_cadre: village.duty_cadre,
        township_cadre,
        ..RoutingFacts::default()
    })
}
