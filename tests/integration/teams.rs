//! Team orders, passing up the ladder, low ratings and the cadre's commands, on both backends.

use crate::both_backends;
use crate::support::{
    button_data, text, Harness, CADRE, CAPTAIN, CHIEF, GROUP, MEMBER, RESIDENT, STRANGER,
};

/// A team ticket: the captain dispatches it to a member, who accepts by replying.
async fn team_order_is_dispatched(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/team 维修队 repair,hazard");
    h.wait_text(GROUP, "维修队").await;
    h.say(CADRE, "/captain @zhao_cap 维修队");
    h.wait_text(GROUP, "队长").await;
    h.say(MEMBER, "/volunteer 维修队");
    let ask = h.wait_text(GROUP, "申请加入志愿队").await;
    h.press(CAPTAIN, &ask, "批准").await;
    h.wait_for("approved", |c| {
        c.method == "editMessageText" && text(c).contains("批准")
    })
    .await;
    h.say(CAPTAIN, "好的");

    h.say(RESIDENT, "二组的自来水管爆了，到处都是水");
    let prompt = h
        .wait_for("team prompt", |c| {
            c.method == "sendMessage"
                && text(c).contains("维修队")
                && button_data(c, "Qian").is_some()
        })
        .await;
    assert!(
        text(&prompt).contains("tg://user?id=104"),
        "captain is mentioned: {}",
        text(&prompt)
    );

    h.press(MEMBER, &prompt, "Qian").await;
    h.wait_for("member may not dispatch", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("没有权限")
    })
    .await;
    h.press(CAPTAIN, &prompt, "Qian").await;
    let member_prompt = h
        .wait_for("prompt to the member", |c| {
            c.method == "sendMessage"
                && text(c).contains("tg://user?id=105")
                && text(c).contains("新工单")
        })
        .await;
    h.reply(MEMBER, &member_prompt, "接单");
    h.wait_for("in progress", |c| {
        c.method == "editMessageText" && text(c).contains("办理中") && text(c).contains("Qian Qi")
    })
    .await;
    h.settle().await;
    h.stop().await;
}
both_backends!(team_dispatch_e2e, team_order_is_dispatched);

/// A chief passes a ticket up; the duty cadre gets it with its history; the top refuses.
async fn pass_up_reaches_the_cadre(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(RESIDENT, "/home 三组");
    h.wait_text(GROUP, "已登记").await;
    h.say(CHIEF, "我在");
    h.say(RESIDENT, "#报修 村东头的桥栏杆断了");
    let prompt = h
        .wait_for("the card prompts the chief in the group", |c| {
            c.method == "sendMessage"
                && text(c).contains("tg://user?id=102")
                && text(c).contains("🔔")
        })
        .await;
    // The reply must find the card's message id, which the bot records once the send returns.
    h.settle().await;
    h.reply(CHIEF, &prompt, "上报 需要村里出钱换栏杆");
    let up = h
        .wait_for("cadre prompt with history", |c| {
            c.method == "sendMessage"
                && text(c).contains("tg://user?id=101")
                && text(c).contains("需要村里出钱换栏杆")
        })
        .await;
    h.wait_for("card at village level", |c| {
        c.method == "editMessageText" && text(c).contains("村委会")
    })
    .await;
    h.press(CADRE, &up, "上报").await;
    h.wait_for("top refuses", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("最高一级")
    })
    .await;
    h.settle().await;
    h.stop().await;
}
both_backends!(pass_up_e2e, pass_up_reaches_the_cadre);

/// One or two stars reopen the ticket and tell the duty cadre.
async fn low_rating_reopens(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(RESIDENT, "/order 村口垃圾桶满了没人清");
    let prompt = h
        .wait_for("the card prompts the cadre", |c| {
            c.method == "sendMessage" && text(c).contains("工单 #1") && text(c).contains("🔔")
        })
        .await;
    h.press(CADRE, &prompt, "完成").await;
    let closure = h.wait_text(GROUP, "已办结").await;
    h.press(RESIDENT, &closure, "1⭐").await;
    h.wait_text(GROUP, "只打了 1 星").await;
    h.wait_for("card reopened", |c| {
        c.method == "editMessageText" && text(c).contains("已派单") && text(c).contains("⭐")
    })
    .await;
    h.settle().await;
    h.stop().await;
}
both_backends!(low_rating_e2e, low_rating_reopens);

/// Cadre commands work; residents see only their commands and may cancel only their own tickets.
async fn cadre_commands(db: &str) {
    let h = Harness::start(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(RESIDENT, "/order 三组路灯不亮了");
    h.wait_text(GROUP, "工单 #1").await;
    h.say(STRANGER, "/order 五组下水道堵了");
    h.wait_text(GROUP, "工单 #2").await;

    h.say(RESIDENT, "/help");
    let help = h.wait_text(GROUP, "可用命令").await;
    assert!(
        !text(&help).contains("/assign") && text(&help).contains("/order"),
        "{}",
        text(&help)
    );
    h.say(RESIDENT, "/assign #1 @wang_chief");
    h.wait_text(GROUP, "只有村干部").await;
    h.say(RESIDENT, "/cancel #2");
    h.wait_text(GROUP, "没有权限").await;

    h.say(CADRE, "/assign #1 @wang_chief");
    h.wait_for("card reassigned", |c| {
        c.method == "editMessageText" && text(c).contains("wang_chief")
    })
    .await;
    h.say(CADRE, "/list");
    let list = h.wait_text(GROUP, "工单列表").await;
    assert!(
        text(&list).contains("#1") && text(&list).contains("#2"),
        "{}",
        text(&list)
    );
    h.say(CADRE, "/close #2 已经疏通");
    h.wait_for("closed", |c| {
        c.method == "editMessageText" && text(c).contains("已关闭")
    })
    .await;
    h.say(CADRE, "/ticket #2");
    let history = h.wait_text(GROUP, "办理记录").await;
    assert!(
        text(&history).contains("已经疏通") && text(&history).contains("报单"),
        "{}",
        text(&history)
    );
    h.say(CADRE, "/reopen #2");
    h.say(STRANGER, "/cancel #2");
    h.wait_for("cancelled", |c| {
        c.method == "editMessageText" && text(c).contains("已撤销")
    })
    .await;
    h.say(CADRE, "/assign");
    h.wait_text(GROUP, "用法：/assign").await;
    h.say(CADRE, "/ticket #99");
    h.wait_text(GROUP, "没有找到工单 #99").await;
    h.say(CADRE, "/help");
    let help = h
        .wait_for("cadre help", |c| {
            c.method == "sendMessage" && text(c).contains("可用命令") && text(c).contains("/assign")
        })
        .await;
    assert!(text(&help).contains("/close"));
    h.settle().await;
    h.stop().await;
}
both_backends!(cadre_commands_e2e, cadre_commands);
