//! The front door: each incoming event, in one transaction, goes to the capability that handles
//! it — a command to the registry, a reply to its ticket, plain words to intake, a button to
//! whatever it was pressed on.

use super::care::visit;
use super::commands::args::{self, Parsed};
use super::commands::pick::{self, Choice};
use super::commands::registry;
use super::context::{App, AppError, Ctx};
use super::event::{ButtonPress, ChatMessage, Event, Handled, Incoming};
use super::intake::{self, ask};
use super::notices::announce;
use super::outbox::press::Press;
use super::roster::{approve, setup};
use super::ticket::{correct, media, press, reply};
use crate::store::people::{self, Person};
use crate::store::villages::Village;
use crate::store::{inbox, offers, outbox};

impl App {
    /// Handles one event in one transaction. A replayed update changes nothing.
    pub async fn handle(&self, incoming: Incoming) -> Result<Handled, AppError> {
        let mut ctx = self.begin(incoming.now.timestamp()).await?;
        let handled = dispatch(&mut ctx, incoming).await?;
        ctx.commit().await?;
        Ok(handled)
    }
}

/// Handles one event inside the caller's transaction (one of a batch, or on its own).
pub(super) async fn dispatch(ctx: &mut Ctx<'_>, incoming: Incoming) -> Result<Handled, AppError> {
    ctx.now = incoming.now.timestamp();
    if let Some(id) = incoming.update_id {
        if !inbox::claim(&mut ctx.tx, id, ctx.now).await? {
            return Ok(Handled::Duplicate);
        }
    }
    match incoming.event.cleaned() {
        Event::Message(m) => on_message(ctx, m).await?,
        Event::Press(p) => on_press(ctx, p).await?,
        Event::Joined { chat, .. } => setup::on_joined(ctx, chat).await?,
        Event::Migrated { from, to } => setup::on_migrated(ctx, from, to).await?,
    }
    Ok(Handled::Done)
}

/// Any text message, in a group or in private.
async fn on_message(ctx: &mut Ctx<'_>, m: ChatMessage) -> Result<(), AppError> {
    let me = ctx.person(&m.from).await?;
    if m.private && !me.private_ok {
        people::set_private_ok(&mut ctx.tx, me.id, true).await?;
    }
    match args::parse(&m.text, ctx.app.bot_username.as_deref()) {
        Parsed::Command(c) => return registry::run(ctx, &m, &me, c).await,
        Parsed::Unknown(_) if m.private => {
            let lang = ctx.private_lang(&m.from);
            return ctx.reply(&m, lang, "unknown-command", &[]).await;
        }
        Parsed::Unknown(_) | Parsed::OtherBot => return Ok(()),
        Parsed::NotACommand => {}
    }
    if visit::on_reply(ctx, &m, &me).await? {
        return Ok(());
    }
    if m.pin.is_some() {
        return media::on_pin(ctx, &m, &me).await;
    }
    if let Some(reply_to) = m.reply_to {
        if let Some((ticket, _)) = outbox::linked(&mut ctx.tx, m.chat, reply_to).await? {
            if reply::on_reply(ctx, &m, ticket, &me).await? {
                return Ok(());
            }
        }
    }
    match pick::choose(ctx, &m, &me).await? {
        Choice::One(village) if village.approved => {
            if !m.private {
                pick::remember(ctx, &me, &village).await?;
            }
            intake::on_words(ctx, &village, &me, &m).await
        }
        Choice::Several(villages) => pick::ask(ctx, &m, &me, &villages).await,
        Choice::Unknown if m.private => {
            let lang = ctx.private_lang(&m.from);
            ctx.reply(&m, lang, "private-no-village-order", &[]).await
        }
        Choice::One(_) | Choice::Unknown => Ok(()),
    }
}

/// A private message whose village was just picked: run as if it had named it.
async fn picked(
    ctx: &mut Ctx<'_>,
    m: ChatMessage,
    me: &Person,
    village: Village,
) -> Result<(), AppError> {
    match args::parse(&m.text, ctx.app.bot_username.as_deref()) {
        Parsed::Command(c) => registry::run_in(ctx, &m, me, c, &village).await,
        Parsed::NotACommand => intake::on_words(ctx, &village, me, &m).await,
        Parsed::Unknown(_) | Parsed::OtherBot => Ok(()),
    }
}

/// A pressed button: on a ticket, on "record this?", or on an announcement. Only data the bot
/// offered on the pressed message is honoured; anything else is audited and answered with a toast.
async fn on_press(ctx: &mut Ctx<'_>, p: ButtonPress) -> Result<(), AppError> {
    let me = ctx.person(&p.from).await?;
    let offered = offers::offered(&mut ctx.tx, p.chat, p.message, &p.data).await?;
    let Some(pressed) = Press::decode(&p.data).filter(|_| offered) else {
        let village = ctx.village_of_chat(p.chat).await?.map(|v| v.id);
        let detail = format!("{} on {}/{}", p.data, p.chat, p.message);
        ctx.audit(village, Some(&me), "press_refused", &detail, false)
            .await?;
        let lang = ctx.private_lang(&p.from);
        return ctx.toast(&p, lang, "button-stale").await;
    };
    match pressed {
        Press::Record(pending, yes) => ask::on_record(ctx, &p, &me, pending, yes).await,
        Press::Ack(id) => announce::on_ack(ctx, &p, &me, id).await,
        Press::Approve(id, yes) => approve::on_decide(ctx, &p, &me, id, yes).await,
        Press::Fixes(ticket) => correct::menu(ctx, &p, &me, ticket).await,
        Press::Village(q, v) => match pick::on_pick(ctx, &p, &me, (q, v)).await? {
            Some((m, village)) => picked(ctx, m, &me, village).await,
            None => Ok(()),
        },
        _ => match pressed.ticket() {
            Some(ticket) => press::on_press(ctx, &p, &me, pressed, ticket).await,
            None => Ok(()),
        },
    }
}
