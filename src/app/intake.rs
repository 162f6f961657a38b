//! From a message to a ticket: commands, replies to tickets, and plain words read by the intake parser.

use super::command::{self, Parsed};
use super::outgoing::{Outgoing, Press, Purpose};
use super::{AppError, ButtonPress, ChatMessage, Ctx};
use crate::domain::intake::{Certainty, Classification};
use crate::domain::routing::{route_ticket, RoutingFacts};
use crate::domain::ticket::{apply, Circumstances};
use crate::domain::{Action, Actor, MessageId, TicketNo, TicketState};
use crate::i18n::{arg, Lang};
use crate::store::people::Person;
use crate::store::tickets::{self, NewEvent, NewTicket, Ticket};
use crate::store::villages::{self, Village};
use crate::store::{grid, outbox, pending};

/// Any text message, in a group or in private.
pub async fn on_message(ctx: &mut Ctx<'_>, m: ChatMessage) -> Result<(), AppError> {
    let me = ctx.person(&m.from).await?;
    match command::parse(&m.text, ctx.app.bot_username.as_deref()) {
        Parsed::Command(c) => return super::commands::run(ctx, &m, &me, c).await,
        Parsed::Unknown(_) if m.private => {
            let lang = ctx.private_lang(&m.from);
            return ctx.reply(&m, lang, "unknown-command", &[]).await;
        }
        Parsed::Unknown(_) | Parsed::OtherBot => return Ok(()),
        Parsed::NotACommand => {}
    }
    if let Some(reply_to) = m.reply_to {
        if let Some((ticket, _)) = outbox::linked(&mut ctx.tx, m.chat, reply_to).await? {
            if super::tickets::on_reply(ctx, &m, ticket, &me).await? {
                return Ok(());
            }
        }
    }
    if m.private {
        let lang = ctx.private_lang(&m.from);
        return ctx.reply(&m, lang, "private-hint", &[]).await;
    }
    let Some(village) = ctx.village_of_chat(m.chat).await? else {
        return Ok(());
    };
    let c = ctx.app.intake.classify(&m.text);
    match c.certainty() {
        Certainty::High => open_ticket(ctx, &village, &me, &m, &c).await.map(|_| ()),
        Certainty::Medium => ask(ctx, &village, &me, &m).await,
        Certainty::Low => Ok(()),
    }
}

/// `/order <text>`: always a ticket.
pub async fn order(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
    text: &str,
) -> Result<(), AppError> {
    let lang = Lang::from_tag(&village.lang);
    if text.trim().is_empty() {
        return ctx.reply(m, lang, "usage-order-hint", &[]).await;
    }
    let c = ctx.app.intake.classify(&forced(text));
    open_ticket(ctx, village, me, m, &c).await.map(|_| ())
}

/// The text as if it had started with a trigger tag, so the parser files it whatever its wording.
fn forced(text: &str) -> String {
    format!("#order {text}")
}

/// Asks the poster whether a message they wrote should become a ticket.
async fn ask(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
) -> Result<(), AppError> {
    let Some(id) = pending::insert(
        &mut ctx.tx,
        village.id,
        m.chat,
        m.message,
        me.id,
        &m.text,
        ctx.now,
    )
    .await?
    else {
        return Ok(());
    };
    let view = ctx.app.view(Lang::from_tag(&village.lang));
    let text = view.t("ask-record", &[]);
    let buttons = vec![vec![
        view.button("button-record-yes", Press::Record(id, true)),
        view.button("button-record-no", Press::Record(id, false)),
    ]];
    let out = Outgoing::Send {
        text,
        reply_to: Some(m.message),
        buttons,
    };
    ctx.emit(m.chat, out, None, Purpose::Ask).await
}

