//! Announcements with acknowledgements from several users, through the fake Bot API.

use crate::both_backends;
use crate::support::{text, Harness, CADRE, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER};

async fn notice_with_acks(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CADRE, "/chief @qian_vol 五组");
    h.say(RESIDENT, "/home 三组");
    h.wait_text(GROUP, "已登记").await;
    h.say(STRANGER, "/home 五组");
    h.wait_text(GROUP, "五组").await;
    h.say(CHIEF, "在");
    h.say(MEMBER, "在");
    h.say(RESIDENT, "/announce 明天停水");
    h.wait_text(GROUP, "只有村干部").await;
    h.say(CADRE, "/announce 明天上午九点到十二点停水检修，请提前储水");
    let notice = h.wait_text(GROUP, "停水检修").await;
    assert!(text(&notice).contains("已收到：0 人"));

    h.press(RESIDENT, &notice, "收到").await;
    h.wait_for("tally 1", |c| {
        c.method == "editMessageText" && text(c).contains("已收到：1 人")
    })
    .await;
    h.press(RESIDENT, &notice, "收到").await;
    h.wait_for("second press answered", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"]
                .as_str()
                .unwrap_or("")
                .contains("已经确认过")
    })
    .await;
    h.press(CHIEF, &notice, "收到").await;
    h.wait_for("tally 2", |c| {
        c.method == "editMessageText" && text(c).contains("已收到：2 人")
    })
    .await;

    h.say(CHIEF, "/acks");
    let acks = h.wait_text(GROUP, "人未确认").await;
    let t = text(&acks);
    assert!(t.contains("2 人已确认"), "{t}");
    assert!(
        t.contains("五组") && t.contains("tg://user?id=106") && t.contains("tg://user?id=105"),
        "{t}"
    );
    assert!(
        !t.contains("tg://user?id=103") && !t.contains("tg://user?id=102"),
        "those who acknowledged are not listed: {t}"
    );
    h.say(STRANGER, "/acks");
    h.wait_for("residents may not list acks", |c| {
        c.method == "sendMessage" && text(c).contains("/acks")
    })
    .await;
    h.settle().await;
    h.stop().await;
}
both_backends!(announce_e2e, notice_with_acks);

/// `/export` sends the village's tickets as a CSV file, privately only.
async fn export_as_a_file(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(RESIDENT, "#报修 村口路灯坏了, \"很危险\"");
    h.wait_text(GROUP, "工单 #1").await;
    h.say(CADRE, "/export");
    h.wait_text(GROUP, "私聊").await;
    h.say_private(CADRE, "/export");
    let file = h
        .wait_for("a document", |c| c.method == "sendDocument")
        .await;
    assert_eq!(
        file.params["chat_id"].as_i64(),
        Some(CADRE.id),
        "{:?}",
        file.params
    );
    assert!(
        file.params["document_filename"]
            .as_str()
            .is_some_and(|f| f.ends_with(".csv")),
        "{:?}",
        file.params
    );
    let csv = file.params["document"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        csv.starts_with('\u{feff}') && csv.contains("village,ticket,category"),
        "{csv}"
    );
    assert!(
        csv.contains("幸福村,#1,repair") && csv.contains("\"村口路灯坏了, \"\"很危险\"\"\""),
        "{csv}"
    );
    assert!(
        csv.contains(",created,") && csv.contains(",assigned,"),
        "one line per event: {csv}"
    );
    h.say_private(RESIDENT, "/export");
    h.wait_text(RESIDENT.id, "只有村干部可以使用").await;
    h.say_private(STRANGER, "/export");
    h.wait_text(STRANGER.id, "不知道你属于哪个村").await;
    h.stop().await;
}
both_backends!(export_e2e, export_as_a_file);
