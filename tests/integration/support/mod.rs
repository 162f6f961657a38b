//! Test support: fresh databases on both backends, a fake Bot API, and a harness that runs the
//! real bot (listener, processor, sender) against them.

pub mod db;
pub mod fake_api;
pub mod http;
pub mod multipart;
pub mod sim;
pub mod telegram_html;
pub mod telegram_rules;
pub mod walk;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use villagebot::app::App;
use villagebot::config::{Secret, Settings};
use villagebot::store::Store;

pub use fake_api::{Call, FakeApi};

pub const GROUP: i64 = -1_001_234_567_890;

/// A Telegram user in a test.
#[derive(Debug, Clone, Copy)]
pub struct User {
    pub id: i64,
    pub username: &'static str,
    pub name: &'static str,
}

pub const CADRE: User = User {
    id: 101,
    username: "li_cadre",
    name: "Li Shuji",
};
pub const CHIEF: User = User {
    id: 102,
    username: "wang_chief",
    name: "Wang Wu",
};
pub const RESIDENT: User = User {
    id: 103,
    username: "zhang_res",
    name: "Zhang San",
};
pub const CAPTAIN: User = User {
    id: 104,
    username: "zhao_cap",
    name: "Zhao Liu",
};
pub const MEMBER: User = User {
    id: 105,
    username: "qian_vol",
    name: "Qian Qi",
};
pub const STRANGER: User = User {
    id: 106,
    username: "sun_x",
    name: "Sun Ba",
};
pub const TOWNSHIP: User = User {
    id: 107,
    username: "zhou_town",
    name: "Zhou Jiu",
};
pub const ADMIN: User = User {
    id: 108,
    username: "wu_admin",
    name: "Wu Shi",
};

impl User {
    pub fn json(&self) -> Value {
        json!({"id": self.id, "is_bot": false, "first_name": self.name, "username": self.username, "language_code": "zh-hans"})
    }
}

pub fn settings(db_url: &str, api: &FakeApi) -> Settings {
    let mut s = Settings::default();
    s.database.url = db_url.to_string();
    s.telegram.api_url = api.url();
    s.telegram.token = Secret::new("123456:TEST-TOKEN");
    s.telegram.poll_timeout = "1s".parse().expect("span");
    // Functional tests send bursts no real group would; the delivery tests set real limits.
    s.telegram.limits.per_minute_per_group = 10_000;
    s.telegram.limits.per_second_per_chat = 1_000;
    s.telegram.limits.per_second_overall = 10_000;
    // Tests run at any hour: no quiet hours unless a test asks for them.
    s.quiet_hours.end = s.quiet_hours.start;
    s
}

/// The real binary, `villagebot --config <config> <args>`, on `db` against the fake Bot API.
pub fn spawn_bot(
    config: &str,
    name: &str,
    db: &str,
    api: &FakeApi,
    args: &[&str],
) -> std::process::Child {
    let path = std::env::temp_dir().join(format!("villagebot_{name}_{}.toml", std::process::id()));
    std::fs::write(&path, config).expect("write config");
    std::process::Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .arg("--config")
        .arg(&path)
        .args(args)
        .env("DATABASE_URL", db)
        .env("TELOXIDE_TOKEN", "123456:TEST-TOKEN")
        .env("VILLAGEBOT_API_URL", api.url())
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start villagebot")
}

