//! A township over two villages: its cadre is appointed by a super-admin, acts as a cadre in
//! every village, announces to all, and sees lists and statistics across them.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{CADRE, CAPTAIN, CHIEF, GROUP, RESIDENT, STRANGER};

const OTHER: i64 = -1_009_876_543_210;

async fn township_spans_villages(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.telegram.super_admins = vec![STRANGER.id];
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say_in(OTHER, CHIEF, "/setup 和平村", true).await;
    s.say(CADRE, "/township_cadre @zhao_cap").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("只有超级管理员")));
    s.say(STRANGER, "/township_cadre @zhao_cap").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("还没有设置所属乡镇")));
    s.say(CADRE, "/township 城关镇").await;
    s.say_in(OTHER, CHIEF, "/township 城关镇", false).await;
    let ask = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.chat == STRANGER.id && m.text.contains("加入乡镇"))
        .expect("a super-admin is asked: the township has no cadre yet");
    s.press(STRANGER, &ask, "批准").await;
    s.say(STRANGER, "/township_cadre @zhao_cap").await;
    s.say(CAPTAIN, "在").await;
    s.say_as(CAPTAIN, "/start", false, true).await;
    s.say(RESIDENT, "#报修 幸福村村口路灯坏了").await;
    s.say_in(OTHER, RESIDENT, "#报修 和平村桥头下水道堵了", false)
        .await;
    s.new_messages().await;

    s.say_as(CAPTAIN, "/announce_all 明天全乡镇停电检修", false, true)
        .await;
    let msgs = s.new_messages().await;
    let notices: Vec<i64> = msgs
        .iter()
        .filter(|m| m.text.contains("停电检修"))
        .map(|m| m.chat)
        .collect();
    assert!(
        notices.len() == 2 && notices.contains(&GROUP) && notices.contains(&OTHER),
        "one notice per village group: {notices:?}"
    );
    assert!(msgs
        .iter()
        .any(|m| m.chat == CAPTAIN.id && m.text.contains("2 个村")));

    s.say_as(CAPTAIN, "/list", false, true).await;
    let list = s.new_messages().await.pop().expect("list").text;
    assert!(
        list.contains("幸福村")
            && list.contains("和平村")
            && list.contains("路灯")
            && list.contains("下水道"),
        "{list}"
    );
    s.say_as(CAPTAIN, "/stats", false, true).await;
    let stats = s.new_messages().await.pop().expect("stats").text;
    assert!(
        stats.contains("城关镇") && stats.contains("收到 2 件"),
        "{stats}"
    );

    s.say_in(OTHER, CAPTAIN, "/close #1 已疏通", false).await;
    s.new_messages().await;
    let mut conn = s.app.store.conn().await.expect("conn");
    let (state,): (String,) = sqlx::query_as("SELECT t.state FROM tickets t JOIN villages v ON v.id = t.village_id WHERE v.chat_id = $1 AND t.no = 1")
        .bind(OTHER)
        .fetch_one(&mut *conn)
        .await
        .expect("ticket");
    assert_eq!(
        state, "closed",
        "a township cadre acts as a cadre in every village of the township"
    );
    drop(conn);
    s.say(RESIDENT, "/announce_all 假通知").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("只有乡镇干部")));
}
both_backends!(township_e2e, township_spans_villages);
