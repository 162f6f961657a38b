//! Urgency changes handling: an urgent request reaches its holder and the duty cadre at once with a
//! two-hour deadline; `/urgent #N [off]` raises or drops it, by those allowed; through teloxide and
//! the fake Bot API on both backends.

use crate::both_backends;
use crate::support::{count, text, Harness, CADRE, CHIEF, GROUP, RESIDENT};

/// The chief and the duty cadre both reachable privately.
async fn village_with_private_chats(h: &Harness) {
    h.village_with_chief().await;
    h.say_private(CADRE, "/start");
    h.wait_text(CADRE.id, "私信").await;
}

/// Seconds between a ticket's creation and its deadline.
async fn window(h: &Harness, no: i64) -> i64 {
    count(
        &h.store,
        &format!("SELECT deadline_at - created_at FROM tickets WHERE no = {no}"),
    )
    .await
}

async fn urgent_request_reaches_holder_and_cadre_at_once(db: &str) {
    let h = Harness::start(db).await;
    village_with_private_chats(&h).await;
    h.say(RESIDENT, "着火了！三组老李家柴房着火了 快来人");
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert!(text(&card).contains("紧急"), "{}", text(&card));
    h.wait_text(CHIEF.id, "#1").await;
    let alert = h.wait_text(CADRE.id, "紧急工单 #1").await;
    assert!(text(&alert).contains("Wang Wu"), "{}", text(&alert));
    assert_eq!(window(&h, 1).await, 2 * 3600, "urgent: two hours");
    h.stop().await;
}
both_backends!(
    urgent_request_alerts_e2e,
    urgent_request_reaches_holder_and_cadre_at_once
);

async fn urgency_by_command(db: &str) {
    let h = Harness::start(db).await;
    village_with_private_chats(&h).await;
    h.say(RESIDENT, "#报修 三组路灯不亮了");
    h.wait_text(CHIEF.id, "#1").await;
    assert_eq!(window(&h, 1).await, 24 * 3600);

    h.say(RESIDENT, "/urgent #1");
    h.wait_text(GROUP, "没有权限").await;
    h.say(CHIEF, "/urgent #1 maybe");
    h.wait_text(GROUP, "/urgent #编号 off").await;
    h.settle().await;
    assert_eq!(window(&h, 1).await, 24 * 3600, "refusals change nothing");

    h.say(CHIEF, "/urgent #1");
    h.wait_for("card edited as urgent", |c| {
        c.method == "editMessageText" && text(c).contains("紧急")
    })
    .await;
    h.wait_text(CADRE.id, "紧急工单 #1").await;
    h.settle().await;
    assert!(window(&h, 1).await <= 2 * 3600 + 5);
    let events = "SELECT COUNT(*) FROM ticket_events WHERE action = 'urgent'";
    assert_eq!(count(&h.store, events).await, 1);

    h.say(CHIEF, "/urgent #1");
    h.wait_text(GROUP, "已经是").await;
    h.say(RESIDENT, "/urgent #1 off");
    h.wait_for("second refusal", |c| {
        c.method == "sendMessage" && text(c).contains("没有权限") && c.params["chat_id"] == GROUP
    })
    .await;
    let before = h.api.calls_of("editMessageText").len();
    h.say(CADRE, "/urgent #1 off");
    h.wait_for("card no longer urgent", |c| {
        c.method == "editMessageText" && !text(c).contains("紧急") && text(c).contains("#1")
    })
    .await;
    h.settle().await;
    assert!(h.api.calls_of("editMessageText").len() > before);
    assert!(window(&h, 1).await > 20 * 3600, "the tier's window again");
    h.stop().await;
}
both_backends!(urgency_by_command_e2e, urgency_by_command);
