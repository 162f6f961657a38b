//! The edges of the order desk: unsure messages, English, privacy, group changes, crashes, bad
//! input and Telegram refusing to deliver, on both backends.

use std::time::Duration;

use serde_json::json;

use crate::both_backends;
use crate::support::{fake_api, text, Harness, CADRE, CHIEF, GROUP, RESIDENT, STRANGER};

/// A message the parser is unsure about gets a question; only the poster may answer it.
async fn unsure_messages_ask_first(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    let unsure = h.unsure_text();
    h.say(RESIDENT, unsure);
    let ask = h.wait_text(GROUP, "需要登记为工单").await;
    h.press(STRANGER, &ask, "登记").await;
    h.wait_for("only the poster answers", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"]
                .as_str()
                .unwrap_or("")
                .contains("只有发消息的人")
    })
    .await;
    h.press(RESIDENT, &ask, "登记").await;
    h.wait_text(GROUP, "工单 #1").await;
    h.press(RESIDENT, &ask, "登记").await;
    h.wait_for("second press is stale", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("失效")
    })
    .await;
    h.settle().await;
    let cards = h
        .api
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| text(c).contains("📋"))
        .count();
    assert_eq!(cards, 1, "one ticket for one message");
    h.stop().await;
}
both_backends!(unsure_ask_e2e, unsure_messages_ask_first);

/// An English village: English texts, location hints, urgency.
async fn english_village(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/lang en");
    h.wait_text(GROUP, "now uses English").await;
    h.say(
        RESIDENT,
        "The water pipe by lane 3 burst, water everywhere!",
    );
    let card = h.wait_text(GROUP, "Ticket #1").await;
    let t = text(&card);
    assert!(
        t.contains("Repair") && t.to_lowercase().contains("lane 3"),
        "{t}"
    );
    h.say(
        RESIDENT,
        "Good morning everyone, thanks for fixing the road",
    );
    h.say(RESIDENT, "/list");
    let list = h.wait_text(GROUP, "Tickets").await;
    assert!(text(&list).contains("#1"));
    h.settle().await;
    let cards = h
        .api
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| text(c).contains("Ticket #2"))
        .count();
    assert_eq!(cards, 0, "a greeting is not a ticket");
    h.stop().await;
}
both_backends!(english_e2e, english_village);

/// Disputes stay out of the group; the closure goes to the requester privately.
async fn sensitive_tickets_stay_private(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say_private(RESIDENT, "/start");
    h.wait_text(RESIDENT.id, "私信").await;
    let body = "隔壁老李把院墙往我家宅基地挪了半米 吵了好几回了 请村里来调解一下";
    h.say(RESIDENT, body);
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert!(
        text(&card).contains("私下处理") && !text(&card).contains("宅基地"),
        "{}",
        text(&card)
    );
    let prompt = h
        .wait_for("prompt", |c| {
            c.method == "sendMessage"
                && text(c).contains("#1")
                && text(c).contains("tg://user?id=101")
        })
        .await;
    assert!(
        !text(&prompt).contains("宅基地") && text(&prompt).contains("/ticket #1"),
        "{}",
        text(&prompt)
    );
    h.say_private(CADRE, "/ticket #1");
    let details = h.wait_text(CADRE.id, "宅基地").await;
    assert!(text(&details).contains("办理记录"));
    h.press(CADRE, &prompt, "完成").await;
    let closure = h.wait_text(RESIDENT.id, "已办结").await;
    assert!(
        closure.params["reply_markup"].to_string().contains("r:"),
        "rating buttons in private"
    );
    h.settle().await;
    let leaked = h
        .api
        .calls()
        .into_iter()
        .any(|c| c.params["chat_id"].as_i64() == Some(GROUP) && text(&c).contains("宅基地"));
    assert!(!leaked, "details of a dispute never reach the group");
    h.stop().await;
}
both_backends!(sensitive_e2e, sensitive_tickets_stay_private);

/// Added to a group: the bot explains itself. Upgraded to a supergroup: the village follows.
async fn joins_and_migrations(db: &str) {
    let h = Harness::start(db).await;
    h.api.push_update(json!({"my_chat_member": {"chat": fake_api::chat_json(GROUP), "from": CADRE.json(), "date": 1_800_000_000,
        "old_chat_member": {"user": fake_api::bot_user(), "status": "left"},
        "new_chat_member": {"user": fake_api::bot_user(), "status": "member"}}}));
    h.wait_text(GROUP, "/setup").await;
    h.setup_village().await;
    let new_chat = -1_009_999_999_999;
    h.api.push_update(
        json!({"message": {"message_id": h.api.next_message_id(GROUP), "date": 1_800_000_000,
        "chat": fake_api::chat_json(GROUP), "from": CADRE.json(), "migrate_to_chat_id": new_chat}}),
    );
    h.settle().await;
    let id = h.api.next_message_id(new_chat);
    h.api.push_update(json!({"message": {"message_id": id, "date": 1_800_000_000, "chat": fake_api::chat_json(new_chat),
        "from": RESIDENT.json(), "text": "#报修 村委会门口的路灯不亮"}}));
    let card = h.wait_text(new_chat, "工单 #1").await;
    assert_eq!(
        card.params["reply_parameters"]["message_id"].as_i64(),
        Some(id)
    );
    h.settle().await;
    h.stop().await;
}
both_backends!(migration_e2e, joins_and_migrations);

