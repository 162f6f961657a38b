//! Inbound batches: one poisoned update is rolled back alone and set aside after its attempts
//! while the rest of the batch is committed; the bot killed with SIGKILL in the middle of a burst
//! loses no update and handles none twice.

use std::process::Child;
use std::time::Duration;

use serde_json::json;
use villagebot::store::{Backend, Store};

use crate::both_backends;
use crate::support::{count, fake_api, spawn_bot, text, FakeApi, Harness, CADRE, GROUP, RESIDENT};

/// Makes inserting a ticket whose words contain POISON fail, as a bug or a bad row would.
async fn poison(store: &Store) {
    let statements: &[&str] = match store.backend() {
        Backend::Sqlite => &["CREATE TRIGGER poison BEFORE INSERT ON tickets WHEN NEW.body LIKE '%POISON%' \
             BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"],
        Backend::Postgres => &[
            "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN \
               IF NEW.body LIKE '%POISON%' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; \
             END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER poison BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION poison()",
        ],
    };
    let mut conn = store.conn().await.expect("conn");
    for sql in statements {
        sqlx::query(sql).execute(&mut *conn).await.expect(sql);
    }
}

async fn a_poisoned_update_is_set_aside(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    poison(&h.store).await;
    h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路，麻烦来修一下");
    h.say(CADRE, "POISON 三组水管爆了，到处是水，快来修");
    h.say(RESIDENT, "二组的桥栏杆断了，很危险，请尽快修理");
    h.say_private(CADRE, "/help");
    h.wait_rows(
        "SELECT COUNT(*) FROM inbox WHERE attempts = 5 AND handled_at IS NOT NULL AND error LIKE '%poisoned row%'",
        1,
    )
    .await;
    h.settle().await;
    assert_eq!(count(&h.store, "SELECT COUNT(*) FROM tickets").await, 2);
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM tickets WHERE no IN (1, 2)").await,
        2,
        "the poisoned update took no number"
    );
    let cards: Vec<String> = h
        .api
        .calls_of("sendMessage")
        .iter()
        .map(text)
        .filter(|t| t.contains("#1") || t.contains("#2"))
        .collect();
    assert!(cards.iter().any(|t| t.contains("路灯")), "{cards:#?}");
    assert!(cards.iter().any(|t| t.contains("栏杆")), "{cards:#?}");
    assert!(!cards.iter().any(|t| t.contains("水管")), "{cards:#?}");
    let order = count(
        &h.store,
        "SELECT COUNT(*) FROM tickets a JOIN tickets b ON a.village_id = b.village_id \
         WHERE a.body LIKE '%路灯%' AND b.body LIKE '%栏杆%' AND a.no < b.no",
    )
    .await;
    assert_eq!(
        order, 1,
        "the chat's order held: the update after the bad one came after"
    );
    h.stop().await;
}
both_backends!(poisoned_update, a_poisoned_update_is_set_aside);

/// Limits lifted (the burst is about storage, not pacing) and no quiet hours.
const CONFIG: &str = "[telegram.limits]\nper_second_overall = 10000\nper_second_per_chat = 10000\n\
per_minute_per_group = 100000\n[quiet_hours]\nstart = \"00:00\"\nend = \"00:00\"\n";

fn start_bot(db: &str, api: &FakeApi) -> Child {
    spawn_bot(CONFIG, "kill", db, api, &["run"])
}

const RESIDENTS: i64 = 100;
const REQUESTS_EACH: i64 = 5;

/// A burst of requests from many residents, pushed before the bot reads any of them.
fn burst(api: &FakeApi) {
    for round in 0..REQUESTS_EACH {
        for i in 0..RESIDENTS {
            let msg = json!({"message_id": api.next_message_id(GROUP), "date": 1_800_000_000,
                "chat": fake_api::chat_json(GROUP),
                "from": {"id": 1_000 + i, "is_bot": false, "first_name": format!("村民{i}")},
                // Each its own courtyard: the same words about one place would be a "me too".
                "text": format!("{}号院的水管坏了，请来修理", round * RESIDENTS + i)});
            api.push_update(json!({"message": msg}));
        }
    }
}

async fn wait_for(store: &Store, sql: &str, done: impl Fn(i64) -> bool, secs: u64) -> i64 {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let n = count(store, sql).await;
        if done(n) || tokio::time::Instant::now() > deadline {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn killed_mid_burst(db: &str) {
    let api = FakeApi::start().await;
    let store = Store::open(db).await.expect("store");
    let mut bot = start_bot(db, &api);
    api.make_admin(GROUP, CADRE.id);
    let setup = json!({"message_id": api.next_message_id(GROUP), "date": 1_800_000_000,
        "chat": fake_api::chat_json(GROUP), "from": CADRE.json(), "text": "/setup 幸福村"});
    api.push_update(json!({"message": setup}));
    wait_for(&store, "SELECT COUNT(*) FROM villages", |n| n == 1, 30).await;
    burst(&api);
    let total = RESIDENTS * REQUESTS_EACH;
    let mut kills = 0;
    let mut seen = 0;
    for _ in 0..2 {
        let before = seen;
        seen = wait_for(&store, "SELECT COUNT(*) FROM tickets", |n| n > before, 60).await;
        let _ = bot.kill();
        let _ = bot.wait();
        kills += 1;
        assert!(
            seen < total,
            "killed after the burst was handled; nothing was tested"
        );
        bot = start_bot(db, &api);
    }
    let handled = wait_for(&store, "SELECT COUNT(*) FROM tickets", |n| n >= total, 120).await;
    wait_for(
        &store,
        "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
        |n| n == 0,
        120,
    )
    .await;
    let _ = bot.kill();
    let _ = bot.wait();
    assert_eq!(handled, total, "every request is one ticket");
    let unhandled = count(
        &store,
        "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL OR error IS NOT NULL",
    )
    .await;
    assert_eq!(unhandled, 0);
    let numbers = count(&store, "SELECT COUNT(DISTINCT no) FROM tickets").await;
    assert_eq!(numbers, total, "no number given twice");
    let cards = api
        .calls_of("sendMessage")
        .iter()
        .filter(|c| {
            // A card answers the request it is about; prompts and notices do not.
            c.params["chat_id"].as_i64() == Some(GROUP)
                && c.params.get("reply_parameters").is_some()
                && text(c).contains("号院")
        })
        .count() as i64;
    // Telegram has no idempotency key: a message whose send was cut by the kill, after Telegram
    // took it but before the bot could record it, is sent again after the restart.
    assert!(
        (total..=total + kills).contains(&cards),
        "{cards} cards for {total} tickets after {kills} kills"
    );
    let refused = api.take_refusals();
    assert!(refused.is_empty(), "{refused:#?}");
    store.close().await;
}
both_backends!(kill_mid_burst, killed_mid_burst);
