//! Requests others approve: joining a team (captain or cadre), joining an existing township (its
//! cadre or a super-admin), a new village where the deployment asks for approval.

use crate::both_backends;
use crate::support::sim::{at, find, Sim};
use crate::support::{count, CADRE, CAPTAIN, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER, TOWNSHIP};

const OTHER: i64 = -1_009_876_543_210;

async fn volunteers(s: &Sim) -> i64 {
    let sql = "SELECT COUNT(*) FROM appointments WHERE role = 'volunteer' AND ended_at IS NULL";
    count(&s.app.store, sql).await
}

async fn joining_a_team(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |_| {}).await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/team 调解队 dispute").await;
    s.say(CADRE, "/captain @zhao_cap 调解队").await;
    s.say(CAPTAIN, "在").await;
    s.new_messages().await;
    s.say(STRANGER, "/volunteer 调解队").await;
    let ask = find(&s.new_messages().await, "申请加入志愿队");
    assert_eq!(ask.chat, GROUP);
    assert_eq!(volunteers(&s).await, 0, "nothing until approved");

    s.say(STRANGER, "邻居欠债不还，吵架了，请调解").await;
    s.new_messages().await;
    s.say_as(STRANGER, "/list", false, true).await;
    s.say_as(MEMBER, "/ticket #1", false, true).await;
    for m in s.new_messages().await {
        assert!(!m.text.contains("欠债"), "not yet a member: {}", m.text);
    }

    for who in [STRANGER, RESIDENT, CHIEF] {
        s.press(who, &ask, "批准").await;
        assert!(s.toasts().await.iter().any(|t| t.contains("指定的人")));
    }
    assert_eq!(
        volunteers(&s).await,
        0,
        "only the captain or a cadre decides"
    );
    s.press(CAPTAIN, &ask, "批准").await;
    assert_eq!(volunteers(&s).await, 1);
    let decided = s.new_messages().await;
    assert!(decided
        .iter()
        .any(|m| m.kind == "edit" && m.text.contains("已由")));
    s.press(CAPTAIN, &ask, "不批准").await;
    assert!(
        s.toasts().await.iter().any(|t| t.contains("失效")),
        "decided once"
    );

    s.say(MEMBER, "/volunteer 调解队").await;
    let ask = find(&s.new_messages().await, "申请加入志愿队");
    s.press(CADRE, &ask, "不批准").await;
    assert_eq!(volunteers(&s).await, 1, "refused");
    let audited = "SELECT COUNT(*) FROM audit_events WHERE action = 'approval'";
    assert_eq!(
        count(&s.app.store, audited).await,
        5,
        "3 refused presses, 2 decisions"
    );
}
both_backends!(team_join_approval, joining_a_team);

async fn joining_a_township(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.telegram.super_admins = vec![STRANGER.id];
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/township 城关镇").await;
    s.say(STRANGER, "/township_cadre @zhou_town").await;
    s.say_as(TOWNSHIP, "/start", false, true).await;
    s.new_messages().await;

    s.say_in(OTHER, CHIEF, "/setup 假村", true).await;
    s.say_in(OTHER, CHIEF, "/township 城关镇", false).await;
    let out = s.new_messages().await;
    assert!(find(&out, "已请它的乡镇干部确认").chat == OTHER);
    let ask = find(&out, "加入乡镇");
    assert_eq!(
        ask.chat, TOWNSHIP.id,
        "asked privately of the township's cadre"
    );
    let joined = "SELECT COUNT(*) FROM villages WHERE township_id IS NOT NULL";
    assert_eq!(count(&s.app.store, joined).await, 1, "not joined yet");
    s.press(CHIEF, &ask, "批准").await;
    assert_eq!(
        count(&s.app.store, joined).await,
        1,
        "the asker cannot approve"
    );
    s.press(TOWNSHIP, &ask, "批准").await;
    assert_eq!(count(&s.app.store, joined).await, 2);
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.chat == OTHER && m.text.contains("批准")));
}
both_backends!(township_join_approval, joining_a_township);

async fn approving_villages(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.telegram.super_admins = vec![STRANGER.id];
        cfg.telegram.setup_approval = true;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    let out = s.new_messages().await;
    assert!(find(&out, "等管理员批准").chat == GROUP);
    let ask = find(&out, "新设立了村");
    assert_eq!(ask.chat, STRANGER.id);
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    assert!(find(&s.new_messages().await, "还在等管理员批准").chat == GROUP);
    assert_eq!(count(&s.app.store, "SELECT COUNT(*) FROM tickets").await, 0);
    s.press(CADRE, &ask, "批准").await;
    s.press(STRANGER, &ask, "批准").await;
    s.new_messages().await;
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    assert_eq!(count(&s.app.store, "SELECT COUNT(*) FROM tickets").await, 1);
}
both_backends!(village_approval, approving_villages);
