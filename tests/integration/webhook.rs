//! Webhook mode and the operations endpoints, through the bot's own HTTP server: a post without
//! the right secret is refused and changes nothing; a good one is stored before it is answered
//! and becomes a ticket; `/healthz` and `/metrics` tell what the bot holds and did.

use std::net::SocketAddr;

use serde_json::{json, Value};

use crate::both_backends;
use crate::support::http::{get, post_update};
use crate::support::{count, fake_api, FakeApi, Harness, CADRE, GROUP, RESIDENT};

const SECRET: &str = "s3cret_Token-1";

/// A free port on loopback for the bot's HTTP server.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

async fn webhook_bot(db: &str) -> (Harness, SocketAddr) {
    let port = free_port();
    let h = Harness::start_with(db, FakeApi::start().await, |s| {
        s.http.listen = format!("127.0.0.1:{port}");
        s.webhook.url = format!("http://127.0.0.1:{port}/telegram");
        s.webhook.secret_token = villagebot::config::Secret::new(SECRET);
    })
    .await;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    (h, addr)
}

/// A message update with the fake's numbering (the fake never serves it: there is no polling).
fn message(api: &FakeApi, from: crate::support::User, text: &str) -> Value {
    let msg = json!({"message_id": api.next_message_id(GROUP), "date": 1_800_000_000,
        "chat": fake_api::chat_json(GROUP), "from": from.json(), "text": text});
    let id = api.push_update(json!({"message": msg}));
    api.updates()[(id - 1) as usize].clone()
}

async fn posts_need_the_secret(db: &str) {
    let (h, addr) = webhook_bot(db).await;
    h.wait_for("setWebhook", |c| c.method == "setWebhook").await;
    let hook = h.api.webhook().expect("setWebhook was called");
    assert_eq!(hook["secret_token"], SECRET);
    assert_eq!(hook["url"], format!("http://{addr}/telegram"));
    let forged = message(&h.api, RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    for secret in [None, Some("wrong"), Some(""), Some("s3cret_Token-")] {
        let answer = post_update(addr, secret, &forged).await.expect("post");
        assert_eq!(answer.status, 401, "secret {secret:?}");
    }
    assert_eq!(count(&h.store, "SELECT COUNT(*) FROM inbox").await, 0);
    let answer = post_update(addr, Some(SECRET), &json!({"no": "update"}))
        .await
        .expect("post");
    assert_eq!(answer.status, 400, "not an update");
    assert_eq!(count(&h.store, "SELECT COUNT(*) FROM inbox").await, 0);
    assert!(h.api.calls_of("sendMessage").is_empty(), "nothing was said");
    h.stop().await;
}
both_backends!(wrong_secret, posts_need_the_secret);

async fn posted_updates_become_tickets(db: &str) {
    let (h, addr) = webhook_bot(db).await;
    h.api.make_admin(GROUP, CADRE.id);
    let setup = message(&h.api, CADRE, "/setup 幸福村");
    assert_eq!(
        post_update(addr, Some(SECRET), &setup)
            .await
            .map(|a| a.status),
        Ok(200)
    );
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM inbox").await,
        1,
        "stored before it was answered"
    );
    h.wait_text(GROUP, "幸福村").await;
    let request = message(&h.api, RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    for _ in 0..2 {
        // Telegram posts again what it thinks was not received: it is handled once.
        let answer = post_update(addr, Some(SECRET), &request)
            .await
            .expect("post");
        assert_eq!(answer.status, 200);
    }
    h.wait_text(GROUP, "#1").await;
    h.settle().await;
    assert_eq!(count(&h.store, "SELECT COUNT(*) FROM tickets").await, 1);
    let metrics = get(addr, "/metrics").await;
    assert_eq!(metrics.status, 200);
    assert!(
        metrics.head.contains("openmetrics-text"),
        "{}",
        metrics.head
    );
    for line in [
        "villagebot_updates_received_total 3",
        "villagebot_updates_handled_total{kind=\"handled\"} 2",
        "villagebot_tickets_open 1",
        "villagebot_inbox_depth 0",
        "villagebot_outbox_depth 0",
        "villagebot_update_handling_seconds_bucket",
    ] {
        assert!(
            metrics.body.contains(line),
            "{line} missing:\n{}",
            metrics.body
        );
    }
    assert!(metrics
        .body
        .contains("villagebot_messages_sent_total{kind=\"send\"}"));
    let health = get(addr, "/healthz").await;
    assert_eq!(health.status, 200);
    let health: Value = serde_json::from_str(&health.body).expect("json");
    assert_eq!(health["database"], "ok");
    assert_eq!(health["inbox_pending"], 0);
    assert_eq!(health["outbox_pending"], 0);
    h.stop().await;
}
both_backends!(webhook_tickets, posted_updates_become_tickets);

async fn health_tells_when_the_database_is_gone(db: &str) {
    let port = free_port();
    let h = Harness::start_with(db, FakeApi::start().await, |s| {
        s.http.listen = format!("127.0.0.1:{port}");
    })
    .await;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    assert!(h.api.webhook().is_none(), "polling sets no webhook");
    assert_eq!(get(addr, "/healthz").await.status, 200);
    assert_eq!(get(addr, "/nowhere").await.status, 404);
    let post = post_update(addr, Some(SECRET), &json!({"update_id": 1})).await;
    assert_eq!(
        post.map(|a| a.status),
        Ok(404),
        "no webhook route when polling"
    );
    h.app.store.close().await;
    let health = get(addr, "/healthz").await;
    assert_eq!(health.status, 503);
    assert!(health.body.contains("unreachable"), "{}", health.body);
    h.stop().await;
}
both_backends!(health_503, health_tells_when_the_database_is_gone);