/// The poster's answer to "record this?".
pub async fn on_record(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    id: i64,
    yes: bool,
) -> Result<(), AppError> {
    let lang = ctx.private_lang(&p.from);
    let Some(asked) = pending::get(&mut ctx.tx, id).await? else {
        let text = ctx.app.i18n.plain(lang, "button-stale");
        return ctx.answer(p, Some(text)).await;
    };
    let Some(village) = villages::by_id(&mut ctx.tx, asked.village).await? else {
        return ctx.answer(p, None).await;
    };
    let lang = Lang::from_tag(&village.lang);
    if asked.person != me.id {
        let text = ctx.app.i18n.plain(lang, "ask-not-yours");
        return ctx.answer(p, Some(text)).await;
    }
    if asked.decided {
        let text = ctx.app.i18n.plain(lang, "button-stale");
        return ctx.answer(p, Some(text)).await;
    }
    pending::decide(&mut ctx.tx, id, ctx.now).await?;
    if !yes {
        let text = ctx.app.i18n.plain(lang, "ask-declined");
        return ctx.answer(p, Some(text)).await;
    }
    let c = ctx.app.intake.classify(&forced(&asked.body));
    let source = ChatMessage {
        chat: asked.chat,
        private: false,
        message: asked.message,
        from: p.from.clone(),
        text: asked.body.clone(),
        reply_to: None,
        sender_is_admin: false,
    };
    let opened = open_ticket(ctx, &village, me, &source, &c).await?;
    let text = opened.map(|no| {
        ctx.app
            .i18n
            .text(lang, "press-done", &[arg("no", no.to_string())])
    });
    ctx.answer(p, text).await
}

/// Creates, routes and announces a ticket for a message. `None` when the message already has one.
pub async fn open_ticket(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
    c: &Classification,
) -> Result<Option<TicketNo>, AppError> {
    if tickets::by_source(&mut ctx.tx, m.chat, m.message)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let category = c.category.unwrap_or(crate::domain::Category::Other);
    let tier = category.default_tier();
    let no = villages::next_ticket_no(&mut ctx.tx, village.id).await?;
    let body = if c.body.trim().is_empty() {
        m.text.trim()
    } else {
        c.body.trim()
    };
    let new = NewTicket {
        village: village.id,
        no,
        requester: me.id,
        chat: m.chat,
        source_message: m.message,
        body,
        category,
        tier,
        urgent: c.urgent,
        location: c.location.as_deref(),
        deadline_at: ctx.app.settings.deadlines.from(tier, ctx.now),
    };
    let Some(id) = tickets::insert(&mut ctx.tx, &new, ctx.now).await? else {
        return Ok(None);
    };
    let Some(mut t) = tickets::get(&mut ctx.tx, id).await? else {
        return Ok(None);
    };
    log(
        ctx,
        &t,
        Some(me),
        "created",
        (None, TicketState::New),
        Some(body),
    )
    .await?;
    let facts = routing_facts(ctx, village, me, &t).await?;
    if let Some(route) = route_ticket(&facts) {
        let circumstances = Circumstances {
            actor: Actor::system(),
            deadlines: &ctx.app.settings.deadlines,
            ladder: &facts,
        };
        if let Ok(applied) = apply(&t, &Action::Assign(route), &circumstances, ctx.now) {
            let before = t.state;
            t = applied.ticket;
            tickets::update(&mut ctx.tx, &t, ctx.now).await?;
            super::act::record(ctx, &t, before, &applied.events, None).await?;
        }
    }
    super::timers::schedule_ticket(ctx, &t).await?;
    post_card(ctx, village, &t, m.message).await?;
    if t.holder.is_some() {
        super::tickets::prompt_holder(ctx, village, &t, false).await?;
    }
    Ok(Some(t.no))
}

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
        ..super::act::ladder(ctx, village).await?
    })
}

async fn post_card(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    reply_to: MessageId,
) -> Result<(), AppError> {
    let holder = super::act::holder_label(ctx, t.holder).await?;
    let text = ctx.app.view(Lang::from_tag(&village.lang)).card(t, &holder);
    let out = Outgoing::Send {
        text,
        reply_to: Some(reply_to),
        buttons: vec![],
    };
    ctx.emit(t.chat, out, Some(t.id), Purpose::Card).await
}

async fn log(
    ctx: &mut Ctx<'_>,
    t: &Ticket,
    actor: Option<&Person>,
    action: &str,
    (from, to): (Option<TicketState>, TicketState),
    note: Option<&str>,
) -> Result<(), AppError> {
    let e = NewEvent {
        ticket: t.id,
        at: ctx.now,
        actor: actor.map(|p| p.id),
        action,
        from,
        to,
        note,
    };
    Ok(tickets::append_event(&mut ctx.tx, &e).await?)
}
