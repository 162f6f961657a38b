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
        let (result, message_id) = match method {
            "getMe" => (
                json!({"id": BOT_ID, "is_bot": true, "first_name": "Village Bot", "username": BOT_USERNAME,
                "can_join_groups": true, "can_read_all_group_messages": true, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false}),
                None,
            ),
            "sendMessage" => {
                let n = s.next_message.entry(chat).or_insert(0);
                *n += 1;
                let id = *n;
                (
                    json!({"message_id": id, "date": 1_800_000_000, "chat": chat_json(chat), "from": bot_user(),
                    "text": params["text"].clone()}),
                    Some(id),
                )
            }
            "sendDocument" => {
                let n = s.next_message.entry(chat).or_insert(0);
                *n += 1;
                let id = *n;
                (
                    json!({"message_id": id, "date": 1_800_000_000, "chat": chat_json(chat), "from": bot_user(),
                    "document": {"file_id": "f", "file_unique_id": "u"}}),
                    Some(id),
                )
            }
            "editMessageText" => {
                let id = params["message_id"].as_i64().unwrap_or(0);
                (
                    json!({"message_id": id, "date": 1_800_000_000, "chat": chat_json(chat), "from": bot_user(),
                    "text": params["text"].clone()}),
                    Some(id),
                )
            }
            "getChatMember" => {
                let user = params["user_id"].as_i64().unwrap_or(0);
                let status = if s.admins.contains(&(chat, user)) {
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
            _ => (json!(true), None),
        };
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

/// The fields of a multipart/form-data body (files as text, under their field name, with
/// `<name>_filename` beside them). Enough for what teloxide sends.
fn multipart(body: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split("name=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        if let Some(file) = head
            .split("filename=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            fields.insert(format!("{name}_filename"), json!(file));
        }
        let parsed = value
            .parse::<i64>()
            .map(|n| json!(n))
            .unwrap_or_else(|_| json!(value));
        fields.insert(name.to_string(), parsed);
    }
    // teloxide sends files as `document=attach://<part>`: resolve those references.
    let refs: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.clone(),
                v.as_str()?.strip_prefix("attach://")?.to_string(),
            ))
        })
        .collect();
    for (key, part) in refs {
        if let Some(content) = fields.get(&part).cloned() {
            fields.insert(key.clone(), content);
        }
        if let Some(name) = fields.get(&format!("{part}_filename")).cloned() {
            fields.insert(format!("{key}_filename"), name);
        }
    }
    Value::Object(fields)
}
