//! Use cases: one incoming event in; state changes, audit events and outgoing messages out, in one
//! transaction. Knows nothing of Telegram.

pub mod act;
pub mod announce;
pub mod command;
pub mod commands;
pub mod csv;
pub mod delivery;
pub mod desk;
pub mod digest;
pub mod export;
pub mod fallback;
pub mod followup;
pub mod intake;
pub mod outgoing;
pub mod render;
pub mod reply;
pub mod report;
pub mod roster;
pub mod roster_admin;
pub mod roster_import;
pub mod ticket_admin;
pub mod tickets;
pub mod timers;
pub mod township;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use crate::config::Settings;
use crate::domain::intake::IntakeParser;
use crate::domain::roles::Roles;
use crate::domain::{ChatId, MessageId, TicketId, UserId};
use crate::i18n::{I18n, Lang};
use crate::store::outbox::{self, NewItem};
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};
use crate::store::{grid, inbox, Store, StoreError, Tx};
use outgoing::{Button, Outgoing, Purpose};
use render::View;

/// Who sent something, as the transport saw them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub user: UserId,
    pub username: Option<String>,
    pub name: String,
    /// The client's language code, e.g. "zh-hans" or "en".
    pub lang: Option<String>,
}

/// A text message in a group or a private chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    pub chat: ChatId,
    pub private: bool,
    pub message: MessageId,
    pub from: Sender,
    pub text: String,
    pub reply_to: Option<MessageId>,
    /// Whether the sender administers the group; asked only for commands that need it.
    pub sender_is_admin: bool,
}

/// A pressed inline button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonPress {
    pub callback_id: String,
    pub chat: ChatId,
    pub private: bool,
    pub message: MessageId,
    pub from: Sender,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Message(ChatMessage),
    Press(ButtonPress),
    /// The bot was added to a group.
    Joined {
        chat: ChatId,
        by: Option<Sender>,
    },
    /// A group became a supergroup with a new id.
    Migrated {
        from: ChatId,
        to: ChatId,
    },
}

/// One event with its transport id (for de-duplication) and the time it is handled at.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub update_id: Option<i64>,
    pub now: DateTime<Utc>,
    pub event: Event,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot encode an outgoing message")]
    Encode(#[from] serde_json::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Store(StoreError::Sql(e))
    }
}

/// Whether an event changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Done,
    /// Its effects were committed before: nothing was done again.
    Duplicate,
}

/// The application core, shared by the Telegram runner, the console and the tests.
pub struct App {
    pub store: Store,
    pub i18n: I18n,
    pub intake: IntakeParser,
    pub settings: Settings,
    pub tz: chrono_tz::Tz,
    /// Our own @username without the @, to recognise `/cmd@ourbot`.
    pub bot_username: Option<String>,
    /// Woken whenever messages were queued.
    pub outbox_ready: Notify,
    /// Woken whenever timers were set.
    pub jobs_ready: Notify,
}

impl App {
    pub fn new(
        store: Store,
        settings: Settings,
        bot_username: Option<String>,
    ) -> Result<App, crate::Error> {
        Ok(App {
            store,
            i18n: I18n::load()?,
            intake: settings.intake_parser()?,
            tz: settings.time_zone()?,
            settings,
            bot_username,
            outbox_ready: Notify::new(),
            jobs_ready: Notify::new(),
        })
    }

    /// Handles one event in one transaction. A replayed update changes nothing.
    pub async fn handle(&self, incoming: Incoming) -> Result<Handled, AppError> {
        let now = incoming.now.timestamp();
        let mut tx = self.store.begin().await?;
        if let Some(id) = incoming.update_id {
            if !inbox::claim(&mut tx, id, now).await? {
                return Ok(Handled::Duplicate);
            }
        }
        let mut ctx = Ctx {
            app: self,
            tx,
            now,
            queued: 0,
            scheduled: 0,
        };
        match incoming.event {
            Event::Message(m) => intake::on_message(&mut ctx, m).await?,
            Event::Press(p) => tickets::on_press(&mut ctx, p).await?,
            Event::Joined { chat, .. } => roster::on_joined(&mut ctx, chat).await?,
            Event::Migrated { from, to } => roster::on_migrated(&mut ctx, from, to).await?,
        }
        ctx.commit().await?;
        Ok(Handled::Done)
    }

