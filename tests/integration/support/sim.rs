//! The app core without Telegram, driven with chosen times: events in, outbox rows out, and
//! scheduler ticks at any moment of a simulated timeline.

use chrono::{DateTime, Utc};
use serde_json::Value;
use villagebot::app::outbox::delivery::{deliver_due, Delivery, MediaOut, Transport};
use villagebot::app::outbox::message::Button;
use villagebot::app::timers::tick::{tick, TickReport};
use villagebot::app::{App, ButtonPress, ChatMessage, Event, Incoming, Sender};
use villagebot::config::Settings;
use villagebot::domain::{ChatId, MessageId, UserId};
use villagebot::store::Store;

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::json;

use super::telegram_rules::{check_queued, refuse, Shown};
use super::{User, GROUP};

/// A message the bot queued.
#[derive(Debug, Clone)]
pub struct Out {
    pub id: i64,
    pub chat: i64,
    pub kind: String,
    pub text: String,
    pub payload: Value,
}

impl Out {
    /// The message's buttons, as (label, data).
    pub fn buttons(&self) -> Vec<(String, String)> {
        self.payload["buttons"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().cloned().unwrap_or_default())
            .map(|b| {
                let field = |k: &str| b[k].as_str().unwrap_or_default().to_string();
                (field("text"), field("data"))
            })
            .collect()
    }
}

