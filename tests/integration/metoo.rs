//! "Me too": a second report of an open ticket's problem follows that ticket instead of opening
//! another; the card counts the households, the supporters hear of the closure, and a cadre
//! splits a report off with `/split`. Through the fake Bot API on both backends.

use crate::both_backends;
use crate::support::{count, text, Harness, CADRE, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER};

async fn tickets(h: &Harness) -> i64 {
    h.settle().await;
    count(&h.store, "SELECT COUNT(*) FROM tickets").await
}

async fn me_too_follows_the_open_ticket(db: &str) {
    let h = Harness::start(db).await;
    h.village_with_chief().await;

    h.say(RESIDENT, "村口路灯坏了 晚上黑乎乎的 麻烦修一下");
    h.wait_text(GROUP, "工单 #1").await;
    let prompt = h.wait_text(CHIEF.id, "新工单 #1").await;

    let again = h.say(STRANGER, "村口路灯还是不亮啊");
    let told = h.wait_text(GROUP, "已有工单 #1").await;
    assert_eq!(
        told.params["reply_parameters"]["message_id"].as_i64(),
        Some(again)
    );
    h.wait_for("the card counts one more household", |c| {
        c.method == "editMessageText" && text(c).contains("另有 1 户")
    })
    .await;
    h.say(MEMBER, "村口那个路灯坏了好几天了 快修修吧");
    h.wait_for("two more households", |c| {
        c.method == "editMessageText" && text(c).contains("另有 2 户")
    })
    .await;
    h.say(RESIDENT, "村口路灯还没修好");
    h.wait_text(GROUP, "你的工单 #1").await;
    h.say(STRANGER, "三组的水管漏水了 一直在流");
    h.wait_text(GROUP, "工单 #2").await;
    assert_eq!(
        tickets(&h).await,
        2,
        "a different problem is its own ticket"
    );

    h.say(STRANGER, "/split #1 @sun_x");
    h.wait_text(GROUP, "只有村干部").await;
    h.say(CADRE, "/split #1 @zhang_res");
    h.wait_text(GROUP, "没有可以拆出").await;
    h.say(CADRE, "/split #1 @sun_x");
    h.wait_text(GROUP, "已立为工单 #3").await;
    let card3 = h.wait_text(GROUP, "工单 #3").await;
    assert_eq!(
        card3.params["reply_parameters"]["message_id"].as_i64(),
        Some(again)
    );
    h.wait_for("back to one more household", |c| {
        c.method == "editMessageText" && text(c).contains("另有 1 户")
    })
    .await;
    assert_eq!(tickets(&h).await, 3);

    h.reply(CHIEF, &prompt, "完成 换了灯泡");
    let followers = h.wait_text(GROUP, "也已办结").await;
    assert!(
        text(&followers).contains("tg://user?id=105"),
        "{}",
        text(&followers)
    );
    assert!(
        !text(&followers).contains("tg://user?id=106"),
        "split off: not a follower any more"
    );
    let supported = "SELECT COUNT(*) FROM ticket_events WHERE action = 'supported'";
    assert_eq!(count(&h.store, supported).await, 2);
    h.stop().await;
}
both_backends!(me_too_e2e, me_too_follows_the_open_ticket);
