//! The points ledger through teloxide and the fake Bot API, on both backends: a ticket's life
//! earns exactly the configured points (reopened and done again: nothing twice), the ranking,
//! corrections and exchanges, and who may make them.

use crate::both_backends;
use crate::support::{count, text, Harness, CADRE, CHIEF, GROUP, RESIDENT, STRANGER};

/// A village with a chief reachable privately and a resident of their neighbourhood.
async fn village(db: &str) -> Harness {
    let h = Harness::start(db).await;
    h.village_with_chief().await;
    h
}

/// The chief's sum of points, straight from the ledger.
async fn ledger(h: &Harness) -> i64 {
    count(
        &h.store,
        "SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM points p JOIN people u ON u.id = p.person_id \
         WHERE u.username = 'wang_chief'",
    )
    .await
}

async fn a_tickets_life_earns_once(db: &str) {
    let h = village(db).await;
    h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let prompt = h.wait_text(CHIEF.id, "新工单 #1").await;
    h.press(CHIEF, &prompt, "接单").await;
    h.wait_for("taken", |c| {
        c.method == "editMessageText" && text(c).contains("办理中")
    })
    .await;
    h.reply(CHIEF, &prompt, "完成 换了新灯泡");
    let closure = h.wait_text(GROUP, "已办结").await;
    h.settle().await;
    assert_eq!(ledger(&h).await, 2, "a simple ticket (1) done on time (+1)");

    h.press(RESIDENT, &closure, "1⭐").await;
    h.settle().await;
    assert_eq!(ledger(&h).await, 0, "a bad rating reopens it: -2");
    h.reply(CHIEF, &prompt, "完成 又换了一次");
    h.wait_for("done again", |c| {
        c.method == "editMessageText" && text(c).contains("又换了一次")
    })
    .await;
    h.settle().await;
    assert_eq!(
        ledger(&h).await,
        0,
        "done again: no second completion points"
    );
    // The group heard of this ticket three times already (card, closure, the cadre called for
    // the bad rating): the closure notice is brought up to date in place, buttons and all.
    let again = h
        .wait_for("closure edited", |c| {
            c.method == "editMessageText" && text(c).contains("第 2 次办结")
        })
        .await;
    assert_eq!(again.params["message_id"].as_i64(), closure.message_id);
    h.press(RESIDENT, &again, "5⭐").await;
    h.settle().await;
    assert_eq!(ledger(&h).await, 1, "a good rating: +1");
    let kinds = count(
        &h.store,
        "SELECT COUNT(*) FROM points WHERE reason IN ('done', 'on_time', 'good_rating')",
    )
    .await;
    assert_eq!(kinds, 3, "each gain once");

    h.say(CHIEF, "/points");
    let shown = h.wait_text(GROUP, "的积分：1 分").await;
    for want in ["完成工单 #1", "按时完成 #1", "差评返工 #1", "好评 #1"] {
        assert!(text(&shown).contains(want), "{want} in {}", text(&shown));
    }
    h.say(RESIDENT, "/points top month");
    let top = h.wait_text(GROUP, "积分排行").await;
    assert!(text(&top).contains("1. Wang Wu 1 分"), "{}", text(&top));
    h.say(CADRE, "/stats");
    let stats = h.wait_text(GROUP, "🏅 积分：").await;
    assert!(text(&stats).contains("1. Wang Wu 1 分"), "{}", text(&stats));
    h.stop().await;
}
both_backends!(points_ticket_life_e2e, a_tickets_life_earns_once);

async fn exchanges_and_corrections(db: &str) {
    let h = village(db).await;
    h.say(STRANGER, "在");
    h.say(CADRE, "/redeem @wang_chief 5 洗衣粉一袋");
    h.wait_text(GROUP, "只有 0 分，不够兑换 5 分").await;
    h.say(CADRE, "/points @wang_chief +10 清理河道义务劳动");
    h.wait_text(GROUP, "已为 Wang Wu 记 +10 分，现有 10 分")
        .await;
    h.say(CADRE, "/redeem @wang_chief 4 洗衣粉一袋");
    h.wait_text(GROUP, "兑换了「洗衣粉一袋」，还剩 6 分").await;
    h.say(CADRE, "/points @wang_chief -1 记错了");
    h.wait_text(GROUP, "现有 5 分").await;

    h.say(RESIDENT, "/points @wang_chief +100 我自己加");
    h.wait_text(GROUP, "只有村干部可以更正积分").await;
    h.say(RESIDENT, "/redeem @wang_chief 1 一支笔");
    h.wait_text(GROUP, "/redeem 只有村干部可以使用").await;
    for bad in [
        "/redeem @wang_chief 0 一支笔",
        "/redeem @wang_chief 3",
        "/points @wang_chief +abc 理由",
        "/points @wang_chief +5",
    ] {
        h.say(CADRE, bad);
    }
    h.settle().await;
    h.say(CADRE, "/points @nobody_here");
    h.wait_text(GROUP, "还不认识 @nobody_here").await;
    assert_eq!(ledger(&h).await, 5, "bad commands change nothing");
    let hand = count(
        &h.store,
        "SELECT COUNT(*) FROM points WHERE actor_id IS NOT NULL AND note <> ''",
    )
    .await;
    assert_eq!(hand, 3, "every entry by hand keeps its actor and reason");
    let audited = count(
        &h.store,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'points'",
    )
    .await;
    assert_eq!(audited, 3);
    let refused = count(
        &h.store,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'refused_command' AND allowed = 0",
    )
    .await;
    assert_eq!(refused, 2, "both refusals audited");
    h.stop().await;
}
both_backends!(points_by_hand_e2e, exchanges_and_corrections);