/// The first message whose text contains `needle`.
pub fn find(out: &[Out], needle: &str) -> Out {
    out.iter()
        .find(|m| m.text.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no message with {needle}: {out:#?}"))
}

pub struct Sim {
    pub app: App,
    pub transport: SimTransport,
    pub now: DateTime<Utc>,
    next_message: i64,
    seen: i64,
}

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("RFC 3339 time")
}

fn sender(u: User) -> Sender {
    Sender {
        user: UserId(u.id),
        username: Some(u.username.into()),
        name: u.name.into(),
        lang: None,
    }
}

impl Sim {
    pub async fn start(db: &str, now: DateTime<Utc>, tune: impl FnOnce(&mut Settings)) -> Sim {
        let mut settings = Settings::default();
        settings.database.url = db.to_string();
        tune(&mut settings);
        let store = Store::open(db).await.expect("store");
        let app = App::new(store, settings, Some("villagebot".into())).expect("app");
        Sim {
            app,
            transport: SimTransport::default(),
            now,
            next_message: 0,
            seen: 0,
        }
    }

    async fn handle(&mut self, event: Event) {
        let incoming = Incoming {
            update_id: None,
            now: self.now,
            event,
        };
        self.app.handle(incoming).await.expect("handled");
    }

    /// A user writes in the group (as a group admin when `admin`); returns the message id.
    pub async fn say_as(&mut self, u: User, text: &str, admin: bool, private: bool) -> i64 {
        self.next_message += 1;
        let id = self.next_message;
        let chat = if private { ChatId(u.id) } else { ChatId(GROUP) };
        let m = ChatMessage {
            chat,
            private,
            message: MessageId(id),
            from: sender(u),
            text: text.into(),
            media: None,
            pin: None,
            replied: None,
            reply_to: None,
            sender_is_admin: admin,
        };
        self.handle(Event::Message(m)).await;
        id
    }

    /// A user writes in another group chat.
    pub async fn say_in(&mut self, chat: i64, u: User, text: &str, admin: bool) -> i64 {
        self.message(chat, u, text, None, admin).await
    }

    /// A message in any chat (a private one when `chat` is the user's id), possibly a reply.
    pub async fn message(
        &mut self,
        chat: i64,
        u: User,
        text: &str,
        reply_to: Option<i64>,
        admin: bool,
    ) -> i64 {
        self.next_message += 1;
        let id = self.next_message;
        let m = ChatMessage {
            chat: ChatId(chat),
            private: chat > 0,
            message: MessageId(id),
            from: sender(u),
            text: text.into(),
            media: None,
            pin: None,
            replied: None,
            reply_to: reply_to.map(MessageId),
            sender_is_admin: admin,
        };
        self.handle(Event::Message(m)).await;
        id
    }

    pub async fn say(&mut self, u: User, text: &str) -> i64 {
        self.say_as(u, text, false, false).await
    }

    /// Presses the button whose label contains `label` on a queued message.
    pub async fn press(&mut self, u: User, on: &Out, label: &str) {
        let (_, data) = on
            .buttons()
            .into_iter()
            .find(|(text, _)| text.contains(label))
            .unwrap_or_else(|| panic!("no button {label} on {}", on.text));
        self.press_on(u, on.chat, on.id, &data).await;
    }

    /// Presses a button with any data on any message, as a forged or stale client could.
    pub async fn press_on(&mut self, u: User, chat: i64, message: i64, data: &str) {
        let p = ButtonPress {
            callback_id: "cb".into(),
            chat: ChatId(chat),
            private: chat > 0,
            message: MessageId(message),
            from: sender(u),
            data: data.into(),
        };
        self.handle(Event::Press(p)).await;
    }

    /// The toasts answered to presses since the last call of `new_messages` or this.
    pub async fn toasts(&mut self) -> Vec<String> {
        let mut conn = self.app.store.conn().await.expect("conn");
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, payload FROM outbox WHERE id > $1 AND kind = 'answer' ORDER BY id",
        )
        .bind(self.seen)
        .fetch_all(&mut *conn)
        .await
        .expect("answers");
        drop(conn);
        self.new_messages().await;
        rows.iter()
            .filter_map(|(_, p)| serde_json::from_str::<Value>(p).ok())
            .map(|v| v["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    pub async fn tick(&mut self) -> TickReport {
        tick(&self.app, self.now).await.expect("tick")
    }

    pub async fn tick_at(&mut self, t: DateTime<Utc>) -> TickReport {
        self.now = t;
        self.tick().await
    }

    /// Messages queued since the last call (answers to button presses left out), delivered
    /// through the real sender to a transport that numbers them like Telegram. `Out::id` is the
    /// delivered message's id (for an edit, the edited message's).
    pub async fn new_messages(&mut self) -> Vec<Out> {
        let later = self.now.timestamp() + 400 * 86_400;
        deliver_due(&self.app, &self.transport, later, 100_000)
            .await
            .expect("deliver");
        let refused = self.transport.take_refusals();
        assert!(
            refused.is_empty(),
            "Telegram would have refused: {refused:#?}"
        );
        let mut conn = self.app.store.conn().await.expect("conn");
        let rows: Vec<(i64, i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, chat_id, kind, payload, message_id FROM outbox WHERE id > $1 ORDER BY id",
        )
        .bind(self.seen)
        .fetch_all(&mut *conn)
        .await
        .expect("outbox");
        if let Some((last, ..)) = rows.last() {
            self.seen = *last;
        }
        rows.into_iter()
            .map(|(id, chat, kind, payload, message)| {
                let payload: Value = serde_json::from_str(&payload).expect("payload");
                let id = message.unwrap_or(-id);
                if let Err(refused) = check_queued(&kind, &payload) {
                    panic!("Telegram would refuse {kind} to {chat}: {refused}; {payload}");
                }
                (id, chat, kind, payload)
            })
            .filter(|(_, _, kind, _)| kind != "answer")
            .map(|(id, chat, kind, payload)| {
                let text = payload["text"].as_str().unwrap_or_default().to_string();
                Out {
                    id,
                    chat,
                    kind,
                    text,
                    payload,
                }
            })
            .collect()
    }

    pub async fn ticket_state(&self, no: i64) -> (String, i64) {
        let mut conn = self.app.store.conn().await.expect("conn");
        sqlx::query_as("SELECT state, level FROM tickets WHERE no = $1")
            .bind(no)
            .fetch_one(&mut *conn)
            .await
            .expect("ticket")
    }
}

/// Delivers everything at once, numbering sent messages like Telegram (ids far above the ones
/// `Sim` gives users' messages), and refusing what Telegram refuses, as the fake Bot API does:
/// each refusal is kept and fails the test when the messages are next read.
#[derive(Default)]
pub struct SimTransport {
    shown: Mutex<HashMap<(i64, i64), Shown>>,
    refusals: Mutex<Vec<String>>,
}

fn sim_message_id() -> MessageId {
    use std::sync::atomic::{AtomicI64, Ordering};
    static N: AtomicI64 = AtomicI64::new(1_000_000);
    MessageId(N.fetch_add(1, Ordering::SeqCst))
}

/// The parameters the real transport would send, as far as Telegram's checks read them.
fn params(chat: ChatId, text: &str, buttons: &[Vec<Button>]) -> Value {
    let mut p = json!({"chat_id": chat.0, "text": text, "parse_mode": "HTML"});
    if !buttons.is_empty() {
        let rows: Vec<Value> = buttons
            .iter()
            .map(|row| {
                row.iter()
                    .map(|b| json!({"text": b.text, "callback_data": b.data}))
                    .collect()
            })
            .collect();
        p["reply_markup"] = json!({"inline_keyboard": rows});
    }
    p
}

fn shown(p: &Value) -> Shown {
    Shown {
        text: p["text"].as_str().unwrap_or_default().to_string(),
        markup: p.get("reply_markup").cloned().unwrap_or(Value::Null),
        media: false,
    }
}

impl SimTransport {
    /// Calls Telegram would have refused since the last call.
    pub fn take_refusals(&self) -> Vec<String> {
        std::mem::take(&mut *self.refusals.lock().expect("refusals"))
    }

    fn check(&self, method: &str, p: &Value, on: Option<(i64, i64)>) -> bool {
        let shown = self.shown.lock().expect("shown");
        let target = on.and_then(|k| shown.get(&k));
        match refuse(method, p, target) {
            Ok(()) => true,
            Err(e) => {
                let mut refusals = self.refusals.lock().expect("refusals");
                refusals.push(format!("{method} {p}: {e}"));
                false
            }
        }
    }
}

impl Transport for SimTransport {
    async fn send(
        &self,
        chat: ChatId,
        text: &str,
        _: Option<MessageId>,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        let p = params(chat, text, buttons);
        if !self.check("sendMessage", &p, None) {
            return Delivery::Failed("refused".into());
        }
        let id = sim_message_id();
        let mut shown_now = self.shown.lock().expect("shown");
        shown_now.insert((chat.0, id.0), shown(&p));
        Delivery::Sent(Some(id))
    }

    async fn edit(
        &self,
        chat: ChatId,
        m: MessageId,
        text: &str,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        let mut p = params(chat, text, buttons);
        p["message_id"] = json!(m.0);
        if !self.check("editMessageText", &p, Some((chat.0, m.0))) {
            return Delivery::Failed("refused".into());
        }
        let mut shown_now = self.shown.lock().expect("shown");
        shown_now.insert((chat.0, m.0), shown(&p));
        Delivery::Sent(Some(m))
    }

    async fn answer(&self, _: &str, text: Option<&str>) -> Delivery {
        let p = json!({"text": text});
        if !self.check("answerCallbackQuery", &p, None) {
            return Delivery::Failed("refused".into());
        }
        Delivery::Sent(None)
    }

    async fn document(&self, _: ChatId, _: &str, _: &[u8]) -> Delivery {
        Delivery::Sent(Some(sim_message_id()))
    }

    async fn media(&self, chat: ChatId, m: &MediaOut<'_>) -> Delivery {
        let method = match m.kind {
            "video" => "sendVideo",
            "voice" => "sendVoice",
            _ => "sendPhoto",
        };
        let mut p = params(chat, "", m.buttons);
        p["caption"] = json!(m.caption);
        p[m.kind] = json!(m.file_id);
        if let Some(o) = p.as_object_mut() {
            o.remove("text");
        }
        if !self.check(method, &p, None) {
            return Delivery::Failed("refused".into());
        }
        Delivery::Sent(Some(sim_message_id()))
    }
}