    /// A unit of work outside an incoming event (the scheduler's tick), in one transaction.
    pub async fn begin(&self, now: i64) -> Result<Ctx<'_>, AppError> {
        Ok(Ctx {
            app: self,
            tx: self.store.begin().await?,
            now,
            queued: 0,
            scheduled: 0,
        })
    }

    pub fn view(&self, lang: Lang) -> View<'_> {
        View {
            i18n: &self.i18n,
            lang,
            tz: self.tz,
        }
    }

    pub fn is_super_admin(&self, user: Option<UserId>) -> bool {
        user.is_some_and(|u| self.settings.telegram.super_admins.contains(&u.0))
    }
}

/// The state of one event being handled: its transaction and what it queued.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub tx: Tx,
    pub now: i64,
    queued: usize,
    /// Timers set in this transaction.
    pub scheduled: usize,
}

impl Ctx<'_> {
    /// Commits, then wakes the sender and the scheduler if there is news for them.
    pub async fn commit(self) -> Result<(), AppError> {
        let (app, queued, scheduled) = (self.app, self.queued, self.scheduled);
        self.tx.commit().await?;
        if queued > 0 {
            app.outbox_ready.notify_one();
        }
        if scheduled > 0 {
            app.jobs_ready.notify_one();
        }
        Ok(())
    }

    /// Queues a message in the same transaction as the change that caused it.
    pub async fn emit(
        &mut self,
        chat: ChatId,
        out: Outgoing,
        ticket: Option<TicketId>,
        purpose: Purpose,
    ) -> Result<(), AppError> {
        let payload = serde_json::to_string(&out)?;
        let item = NewItem {
            chat,
            kind: out.kind(),
            payload: &payload,
            ticket,
            purpose: purpose.key(),
        };
        outbox::push(&mut self.tx, item, self.now).await?;
        self.queued += 1;
        Ok(())
    }

    pub async fn send(
        &mut self,
        chat: ChatId,
        text: String,
        reply_to: Option<MessageId>,
        buttons: Vec<Vec<Button>>,
    ) -> Result<(), AppError> {
        let out = Outgoing::Send {
            text,
            reply_to,
            buttons,
        };
        self.emit(chat, out, None, Purpose::Info).await
    }

    /// Answers a message in its own chat, as a reply to it.
    pub async fn reply(
        &mut self,
        to: &ChatMessage,
        lang: Lang,
        id: &str,
        args: &crate::i18n::Args<'_>,
    ) -> Result<(), AppError> {
        let text = self.app.i18n.text(lang, id, args);
        self.send(to.chat, text, Some(to.message), vec![]).await
    }

    pub async fn answer(
        &mut self,
        press: &ButtonPress,
        text: Option<String>,
    ) -> Result<(), AppError> {
        let out = Outgoing::Answer {
            callback_id: press.callback_id.clone(),
            text,
        };
        self.emit(press.chat, out, None, Purpose::Info).await
    }

    /// Records the sender (and claims a placeholder made for their @username).
    pub async fn person(&mut self, from: &Sender) -> Result<Person, AppError> {
        let p = people::seen(
            &mut self.tx,
            from.user,
            from.username.as_deref(),
            &from.name,
            self.now,
        )
        .await?;
        Ok(p)
    }

    pub async fn village_of_chat(&mut self, chat: ChatId) -> Result<Option<Village>, AppError> {
        Ok(villages::by_chat(&mut self.tx, chat).await?)
    }

    /// The roles a person holds in a village, with super-admin from the config.
    pub async fn roles(
        &mut self,
        village: &Village,
        person: &Person,
        group_admin: bool,
    ) -> Result<Roles, AppError> {
        let posts = grid::posts(&mut self.tx, village.id, person.id).await?;
        let mut roles = grid::roles_of(&posts);
        roles.super_admin = self.app.is_super_admin(person.tg_user_id);
        if let Some(t) = village.township {
            roles.township_cadre = crate::store::townships::cadres(&mut self.tx, t)
                .await?
                .contains(&person.id);
        }
        roles.group_admin = group_admin;
        Ok(roles)
    }

    /// Writes an audit entry: who did (or tried) what, in which village.
    pub async fn audit(
        &mut self,
        village: Option<crate::domain::VillageId>,
        actor: Option<&Person>,
        action: &str,
        detail: &str,
        allowed: bool,
    ) -> Result<(), AppError> {
        let entry = crate::store::audit::Entry {
            village,
            actor: actor.map(|p| p.id),
            action,
            detail,
            allowed,
        };
        crate::store::audit::record(&mut self.tx, entry, self.now).await?;
        Ok(())
    }

    /// The language to answer a person in privately.
    pub fn private_lang(&self, from: &Sender) -> Lang {
        from.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(|| self.app.settings.default_lang())
    }
}
