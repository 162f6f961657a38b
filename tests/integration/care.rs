//! Care visits through teloxide and the fake Bot API, on both backends: a red household's cycle
//! driven by `tick(now)` (reminded, recorded by reply, reminded as overdue, escalated), a visit
//! note that becomes a ticket, and care data kept out of the group.

use crate::both_backends;
use crate::support::sim::{at, find, Out, Sim};
use serde_json::json;

use crate::support::{
    count, fake_api, text, Call, FakeApi, Harness, User, CADRE, CHIEF, GROUP, RESIDENT,
};

/// 2026-11-23 08:00 Shanghai: a village whose chief and cadre have private chats with the bot.
async fn sim_village(db: &str) -> Sim {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say_as(CHIEF, "/start", false, true).await;
    s.say_as(CADRE, "/start", false, true).await;
    s.say(RESIDENT, "/home 三组").await;
    s.new_messages().await;
    s
}

fn to(out: &[Out], chat: i64, needle: &str) -> usize {
    out.iter()
        .filter(|m| m.chat == chat && m.text.contains(needle))
        .count()
}

/// A red household over a month of `tick(now)`: due after 7 days, reminded once, recorded by a
/// reply, due again 7 days after the visit, held through quiet hours, reminded as overdue after
/// 2 days, passed to the duty cadre after 4, once.
async fn a_red_households_month(db: &str) {
    let mut s = sim_village(db).await;
    s.say_as(CADRE, "/care @zhang_res red 独居老人", false, true)
        .await;
    let set = s.new_messages().await;
    assert_eq!(to(&set, CADRE.id, "已设为🔴红色关爱户"), 1, "{set:#?}");

    assert_eq!(s.tick_at(at("2026-11-29T23:59:00Z")).await.fired, 0);
    s.tick_at(at("2026-11-30T00:00:00Z")).await;
    let out = s.new_messages().await;
    let reminder = find(&out, "走访提醒（1 户）");
    assert_eq!(reminder.chat, CHIEF.id);
    assert!(reminder.text.contains("Zhang San") && reminder.text.contains("独居老人"));
    s.tick_at(at("2026-11-30T06:00:00Z")).await;
    assert!(s.new_messages().await.is_empty(), "reminded once");

    // Recorded at 22:00 Shanghai: the next visit falls due at 22:00 a week later, in quiet hours.
    s.tick_at(at("2026-11-30T14:00:00Z")).await;
    s.message(
        CHIEF.id,
        CHIEF,
        "走访了，身体还好",
        Some(reminder.id),
        false,
    )
    .await;
    let out = s.new_messages().await;
    assert_eq!(
        to(&out, CHIEF.id, "已记录对 Zhang San 的走访"),
        1,
        "{out:#?}"
    );
    let held = s.tick_at(at("2026-12-07T14:00:00Z")).await;
    assert!(
        held.fired == 0 && held.held >= 1,
        "22:00 is quiet: {held:?}"
    );
    assert!(s.new_messages().await.is_empty());
    s.tick_at(at("2026-12-07T23:30:00Z")).await;
    assert_eq!(
        to(&s.new_messages().await, CHIEF.id, "走访提醒"),
        1,
        "at 07:30"
    );

    s.tick_at(at("2026-12-09T23:59:00Z")).await;
    let overdue = s.new_messages().await;
    assert_eq!(to(&overdue, CHIEF.id, "已逾期"), 1, "{overdue:#?}");
    s.tick_at(at("2026-12-11T23:59:00Z")).await;
    let up = s.new_messages().await;
    assert_eq!(to(&up, CADRE.id, "已上报村委"), 1, "{up:#?}");
    assert_eq!(to(&up, CHIEF.id, "走访"), 0, "the cadre hears of it now");
    s.tick_at(at("2026-12-20T00:00:00Z")).await;
    assert!(s.new_messages().await.is_empty(), "escalated once");

    s.say_as(CHIEF, "/care list", false, true).await;
    let list = s.new_messages().await;
    assert_eq!(to(&list, CHIEF.id, "已上报村委"), 1, "{list:#?}");
    s.say_as(
        CHIEF,
        "/visit Zhang San 他家水管坏了，一直漏水",
        false,
        true,
    )
    .await;
    let out = s.new_messages().await;
    assert_eq!(to(&out, CHIEF.id, "已登记为工单 #1"), 1, "{out:#?}");
    let mut conn = s.app.store.conn().await.expect("conn");
    let (requester, category): (String, String) = sqlx::query_as(
        "SELECT p.username, t.category FROM tickets t JOIN people p ON p.id = t.requester_id",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("ticket");
    assert_eq!(
        (requester.as_str(), category.as_str()),
        ("zhang_res", "repair")
    );
    let (visits,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM care_visits")
        .fetch_one(&mut *conn)
        .await
        .expect("visits");
    assert_eq!(visits, 2);
    drop(conn);

    s.say(CADRE, "/stats month").await;
    let stats = s.new_messages().await;
    let line = "Wang Wu 走访：待访 0，逾期 0，本期已访 2（按时 1）";
    assert_eq!(to(&stats, GROUP, line), 1, "{stats:#?}");
    assert!(
        stats.iter().all(|m| !m.text.contains("独居")),
        "counts only"
    );
}
both_backends!(care_month_timeline, a_red_households_month);

/// Nothing the group saw names a level, a reason or a visit note.
fn keeps_care_out_of_the_group(h: &Harness) {
    for c in h.api.calls() {
        if c.params["chat_id"].as_i64() != Some(GROUP) {
            continue;
        }
        let t = text(&c);
        for secret in ["低保户", "黄色", "🟡", "身体还好", "Zhang"] {
            assert!(!t.contains(secret), "{secret} shown in the group: {t}");
        }
    }
}

/// A user replies to a message of the bot with a photo and no words.
fn reply_photo(h: &Harness, from: User, to: &Call) {
    let chat = to.params["chat_id"].as_i64().unwrap_or(0);
    let original = json!({"message_id": to.message_id, "date": 1_800_000_000,
        "chat": fake_api::chat_json(chat), "from": fake_api::bot_user(), "text": text(to)});
    let id = h.api.next_message_id(chat);
    let photo = json!([
        {"file_id": "small-id", "file_unique_id": "s1", "width": 90, "height": 60},
        {"file_id": "visit-photo-id", "file_unique_id": "b1", "width": 1280, "height": 960}
    ]);
    let msg = json!({"message_id": id, "date": 1_800_000_000, "chat": fake_api::chat_json(chat),
        "from": from.json(), "photo": photo, "reply_to_message": original});
    h.api.push_update(json!({ "message": msg }));
}

/// The real bot and scheduler with visits due within seconds: a chief with no private chat is
/// only called in the group; once reachable privately, a photo replied to the reminder records
/// the visit; only a cadre takes a household off the list; every change is audited.
async fn visits_through_the_bot(db: &str) {
    let api = FakeApi::start().await;
    let h = Harness::start_with(db, api, |cfg| {
        cfg.care.yellow = "2s".parse().expect("span");
        cfg.care.grace = "10s".parse().expect("span");
    })
    .await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.say_private(CADRE, "/start");
    h.wait_text(CADRE.id, "私信").await;
    h.say(CADRE, "/care @zhang_res yellow 低保户");
    h.wait_text(GROUP, "私聊").await;
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM care_households").await,
        0
    );
    h.say_private(CADRE, "/care @zhang_res yellow 低保户");
    h.wait_text(CADRE.id, "黄色").await;

    let call = h.wait_text(GROUP, "走访待办").await;
    assert!(
        text(&call).contains("tg://user?id=102") && !text(&call).contains("Zhang"),
        "only a mention: {}",
        text(&call)
    );
    h.say_private(CHIEF, "/start");
    h.wait_text(CHIEF.id, "私信").await;
    h.say_private(CHIEF, "/visit @zhang_res 走访了，身体还好");
    h.wait_text(CHIEF.id, "已记录对 Zhang San 的走访").await;
    let reminder = h.wait_text(CHIEF.id, "走访提醒（1 户）").await;
    reply_photo(&h, CHIEF, &reminder);
    h.wait_for("second visit", |c| {
        c.method == "sendMessage"
            && text(c).contains("已记录")
            && c.params["reply_parameters"].is_object()
            && c.params["reply_parameters"]["message_id"].as_i64() > reminder.message_id
    })
    .await;
    let photos = "SELECT COUNT(*) FROM care_visits WHERE photo = 'visit-photo-id'";
    assert_eq!(count(&h.store, photos).await, 1, "the largest size is kept");
    h.say_private(CHIEF, "/visit Zhang San needs a doctor, her leg is swollen");
    h.wait_text(CHIEF.id, "已登记为工单 #1").await;
    let filed = "SELECT COUNT(*) FROM tickets t JOIN people p ON p.id = t.requester_id \
                 WHERE p.username = 'zhang_res'";
    assert_eq!(count(&h.store, filed).await, 1, "filed for the household");

    exports_hold_care(&h).await;
    h.say_private(CHIEF, "/care @zhang_res off");
    h.wait_text(CHIEF.id, "只有村干部").await;
    h.say_private(CADRE, "/care @zhang_res off");
    h.wait_text(CADRE.id, "移出关爱名单").await;
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM care_households").await,
        0
    );
    h.settle().await;
    let audited =
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('care', 'visit') AND allowed = 1";
    assert_eq!(count(&h.store, audited).await, 5, "set, three visits, off");
    keeps_care_out_of_the_group(&h);
    h.stop().await;
}
both_backends!(care_through_the_bot_e2e, visits_through_the_bot);

/// `/export` sends the care households and visits beside the tickets; `/export xlsx` one workbook.
async fn exports_hold_care(h: &Harness) {
    h.say_private(CADRE, "/export");
    let doc = |prefix: &'static str| {
        move |c: &Call| {
            c.method == "sendDocument"
                && c.params["document_filename"]
                    .as_str()
                    .is_some_and(|f| f.starts_with(prefix))
        }
    };
    let care = h.wait_for("care.csv", doc("care-")).await;
    let visits = h.wait_for("visits.csv", doc("visits-")).await;
    let body = |c: &Call| {
        c.params["document"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        body(&care).contains("Zhang San,三组,yellow,低保户"),
        "{}",
        body(&care)
    );
    assert!(
        body(&visits).contains("走访了，身体还好") && body(&visits).contains(",true,"),
        "{}",
        body(&visits)
    );
    assert_eq!(care.params["chat_id"].as_i64(), Some(CADRE.id));
    h.say_private(CADRE, "/export xlsx");
    h.wait_for("workbook", doc("village-")).await;
}