/// `villagebot import FILE --village NAME` on `db`; its report.
pub fn import(db: &str, file: &str, village: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .args(["import", file, "--village", village])
        .env("DATABASE_URL", db)
        .output()
        .expect("run import");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Where a test bot serves HTTP, if its settings ask for a server.
fn settings_http(app: &App) -> Option<std::net::SocketAddr> {
    app.settings.http.address().expect("http.listen")
}

/// The real bot running against a fake Bot API and a fresh database.
pub struct Harness {
    pub api: FakeApi,
    pub app: Arc<App>,
    pub store: Store,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Harness {
    pub async fn start(db_url: &str) -> Harness {
        Harness::start_with(db_url, FakeApi::start().await, |_| {}).await
    }

    pub async fn start_with(
        db_url: &str,
        api: FakeApi,
        tune: impl FnOnce(&mut Settings),
    ) -> Harness {
        let mut settings = settings(db_url, &api);
        tune(&mut settings);
        let store = Store::open(db_url).await.expect("open store");
        let bot =
            villagebot::telegram::bot(settings.telegram.token.expose(), &settings.telegram.api_url)
                .expect("bot");
        let username = villagebot::telegram::introduce(&bot).await.expect("getMe");
        let app = Arc::new(App::new(store.clone(), settings, Some(username)).expect("app"));
        villagebot::telegram::register_commands(&bot, &app)
            .await
            .expect("setMyCommands");
        let (stop, shutdown) = watch::channel(false);
        let listener = match settings_http(&app) {
            Some(addr) => Some(
                tokio::net::TcpListener::bind(addr)
                    .await
                    .expect("bind http"),
            ),
            None => None,
        };
        let webhook = !app.settings.webhook.url.is_empty();
        let task = tokio::spawn(villagebot::cli::serve_bot(
            app.clone(),
            bot,
            listener,
            webhook,
            shutdown,
        ));
        Harness {
            api,
            app,
            store,
            stop,
            task: Some(task),
        }
    }

    /// Stops the bot and waits for its tasks to end.
    pub async fn stop(mut self) -> FakeApi {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let ended = tokio::time::timeout(Duration::from_secs(10), task).await;
            assert!(ended.is_ok(), "bot did not stop");
        }
        self.store.close().await;
        self.api.clone()
    }

    /// Waits until a `SELECT COUNT(*)` query returns `n`.
    pub async fn wait_rows(&self, sql: &str, n: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let count = count(&self.store, sql).await;
            if count == n {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{sql} stayed at {count}, not {n}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the bot and starts it again on the same database and fake API.
    pub async fn restart(self, db_url: &str, tune: impl FnOnce(&mut Settings)) -> Harness {
        let api = self.stop().await;
        Harness::start_with(db_url, api, tune).await
    }

    fn message(&self, chat: i64, from: User, text: &str, reply_to: Option<Value>) -> (i64, Value) {
        let id = self.api.next_message_id(chat);
        let mut msg = json!({"message_id": id, "date": 1_800_000_000, "chat": fake_api::chat_json(chat),
            "from": from.json(), "text": text});
        if let Some(r) = reply_to {
            msg["reply_to_message"] = r;
        }
        (id, msg)
    }

    /// A user writes in the group; returns the message id.
    pub fn say(&self, from: User, text: &str) -> i64 {
        self.say_in(GROUP, from, text)
    }

    /// A user writes in another group chat.
    pub fn say_in(&self, chat: i64, from: User, text: &str) -> i64 {
        let (id, msg) = self.message(chat, from, text, None);
        self.api.push_update(json!({"message": msg}));
        id
    }

    /// A user writes to the bot privately.
    pub fn say_private(&self, from: User, text: &str) -> i64 {
        let (id, msg) = self.message(from.id, from, text, None);
        self.api.push_update(json!({"message": msg}));
        id
    }

    /// A user replies to a message the bot sent.
    pub fn reply(&self, from: User, to: &Call, text: &str) -> i64 {
        let chat = to.params["chat_id"].as_i64().unwrap_or(0);
        let original = json!({"message_id": to.message_id, "date": 1_800_000_000, "chat": fake_api::chat_json(chat),
            "from": fake_api::bot_user(), "text": to.params["text"].clone()});
        let (id, msg) = self.message(chat, from, text, Some(original));
        self.api.push_update(json!({"message": msg}));
        id
    }

    /// A user presses the button whose label contains `label` on a message the bot sent, once
    /// the bot has recorded the buttons it offered there (a person cannot press sooner).
    pub async fn press(&self, from: User, on: &Call, label: &str) {
        let data = button_data(on, label)
            .unwrap_or_else(|| panic!("no button `{label}` on {:?}", on.params));
        let chat = on.params["chat_id"].as_i64().unwrap_or(0);
        let sql = format!(
            "SELECT COUNT(*) FROM offered_buttons WHERE chat_id = {chat} AND message_id = {} \
             AND data = '{}'",
            on.message_id.unwrap_or(0),
            data.replace('\'', "''")
        );
        self.wait_rows(&sql, 1).await;
        self.press_data(from, on, &data);
    }

    pub fn press_data(&self, from: User, on: &Call, data: &str) {
        let chat = on.params["chat_id"].as_i64().unwrap_or(0);
        let msg = json!({"message_id": on.message_id, "date": 1_800_000_000, "chat": fake_api::chat_json(chat),
            "from": fake_api::bot_user(), "text": on.params["text"].clone()});
        self.api.push_update(
            json!({"callback_query": {"id": format!("cb{}", rand_id()), "from": from.json(),
            "chat_instance": "ci", "data": data, "message": msg}}),
        );
    }

    /// Waits until a call matching `pred` was made and returns it.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&Call) -> bool) -> Call {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(c) = self.api.calls().into_iter().find(|c| pred(c)) {
                return c;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}; calls: {:#?}",
                summary(&self.api.calls())
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for a sendMessage to `chat` whose text contains `needle`, made after call number `after`.
    pub async fn wait_text(&self, chat: i64, needle: &str) -> Call {
        self.wait_for(&format!("a message to {chat} containing {needle:?}"), |c| {
            c.method == "sendMessage"
                && c.params["chat_id"].as_i64() == Some(chat)
                && text(c).contains(needle)
        })
        .await
    }

    /// Waits until every pushed update is stored and handled and the outbox is empty. The checks
    /// run in the order the bot moves work along, so none can pass while work sits in between.
    pub async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            if self.idle().await {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "bot did not settle");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn idle(&self) -> bool {
        let pushed = self.api.pushed();
        let mut conn = self.store.conn().await.expect("conn");
        let (stored,): (Option<i64>,) = sqlx::query_as("SELECT MAX(update_id) FROM inbox")
            .fetch_one(&mut *conn)
            .await
            .expect("max");
        if stored.unwrap_or(0) < pushed {
            return false;
        }
        let (unhandled,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL")
                .fetch_one(&mut *conn)
                .await
                .expect("count inbox");
        if unhandled > 0 {
            return false;
        }
        villagebot::store::outbox::count(&mut conn, "pending")
            .await
            .expect("count outbox")
            == 0
    }

    /// Sets a user up as a cadre of a new village.
    pub async fn setup_village(&self) {
        self.api.make_admin(GROUP, CADRE.id);
        self.say(CADRE, "/setup 幸福村");
        self.wait_text(GROUP, "幸福村").await;
    }

    /// A village whose chief of 三组 is reachable privately, with a resident of 三组.
    /// A message the parser is unsure about (it asks the poster whether to record it).
    pub fn unsure_text(&self) -> &'static str {
        let candidates = [
            "电机烧了 秧苗等水呢",
            "沟里泡着几只死鸭子",
            "后山那条路不太好走了",
            "我家门前那棵树歪得厉害",
            "老王家的狗又跑出来了",
            "路口那块石头挺碍事的",
            "小卖部门口的灯不太亮",
            "后山那条路有点滑",
        ];
        let unsure = candidates.into_iter().find(|t| {
            self.app.intake.classify(t).certainty() == villagebot::domain::intake::Certainty::Medium
        });
        unsure.unwrap_or_else(|| panic!("no medium-certainty candidate; adjust the list"))
    }

    pub async fn village_with_chief(&self) {
        self.setup_village().await;
        self.say(CADRE, "/chief @wang_chief 三组");
        self.wait_text(GROUP, "联户长").await;
        self.say_private(CHIEF, "/start");
        self.wait_text(CHIEF.id, "私信").await;
        self.say(RESIDENT, "/home 三组");
        self.wait_text(GROUP, "已登记").await;
    }
}

impl Drop for Harness {
    /// A call Telegram would have refused fails the test that caused it.
    fn drop(&mut self) {
        let refused = self.api.take_refusals();
        if !std::thread::panicking() && !refused.is_empty() {
            panic!(
                "Telegram would have refused {} call(s): {refused:#?}",
                refused.len()
            );
        }
    }
}

/// The single number a `SELECT COUNT(*) …` query returns.
pub async fn count(store: &Store, sql: &str) -> i64 {
    let mut conn = store.conn().await.expect("conn");
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    n
}

pub fn text(c: &Call) -> String {
    c.params["text"].as_str().unwrap_or_default().to_string()
}

pub fn button_data(c: &Call, label: &str) -> Option<String> {
    c.params["reply_markup"]["inline_keyboard"]
        .as_array()?
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find_map(|b| {
            b["text"]
                .as_str()
                .filter(|t| t.contains(label))
                .and(b["callback_data"].as_str())
                .map(str::to_string)
        })
}

fn summary(calls: &[Call]) -> Vec<String> {
    calls
        .iter()
        .map(|c| format!("{} {} {}", c.method, c.params["chat_id"], text(c)))
        .collect()
}

fn rand_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(1);
    N.fetch_add(1, Ordering::SeqCst)
}
