//! Ticket administration: tiers move deadlines, notes, merging duplicates, everyone's own list.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{CADRE, CHIEF, RESIDENT, STRANGER};

async fn village(db: &str) -> Sim {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.digests.enabled = false
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(CHIEF, "在").await;
    s.say(RESIDENT, "/home 三组").await;
    s.new_messages().await;
    s
}

async fn deadline(s: &Sim, no: i64) -> (String, i64) {
    let mut conn = s.app.store.conn().await.expect("conn");
    sqlx::query_as("SELECT tier, deadline_at FROM tickets WHERE no = $1")
        .bind(no)
        .fetch_one(&mut *conn)
        .await
        .expect("ticket")
}

async fn tier_note_merge_mine(db: &str) {
    let mut s = village(db).await;
    s.say(RESIDENT, "#报修 三组路灯不亮了").await;
    s.say(STRANGER, "#报修 三组那个路灯坏了好几天了").await;
    s.new_messages().await;
    let created = at("2026-11-23T00:00:00Z").timestamp();
    assert_eq!(deadline(&s, 1).await, ("simple".into(), created + 86_400));

    s.say(CHIEF, "/tier #1 difficult").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("只有村干部")),
        "chiefs may not change tiers"
    );
    s.say(CADRE, "/tier #1 difficult").await;
    assert_eq!(
        deadline(&s, 1).await,
        ("difficult".into(), created + 10 * 86_400),
        "the deadline moves with the tier"
    );
    let msgs = s.new_messages().await;
    assert!(
        msgs.iter()
            .any(|m| m.kind == "edit_card" && m.text.contains("12-03")),
        "the card shows the new deadline"
    );
    s.say(CADRE, "/tier #1 weekly").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("用法：/tier")));

    s.say(CHIEF, "/note #1 灯泡已经订了，后天到").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.kind == "edit_card" && m.text.contains("灯泡已经订了")));
    s.say(STRANGER, "/note #1 我也看见了").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("没有权限")),
        "strangers may not write on others' tickets"
    );

    s.say(CADRE, "/merge #2 #1").await;
    let msgs = s.new_messages().await;
    assert!(
        msgs.iter().any(|m| m.text.contains("已经合并")),
        "the duplicate's requester is told"
    );
    assert_eq!(s.ticket_state(2).await.0, "cancelled");
    s.say(CADRE, "/merge #1 #2").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("不能合并")),
        "not into a cancelled ticket"
    );

    s.say(RESIDENT, "/mine").await;
    let mine = s.new_messages().await;
    assert!(
        mine.iter()
            .any(|m| m.text.contains("#1") && !m.text.contains("#2")),
        "{:?}",
        mine.iter().map(|m| &m.text).collect::<Vec<_>>()
    );

    s.say(CADRE, "/ticket #1").await;
    let prompt_done = s.new_messages().await;
    assert!(
        prompt_done.iter().any(|m| m.text.contains("调整期限类别")),
        "the history shows the tier change"
    );
    s.say(CADRE, "/close #1 换好了").await;
    s.new_messages().await;
    let mut conn = s.app.store.conn().await.expect("conn");
    let (followers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ticket_followers")
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    assert_eq!(followers, 1);
}
both_backends!(ticket_admin_flow, tier_note_merge_mine);
