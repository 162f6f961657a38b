//! Ticket administration: tiers move deadlines, notes, merging duplicates, everyone's own list.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{CADRE, CHIEF, RESIDENT, STRANGER};

async fn village(db: &str) -> Sim {
    let mut s = Sim::start(db, at("2026-11-19T00:00:00Z"), |cfg| {
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
    let created = s.now.timestamp();
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
            .any(|m| m.kind == "edit_card" && m.text.contains("11-29")),
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

/// Statistics checked against figures computed by hand on a seeded history.
async fn statistics_by_hand(db: &str) {
    let mut s = village(db).await;
    let t0 = at("2026-11-20T00:00:00Z");
    let hours = |h: i64| t0 + chrono::Duration::hours(h);
    s.now = t0;
    s.say(RESIDENT, "#报修 三组路灯不亮了").await; // #1 repair, done after 2h, 5 stars
    let p1 = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("工单 #1") && m.text.contains("🔔"))
        .expect("prompt 1");
    s.now = hours(1);
    s.say(RESIDENT, "#报修 三组垃圾堆满了没人清").await; // #2 sanitation, done after 29h (late), 3 stars
    let p2 = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("工单 #2") && m.text.contains("🔔"))
        .expect("prompt 2");
    s.now = hours(2);
    s.say(RESIDENT, "#报修 三组桥栏杆松了").await; // #3 repair, still open: overdue
    s.press(CHIEF, &p1, "完成").await;
    let c1 = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("工单 #1 已办结"))
        .expect("closure 1");
    s.press(RESIDENT, &c1, "5⭐").await;
    s.now = hours(3);
    s.say(STRANGER, "#求助 帮我开个居住证明").await; // #4 paperwork, closed without a fix
    s.say(CADRE, "/close #4 已在窗口办理").await;
    s.now = hours(30);
    s.press(CHIEF, &p2, "完成").await;
    let c2 = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("工单 #2 已办结"))
        .expect("closure 2");
    s.press(RESIDENT, &c2, "3⭐").await;

    s.now = t0 + chrono::Duration::days(5);
    s.say(CADRE, "/stats week").await;
    let text = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("📊"))
        .expect("stats")
        .text;
    for want in [
        "收到 4 件，办结 2 件，按期办结 50%",
        "超期未办 1 件，办结用时中位数 16 小时",
        "评价 2 次，平均 4.0 星",
        "维修 2/1",
        "环境卫生 1/1",
        "证明办事 1/0",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    s.say(CADRE, "/stats week @wang_chief").await;
    let text = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("📊"))
        .expect("chief stats")
        .text;
    assert!(
        text.contains("收到 3 件，办结 2 件") && text.contains("超期未办 1 件"),
        "{text}"
    );
    s.say(RESIDENT, "/stats").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("只有联户长和村干部")),
        "residents see no statistics"
    );

    // The weekly evaluation: Monday 08:30 Shanghai, privately to the cadre who pressed Start.
    s.say_as(CADRE, "/start", false, true).await;
    s.new_messages().await;
    // Ticket #3 is overdue: this tick passes it up to the duty cadre before the report.
    s.tick_at(at("2026-11-23T00:29:00Z")).await;
    s.new_messages().await;
    let r = s.tick_at(at("2026-11-23T00:30:00Z")).await;
    assert_eq!(r.fired, 1, "{r:?}");
    let weekly = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("排名"))
        .expect("weekly report");
    assert_eq!(weekly.chat, CADRE.id, "to the cadre privately");
    assert!(
        weekly
            .text
            .contains("1. Wang Wu（三组）：按期 50% · 平均 4.0 星 · 办结 2 · 超期 0"),
        "{}",
        weekly.text
    );
    assert_eq!(s.tick_at(at("2026-11-23T00:30:00Z")).await.fired, 0, "once");
}
both_backends!(statistics_flow, statistics_by_hand);

/// A chief keeps acting on their neighbourhood's tickets after someone else holds them.
async fn chiefs_act_on_their_neighbourhood(db: &str) {
    let mut s = village(db).await;
    s.say(RESIDENT, "#报修 三组路灯不亮了").await;
    s.say(CADRE, "/assign #1 @li_cadre").await;
    s.new_messages().await;
    s.say(CHIEF, "/note #1 我去看过了，灯泡坏了").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.kind == "edit_card" && m.text.contains("灯泡坏了")));
    s.say(STRANGER, "/home 五组").await;
    s.say(CADRE, "/chief @sun_x 五组").await;
    s.new_messages().await;
    s.say(STRANGER, "/note #1 我来看看").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("没有权限")),
        "another neighbourhood's chief may not"
    );
}
both_backends!(neighbourhood_chief_scope, chiefs_act_on_their_neighbourhood);
