//! Corrections teach: a cadre or chief files a ticket under another category, withdraws one that
//! was no request (its poster is told kindly), by command or with the card's ✏️ button; each
//! correction is kept as a labelled message and `train --from-db` learns from it. Both backends.

use std::process::Command;

use crate::both_backends;
use crate::support::{button_data, count, text, Harness, CADRE, CHIEF, GROUP, RESIDENT, STRANGER};

async fn category_of(h: &Harness, no: i64) -> String {
    let mut conn = h.store.conn().await.expect("conn");
    let (c,): (String,) = sqlx::query_as(&format!("SELECT category FROM tickets WHERE no = {no}"))
        .fetch_one(&mut *conn)
        .await
        .expect("ticket");
    c
}

async fn corrections_by_button_and_command(db: &str) {
    let h = Harness::start(db).await;
    h.village_with_chief().await;
    h.say(RESIDENT, "#报修 三组路口垃圾堆了一个礼拜了");
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert!(text(&card).contains("✏️") || card.params["reply_markup"].to_string().contains("✏️"));

    h.press(RESIDENT, &card, "✏️").await;
    h.wait_for("the requester may not correct", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("没有权限")
    })
    .await;
    h.press(CHIEF, &card, "✏️").await;
    let menu = h.wait_text(CHIEF.id, "更正工单 #1").await;
    let current = category_of(&h, 1).await;
    let other = if current == "hazard" {
        "维修"
    } else {
        "安全隐患"
    };
    h.press(CHIEF, &menu, other).await;
    h.wait_for("card shows the new category", |c| {
        c.method == "editMessageText" && text(c).contains(other)
    })
    .await;
    h.settle().await;
    assert_ne!(category_of(&h, 1).await, current);
    let stale = button_data(&menu, "🚫").expect("not-a-request button");
    h.press_data(CHIEF, &menu, &stale);
    h.wait_for("a used menu is stale", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("失效")
    })
    .await;

    h.say(CADRE, "/category #1 plumbing");
    h.wait_text(GROUP, "repair, sanitation").await;
    h.say(STRANGER, "/category #1 repair");
    h.wait_text(GROUP, "没有权限").await;
    h.say(CADRE, "/category #1 sanitation");
    h.wait_for("card back to sanitation", |c| {
        c.method == "editMessageText" && text(c).contains("环境卫生")
    })
    .await;

    let joke = h.say(RESIDENT, "#报修 哈哈 逗你们玩的");
    h.wait_text(GROUP, "工单 #2").await;
    h.say(CADRE, "/not_request #2");
    let sorry = h.wait_text(GROUP, "不好意思").await;
    assert_eq!(
        sorry.params["reply_parameters"]["message_id"].as_i64(),
        Some(joke)
    );
    h.settle().await;
    let state = "SELECT COUNT(*) FROM tickets WHERE no = 2 AND state = 'cancelled'";
    assert_eq!(count(&h.store, state).await, 1);

    let kept = "SELECT COUNT(*) FROM intake_corrections";
    assert_eq!(
        count(&h.store, kept).await,
        2,
        "one row per corrected ticket, the latest"
    );
    let label = "SELECT COUNT(*) FROM intake_corrections WHERE kind = 'request' AND category = 'sanitation'";
    assert_eq!(count(&h.store, label).await, 1);
    let not = "SELECT COUNT(*) FROM intake_corrections WHERE kind = 'not_request' AND text LIKE '%逗你们玩%'";
    assert_eq!(count(&h.store, not).await, 1);
    h.stop().await;
    learn_from_db(db);
}
both_backends!(corrections_e2e, corrections_by_button_and_command);

/// `train --from-db` reads the corrections and reports the held-out figures before and after.
fn learn_from_db(db: &str) {
    let backend = db.split(':').next().unwrap_or("db");
    let dir =
        std::env::temp_dir().join(format!("villagebot_learn_{}_{backend}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let config = dir.join("learn.toml");
    std::fs::write(&config, format!("[database]\nurl = \"{db}\"\n")).expect("config");
    let out = dir.join("model.bin");
    let o = Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--config")
        .arg(&config)
        .args(["train", "--from-db", "--out"])
        .arg(&out)
        .output()
        .expect("run train");
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        report.contains("2 corrections from the database"),
        "{report}"
    );
    assert!(
        report.contains("current model:") && report.contains("new model:"),
        "{report}"
    );
    assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 1000));
    let _ = std::fs::remove_dir_all(&dir);
}
