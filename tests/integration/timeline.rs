//! `tick(now)` over simulated timelines: reminders, escalation, quiet hours, digests and follow-ups
//! fire exactly when expected, once each, and not after the ticket changed. Both backends.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{CADRE, CAPTAIN, CHIEF, RESIDENT, STRANGER};

async fn village(db: &str, start: &str) -> Sim {
    let mut s = Sim::start(db, at(start), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(CHIEF, "在").await;
    s.say(RESIDENT, "/home 三组").await;
    s.new_messages().await;
    s
}

/// 08:00 Shanghai: reminders at 50% (20:00) and 90% (05:36, quiet → 07:30), escalation at 08:00.
async fn reminders_then_escalation(db: &str) {
    let mut s = village(db, "2026-11-23T00:00:00Z").await;
    s.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路").await;
    s.new_messages().await;

    assert_eq!(s.tick_at(at("2026-11-23T11:59:59Z")).await.fired, 0);
    let r = s.tick_at(at("2026-11-23T12:00:00Z")).await;
    assert_eq!((r.fired, r.messages), (1, 1));
    let msgs = s.new_messages().await;
    assert!(
        msgs[0].text.contains("⏰")
            && msgs[0].text.contains("#1")
            && msgs[0].text.contains("tg://user?id=102"),
        "{}",
        msgs[0].text
    );
    assert_eq!(s.tick().await.fired, 0, "each reminder once");

    let held = s.tick_at(at("2026-11-23T21:36:00Z")).await;
    assert_eq!((held.fired, held.held), (0, 1), "05:36 is quiet");
    assert!(s.new_messages().await.is_empty());
    assert_eq!(s.tick_at(at("2026-11-23T23:29:59Z")).await.fired, 0);
    assert_eq!(
        s.tick_at(at("2026-11-23T23:30:00Z")).await.fired,
        1,
        "due when quiet hours end"
    );
    // The chief has no private chat: the group heard of this ticket twice already (the card
    // that calls the chief, and the first reminder), and keeps room for its closure.
    assert!(s.new_messages().await.is_empty(), "no third group message");

    let up = s.tick_at(at("2026-11-24T00:00:00Z")).await;
    assert_eq!(up.fired, 1);
    assert_eq!(
        s.ticket_state(1).await,
        ("assigned".into(), 1),
        "at the village level now"
    );
    let msgs = s.new_messages().await;
    assert!(msgs
        .iter()
        .any(|m| m.kind == "edit_card" && m.text.contains("村委会")));
    let card = msgs
        .iter()
        .find(|m| m.kind == "edit_card")
        .expect("card edited");
    assert!(
        card.text.contains("tg://user?id=101") && card.text.contains("🔔"),
        "the card now calls the cadre, who has no private chat either: {}",
        card.text
    );
    assert!(
        msgs.iter().all(|m| m.kind != "send"),
        "the group hears no more new messages about it: {msgs:?}"
    );

    // The cadre now has a fresh day; at its end there is nobody above: it stays, no loop.
    s.tick_at(at("2026-11-25T00:00:00Z")).await;
    assert_eq!(s.ticket_state(1).await, ("assigned".into(), 1));
    s.new_messages().await;
    let r = s.tick_at(at("2026-11-30T00:00:00Z")).await;
    assert_eq!(
        (r.fired, r.messages),
        (0, 0),
        "nothing fires forever after the top"
    );
}
both_backends!(reminders_escalation_timeline, reminders_then_escalation);

/// A ticket closed before its reminders: they never fire.
async fn closed_tickets_stay_quiet(db: &str) {
    let mut s = village(db, "2026-11-23T00:00:00Z").await;
    s.say(RESIDENT, "#报修 三组水井的水泵坏了").await;
    s.say(CADRE, "/close #1 已修好").await;
    s.new_messages().await;
    let r = s.tick_at(at("2026-11-23T12:00:00Z")).await;
    assert_eq!((r.fired, r.void), (0, 1));
    let r = s.tick_at(at("2026-11-24T00:00:00Z")).await;
    assert_eq!(r.fired, 0);
    assert!(s.new_messages().await.is_empty());
    assert_eq!(s.ticket_state(1).await.0, "closed");
}
both_backends!(closed_quiet_timeline, closed_tickets_stay_quiet);

/// Urgent tickets speak in quiet hours, every half hour, and climb after two hours; several
/// reminders for one person become one message.
async fn urgent_and_merged(db: &str) {
    let mut s = village(db, "2026-11-23T14:00:00Z").await; // 22:00 Shanghai
    s.say_as(CHIEF, "/start", false, true).await;
    s.say(RESIDENT, "着火了！三组老李家柴房着火了 快来人").await;
    let first = s.new_messages().await;
    assert!(
        first.iter().any(|m| m.text.contains("紧急")),
        "the card says it is urgent: {first:#?}"
    );
    assert_eq!(s.tick_at(at("2026-11-23T14:29:59Z")).await.fired, 0);
    for half_hour in ["14:30", "15:00", "15:30"] {
        let r = s.tick_at(at(&format!("2026-11-23T{half_hour}:00Z"))).await;
        assert_eq!(
            r.fired, 1,
            "urgent reminder at {half_hour}Z, quiet hours or not"
        );
        let msgs = s.new_messages().await;
        assert!(
            msgs.iter()
                .any(|m| m.chat == CHIEF.id && m.text.contains("🚨")),
            "{msgs:#?}"
        );
    }
    assert_eq!(s.ticket_state(1).await, ("assigned".into(), 0));
    let up = s.tick_at(at("2026-11-23T16:00:00Z")).await;
    assert_eq!(up.fired, 1, "escalated at the two-hour deadline");
    assert_eq!(s.ticket_state(1).await, ("assigned".into(), 1));
    s.new_messages().await;

    s.tick_at(at("2026-11-24T00:00:00Z")).await;
    s.say(CADRE, "/close #1").await;
    s.new_messages().await;
    for text in [
        "#报修 三组路灯不亮",
        "#报修 三组水管漏水",
        "#报修 三组垃圾桶满了",
    ] {
        s.say(RESIDENT, text).await;
    }
    s.new_messages().await;
    let r = s.tick_at(at("2026-11-24T12:00:00Z")).await;
    assert_eq!(
        (r.fired, r.messages),
        (3, 1),
        "three reminders, one message: {r:?}"
    );
    let msgs = s.new_messages().await;
    assert!(msgs[0].text.contains("3 条工单提醒"), "{}", msgs[0].text);
}
both_backends!(urgent_merged_timeline, urgent_and_merged);

/// Resolved without a rating: one reminder, then it closes itself; a week later "still fixed?",
/// and "broken again" reopens it.
async fn follow_ups(db: &str) {
    let mut s = village(db, "2026-11-23T00:00:00Z").await;
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    let prompt = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("🔔"))
        .expect("the card calls the chief");
    s.press(CHIEF, &prompt, "完成").await;
    s.new_messages().await;
    assert_eq!(s.tick_at(at("2026-11-24T00:00:00Z")).await.fired, 1);
    assert!(
        s.new_messages().await.is_empty(),
        "no rating reminder in the group: the closure there asks already"
    );
    assert_eq!(s.tick_at(at("2026-11-26T00:00:00Z")).await.fired, 1);
    assert_eq!(s.ticket_state(1).await.0, "closed");
    s.new_messages().await;
    assert_eq!(s.tick_at(at("2026-12-02T23:59:00Z")).await.fired, 0);
    assert_eq!(s.tick_at(at("2026-12-03T00:00:00Z")).await.fired, 1);
    let still = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("回访"))
        .expect("still fixed?");
    s.press(STRANGER, &still, "又坏了").await;
    assert_eq!(
        s.ticket_state(1).await.0,
        "closed",
        "only the requester answers"
    );
    s.press(RESIDENT, &still, "又坏了").await;
    assert_eq!(s.ticket_state(1).await.0, "assigned");
    let again = s.new_messages().await;
    assert!(
        again
            .iter()
            .any(|m| m.text.contains("tg://user?id=102") && m.text.contains("#1")),
        "the chief is prompted again"
    );
}
both_backends!(follow_up_timeline, follow_ups);

