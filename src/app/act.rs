//! Carries out a ticket action: asks the state machine, stores the change and its events, and
//! queues the card edit and the prompts and notices that follow from it.

use super::outgoing::{Outgoing, Purpose};
use super::{AppError, Ctx};
use crate::domain::roles::Roles;
use crate::domain::routing::{Holder, RoutingFacts};
use crate::domain::ticket::{apply, Applied, Circumstances};
use crate::domain::{Action, Actor, ChatId, PersonId, Refusal, TicketEvent, TicketState};
use crate::i18n::{arg, Lang};
use crate::store::grid;
use crate::store::people::{self, Person};
use crate::store::tickets::{self, NewEvent, Ticket};
use crate::store::villages::{self, Village};

/// Who is acting: a person with their roles in the ticket's village, or the bot itself.
#[derive(Debug, Clone, Copy)]
pub enum Acting<'p> {
    Person(&'p Person, Roles),
    System,
}

impl Acting<'_> {
    fn person_id(&self) -> Option<PersonId> {
        match self {
            Acting::Person(p, _) => Some(p.id),
            Acting::System => None,
        }
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
        Some(t) => crate::store::townships::cadres(&mut ctx.tx, t)
            .await?
            .first()
            .copied(),
        None => None,
    };
    Ok(RoutingFacts {
        duty_cadre: village.duty_cadre,
        township_cadre,
        ..RoutingFacts::default()
    })
}

/// Performs `action` on `ticket`: the domain decides, this stores the result and queues what
/// follows from it. Returns the refusal when the action is not allowed; nothing is changed then.
pub async fn act(
    ctx: &mut Ctx<'_>,
    ticket: Ticket,
    who: Acting<'_>,
    action: Action,
) -> Result<Result<Ticket, Refusal>, AppError> {
    let village = match villages::by_id(&mut ctx.tx, ticket.village).await? {
        Some(v) => v,
        None => return Ok(Err(Refusal::NotAllowed)),
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
            let person = match who {
                Acting::Person(p, _) => Some(p),
                Acting::System => None,
            };
            let detail = format!("{} {action:?}: {refusal}", ticket.no);
            ctx.audit(
                Some(ticket.village),
                person,
                "refused_ticket_action",
                &detail,
                false,
            )
            .await?;
            return Ok(Err(refusal));
        }
    };
    tickets::update(&mut ctx.tx, &t, ctx.now).await?;
    super::timers::schedule_ticket(ctx, &t).await?;
    record(ctx, &t, ticket.state, &events, who.person_id()).await?;
    follow_up(ctx, &village, &ticket, &t, &events, who).await?;
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

/// A plain name for the holder, as cards and lists show it.
pub async fn holder_label(ctx: &mut Ctx<'_>, holder: Option<Holder>) -> Result<String, AppError> {
    Ok(match holder {
        Some(Holder::Person(p)) => match people::get(&mut ctx.tx, p).await? {
            Some(person) => super::render::html(&person.label()),
            None => "?".into(),
        },
        Some(Holder::Team(team)) => match grid::team(&mut ctx.tx, team).await? {
            Some(team) => super::render::html(&team.name),
            None => "?".into(),
        },
        None => "—".into(),
    })
}

/// Queues the card edit and whatever the change means for the people involved.
async fn follow_up(
    ctx: &mut Ctx<'_>,
    village: &Village,
    before: &Ticket,
    t: &Ticket,
    events: &[TicketEvent],
    who: Acting<'_>,
) -> Result<(), AppError> {
    let lang = Lang::from_tag(&village.lang);
    edit_card(ctx, lang, t).await?;
    let holder_changed = before.holder != t.holder;
    for event in events {
        match event {
            TicketEvent::Resolved(_) => super::tickets::post_closure(ctx, lang, t).await?,
            TicketEvent::Rated(n) if *n <= 2 => {
                if let Some(cadre) = village.duty_cadre {
                    let text = ctx.app.i18n.text(
                        lang,
                        "low-rating-cadre",
                        &[arg("no", t.no.to_string()), arg("stars", i64::from(*n))],
                    );
                    notify(ctx, village.chat_id, cadre, t, text, Purpose::Prompt, false).await?;
                }
            }
            TicketEvent::Escalated(_) => {
                if let Some(Holder::Person(old)) = before.holder {
                    if Some(old) != who.person_id() {
                        let text = ctx.app.i18n.text(
                            lang,
                            "escalated-old-holder",
                            &[arg("no", t.no.to_string())],
                        );
                        notify(ctx, village.chat_id, old, t, text, Purpose::Info, false).await?;
                    }
                }
            }
            _ => {}
        }
    }
    let reopened = events.contains(&TicketEvent::Reopened);
    let escalated = events
        .iter()
        .any(|e| matches!(e, TicketEvent::Escalated(_)));
    let taken_by_member =
        matches!(before.holder, Some(Holder::Team(_))) && events.contains(&TicketEvent::Taken);
    if (holder_changed && !taken_by_member) || reopened {
        super::tickets::prompt_holder(ctx, village, t, escalated || reopened).await?;
    }
    Ok(())
}

/// Edits the card in place (the sender posts a fresh one if the old one cannot be edited).
pub async fn edit_card(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let text = ctx.app.view(lang).card(t, &holder);
    ctx.emit(
        t.chat,
        Outgoing::EditCard {
            text,
            buttons: vec![],
        },
        Some(t.id),
        Purpose::Card,
    )
    .await
}

/// Writes to a person privately if they pressed Start, else in the group with a mention.
/// `buttons_for` adds the prompt buttons of the ticket.
pub async fn notify(
    ctx: &mut Ctx<'_>,
    group: ChatId,
    person: PersonId,
    t: &Ticket,
    text: String,
    purpose: Purpose,
    with_buttons: bool,
) -> Result<(), AppError> {
    let Some(p) = people::get(&mut ctx.tx, person).await? else {
        return Ok(());
    };
    let village_lang = match villages::by_id(&mut ctx.tx, t.village).await? {
        Some(v) => Lang::from_tag(&v.lang),
        None => ctx.app.settings.default_lang(),
    };
    let buttons = if with_buttons {
        ctx.app.view(village_lang).prompt_buttons(t)
    } else {
        vec![]
    };
    let (chat, text) = match (p.private_ok, p.tg_user_id) {
        (true, Some(user)) => (ChatId(user.0), text),
        _ => (group, format!("{} {}", super::render::mention(&p), text)),
    };
    let out = Outgoing::Send {
        text,
        reply_to: None,
        buttons,
    };
    ctx.emit(chat, out, Some(t.id), purpose).await
}
