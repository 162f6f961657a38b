//! Delivery within Telegram's limits: 429 bursts, blocked users, and restarts with work queued.

use std::collections::HashMap;
use std::time::Duration;

use crate::both_backends;
use crate::support::fake_api::{FakeApi, Limits};
use crate::support::{text, Call, Harness, CADRE, CHIEF, GROUP, RESIDENT};

/// The most messages one chat got in any window of `window` length.
fn peak(calls: &[Call], chat: i64, window: Duration) -> usize {
    let times: Vec<Duration> = calls
        .iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(chat))
        .map(|c| c.at)
        .collect();
    times
        .iter()
        .map(|start| {
            times
                .iter()
                .filter(|t| **t >= *start && **t < *start + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// A burst of replies while Telegram answers 429 now and then: every reply arrives exactly once,
/// and the group never gets more than the limits allow.
async fn burst_under_429(db: &str) {
    let api = FakeApi::start().await;
    let h = Harness::start_with(db, api, |s| {
        s.telegram.limits.per_second_per_chat = 3;
        s.telegram.limits.per_minute_per_group = 60;
        s.telegram.limits.per_second_overall = 30;
    })
    .await;
    h.setup_village().await;
    h.api.enforce_limits(Limits {
        per_second_per_chat: 3,
        per_minute_per_group: 60,
        per_second_overall: 30,
    });
    h.api.rate_limit("sendMessage", 3, 1);
    let asked: Vec<i64> = (0..12).map(|_| h.say(RESIDENT, "/list")).collect();
    h.settle().await;
    let sends = h.api.calls_of("sendMessage");
    let mut replies: HashMap<i64, usize> = HashMap::new();
    for c in &sends {
        if let Some(to) = c.params["reply_parameters"]["message_id"].as_i64() {
            *replies.entry(to).or_default() += 1;
        }
    }
    for id in &asked {
        assert_eq!(
            replies.get(id),
            Some(&1),
            "reply to {id} arrives exactly once"
        );
    }
    assert!(
        peak(&sends, GROUP, Duration::from_millis(1000)) <= 3,
        "per-second limit held"
    );
    assert!(
        peak(&sends, GROUP, Duration::from_secs(60)) <= 60,
        "per-minute limit held"
    );
    h.stop().await;
}
both_backends!(burst_429_e2e, burst_under_429);

/// A chief who blocked the bot gets the prompt in the group instead, and from then on.
async fn blocked_private_chat_falls_back(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say_private(CHIEF, "/start");
    h.wait_text(CHIEF.id, "私信").await;
    h.say(RESIDENT, "/home 三组");
    h.wait_text(GROUP, "已登记").await;
    h.api.fail_next_in(
        "sendMessage",
        Some(CHIEF.id),
        403,
        "Forbidden: bot was blocked by the user",
    );
    h.say(RESIDENT, "#报修 三组路灯不亮了");
    let prompt = h
        .wait_for("prompt in the group", |c| {
            c.method == "sendMessage"
                && c.params["chat_id"].as_i64() == Some(GROUP)
                && text(c).contains("tg://user?id=102")
                && text(c).contains("新工单")
        })
        .await;
    h.press(CHIEF, &prompt, "接单").await;
    h.wait_for("accepted from the group prompt", |c| {
        c.method == "editMessageText" && text(c).contains("办理中")
    })
    .await;
    h.settle().await;
    let mut conn = h.store.conn().await.expect("conn");
    let (ok,): (i64,) = sqlx::query_as("SELECT private_ok FROM people WHERE tg_user_id = $1")
        .bind(CHIEF.id)
        .fetch_one(&mut *conn)
        .await
        .expect("chief");
    assert_eq!(ok, 0, "the group is used from now on");
    drop(conn);
    h.stop().await;
}
both_backends!(blocked_fallback_e2e, blocked_private_chat_falls_back);

/// Stopped with messages queued and timers coming due; started again: everything arrives, once.
async fn restart_delivers_everything_once(db: &str) {
    let tune = |s: &mut villagebot::config::Settings| {
        s.deadlines.simple = "4s".parse().expect("span");
        s.reminders.at = vec![0.5];
    };
    let api = FakeApi::start().await;
    let h = Harness::start_with(db, api, tune).await;
    h.setup_village().await;
    h.api.rate_limit("sendMessage", 1, 3);
    h.say(RESIDENT, "#报修 村口路灯坏了");
    h.wait_rows("SELECT COUNT(*) FROM tickets", 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        h.api
            .calls_of("sendMessage")
            .iter()
            .all(|c| !text(c).contains("📋")),
        "the card is still queued"
    );
    let h = h.restart(db, tune).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    h.settle().await;
    let sends = h.api.calls_of("sendMessage");
    let count = |needle: &str| sends.iter().filter(|c| text(c).contains(needle)).count();
    assert_eq!(count("📋"), 1, "the card once");
    assert_eq!(count("请处理"), 1, "the card prompts the holder, once");
    assert_eq!(count("⏰"), 1, "the reminder once");
    // The deadline passed while the bot was down; with nobody above the duty cadre it stays.
    h.wait_rows(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'escalate' AND status = 'done'",
        1,
    )
    .await;
    h.stop().await;
}
both_backends!(restart_e2e, restart_delivers_everything_once);
