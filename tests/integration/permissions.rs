//! The permission matrix through the fake Bot API: every command and the ticket buttons, for
//! every role. Allowed ones run; forbidden ones are refused, change nothing and are audited.

use crate::both_backends;
use crate::support::{
    button_data, text, Harness, User, ADMIN, CADRE, CAPTAIN, CHIEF, MEMBER, RESIDENT, STRANGER,
    TOWNSHIP,
};

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Need {
    Anyone,
    Chief,
    Cadre,
    Township,
    Super,
    GroupAdmin,
}

/// Who may run what: written out here, independently of the code's own table.
const MATRIX: &[(&str, Need)] = &[
    ("/start", Need::Anyone),
    ("/help", Need::Anyone),
    ("/order 三组路面有个坑", Need::Anyone),
    ("/mine", Need::Anyone),
    ("/home 三组", Need::Anyone),
    ("/volunteer 维修队", Need::Anyone),
    ("/unvolunteer 维修队", Need::Anyone),
    ("/list", Need::Anyone),
    ("/ticket #1", Need::Anyone),
    ("/cancel #99", Need::Anyone),
    ("/note #99 好的", Need::Anyone),
    ("/acks", Need::Chief),
    ("/stats", Need::Chief),
    ("/roster", Need::Chief),
    ("/lang zh", Need::Cadre),
    ("/cadre @li_cadre", Need::Cadre),
    ("/chief @wang_chief 三组", Need::Cadre),
    ("/team 维修队 repair,hazard", Need::Cadre),
    ("/captain @zhao_cap 维修队", Need::Cadre),
    ("/assign #99 @wang_chief", Need::Cadre),
    ("/close #99", Need::Cadre),
    ("/reopen #99", Need::Cadre),
    ("/tier #99 simple", Need::Cadre),
    ("/merge #98 #99", Need::Cadre),
    ("/announce 测试通知", Need::Cadre),
    ("/export", Need::Cadre),
    ("/redeem @wang_chief 1 一支笔", Need::Cadre),
    ("/care list", Need::Chief),
    ("/visit @zhang_res 走访了", Need::Chief),
    ("/points", Need::Anyone),
    ("/unchief @nobody_here", Need::Cadre),
    ("/move @wang_chief 三组", Need::Cadre),
    ("/township 城关镇", Need::Cadre),
    ("/announce_all 测试通知", Need::Township),
    ("/township_cadre @zhou_town", Need::Super),
    ("/setup 幸福村", Need::GroupAdmin),
];

/// The roles of the test village and what each person holds.
fn holds(u: User) -> Vec<Need> {
    let mut n = vec![Need::Anyone];
    match u.id {
        id if id == CHIEF.id => n.push(Need::Chief),
        id if id == CADRE.id => n.extend([Need::Chief, Need::Cadre, Need::GroupAdmin]),
        id if id == TOWNSHIP.id => n.extend([Need::Chief, Need::Cadre, Need::Township]),
        id if id == ADMIN.id => n.extend([
            Need::Chief,
            Need::Cadre,
            Need::Township,
            Need::Super,
            Need::GroupAdmin,
        ]),
        _ => {}
    }
    n
}

/// Row counts of everything a command may change (not the outbox or the audit log).
async fn snapshot(h: &Harness) -> Vec<i64> {
    let mut conn = h.store.conn().await.expect("conn");
    let mut out = vec![];
    for sql in [
        "SELECT COUNT(*) FROM villages",
        "SELECT COUNT(*) FROM neighbourhoods",
        "SELECT COUNT(*) FROM teams",
        "SELECT COUNT(*) FROM appointments WHERE ended_at IS NULL",
        "SELECT COUNT(*) FROM households",
        "SELECT COUNT(*) FROM tickets",
        "SELECT COUNT(*) FROM tickets WHERE state = 'closed'",
        "SELECT COUNT(*) FROM ticket_events",
        "SELECT COUNT(*) FROM announcements",
        "SELECT COUNT(*) FROM township_cadres",
        "SELECT COUNT(*) FROM villages WHERE township_id IS NOT NULL",
    ] {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&mut *conn).await.expect(sql);
        out.push(n);
    }
    out
}

