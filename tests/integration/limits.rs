//! Outputs that grow with the village stay within Telegram's limits: long lists and merged
//! reminders arrive as several valid messages, and names are length-limited where they enter.
//! Every queued message is checked against Telegram's rules by `Sim::new_messages`.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{count, CADRE, CHIEF, RESIDENT};

/// A 40-character neighbourhood name, the longest allowed.
fn place(i: usize) -> String {
    format!("{i:03}{}", "长".repeat(37))
}

async fn big_village(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    for i in 0..150 {
        s.say(CADRE, &format!("/chief @chief_{i} {}", place(i)))
            .await;
    }
    s.say(CADRE, &format!("/chief @wang_chief {}", place(150)))
        .await;
    s.say(CHIEF, "在").await;
    s.new_messages().await;

    s.say(CADRE, &format!("/chief @someone {}长", place(151)))
        .await;
    let refused = s.new_messages().await;
    assert!(refused[0].text.contains("用法"), "{}", refused[0].text);
    let places = "SELECT COUNT(*) FROM neighbourhoods";
    assert_eq!(
        count(&s.app.store, places).await,
        151,
        "41 characters refused"
    );

    s.say(CADRE, "/roster").await;
    let roster = s.new_messages().await;
    assert!(roster.len() > 1, "the roster comes in several messages");
    let all: String = roster.iter().map(|m| m.text.as_str()).collect();
    for i in [0, 75, 150] {
        assert!(all.contains(&place(i)), "{} in the roster", place(i));
    }

    s.say(RESIDENT, "/home 没有这个组").await;
    let home = s.new_messages().await;
    assert_eq!(home.len(), 1);
    assert!(home[0].text.contains("另有 121 个"), "{}", home[0].text);

    s.say(RESIDENT, &format!("/home {}", place(150))).await;
    for i in 0..120 {
        s.say(RESIDENT, &format!("#报修 {i}号路灯不亮了，晚上看不见路"))
            .await;
    }
    s.new_messages().await;
    let tickets = "SELECT COUNT(*) FROM tickets";
    assert_eq!(count(&s.app.store, tickets).await, 120);
    // The chief never wrote to the bot privately: the reminders go to the group.
    let r = s.tick_at(at("2026-11-23T12:00:00Z")).await;
    assert_eq!((r.fired, r.messages), (120, 1), "{r:?}");
    let reminders = s.new_messages().await;
    assert!(reminders.len() > 1, "merged reminders are split");
    let all: String = reminders.iter().map(|m| m.text.as_str()).collect();
    assert!(
        all.contains("#1（") && all.contains("#120（"),
        "every ticket reminded"
    );
}
both_backends!(big_village_limits, big_village);
