//! Quiet groups: a holder who can be reached only in the group is called on the card itself
//! (one group message, not two); a ticket's whole life costs the group at most three new
//! messages; sixty requests at once are acknowledged together, every number shown within 20
//! seconds, never over Telegram's limits.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::both_backends;
use crate::support::fake_api::{self, Limits};
use crate::support::{button_data, count, text, FakeApi, Harness, CADRE, CHIEF, GROUP, RESIDENT};

/// New messages (not edits) the bot sent into the group so far.
fn group_sends(h: &Harness) -> Vec<String> {
    h.api
        .calls_of("sendMessage")
        .iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(GROUP))
        .map(text)
        .collect()
}

async fn the_card_calls_a_holder_without_a_private_chat(db: &str) {
    let h = Harness::start_with(db, FakeApi::start().await, |s| {
        s.reminders.at = vec![0.5, 0.9];
    })
    .await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(RESIDENT, "/home 三组");
    h.wait_text(GROUP, "已登记").await;
    h.say(CHIEF, "我在");
    h.settle().await;
    let before = group_sends(&h).len();
    h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let card = h.wait_text(GROUP, "工单 #1").await;
    h.settle().await;
    assert_eq!(
        group_sends(&h).len(),
        before + 1,
        "one group message for the new ticket"
    );
    assert!(text(&card).contains("tg://user?id=102"), "{}", text(&card));
    assert!(
        button_data(&card, "接单").is_some(),
        "the chief's buttons are on the card"
    );
    h.press(CHIEF, &card, "接单").await;
    let taken = h
        .wait_for("card in progress, buttons kept", |c| {
            c.method == "editMessageText" && text(c).contains("办理中")
        })
        .await;
    assert!(button_data(&taken, "完成").is_some(), "{:?}", taken.params);
    h.press(CHIEF, &card, "完成").await;
    h.wait_text(GROUP, "已办结").await;
    let done = h
        .wait_for("card resolved, buttons gone", |c| {
            c.method == "editMessageText" && text(c).contains("已办结")
        })
        .await;
    assert!(button_data(&done, "完成").is_none());
    h.settle().await;
    let about: Vec<String> = group_sends(&h)[before..].to_vec();
    assert!(about.len() <= 3, "{about:#?}");
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM outbox WHERE chat_id = 102").await,
        0,
        "nothing was tried privately"
    );
    h.stop().await;
}
both_backends!(
    card_calls_holder,
    the_card_calls_a_holder_without_a_private_chat
);

async fn a_holder_with_a_private_chat_is_prompted_there(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(RESIDENT, "/home 三组");
    h.say_private(CHIEF, "/start");
    h.wait_text(CHIEF.id, "私").await;
    h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let card = h.wait_text(GROUP, "工单 #1").await;
    h.wait_text(CHIEF.id, "新工单 #1").await;
    assert!(!text(&card).contains("🔔"), "{}", text(&card));
    assert!(
        button_data(&card, "接单").is_none(),
        "no buttons on the card"
    );
    h.settle().await;
    h.stop().await;
}
both_backends!(
    private_prompt,
    a_holder_with_a_private_chat_is_prompted_there
);

const BURST: i64 = 60;

/// Sixty residents ask at once, with Telegram's limits: the group hears few, full messages.
async fn a_burst_is_acknowledged_together(db: &str) {
    let api = FakeApi::start().await;
    let h = Harness::start_with(db, api, |s| s.telegram.limits = Default::default()).await;
    h.setup_village().await;
    h.settle().await;
    // The setup's own messages are out of the minute's window before the burst.
    tokio::time::sleep(Duration::from_secs(3)).await;
    h.api.enforce_limits(Limits {
        per_second_per_chat: 1,
        per_minute_per_group: 20,
        per_second_overall: 30,
    });
    let before = group_sends(&h).len();
    let start = Instant::now();
    for i in 0..BURST {
        let msg = json!({"message_id": h.api.next_message_id(GROUP), "date": 1_800_000_000,
            "chat": fake_api::chat_json(GROUP),
            "from": {"id": 2_000 + i, "is_bot": false, "first_name": format!("村民{i}")},
            "text": format!("{i}号院门口的路灯坏了，晚上看不见，请来修")});
        h.api.push_update(json!({"message": msg}));
    }
    let wanted: BTreeSet<i64> = (1..=BURST).collect();
    let shown = loop {
        let shown = numbers_shown(&h.api);
        if wanted.is_subset(&shown) || start.elapsed() > Duration::from_secs(40) {
            break shown;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = start.elapsed();
    let missing: Vec<&i64> = wanted.difference(&shown).collect();
    assert!(missing.is_empty(), "never shown: {missing:?}");
    assert!(
        took <= Duration::from_secs(20),
        "every number shown after {took:?}"
    );
    h.settle().await;
    let sends = group_sends(&h).len() - before;
    eprintln!("burst of {BURST}: every number shown after {took:.1?}, {sends} new group messages");
    assert!(
        sends as f64 <= 1.2 * BURST as f64,
        "{sends} group messages for {BURST} tickets"
    );
    h.say(RESIDENT, "/ticket #40");
    h.wait_text(GROUP, "#40").await;
    h.settle().await;
    h.stop().await;
}
both_backends!(burst_acknowledged, a_burst_is_acknowledged_together);

/// Ticket numbers the group can read now: in the messages as they stand after every edit.
fn numbers_shown(api: &FakeApi) -> BTreeSet<i64> {
    let number = regex::Regex::new(r"#(\d+)").expect("regex");
    api.calls()
        .iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(GROUP))
        .filter(|c| c.method == "sendMessage" || c.method == "editMessageText")
        .flat_map(|c| {
            number
                .captures_iter(&text(c))
                .filter_map(|m| m[1].parse().ok())
                .collect::<Vec<i64>>()
        })
        .collect()
}