async fn refusals(h: &Harness) -> i64 {
    let mut conn = h.store.conn().await.expect("conn");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE allowed = 0")
        .fetch_one(&mut *conn)
        .await
        .expect("audit");
    n
}

async fn permission_matrix(db: &str) {
    let api = crate::support::FakeApi::start().await;
    let h = Harness::start_with(db, api, |s| s.telegram.super_admins = vec![ADMIN.id]).await;
    h.setup_village().await;
    for line in [
        "/township 城关镇",
        "/chief @wang_chief 三组",
        "/team 维修队 repair,hazard",
        "/captain @zhao_cap 维修队",
    ] {
        h.say(CADRE, line);
    }
    h.say(ADMIN, "/township_cadre @zhou_town");
    for u in [CHIEF, CAPTAIN, TOWNSHIP] {
        h.say(u, "在");
    }
    h.say(MEMBER, "/volunteer 维修队");
    h.say(RESIDENT, "/home 三组");
    h.say(RESIDENT, "#报修 三组路灯不亮了");
    let prompt = h
        .wait_for("prompt", |c| {
            c.method == "sendMessage" && text(c).contains("工单 #1") && text(c).contains("🔔")
        })
        .await;
    h.settle().await;

    let people = [
        RESIDENT, MEMBER, CAPTAIN, CHIEF, CADRE, TOWNSHIP, ADMIN, STRANGER,
    ];
    for (command, need) in MATRIX {
        for u in people {
            let allowed = holds(u).contains(need);
            let before = snapshot(&h).await;
            let refused_before = refusals(&h).await;
            let sent = h.api.calls_of("sendMessage").len();
            let id = h.say(u, command);
            h.settle().await;
            let answers: Vec<String> = h.api.calls_of("sendMessage")[sent..]
                .iter()
                .filter(|c| c.params["reply_parameters"]["message_id"].as_i64() == Some(id))
                .map(text)
                .collect();
            let refusal = answers.iter().any(|t| t.starts_with("抱歉"));
            if allowed {
                assert!(!refusal, "{} may run {command}: {answers:?}", u.username);
            } else {
                assert!(refusal, "{} may not run {command}: {answers:?}", u.username);
                assert_eq!(
                    snapshot(&h).await,
                    before,
                    "{command} by {} changed something",
                    u.username
                );
                assert_eq!(
                    refusals(&h).await,
                    refused_before + 1,
                    "{command} by {} is audited",
                    u.username
                );
            }
        }
    }

    // Buttons on the chief's prompt: only the chief may accept; the requester may not close it.
    for (label, who, ok) in [
        ("接单", RESIDENT, false),
        ("接单", MEMBER, false),
        ("接单", STRANGER, false),
        ("完成", RESIDENT, false),
        ("上报", STRANGER, false),
        ("接单", CHIEF, true),
    ] {
        let before = snapshot(&h).await;
        let answered = h.api.calls_of("answerCallbackQuery").len();
        let data = button_data(&prompt, label).expect("button");
        h.press_data(who, &prompt, &data);
        h.settle().await;
        let toast = h.api.calls_of("answerCallbackQuery")[answered..]
            .iter()
            .map(|c| c.params["text"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>();
        let refused = toast
            .iter()
            .any(|t| t.contains("没有权限") || t.contains("只有"));
        assert_eq!(refused, !ok, "{label} by {}: {toast:?}", who.username);
        if !ok {
            assert_eq!(
                snapshot(&h).await,
                before,
                "{label} by {} changed something",
                who.username
            );
        }
    }
    h.stop().await;
}
both_backends!(permission_matrix_e2e, permission_matrix);