/// The morning digest: once a day at 08:00, to the group and privately to holders.
async fn morning_digests(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T02:00:00Z"), |cfg| {
        cfg.reports.weekly = false
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say_as(CHIEF, "/start", false, true).await;
    s.say(RESIDENT, "/home 三组").await;
    s.say(RESIDENT, "#报修 三组路灯不亮").await;
    s.new_messages().await;
    let early = s.tick_at(at("2026-11-23T23:59:59Z")).await;
    assert_eq!(
        (early.fired, early.messages),
        (2, 1),
        "the held 50% and the 90% reminder, as one"
    );
    let merged = s.new_messages().await;
    assert_eq!(
        merged[0].text.matches("#1").count(),
        1,
        "one line per ticket: {}",
        merged[0].text
    );
    let r = s.tick_at(at("2026-11-24T00:00:00Z")).await;
    assert_eq!(r.fired, 1);
    let msgs = s.new_messages().await;
    let group = msgs.iter().find(|m| m.chat < 0).expect("group digest");
    assert!(group.text.contains("在办：1 件"), "{}", group.text);
    let personal = msgs
        .iter()
        .find(|m| m.chat == CHIEF.id)
        .expect("chief digest");
    assert!(personal.text.contains("#1"), "{}", personal.text);
    assert_eq!(
        s.tick_at(at("2026-11-24T00:00:00Z")).await.fired,
        0,
        "once a day"
    );
    assert_eq!(
        s.tick_at(at("2026-11-25T00:00:00Z")).await.fired,
        2,
        "the next day's digest and the escalation"
    );
}
both_backends!(digest_timeline, morning_digests);

