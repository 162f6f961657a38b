//! A fake Telegram Bot API server on loopback: serves queued updates to getUpdates, records every
//! call, answers like Telegram, and can be told to answer 429 or to fail.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use super::multipart::multipart;
use super::telegram_rules::{self, Shown};

pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "villagebot";

/// One recorded Bot API call.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// The message id the fake gave a sent message.
    pub message_id: Option<i64>,
    /// The time the call arrived, since the server started.
    pub at: Duration,
}

#[derive(Default)]
struct State {
    updates: Vec<Value>,
    calls: Vec<Call>,
    next_message: HashMap<i64, i64>,
    admins: Vec<(i64, i64)>,
    /// Scripted failures per method, optionally only for one chat: each entry answers one call.
    faults: HashMap<String, VecDeque<(Option<i64>, Value)>>,
    /// What each delivered message shows now, by (chat, message id).
    shown: HashMap<(i64, i64), Shown>,
    /// Calls Telegram would have refused, with its reason: each one fails the test.
    refusals: Vec<String>,
    /// Telegram's rate limits, when a test asks for them.
    limits: Option<Limits>,
    /// When each sending call was accepted, by chat.
    sent_at: Vec<(i64, Duration)>,
    /// The webhook set with setWebhook (getUpdates is refused while there is one).
    webhook: Option<Value>,
}

/// Rate limits the fake enforces like Telegram: over them, a call answers 429.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_second_per_chat: usize,
    pub per_minute_per_group: usize,
    pub per_second_overall: usize,
}

#[derive(Clone)]
pub struct FakeApi {
    state: Arc<Mutex<State>>,
    news: Arc<Notify>,
    pub addr: SocketAddr,
    started: std::time::Instant,
}

pub fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Village Bot", "username": BOT_USERNAME})
}

pub fn chat_json(id: i64) -> Value {
    if id < 0 {
        json!({"id": id, "type": "supergroup", "title": "Test Village"})
    } else {
        json!({"id": id, "type": "private", "first_name": "User"})
    }
}

impl FakeApi {
    pub async fn start() -> FakeApi {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let api = FakeApi {
            state: Arc::new(Mutex::new(State::default())),
            news: Arc::new(Notify::new()),
            addr,
            started: std::time::Instant::now(),
        };
        let server = api.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let api = server.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let api = api.clone();
                        async move { Ok::<_, Infallible>(api.serve(req).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        api
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues an update (its update_id is assigned here) and returns the id.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut s = self.lock();
            let id = s.updates.len() as i64 + 1;
            update["update_id"] = json!(id);
            s.updates.push(update);
            id
        };
        self.news.notify_waiters();
        id
    }

    /// A message id for a message a user "sends" in a chat, from the same counter the bot's use.
    pub fn next_message_id(&self, chat: i64) -> i64 {
        let mut s = self.lock();
        let n = s.next_message.entry(chat).or_insert(0);
        *n += 1;
        *n
    }

    pub fn make_admin(&self, chat: i64, user: i64) {
        self.lock().admins.push((chat, user));
    }

    /// The next `times` calls of `method` answer 429 with `retry_after`.
    pub fn rate_limit(&self, method: &str, times: usize, retry_after: u64) {
        let answer = json!({"ok": false, "error_code": 429,
            "description": format!("Too Many Requests: retry after {retry_after}"),
            "parameters": {"retry_after": retry_after}});
        let mut s = self.lock();
        let q = s.faults.entry(method.to_string()).or_default();
        for _ in 0..times {
            q.push_back((None, answer.clone()));
        }
    }

    /// The next call of `method` fails with this Bot API error description.
    pub fn fail_next(&self, method: &str, code: i64, description: &str) {
        self.fail_next_in(method, None, code, description);
    }

    /// The next call of `method` to `chat` (any chat for `None`) fails.
    pub fn fail_next_in(&self, method: &str, chat: Option<i64>, code: i64, description: &str) {
        let answer = json!({"ok": false, "error_code": code, "description": description});
        let mut s = self.lock();
        s.faults
            .entry(method.to_string())
            .or_default()
            .push_back((chat, answer));
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// Successful calls of one method (429s and scripted failures are not recorded as delivered).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    async fn serve(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        // Telegram matches method names case-insensitively; teloxide writes them capitalised.
        let raw = req
            .uri()
            .path()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let mut chars = raw.chars();
        let method = chars
            .next()
            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default();
        let boundary = req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split("boundary=").nth(1))
            .map(|b| b.trim_matches('"').to_string());
        let body = req
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let params: Value = match boundary {
            Some(b) => multipart(&body, &b),
            None => serde_json::from_slice(&body).unwrap_or(json!({})),
        };
        let answer = self.answer(&method, params).await;
        let mut resp = Response::new(Full::new(Bytes::from(answer.to_string())));
        resp.headers_mut().insert(
            "content-type",
            hyper::header::HeaderValue::from_static("application/json"),
        );
        resp
    }

