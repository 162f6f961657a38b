//! Villages do not reach into each other: a person in several villages is asked which one a
//! private message is about, and residents can place orders privately, kept out of the group.

use crate::both_backends;
use crate::support::sim::{at, find, Out, Sim};
use crate::support::{count, CADRE, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER};

const OTHER: i64 = -1_005_555_000_111;

fn labels(m: &Out) -> Vec<String> {
    m.buttons().into_iter().map(|(label, _)| label).collect()
}

fn data(m: &Out, label: &str) -> String {
    m.buttons()
        .into_iter()
        .find(|(l, _)| l == label)
        .map(|(_, data)| data)
        .unwrap_or_else(|| panic!("no button {label}"))
}

/// 幸福村 (GROUP) and 和平村 (OTHER), with CHIEF the chief of a neighbourhood in each and one
/// open ticket in each.
async fn two_villages(db: &str) -> Sim {
    let mut s = Sim::start(db, at("2026-11-23T01:00:00Z"), |_| {}).await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    s.say(CADRE, "/chief @wang_chief 三组").await;
    s.say(RESIDENT, "/home 三组").await;
    s.say(CHIEF, "在").await;
    s.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路").await;
    s.say_in(OTHER, STRANGER, "/setup 和平村", true).await;
    s.say_in(OTHER, STRANGER, "/chief @wang_chief 一组", false)
        .await;
    s.say_in(OTHER, MEMBER, "/home 一组", false).await;
    s.say_in(OTHER, MEMBER, "我家水管漏水了，麻烦来修一下", false)
        .await;
    s.say_in(OTHER, CHIEF, "收到", false).await;
    s.new_messages().await;
    s
}

async fn picking_a_village(db: &str) {
    let mut s = two_villages(db).await;
    s.say_as(CHIEF, "/list mine", false, true).await;
    let out = s.new_messages().await;
    let ask = find(&out, "哪个村");
    assert_eq!(ask.chat, CHIEF.id);
    assert_eq!(
        labels(&ask),
        ["和平村", "幸福村"],
        "where they last wrote comes first"
    );
    assert!(!out.iter().any(|m| m.text.contains("#1")), "{out:#?}");

    s.press_on(STRANGER, ask.chat, ask.id, &data(&ask, "幸福村"))
        .await;
    assert!(s.toasts().await.iter().any(|t| t.contains("失效")));
    s.press(CHIEF, &ask, "幸福村").await;
    let out = s.new_messages().await;
    assert!(out
        .iter()
        .any(|m| m.kind == "edit" && m.text.contains("关于 <b>幸福村</b>")));
    let list = find(&out, "#1");
    assert!(
        list.text.contains("维修") && !list.text.contains("漏水"),
        "the list of 幸福村 only: {}",
        list.text
    );
    for again in ["幸福村", "和平村"] {
        s.press_on(CHIEF, ask.chat, ask.id, &data(&ask, again))
            .await;
        assert!(s.toasts().await.iter().any(|t| t.contains("失效")));
    }
    assert!(s.new_messages().await.is_empty(), "answered once");

    s.say_as(CHIEF, "/list mine", false, true).await;
    let ask = find(&s.new_messages().await, "哪个村");
    s.now += chrono::Duration::hours(25);
    s.press(CHIEF, &ask, "和平村").await;
    assert!(s.toasts().await.iter().any(|t| t.contains("失效")));
    assert!(
        s.new_messages().await.is_empty(),
        "a day-old question is stale"
    );

    s.say_as(CHIEF, "/help", false, true).await;
    let out = s.new_messages().await;
    assert!(
        !out.iter().any(|m| m.text.contains("哪个村"))
            && out.iter().any(|m| m.text.contains("/list")),
        "help needs no village question: {out:#?}"
    );
}
both_backends!(village_picker, picking_a_village);

async fn tickets_in(s: &Sim, village: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM tickets t JOIN villages v ON v.id = t.village_id WHERE v.name = '{village}'"
    );
    count(&s.app.store, &sql).await
}

