//! Opening a ticket: numbered, routed (chief, team, duty cadre), timed, its card posted (or, in a
//! busy group, a line in the group's list of new tickets) and its holder prompted, all in the
//! transaction of the message that asked for it.

use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::outbox::quiet;
use crate::app::render::text::{html, mention};
use crate::app::ticket::act::record;
use crate::app::ticket::card::{group_holder, post_card};
use crate::app::ticket::media;
use crate::app::ticket::prompt::prompt_holder;
use crate::app::ticket::relation::ladder;
use crate::app::ticket::urgency::alert_cadre;
use crate::app::timers::plan::schedule_ticket;
use crate::domain::intake::Classification;
use crate::domain::routing::{route_ticket, RoutingFacts};
use crate::domain::ticket::{apply, Circumstances};
use crate::domain::{Action, Actor, Category, Ticket, TicketNo, TicketState};
use crate::i18n::arg;
use crate::store::grid;
use crate::store::people::Person;
use crate::store::tickets::{self, NewEvent, NewTicket};
use crate::store::villages::{self, Village};

/// Creates, routes and announces a ticket for a message. `None` when the message already has one.
pub async fn open_ticket(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
    c: &Classification,
) -> Result<Option<TicketNo>, AppError> {
    let Some(t) = create(ctx, village, me, m, c).await? else {
        return Ok(None);
    };
    media::keep(ctx, &t, m.media.as_ref(), "request", me.id).await?;
    let t = route(ctx, village, me, t).await?;
    schedule_ticket(ctx, &t).await?;
    let per_minute = ctx.app.settings.telegram.limits.per_minute_per_group;
    let busy = !t.chat.is_private() && quiet::busy(&mut ctx.tx, t.chat, per_minute).await?;
    let prompted = match busy {
        true => acknowledge(ctx, village, me, &t).await?,
        false => post_card(ctx, village.lang, &t, m.message).await?,
    };
    if t.holder.is_some() && !prompted {
        prompt_holder(ctx, village, &t, false).await?;
    }
    media::to_holder(ctx, &t).await?;
    if t.urgent {
        alert_cadre(ctx, village, &t, Some(me.id)).await?;
    }
    Ok(Some(t.no))
}

/// The group owes more than it may send soon: the ticket gets a line in the group's list of new
/// tickets instead of a card, with its holder's mention when the group is the only way to reach
/// them. Returns whether that mention stands for the holder's prompt.
async fn acknowledge(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    t: &Ticket,
) -> Result<bool, AppError> {
    tickets::set_card_quiet(&mut ctx.tx, t.id).await?;
    let holder = group_holder(ctx, t).await?;
    let view = ctx.app.view(village.lang);
    let key = match t.is_private() {
        true => "ack-line-sensitive",
        false => "ack-line",
    };
    let mut line = view.t(
        key,
        &[
            arg("no", t.no.to_string()),
            arg("category", view.category(t.category)),
            arg("who", html(&me.label())),
        ],
    );
    if let Some(p) = &holder {
        line.push(' ');
        line.push_str(&view.t("ack-holder", &[arg("holder", mention(p))]));
    }
    let head = view.t("ack-head", &[]);
    let backend = ctx.app.store.backend();
    let queued = quiet::acknowledge(&mut ctx.tx, backend, t.chat, (&head, &line), ctx.now).await?;
    ctx.queued(queued);
    Ok(holder.is_some())
}

/// Stores the new ticket and its "created" event; `None` when the message already has a ticket.
async fn create(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
    c: &Classification,
) -> Result<Option<Ticket>, AppError> {
    if tickets::by_source(&mut ctx.tx, m.chat, m.message)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let category = c.category.unwrap_or(Category::Other);
    let tier = category.default_tier();
    let body = match c.body.trim() {
        "" => m.text.trim(),
        body => body,
    };
    let new = NewTicket {
        village: village.id,
        no: villages::next_ticket_no(&mut ctx.tx, village.id).await?,
        requester: me.id,
        chat: m.chat,
        source_message: m.message,
        body,
        category,
        tier,
        urgent: c.urgent,
        location: c.location.as_deref(),
        deadline_at: ctx.app.settings.deadlines.due(tier, c.urgent, ctx.now),
    };
    let Some(id) = tickets::insert(&mut ctx.tx, &new, ctx.now).await? else {
        return Ok(None);
    };
    let Some(t) = tickets::get(&mut ctx.tx, id).await? else {
        return Ok(None);
    };
    let created = NewEvent {
        ticket: t.id,
        at: ctx.now,
        actor: Some(me.id),
        action: "created",
        from: None,
        to: TicketState::New,
        note: Some(body),
    };
    tickets::append_event(&mut ctx.tx, &created).await?;
    Ok(Some(t))
}

/// Gives the new ticket its first holder: the chief, else a team, else the duty cadre.
async fn route(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    t: Ticket,
) -> Result<Ticket, AppError> {
    let facts = routing_facts(ctx, village, me, &t).await?;
    let Some(route) = route_ticket(&facts) else {
        return Ok(t);
    };
    let circumstances = Circumstances {
        actor: Actor::system(),
        deadlines: &ctx.app.settings.deadlines,
        ladder: &facts,
    };
    let Ok(applied) = apply(&t, &Action::Assign(route), &circumstances, ctx.now) else {
        return Ok(t);
    };
    tickets::update(&mut ctx.tx, &applied.ticket, ctx.now).await?;
    record(ctx, &applied.ticket, t.state, &applied.events, None).await?;
    Ok(applied.ticket)
}

/// Who could take a ticket of this requester and category, and the ladder above.
async fn routing_facts(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    t: &Ticket,
) -> Result<RoutingFacts, AppError> {
    let chief = match grid::household(&mut ctx.tx, village.id, me.id).await? {
        Some(n) => grid::chief_of(&mut ctx.tx, n).await?,
        None => None,
    };
    let team = grid::team_for(&mut ctx.tx, village.id, t.category).await?;
    Ok(RoutingFacts {
        chief,
        team,
        ..ladder(ctx, village).await?
    })
}