/// With a township cadre set, overdue tickets climb chief → village → township, then stop.
async fn the_ladder_has_a_top(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
        cfg.telegram.super_admins = vec![STRANGER.id];
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/township 城关镇").await;
    s.say(CADRE, "/township_cadre @zhao_cap").await;
    let refused = s.new_messages().await;
    assert!(
        refused.iter().any(|m| m.text.contains("抱歉")),
        "only super-admins set the township cadre"
    );
    s.say(STRANGER, "/township_cadre @zhao_cap").await;
    s.say(CAPTAIN, "好").await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(RESIDENT, "/home 三组").await;
    s.say(RESIDENT, "#报修 三组路灯不亮").await;
    s.new_messages().await;
    s.tick_at(at("2026-11-24T00:00:00Z")).await;
    assert_eq!(s.ticket_state(1).await, ("assigned".into(), 1));
    s.tick_at(at("2026-11-25T00:00:00Z")).await;
    assert_eq!(s.ticket_state(1).await, ("assigned".into(), 2));
    let msgs = s.new_messages().await;
    assert!(
        msgs.iter()
            .any(|m| m.text.contains("tg://user?id=104") && m.text.contains("🔔")),
        "the township cadre is called"
    );
    assert!(msgs
        .iter()
        .any(|m| m.kind == "edit_card" && m.text.contains("乡镇")));
    s.tick_at(at("2026-11-26T00:00:00Z")).await;
    assert_eq!(
        s.ticket_state(1).await,
        ("assigned".into(), 2),
        "the top holds it"
    );
}
both_backends!(ladder_top_timeline, the_ladder_has_a_top);

/// Villages without their daily and weekly jobs (set up before, or with digests switched on
/// later) get them at start, once.
async fn start_up_sets_missing_village_jobs(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T02:00:00Z"), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    let before = crate::support::count(&s.app.store, "SELECT COUNT(*) FROM jobs").await;
    assert_eq!(before, 0);
    let s = Sim::start(db, at("2026-11-23T02:00:00Z"), |_| {}).await;
    for _ in 0..2 {
        villagebot::app::timers::tick::ensure_village_jobs(&s.app, s.now)
            .await
            .expect("ensure");
    }
    let mut conn = s.app.store.conn().await.expect("conn");
    let kinds: Vec<(String,)> = sqlx::query_as("SELECT kind FROM jobs ORDER BY kind")
        .fetch_all(&mut *conn)
        .await
        .expect("jobs");
    assert_eq!(
        kinds,
        vec![("digest".to_string(),), ("weekly".to_string(),)]
    );
}
both_backends!(startup_village_jobs, start_up_sets_missing_village_jobs);
