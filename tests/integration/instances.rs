//! Three instances of the real binary in webhook mode on one PostgreSQL, sharing one burst the
//! way Telegram spreads posts over a webhook, one of them killed with SIGKILL in the middle:
//! every update handled once, every message sent once (but what the killed one had on its way),
//! each chat's order kept, Telegram's limits never broken, every reminder sent once.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Child;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use villagebot::store::Store;

use crate::support::db::{Backend, TestDb};
use crate::support::fake_api::{self, Limits};
use crate::support::http::post_update;
use crate::support::{count, spawn_bot, text, FakeApi};
use crate::webhook::free_port;

const SECRET: &str = "instances-secret";
const VILLAGES: i64 = 6;
const REQUESTS: i64 = 8;

fn config(port: u16) -> String {
    format!(
        "[quiet_hours]\nstart = \"00:00\"\nend = \"00:00\"\n\
         [deadlines]\nsimple = \"40s\"\n[reminders]\nat = [0.5]\n\
         [digests]\nenabled = false\n[reports]\nweekly = false\n\
         [http]\nlisten = \"127.0.0.1:{port}\"\n\
         [webhook]\nurl = \"http://127.0.0.1:{port}/telegram\"\nsecret_token = \"{SECRET}\"\n"
    )
}

fn start(db: &str, api: &FakeApi, port: u16) -> Child {
    let name = format!("instance_{port}");
    spawn_bot(&config(port), &name, db, api, &["run", "--webhook"])
}

fn group(v: i64) -> i64 {
    -1_002_000_000_000 - v
}

/// Village `v`'s updates in order: its cadre sets it up and opens a private chat, then its
/// residents ask, each request numbered in its words.
fn updates(api: &FakeApi, v: i64) -> Vec<Value> {
    let chat = group(v);
    let cadre = json!({"id": 5_000 + v, "is_bot": false, "first_name": format!("书记{v}")});
    api.make_admin(chat, 5_000 + v);
    let msg = |chat: i64, from: &Value, text: String| {
        let m = json!({"message_id": api.next_message_id(chat), "date": 1_800_000_000,
            "chat": fake_api::chat_json(chat), "from": from, "text": text});
        let id = api.push_update(json!({"message": m}));
        api.updates()[(id - 1) as usize].clone()
    };
    let mut all = vec![
        msg(chat, &cadre, format!("/setup 第{v}村")),
        msg(5_000 + v, &cadre, "/start".into()),
    ];
    for r in 0..REQUESTS {
        let resident =
            json!({"id": 6_000 + v * 100 + r, "is_bot": false, "first_name": format!("村民{r}")});
        all.push(msg(
            chat,
            &resident,
            format!("{v}村{r}号院的水管坏了，请来修理 序{r}"),
        ));
    }
    all
}

