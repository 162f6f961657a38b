//! The application core and the state of one unit of work: its transaction, the messages it
//! queues, and the facts most handlers need (who the sender is, their roles, the village's language).

use tokio::sync::Notify;

use super::event::{ButtonPress, ChatMessage, Media, Sender};
use super::metrics::Metrics;
use super::outbox::message::{queue, Button, Outgoing, Purpose};
use super::render::view::View;
use crate::config::Settings;
use crate::domain::intake::IntakeParser;
use crate::domain::roles::Roles;
use crate::domain::{ChatId, MessageId, TicketId, UserId, VillageId};
use crate::i18n::{Args, I18n, Lang};
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};
use crate::store::{audit, grid, townships, Store, StoreError, Tx};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot encode an outgoing message")]
    Encode(#[from] serde_json::Error),
    #[error("cannot write the workbook: {0}")]
    Workbook(String),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Store(StoreError::Sql(e))
    }
}

/// A unique name for this process on the roll of instances sharing the database.
fn instance_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "villagebot".into());
    let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0);
    format!("{host}-{}-{:x}", std::process::id(), nanos & 0xff_ffff)
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
    /// When the scheduler last pruned old traffic (unix seconds).
    pub pruned_at: std::sync::atomic::AtomicI64,
    /// This process's name among the instances sharing the database.
    pub instance: String,
    pub metrics: Metrics,
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
            pruned_at: std::sync::atomic::AtomicI64::new(0),
            instance: instance_name(),
            metrics: Metrics::new(),
        })
    }

    /// A unit of work outside an incoming event (the scheduler's tick), in one transaction.
    pub async fn begin(&self, now: i64) -> Result<Ctx<'_>, AppError> {
        Ok(Ctx {
            app: self,
            tx: self.store.begin().await?,
            now,
            queued: 0,
            scheduled: 0,
            finishing: None,
        })
    }

    /// A unit of work that only reads (an export): it never waits for SQLite's writer.
    pub async fn begin_read(&self, now: i64) -> Result<Ctx<'_>, AppError> {
        Ok(Ctx {
            app: self,
            tx: self.store.read().await?,
            now,
            queued: 0,
            scheduled: 0,
            finishing: None,
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

    /// The language a village speaks; the deployment's default where there is no village.
    pub fn lang_of(&self, village: Option<&Village>) -> Lang {
        village.map_or_else(|| self.settings.default_lang(), |v| v.lang)
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
    /// The photo (or video) the action under way finishes its ticket with: its closure carries it.
    pub finishing: Option<Media>,
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
        self.queued += queue(&mut self.tx, chat, out, (ticket, purpose), self.now).await?;
        Ok(())
    }

    /// Counts messages queued directly in the outbox, so the sender is woken at commit.
    pub fn queued(&mut self, n: usize) {
        self.queued += n;
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
        args: &Args<'_>,
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

    /// Answers a press with a toast of one locale message.
    pub async fn toast(
        &mut self,
        press: &ButtonPress,
        lang: Lang,
        id: &str,
    ) -> Result<(), AppError> {
        let text = self.app.i18n.plain(lang, id);
        self.answer(press, Some(text)).await
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

    /// A village and the language to speak about it (the default when it is gone).
    pub async fn village_lang(
        &mut self,
        id: VillageId,
    ) -> Result<(Option<Village>, Lang), AppError> {
        let village = villages::by_id(&mut self.tx, id).await?;
        let lang = self.app.lang_of(village.as_ref());
        Ok((village, lang))
    }

    /// The language of a group: its village's, else the deployment's default.
    pub async fn chat_lang(&mut self, chat: ChatId) -> Result<Lang, AppError> {
        let village = self.village_of_chat(chat).await?;
        Ok(self.app.lang_of(village.as_ref()))
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
            roles.township_cadre = townships::cadres(&mut self.tx, t)
                .await?
                .contains(&person.id);
        }
        roles.group_admin = group_admin;
        Ok(roles)
    }

    /// Writes an audit entry: who did (or tried) what, in which village.
    pub async fn audit(
        &mut self,
        village: Option<VillageId>,
        actor: Option<&Person>,
        action: &str,
        detail: &str,
        allowed: bool,
    ) -> Result<(), AppError> {
        let entry = audit::Entry {
            village,
            actor: actor.map(|p| p.id),
            action,
            detail,
            allowed,
        };
        audit::record(&mut self.tx, entry, self.now).await?;
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