async fn ordering_privately(db: &str) {
    let mut s = two_villages(db).await;
    s.say_as(
        RESIDENT,
        "村委会门口的垃圾桶满了，好几天没人清",
        false,
        true,
    )
    .await;
    let out = s.new_messages().await;
    let card = find(&out, "工单 #2");
    assert_eq!(card.chat, RESIDENT.id, "the card lives in the private chat");
    assert_eq!(tickets_in(&s, "幸福村").await, 2);
    s.say_as(RESIDENT, "邻居欠债不还，天天吵架，请村里调解", false, true)
        .await;
    s.say_as(RESIDENT, "/order 帮我家老人买点降压药", false, true)
        .await;
    let out = s.new_messages().await;
    assert!(out
        .iter()
        .any(|m| m.chat == RESIDENT.id && m.text.contains("#3")));
    assert!(out
        .iter()
        .any(|m| m.chat == RESIDENT.id && m.text.contains("#4")));
    assert_eq!(tickets_in(&s, "幸福村").await, 4);
    s.say(CADRE, "/close #2 已清运").await;
    s.say(CADRE, "/close #3 已调解").await;
    let out = s.new_messages().await;
    assert!(out
        .iter()
        .any(|m| m.chat == RESIDENT.id && m.text.contains("#2")));
    for m in out.iter().filter(|m| m.chat == GROUP) {
        assert!(
            !m.text.contains("欠债"),
            "a private matter in the group: {}",
            m.text
        );
        assert!(
            !m.text.contains("@zhang_res"),
            "a private order in the group: {}",
            m.text
        );
    }

    s.say_as(RESIDENT, "你好", false, true).await;
    assert!(find(&s.new_messages().await, "没看出").chat == RESIDENT.id);
    s.say_as(crate::support::ADMIN, "路灯坏了", false, true)
        .await;
    let out = s.new_messages().await;
    assert_eq!(
        find(&out, "还不知道你是哪个村").chat,
        crate::support::ADMIN.id
    );
    assert_eq!(tickets_in(&s, "幸福村").await, 4);

    s.say_as(CHIEF, "河边的护栏断了，小孩子很危险，赶紧修", false, true)
        .await;
    let ask = find(&s.new_messages().await, "哪个村");
    s.press(CHIEF, &ask, "和平村").await;
    let out = s.new_messages().await;
    assert!(find(&out, "工单 #2").chat == CHIEF.id, "{out:#?}");
    assert_eq!(tickets_in(&s, "和平村").await, 2);
    assert_eq!(tickets_in(&s, "幸福村").await, 4);
    assert!(
        !out.iter().any(|m| m.chat == GROUP),
        "nothing reaches the other village: {out:#?}"
    );
}
both_backends!(private_orders, ordering_privately);

async fn through_telegram(db: &str) {
    use crate::support::{text, Harness};
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.api.make_admin(OTHER, STRANGER.id);
    h.say_in(OTHER, STRANGER, "/setup 和平村");
    h.say_in(OTHER, STRANGER, "/chief @wang_chief 一组");
    h.settle().await;
    let order = h.say_private(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let card = h.wait_text(RESIDENT.id, "工单 #1").await;
    assert_eq!(
        card.params["reply_parameters"]["message_id"].as_i64(),
        Some(order)
    );
    h.say_private(CHIEF, "/list mine");
    let ask = h.wait_text(CHIEF.id, "哪个村").await;
    h.press(CHIEF, &ask, "幸福村").await;
    h.wait_for("the question answered", |c| {
        c.method == "editMessageText" && text(c).contains("幸福村")
    })
    .await;
    let list = h.wait_text(CHIEF.id, "路灯").await;
    assert!(text(&list).contains("#1"), "{}", text(&list));
    h.settle().await;
    let to_group = h
        .api
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(GROUP))
        .filter(|c| text(c).contains("📋 工单 #1"))
        .count();
    assert_eq!(
        to_group, 0,
        "the card of a private order is not posted in the group"
    );
}
both_backends!(private_order_e2e, through_telegram);

/// `import` and `export --village NAME` refuse a name two villages share and list both; a chat
/// id (negative, as Telegram numbers groups) names one.
async fn shared_names(db: &str) {
    use villagebot::domain::{ChatId, UserId};
    use villagebot::store::{people, villages, Store};
    let store = Store::open(db).await.expect("store");
    let mut conn = store.conn().await.expect("conn");
    let cadre = people::seen(&mut conn, UserId(CADRE.id), None, "Li", 0)
        .await
        .expect("person");
    for (chat, name) in [(GROUP, "幸福村"), (OTHER, "幸福村"), (-42, "和平村")] {
        villages::setup(&mut conn, ChatId(chat), name, "zh-CN", cadre.id, 0)
            .await
            .expect("village");
    }
    drop(conn);
    store.close().await;
    let backend = if db.starts_with("postgres") {
        "pg"
    } else {
        "sqlite"
    };
    let roster =
        std::env::temp_dir().join(format!("villages_{}_{backend}.csv", std::process::id()));
    std::fs::write(
        &roster,
        "kind,neighbourhood,team,username,name,categories\nneighbourhood,三组,,,,\n",
    )
    .expect("roster");
    let roster = roster.display().to_string();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_villagebot"))
            .args(args)
            .env("DATABASE_URL", db)
            .output()
            .expect("run");
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.success(), text(&out.stdout), text(&out.stderr))
    };
    for args in [
        vec!["export", "--village", "幸福村"],
        vec!["import", &roster, "--village", "幸福村"],
    ] {
        let (ok, out, err) = run(&args);
        assert!(
            !ok && out.is_empty(),
            "{args:?} must refuse a shared name: {out}"
        );
        let (a, b) = (GROUP.to_string(), OTHER.to_string());
        assert!(
            err.contains("2 villages") && err.contains(&a) && err.contains(&b),
            "both are listed with their chat ids: {err}"
        );
    }
    let other = OTHER.to_string();
    let (ok, out, err) = run(&["export", "--village", &other]);
    assert!(ok && out.contains("village,ticket"), "{err}");
    let (ok, _, err) = run(&["import", &roster, "--village", "和平村"]);
    assert!(ok, "a name only one village has: {err}");
    let _ = std::fs::remove_file(&roster);
}
both_backends!(ambiguous_village_names, shared_names);