    async fn answer(&self, method: &str, params: Value) -> Value {
        if method == "getUpdates" {
            if let Some(refused) = self.lock().polling_refused() {
                return refused;
            }
            return self.get_updates(&params).await;
        }
        let mut s = self.lock();
        let chat = params["chat_id"].as_i64().unwrap_or(0);
        if let Some(q) = s.faults.get_mut(method) {
            if let Some(i) = q.iter().position(|(c, _)| c.is_none_or(|c| c == chat)) {
                if let Some((_, fault)) = q.remove(i) {
                    return fault;
                }
            }
        }
        let at = self.started.elapsed();
        if let Some(refused) = s.refusal(method, &params, at) {
            return refused;
        }
        let (result, message_id) = s.result(method, &params);
        s.calls.push(Call {
            method: method.to_string(),
            params,
            message_id,
            at,
        });
        json!({"ok": true, "result": result})
    }

    async fn get_updates(&self, params: &Value) -> Value {
        let offset = params["offset"].as_i64().unwrap_or(0);
        let timeout = params["timeout"].as_u64().unwrap_or(0).min(2);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        loop {
            let notified = self.news.notified();
            let batch: Vec<Value> = {
                let s = self.lock();
                s.updates
                    .iter()
                    .filter(|u| u["update_id"].as_i64().unwrap_or(0) >= offset)
                    .cloned()
                    .collect()
            };
            if !batch.is_empty() || tokio::time::Instant::now() >= deadline {
                return json!({"ok": true, "result": batch});
            }
            let _ = tokio::time::timeout_at(deadline, notified).await;
        }
    }
}

impl FakeApi {
    /// How many updates were queued so far.
    pub fn pushed(&self) -> i64 {
        self.lock().updates.len() as i64
    }
}

/// Bot API methods that put a message into a chat, counted against the rate limits.
const SENDING: [&str; 6] = [
    "sendMessage",
    "sendDocument",
    "editMessageText",
    "sendPhoto",
    "sendVideo",
    "sendVoice",
];

impl State {
    /// getUpdates while a webhook is set: Telegram answers 409 (and the test fails).
    fn polling_refused(&mut self) -> Option<Value> {
        self.webhook.as_ref()?;
        let why = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
        self.refusals.push(format!("getUpdates: {why}"));
        Some(json!({"ok": false, "error_code": 409, "description": why}))
    }

    /// Telegram's answer to a call it refuses, recorded so the test fails; `None` if accepted.
    fn refusal(&mut self, method: &str, params: &Value, at: Duration) -> Option<Value> {
        let chat = params["chat_id"].as_i64().unwrap_or(0);
        let message = params["message_id"].as_i64().unwrap_or(0);
        let shown = self.shown.get(&(chat, message));
        let (code, description, retry) = match telegram_rules::refuse(method, params, shown) {
            Err(d) => (400, d, None),
            Ok(()) if SENDING.contains(&method) => match self.over_limit(chat, at) {
                Some(retry) => (
                    429,
                    format!("Too Many Requests: retry after {retry}"),
                    Some(retry),
                ),
                None => {
                    self.sent_at.push((chat, at));
                    return None;
                }
            },
            Ok(()) => return None,
        };
        self.refusals.push(format!(
            "{method} to {chat}: {description}; text {:?}",
            params["text"]
        ));
        let mut answer = json!({"ok": false, "error_code": code, "description": description});
        if let Some(retry) = retry {
            answer["parameters"] = json!({"retry_after": retry});
        }
        Some(answer)
    }

