//! Private matters stay private: every output a dispute can reach, wherever it goes, shows its
//! words only to the requester, the holder, the holder's captain and the village's cadres.

use crate::both_backends;
use crate::support::sim::{at, Out, Sim};
use crate::support::{CADRE, CAPTAIN, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER};

const SECRET: &str = "秘密暗号";

/// Chats where the secret may appear: the private chats of those involved.
fn allowed(chat: i64) -> bool {
    [RESIDENT.id, CHIEF.id, CAPTAIN.id, CADRE.id].contains(&chat)
}

fn leaks(out: &[Out]) -> Vec<String> {
    out.iter()
        .filter(|m| m.text.contains(SECRET) && !allowed(m.chat))
        .map(|m| format!("{} in {}: {}", m.kind, m.chat, m.text))
        .collect()
}

async fn private_matters(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.reports.weekly = true;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(CADRE, "/team 调解队 dispute").await;
    s.say(CADRE, "/captain @zhao_cap 调解队").await;
    s.say(CHIEF, "在").await;
    s.say(RESIDENT, "/home 三组").await;
    s.say(MEMBER, "/volunteer 调解队").await;
    s.say(STRANGER, "/volunteer 调解队").await;
    let mut seen = s.new_messages().await;
    s.say(
        RESIDENT,
        &format!("我和邻居吵架了，他欠债不还，{SECRET}，请村里调解"),
    )
    .await;
    seen.extend(s.new_messages().await);
    // A care household whose reason is the secret: its visits fall due within the ticks below.
    s.say_as(
        CADRE,
        &format!("/care @zhang_res red {SECRET}"),
        false,
        true,
    )
    .await;
    s.say_as(
        CADRE,
        &format!("/care @zhang_res red {SECRET}"),
        false,
        false,
    )
    .await;
    seen.extend(s.new_messages().await);
    for hour in [6, 12, 20, 30, 48, 72, 100, 170, 220, 270] {
        s.tick_at(at("2026-11-23T00:00:00Z") + chrono::Duration::hours(hour))
            .await;
        seen.extend(s.new_messages().await);
    }
    for (who, text, private) in [
        (CADRE, "/list", false),
        (CADRE, "/list all", false),
        (CADRE, "/ticket #1", false),
        (CHIEF, "/roster", false),
        (CADRE, "/stats", false),
        (CADRE, "/export", false),
        (STRANGER, "/ticket #1", true),
        (STRANGER, "/list", true),
        (MEMBER, "/ticket #1", true),
        (CAPTAIN, "/list", true),
        (CADRE, "/ticket #1", true),
        (CHIEF, "/care list", false),
        (CHIEF, "/care list", true),
        (CADRE, "/export", true),
        (CHIEF, "/stats", false),
    ] {
        s.say_as(who, text, false, private).await;
        seen.extend(s.new_messages().await);
    }
    assert_eq!(leaks(&seen), Vec::<String>::new());
    let (category,): (String,) = sqlx::query_as("SELECT category FROM tickets WHERE no = 1")
        .fetch_one(&mut *s.app.store.conn().await.expect("conn"))
        .await
        .expect("ticket");
    assert_eq!(category, "dispute");
    let (care,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM care_households")
        .fetch_one(&mut *s.app.store.conn().await.expect("conn"))
        .await
        .expect("care");
    assert_eq!(care, 1, "marked in private, refused in the group");
    assert!(
        seen.iter()
            .any(|m| m.chat == GROUP && m.text.contains("走访待办")),
        "the chief, unreachable privately, was called in the group"
    );
    assert!(
        seen.iter()
            .any(|m| m.chat == CADRE.id && m.text.contains(SECRET)),
        "a cadre reads it privately"
    );
    assert!(
        seen.iter().any(|m| m.chat == GROUP),
        "the group heard of it"
    );
}
both_backends!(privacy_matrix, private_matters);
