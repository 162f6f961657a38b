//! End-to-end flows of the order desk through teloxide and the fake Bot API, on both backends.

use crate::both_backends;
use crate::support::{button_data, text, Harness, CHIEF, GROUP, RESIDENT, STRANGER};

/// Setup, a chief, a household, a request in plain words, the prompt, accept, done, rating.
async fn order_from_words_to_rating(db: &str) {
    let h = Harness::start(db).await;
    h.village_with_chief().await;

    let asked = h.say(RESIDENT, "村口路灯坏了三天了，晚上看不见路");
    let card = h.wait_text(GROUP, "工单 #1").await;
    assert_eq!(
        card.params["reply_parameters"]["message_id"].as_i64(),
        Some(asked),
        "card replies to the request"
    );
    assert!(
        text(&card).contains("维修") && text(&card).contains("Wang Wu"),
        "{}",
        text(&card)
    );
    let prompt = h.wait_text(CHIEF.id, "新工单 #1").await;
    assert!(button_data(&prompt, "接单").is_some());

    h.press(CHIEF, &prompt, "接单").await;
    h.wait_for("card edited to in progress", |c| {
        c.method == "editMessageText" && text(c).contains("办理中")
    })
    .await;
    h.reply(CHIEF, &prompt, "明天上午带灯泡去");
    h.wait_for("note on card", |c| {
        c.method == "editMessageText" && text(c).contains("明天上午带灯泡去")
    })
    .await;
    h.reply(CHIEF, &prompt, "完成 换了新灯泡");
    let closure = h.wait_text(GROUP, "已办结").await;
    assert_eq!(
        closure.params["reply_parameters"]["message_id"].as_i64(),
        Some(asked)
    );
    assert!(text(&closure).contains("换了新灯泡"));

    h.press(STRANGER, &closure, "5⭐").await;
    h.wait_for("stranger refused", |c| {
        c.method == "answerCallbackQuery"
            && c.params["text"].as_str().unwrap_or("").contains("报单人")
    })
    .await;
    h.press(RESIDENT, &closure, "5⭐").await;
    h.wait_for("card closed", |c| {
        c.method == "editMessageText" && text(c).contains("已关闭")
    })
    .await;
    h.settle().await;

    let mut conn = h.store.conn().await.expect("conn");
    let (state, rating): (String, Option<i64>) =
        sqlx::query_as("SELECT state, rating FROM tickets WHERE no = 1")
            .fetch_one(&mut *conn)
            .await
            .expect("ticket");
    assert_eq!((state.as_str(), rating), ("closed", Some(5)));
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ticket_events")
        .fetch_one(&mut *conn)
        .await
        .expect("events");
    assert!(
        events >= 7,
        "created, assigned, taken, noted, resolved, rated, closed: {events}"
    );
    drop(conn);
    h.stop().await;
}
both_backends!(order_from_words_to_rating_e2e, order_from_words_to_rating);

/// Only a group admin may set the village up; chat and questions get no answer at all.
async fn setup_is_guarded_and_chat_is_quiet(db: &str) {
    let h = Harness::start(db).await;
    h.say(STRANGER, "/setup 假村");
    h.wait_text(GROUP, "只有群管理员").await;
    h.setup_village().await;
    let before = h.api.calls_of("sendMessage").len();
    h.say(RESIDENT, "谢谢王书记修好了路灯");
    h.say(RESIDENT, "明天停水检修，请大家提前储水");
    h.say(RESIDENT, "大家早上好");
    h.settle().await;
    assert_eq!(
        h.api.calls_of("sendMessage").len(),
        before,
        "no replies to chat, notices or greetings"
    );
    let villages = crate::support::count(&h.store, "SELECT COUNT(*) FROM villages").await;
    assert_eq!(villages, 1);
    h.stop().await;
}
both_backends!(setup_guard_e2e, setup_is_guarded_and_chat_is_quiet);

/// The command menu is registered in both languages; cadre commands only for administrators.
async fn command_menus_in_both_languages(db: &str) {
    let h = Harness::start(db).await;
    let menus = h.api.calls_of("setMyCommands");
    let find = |code: Option<&str>, scope: &str| {
        menus
            .iter()
            .find(|c| {
                c.params["language_code"].as_str() == code
                    && c.params["scope"]["type"].as_str() == Some(scope)
            })
            .map(|c| c.params["commands"].to_string())
    };
    let zh = find(Some("zh"), "default").expect("zh menu");
    let en = find(Some("en"), "default").expect("en menu");
    assert!(
        zh.contains("报单") && en.contains("place an order"),
        "{zh} {en}"
    );
    assert!(
        !zh.contains("\"assign\""),
        "residents do not see cadre commands: {zh}"
    );
    let admins = find(Some("zh"), "all_chat_administrators").expect("admin menu");
    assert!(
        admins.contains("\"assign\"") && admins.contains("\"setup\""),
        "{admins}"
    );
    assert!(
        find(None, "default").is_some(),
        "a default menu for clients in other languages"
    );
    h.stop().await;
}
both_backends!(command_menus_e2e, command_menus_in_both_languages);