    /// Seconds to wait when one more message to `chat` now would break a limit.
    fn over_limit(&self, chat: i64, at: Duration) -> Option<u64> {
        let limits = self.limits?;
        let within = |window: Duration, only: Option<i64>| {
            self.sent_at
                .iter()
                .filter(|(c, t)| only.is_none_or(|o| o == *c) && at.saturating_sub(*t) < window)
                .count()
        };
        let second = Duration::from_secs(1);
        let minute = Duration::from_secs(60);
        if within(second, Some(chat)) >= limits.per_second_per_chat
            || within(second, None) >= limits.per_second_overall
        {
            return Some(1);
        }
        (chat < 0 && within(minute, Some(chat)) >= limits.per_minute_per_group).then_some(60)
    }

    /// The result of an accepted call, and the id of the message it made or changed.
    fn result(&mut self, method: &str, params: &Value) -> (Value, Option<i64>) {
        let chat = params["chat_id"].as_i64().unwrap_or(0);
        let shown = Shown {
            text: params["text"].as_str().unwrap_or("").to_string(),
            markup: params.get("reply_markup").cloned().unwrap_or(Value::Null),
            media: false,
        };
        let message = |id: i64| {
            json!({"message_id": id, "date": 1_800_000_000, "chat": chat_json(chat), "from": bot_user(),
            "text": params["text"].clone()})
        };
        match method {
            "getMe" => (
                json!({"id": BOT_ID, "is_bot": true, "first_name": "Village Bot", "username": BOT_USERNAME,
                "can_join_groups": true, "can_read_all_group_messages": true, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false}),
                None,
            ),
            "sendMessage" | "sendDocument" => {
                let n = self.next_message.entry(chat).or_insert(0);
                *n += 1;
                let id = *n;
                let mut result = message(id);
                if method == "sendDocument" {
                    result["document"] = json!({"file_id": "f", "file_unique_id": "u"});
                } else {
                    self.shown.insert((chat, id), shown);
                }
                (result, Some(id))
            }
            "sendPhoto" | "sendVideo" | "sendVoice" => {
                let n = self.next_message.entry(chat).or_insert(0);
                *n += 1;
                let id = *n;
                let mut result = message(id);
                let file = json!({"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1, "duration": 1});
                match method {
                    "sendPhoto" => result["photo"] = json!([file]),
                    "sendVideo" => result["video"] = file,
                    _ => result["voice"] = file,
                }
                result["caption"] = params["caption"].clone();
                let caption = params["caption"].as_str().unwrap_or("").to_string();
                let media = Shown {
                    text: caption,
                    media: true,
                    ..shown
                };
                self.shown.insert((chat, id), media);
                (result, Some(id))
            }
            "editMessageText" => {
                let id = params["message_id"].as_i64().unwrap_or(0);
                self.shown.insert((chat, id), shown);
                (message(id), Some(id))
            }
            "getChatMember" => {
                let user = params["user_id"].as_i64().unwrap_or(0);
                let status = if self.admins.contains(&(chat, user)) {
                    "creator"
                } else {
                    "member"
                };
                (
                    json!({"status": status, "is_anonymous": false,
                    "user": {"id": user, "is_bot": false, "first_name": "U"}}),
                    None,
                )
            }
            "setWebhook" => {
                self.webhook = Some(params.clone());
                (json!(true), None)
            }
            "deleteWebhook" => {
                self.webhook = None;
                (json!(true), None)
            }
            _ => (json!(true), None),
        }
    }
}

impl FakeApi {
    /// Forgets refusals a test caused on purpose and checked.
    pub fn take_refusals(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().refusals)
    }

    /// The fake's clock: how long since it started (as [`Call::at`] counts).
    pub fn now(&self) -> Duration {
        self.started.elapsed()
    }

    /// The webhook the bot set (its URL, secret and options), if any.
    pub fn webhook(&self) -> Option<Value> {
        self.lock().webhook.clone()
    }

    /// The updates queued so far, as a webhook would be posted them.
    pub fn updates(&self) -> Vec<Value> {
        self.lock().updates.clone()
    }

    /// Enforces Telegram's rate limits from now on: over them, calls answer 429 (and fail the test).
    pub fn enforce_limits(&self, limits: Limits) {
        self.lock().limits = Some(limits);
    }
}
