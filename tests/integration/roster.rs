//! Roster import from a messy spreadsheet export, through the real binary, on both backends.

use crate::both_backends;
use crate::support::sim::{at, Sim};
use crate::support::{count, import, CADRE};

const MESSY: &str = "\u{feff}kind,neighbourhood,team,username,name,categories,phone\r\n\
neighbourhood,三组,,,,,\r\n\
\r\n\
chief,三组,,@WangWu,王五,,13800000000\r\n\
household,三组,,@zhangsan,张三,,\r\n\
household,三组,,@zhangsan,张三,,\r\n\
household,五组,,@lisi,李四,,\r\n\
team,,维修队,,,\"repair, hazard\",\r\n\
captain,,维修队,@zhaoliu,赵六,,\r\n\
volunteer,,帮扶队,@qianqi,钱七,,\r\n\
mayor,三组,,@sunba,孙八,,\r\n\
chief,,,@sunba,孙八,,\r\n\
household,三组,,wang wu,,,\r\n\
team,,巡逻队,,,patrol,\r\n\
neighbourhood,长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长,,,,,\r\n\
\r\n";

async fn messy_roster(db: &str) {
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |_| {}).await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    let file = std::env::temp_dir().join(format!("roster_{}_{}.csv", std::process::id(), db.len()));
    std::fs::write(&file, MESSY).expect("write csv");
    let file = file.display().to_string();

    let report = import(db, &file, "幸福村");
    let expected = "导入完成：成功 6 行，重复跳过 1 行，出错 6 行。\n\
第 1 行（提示）：不认识的列“phone”，已忽略。\n\
第 4 行（提示）：@wangwu 还没有和机器人说过话，TA 在群里发言后会自动关联。\n\
第 5 行（提示）：@zhangsan 还没有和机器人说过话，TA 在群里发言后会自动关联。\n\
第 6 行（提示）：与第 5 行重复，已跳过。\n\
第 7 行（提示）：@lisi 还没有和机器人说过话，TA 在群里发言后会自动关联。\n\
第 9 行（提示）：@zhaoliu 还没有和机器人说过话，TA 在群里发言后会自动关联。\n\
第 10 行：没有志愿队“帮扶队”，请先在 team 行建立。\n\
第 11 行：不认识的类型“mayor”（可用：neighbourhood、chief、household、team、captain、volunteer）。\n\
第 12 行：缺少“neighbourhood”。\n\
第 13 行：“wang wu”不是有效的 Telegram 用户名。\n\
第 14 行：不认识的分类“patrol”。\n\
第 15 行：“neighbourhood”超过 40 个字。\n";
    assert_eq!(report, expected);
    let people = count(&s.app.store, "SELECT COUNT(*) FROM people").await;
    let posts = count(
        &s.app.store,
        "SELECT COUNT(*) FROM appointments WHERE ended_at IS NULL",
    )
    .await;
    let homes = count(&s.app.store, "SELECT COUNT(*) FROM households").await;
    assert_eq!(
        (posts, homes),
        (3, 2),
        "cadre, chief, captain; two households"
    );
    assert_eq!(
        count(&s.app.store, "SELECT COUNT(*) FROM neighbourhoods").await,
        2,
        "三组 and 五组"
    );

    let again = import(db, &file, "幸福村");
    assert!(
        again.starts_with("导入完成：成功 6 行，重复跳过 1 行，出错 6 行。"),
        "{again}"
    );
    assert_eq!(
        count(&s.app.store, "SELECT COUNT(*) FROM people").await,
        people,
        "safe to run twice"
    );
    assert_eq!(
        count(
            &s.app.store,
            "SELECT COUNT(*) FROM appointments WHERE ended_at IS NULL"
        )
        .await,
        posts
    );
    assert_eq!(
        count(&s.app.store, "SELECT COUNT(*) FROM households").await,
        homes
    );
    let _ = std::fs::remove_file(&file);
}
both_backends!(roster_import_e2e, messy_roster);

/// The roster in chat: show it, end a chief, move a household, leave a team.
async fn roster_in_chat(db: &str) {
    use crate::support::{CAPTAIN, CHIEF, MEMBER, RESIDENT, STRANGER};
    let mut s = Sim::start(db, at("2026-11-23T00:00:00Z"), |_| {}).await;
    s.say_as(CADRE, "/setup 幸福村", true, false).await;
    for line in [
        "/chief @wang_chief 三组",
        "/chief @sun_x 五组",
        "/team 维修队 repair,hazard",
        "/captain @zhao_cap 维修队",
    ] {
        s.say(CADRE, line).await;
    }
    s.say(CHIEF, "在").await;
    s.say(CAPTAIN, "在").await;
    s.say(RESIDENT, "/home 三组").await;
    s.say(MEMBER, "/volunteer 维修队").await;
    let ask = s
        .new_messages()
        .await
        .into_iter()
        .find(|m| m.text.contains("申请加入志愿队"))
        .expect("asked");
    s.press(CAPTAIN, &ask, "批准").await;
    s.new_messages().await;

    s.say(CHIEF, "/roster").await;
    let roster = s.new_messages().await.pop().expect("roster").text;
    for want in [
        "片区 三组：联户长 Wang Wu，住户 1 户",
        "片区 五组：联户长 @sun_x，住户 0 户",
        "志愿队 维修队（维修、安全隐患）：★Zhao Liu、Qian Qi",
    ] {
        assert!(roster.contains(want), "{want} in {roster}");
    }
    s.say(RESIDENT, "/roster").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("只有联户长和村干部")));

    s.say(CADRE, "/move @zhang_res 五组").await;
    s.say(CADRE, "/unchief @wang_chief").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("已免去 Wang Wu")));
    s.say(STRANGER, "/unvolunteer @qian_vol 维修队").await;
    assert!(
        s.new_messages()
            .await
            .iter()
            .any(|m| m.text.contains("没有权限")),
        "a resident cannot remove others"
    );
    s.say(CAPTAIN, "/unvolunteer @qian_vol 维修队").await;
    assert!(s
        .new_messages()
        .await
        .iter()
        .any(|m| m.text.contains("Qian Qi 已退出 维修队")));
    s.say(CADRE, "/roster").await;
    let roster = s.new_messages().await.pop().expect("roster").text;
    assert!(
        roster.contains("片区 三组：联户长 （空缺），住户 0 户")
            && roster.contains("片区 五组：联户长 Sun Ba，住户 1 户"),
        "{roster}"
    );
    assert!(
        roster.contains("志愿队 维修队（维修、安全隐患）：★Zhao Liu")
            && !roster.contains("Qian Qi"),
        "{roster}"
    );

    let mut conn = s.app.store.conn().await.expect("conn");
    let (ended,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM appointments WHERE ended_at IS NOT NULL")
            .fetch_one(&mut *conn)
            .await
            .expect("count");
    assert_eq!(ended, 2, "ended appointments stay on record");
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('move', 'unchief', 'unvolunteer')",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("audit");
    assert_eq!(audited, 3, "every roster change is in the audit log");
    let (refused,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE allowed = 0")
        .fetch_one(&mut *conn)
        .await
        .expect("audit");
    assert_eq!(refused, 2, "refusals are audited too");
}
both_backends!(roster_chat_e2e, roster_in_chat);
