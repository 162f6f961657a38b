//! Buttons act only on the message they were offered on, for the action offered there: forged
//! or stale data from any role, on another message or in another village, changes nothing, is
//! audited and gets a short toast.

use crate::both_backends;
use crate::support::sim::{at, Out, Sim};
use crate::support::{count, User, CADRE, CAPTAIN, CHIEF, GROUP, RESIDENT, STRANGER, TOWNSHIP};

const OTHER: i64 = -1_009_876_543_210;

/// Two villages: 幸福村 with a chief and a household, 和平村 in another group.
pub async fn two_villages(db: &str) -> Sim {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |cfg| {
        cfg.digests.enabled = false;
        cfg.reports.weekly = false;
    })
    .await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(CHIEF, "在").await;
    s.say(RESIDENT, "/home 三组").await;
    s.say_in(OTHER, TOWNSHIP, "/setup 和平村", true).await;
    s.new_messages().await;
    s
}

fn buttons(out: &[Out]) -> Vec<(Out, String)> {
    out.iter()
        .flat_map(|m| m.buttons().into_iter().map(|(_, d)| (m.clone(), d)))
        .collect()
}

/// What a press could change: tickets, acknowledgements, decided questions.
async fn snapshot(s: &Sim) -> (Vec<(i64, String, i64, Option<i64>)>, i64) {
    let mut conn = s.app.store.conn().await.expect("conn");
    let tickets = sqlx::query_as("SELECT no, state, level, rating FROM tickets ORDER BY id")
        .fetch_all(&mut *conn)
        .await
        .expect("tickets");
    drop(conn);
    let acks = count(&s.app.store, "SELECT COUNT(*) FROM announcement_acks").await;
    (tickets, acks)
}

const ROLES: [User; 6] = [CADRE, CHIEF, RESIDENT, CAPTAIN, STRANGER, TOWNSHIP];

async fn forged_presses(db: &str) {
    let mut s = two_villages(db).await;
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    s.say(CADRE, "/announce 明天上午停水检修").await;
    let mut offered = buttons(&s.new_messages().await);
    s.say_in(OTHER, TOWNSHIP, "/announce 和平村通知：明天开会", false)
        .await;
    let other = s.new_messages().await;
    let elsewhere = other
        .iter()
        .find(|m| m.chat == OTHER)
        .expect("announcement");
    offered.extend(buttons(&other));
    assert!(offered.len() >= 4, "prompt, card and both announcements");
    let plain = s.say(STRANGER, "今天天气不错").await;
    s.new_messages().await;

    let before = snapshot(&s).await;
    let mut forged = 0;
    for (on, data) in &offered {
        let wrong_places = [
            (on.chat, plain),
            (OTHER, elsewhere.id),
            (STRANGER.id, on.id),
            (GROUP, on.id + 1),
        ];
        for (chat, message) in wrong_places {
            if (chat, message) == (on.chat, on.id) {
                continue;
            }
            for who in ROLES {
                s.press_on(who, chat, message, data).await;
                forged += 1;
                let toasts = s.toasts().await;
                assert!(
                    toasts.iter().all(|t| t.contains("失效")),
                    "{data}: {toasts:?}"
                );
            }
        }
    }
    assert_eq!(
        snapshot(&s).await,
        before,
        "no forged press changed anything"
    );
    let refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'press_refused'";
    assert_eq!(
        count(&s.app.store, refused).await,
        forged,
        "every one audited"
    );
    assert!(
        s.new_messages().await.is_empty(),
        "nothing was edited or sent"
    );
}
both_backends!(forged_press_matrix, forged_presses);

/// "Broken again" works only while the still-fixed question is open.
async fn still_fixed_once(db: &str) {
    let mut s = two_villages(db).await;
    s.say(RESIDENT, "#报修 村口路灯坏了").await;
    let out = s.new_messages().await;
    let prompt = out
        .iter()
        .find(|m| m.text.contains("🔔"))
        .expect("the card calls the chief");
    s.press(CHIEF, prompt, "完成").await;
    let closure = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("已办结") && !m.buttons().is_empty())
        .expect("closure");
    s.press(RESIDENT, &closure, "5⭐").await;
    s.press(RESIDENT, &closure, "1⭐").await;
    assert!(s.toasts().await.last().is_some_and(|t| t.contains("失效")));
    assert_eq!(snapshot(&s).await.0[0].3, Some(5), "rated once");
    s.press_on(RESIDENT, closure.chat, closure.id, "f:1:0")
        .await;
    assert_eq!(
        s.ticket_state(1).await.0,
        "closed",
        "no still-fixed question here"
    );
    s.tick_at(at("2026-11-30T00:00:00Z")).await;
    let still = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("回访"))
        .expect("still fixed?");
    s.press(RESIDENT, &still, "还好着").await;
    s.press(RESIDENT, &still, "又坏了").await;
    assert!(s.toasts().await.last().is_some_and(|t| t.contains("失效")));
    assert_eq!(
        s.ticket_state(1).await.0,
        "closed",
        "answered questions stay answered"
    );
}
both_backends!(still_fixed_question, still_fixed_once);

/// Replies read as people mean them: a bystander's words on a card are ordinary talk (or a "me
/// too"), thanks get no answer, and a closed ticket's card never draws a refusal.
async fn replies_as_meant(db: &str) {
    use crate::support::{text, Harness};
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let card = h.wait_text(GROUP, "工单 #1").await;
    let silent = [
        h.reply(STRANGER, &card, "完成"),
        h.reply(STRANGER, &card, "今天天气真好"),
        h.reply(RESIDENT, &card, "谢谢！"),
    ];
    let me_too = h.reply(STRANGER, &card, "我家门口的路灯也坏了");
    h.settle().await;
    h.say(CADRE, "/close #1 换了灯泡");
    h.wait_text(GROUP, "#1 已更新").await;
    h.settle().await;
    let after_close = [
        h.reply(RESIDENT, &card, "谢谢，辛苦了🙏"),
        h.reply(RESIDENT, &card, "好的"),
        h.reply(STRANGER, &card, "完成"),
    ];
    h.settle().await;
    let replies_to = |id: i64| {
        h.api
            .calls_of("sendMessage")
            .into_iter()
            .filter(|c| c.params["reply_parameters"]["message_id"].as_i64() == Some(id))
            .map(|c| text(&c))
            .collect::<Vec<_>>()
    };
    for id in silent.iter().chain(&after_close) {
        assert_eq!(replies_to(*id), Vec::<String>::new(), "no answer to {id}");
    }
    assert!(replies_to(me_too).iter().any(|t| t.contains("关注人")));
    assert_eq!(count(&h.store, "SELECT COUNT(*) FROM tickets").await, 1);
    assert_eq!(
        count(&h.store, "SELECT COUNT(*) FROM ticket_followers").await,
        1
    );
    let (state,): (String,) = sqlx::query_as("SELECT state FROM tickets")
        .fetch_one(&mut *h.store.conn().await.expect("conn"))
        .await
        .expect("state");
    assert_eq!(state, "closed");
    h.stop().await;
}
both_backends!(replies_e2e, replies_as_meant);