/// A crash after handling but before the inbox was marked: the replay changes nothing.
async fn replays_change_nothing(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(RESIDENT, "#报修 三组水井的水泵坏了");
    h.wait_text(GROUP, "工单 #1").await;
    h.settle().await;
    let sent_before = h.api.calls_of("sendMessage").len();
    let h = {
        let api = h.stop().await;
        let store = villagebot::store::Store::open(db).await.expect("store");
        let mut conn = store.conn().await.expect("conn");
        sqlx::query("UPDATE inbox SET handled_at = NULL")
            .execute(&mut *conn)
            .await
            .expect("forget handling");
        drop(conn);
        store.close().await;
        Harness::start_with(db, api, |_| {}).await
    };
    h.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        h.api.calls_of("sendMessage").len(),
        sent_before,
        "nothing is sent twice"
    );
    let n = crate::support::count(&h.store, "SELECT COUNT(*) FROM tickets").await;
    assert_eq!(n, 1);
    h.stop().await;
}
both_backends!(replay_e2e, replays_change_nothing);

/// Nonsense gets a clear answer or silence, never a crash, and changes nothing.
async fn bad_input_is_harmless(db: &str) {
    let h = Harness::start(db).await;
    h.say(RESIDENT, "路灯坏了");
    h.say(RESIDENT, "/list");
    h.wait_text(GROUP, "还没有设置").await;
    h.setup_village().await;
    let fake_call = fake_api::Call {
        method: "sendMessage".into(),
        params: json!({"chat_id": GROUP, "text": "x"}),
        message_id: Some(999),
        at: Duration::ZERO,
    };
    h.press_data(RESIDENT, &fake_call, "r:999999:5");
    h.press_data(RESIDENT, &fake_call, "garbage\u{0}data");
    h.wait_for("stale buttons answered", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("失效")
    })
    .await;
    h.say(CADRE, "/chief wang 三组");
    h.wait_text(GROUP, "用法：/chief").await;
    h.say(CADRE, "/team 队 plumbing");
    h.wait_text(GROUP, "不认识的分类").await;
    h.say(RESIDENT, "/home 不存在的组");
    h.wait_text(GROUP, "还没有设立片区").await;
    h.say(CADRE, "/close abc");
    h.wait_text(GROUP, "用法：/close").await;
    h.say(RESIDENT, &"路灯坏了".repeat(3000));
    h.say(RESIDENT, "🙏🙏🙏");
    h.say(STRANGER, "/frobnicate");
    h.say_private(STRANGER, "/list");
    h.wait_text(STRANGER.id, "不知道你属于哪个村").await;
    h.say_private(CHIEF, "hello");
    h.wait_text(CHIEF.id, "村群").await;
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert!(
        text(&card).chars().count() < 4096,
        "long requests are clipped on the card"
    );
    h.settle().await;
    let errors = crate::support::count(
        &h.store,
        "SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL",
    )
    .await;
    assert_eq!(errors, 0, "every update was handled");
    h.stop().await;
}
both_backends!(bad_input_e2e, bad_input_is_harmless);

/// Telegram says 429 for a while: the card still arrives exactly once, after retry_after.
async fn rate_limited_delivery_retries(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.api.rate_limit("sendMessage", 2, 1);
    h.say(RESIDENT, "#报修 桥上的护栏松了");
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert!(card.at >= Duration::from_secs(1), "waited for retry_after");
    h.settle().await;
    let cards = h
        .api
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| text(c).contains("📋"))
        .count();
    assert_eq!(cards, 1);
    h.api
        .fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user");
    h.say(RESIDENT, "/list");
    h.settle().await;
    let mut conn = h.store.conn().await.expect("conn");
    let (failed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND error LIKE '%blocked%'",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    assert_eq!(
        failed, 1,
        "a refused message is marked failed with the reason"
    );
    drop(conn);
    h.stop().await;
}
both_backends!(rate_limit_e2e, rate_limited_delivery_retries);