/// Posts one chat's updates in order, as Telegram does, to whichever instance answers; a post
/// that fails (the instance is gone) goes to the next.
async fn deliver(addrs: Arc<Vec<SocketAddr>>, updates: Vec<Value>, start: usize) {
    let mut next = start;
    for u in updates {
        loop {
            let addr = addrs[next % addrs.len()];
            next += 1;
            match post_update(addr, Some(SECRET), &u).await {
                Ok(a) if a.status == 200 => break,
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits (at most `secs`) until `sql` counts `n`, or at least `n` when `n` is negative.
async fn wait_for(store: &Store, sql: &str, n: i64, secs: u64) -> i64 {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let got = count(store, sql).await;
        let done = if n < 0 { got >= -n } else { got == n };
        if done || tokio::time::Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn up(addr: SocketAddr) {
    for _ in 0..300 {
        if crate::support::http::request(addr, "GET", "/healthz", &[], "")
            .await
            .is_ok_and(|a| a.status == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("instance at {addr} did not come up");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_one_database() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let api = FakeApi::start().await;
    api.enforce_limits(Limits {
        per_second_per_chat: 1,
        per_minute_per_group: 20,
        per_second_overall: 30,
    });
    let store = Store::open(&db.url).await.expect("store");
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut bots: Vec<Child> = ports.iter().map(|p| start(&db.url, &api, *p)).collect();
    let addrs: Vec<SocketAddr> = ports
        .iter()
        .map(|p| format!("127.0.0.1:{p}").parse().expect("addr"))
        .collect();
    for a in &addrs {
        up(*a).await;
    }
    let addrs = Arc::new(addrs);
    let sharing = sample_holders(&store);
    let plan: Vec<Vec<Value>> = (0..VILLAGES).map(|v| updates(&api, v)).collect();
    let total = VILLAGES * REQUESTS;
    let posting: Vec<_> = plan
        .into_iter()
        .enumerate()
        .map(|(i, u)| tokio::spawn(deliver(addrs.clone(), u, i)))
        .collect();
    let seen = wait_for(&store, "SELECT COUNT(*) FROM tickets", -(total / 3), 60).await;
    let _ = bots[1].kill();
    let _ = bots[1].wait();
    let killed_at = api.now();
    assert!(seen < total, "killed after the burst; nothing was tested");
    for p in posting {
        p.await.expect("delivery");
    }
    check(&store, &api, total, killed_at).await;
    sharing.0.abort();
    assert!(
        sharing.1.load(std::sync::atomic::Ordering::Relaxed) >= 2,
        "the instances shared the chats"
    );
    for b in &mut bots {
        let _ = b.kill();
        let _ = b.wait();
    }
    store.close().await;
    db.drop_db().await;
}

/// The most instances seen holding chats at once, sampled every 50 ms while the test runs (the
/// leases left at the end show only who served each chat last).
fn sample_holders(
    store: &Store,
) -> (
    tokio::task::JoinHandle<()>,
    Arc<std::sync::atomic::AtomicI64>,
) {
    let most = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let (store, seen) = (store.clone(), most.clone());
    let task = tokio::spawn(async move {
        loop {
            let holders = count(&store, "SELECT COUNT(DISTINCT holder) FROM leases").await;
            seen.fetch_max(holders, std::sync::atomic::Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    (task, most)
}

async fn check(store: &Store, api: &FakeApi, total: i64, killed_at: Duration) {
    let tickets = wait_for(store, "SELECT COUNT(*) FROM tickets", total, 120).await;
    assert_eq!(tickets, total, "every request is one ticket");
    // Every ticket's reminder (at half of its 40 s) fires once, and is sent.
    let reminded = "SELECT COUNT(*) FROM jobs WHERE kind = 'remind' AND status = 'done'";
    assert_eq!(
        wait_for(store, reminded, total, 120).await,
        total,
        "{reminded}"
    );
    let pending = "SELECT COUNT(*) FROM outbox WHERE status = 'pending'";
    assert_eq!(
        wait_for(store, pending, 0, 120).await,
        0,
        "the outbox drains"
    );
    let open = "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL OR error IS NOT NULL";
    assert_eq!(
        count(store, open).await,
        0,
        "every update handled, none in error"
    );
    let numbers = "SELECT COUNT(*) FROM (SELECT DISTINCT village_id, no FROM tickets) t";
    assert_eq!(count(store, numbers).await, total, "no number given twice");
    in_order(store).await;
    let refused = api.take_refusals();
    assert!(
        refused.is_empty(),
        "Telegram would have refused: {refused:#?}"
    );
    once_each(api, killed_at);
}

/// Each village's tickets are numbered in the order its residents wrote.
async fn in_order(store: &Store) {
    let mut conn = store.conn().await.expect("conn");
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT village_id, no, body FROM tickets ORDER BY village_id, no")
            .fetch_all(&mut *conn)
            .await
            .expect("tickets");
    let mut last: HashMap<i64, i64> = HashMap::new();
    for (village, no, body) in rows {
        let seq: i64 = body
            .rsplit('序')
            .next()
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(-1);
        let before = last.insert(village, seq).unwrap_or(-1);
        assert!(
            seq > before,
            "village {village}: #{no} ({body}) came after 序{before}"
        );
    }
}

/// No message reached Telegram twice, except one the killed instance had on its way.
fn once_each(api: &FakeApi, killed_at: Duration) {
    let mut first: HashMap<(i64, String), Duration> = HashMap::new();
    let mut doubled = vec![];
    for c in api.calls_of("sendMessage") {
        let key = (c.params["chat_id"].as_i64().unwrap_or(0), text(&c));
        match first.get(&key) {
            Some(at) => doubled.push((key, *at)),
            None => {
                first.insert(key, c.at);
            }
        }
    }
    let unexplained: Vec<_> = doubled
        .iter()
        .filter(|(_, at)| *at + Duration::from_secs(2) < killed_at || *at > killed_at)
        .collect();
    assert!(unexplained.is_empty(), "sent twice: {unexplained:#?}");
    assert!(
        doubled.len() <= 3,
        "{} messages sent twice around the kill",
        doubled.len()
    );
    eprintln!(
        "three instances: {} message(s) the killed one had on its way went again",
        doubled.len()
    );
}
