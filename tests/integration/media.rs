//! Photos, locations and voice on tickets, through the fake Bot API on both backends: a captioned
//! photo is classified by its caption and its photo goes to the holder and with `/ticket`; a pin
//! answering the card (or the requester's, soon after) puts a map link on the card; a voice
//! message answered with `#报修` is a ticket for its sender; a holder finishes with a photo.

use serde_json::{json, Value};

use crate::both_backends;
use crate::support::{
    button_data, fake_api, text, Call, Harness, User, CHIEF, GROUP, RESIDENT, STRANGER,
};

/// A user's message with extra fields (photo, voice, location, reply); returns its id.
fn post(h: &Harness, chat: i64, from: User, fields: Value) -> i64 {
    let id = h.api.next_message_id(chat);
    let mut msg = json!({"message_id": id, "date": 1_800_000_000,
        "chat": fake_api::chat_json(chat), "from": from.json()});
    if let (Some(m), Some(f)) = (msg.as_object_mut(), fields.as_object()) {
        m.extend(f.clone());
    }
    h.api.push_update(json!({ "message": msg }));
    id
}

fn photo(id: &str) -> Value {
    json!([{"file_id": "thumb", "file_unique_id": "t", "width": 90, "height": 60},
           {"file_id": id, "file_unique_id": id, "width": 1280, "height": 960}])
}

/// The bot's message as a reply target.
fn bot_message(to: &Call) -> Value {
    let chat = to.params["chat_id"].as_i64().unwrap_or(0);
    json!({"message_id": to.message_id, "date": 1_800_000_000, "chat": fake_api::chat_json(chat),
        "from": fake_api::bot_user(), "text": text(to)})
}

fn sent_media(h: &Harness, chat: i64, file: &str) -> bool {
    h.api.calls().iter().any(|c| {
        c.method == "sendPhoto"
            && c.params["chat_id"].as_i64() == Some(chat)
            && c.params.to_string().contains(file)
    })
}

async fn media_on_tickets(db: &str) {
    let h = Harness::start(db).await;
    h.village_with_chief().await;

    let caption = "三组桥头的护栏断了 麻烦来修";
    post(
        &h,
        GROUP,
        RESIDENT,
        json!({"photo": photo("rail-photo"), "caption": caption}),
    );
    let card = h.wait_text(GROUP, "工单 #1").await;
    let prompt = h.wait_text(CHIEF.id, "新工单 #1").await;
    h.wait_for("the photo goes to the holder", |_| {
        sent_media(&h, CHIEF.id, "rail-photo")
    })
    .await;

    post(
        &h,
        GROUP,
        RESIDENT,
        json!({"location": {"latitude": 31.2304, "longitude": 121.4737},
        "reply_to_message": bot_message(&card)}),
    );
    h.wait_text(GROUP, "已把位置加到工单 #1").await;
    h.wait_for("a map link on the card", |c| {
        c.method == "editMessageText"
            && text(c).contains("uri.amap.com/marker?position=121.473700,31.230400")
    })
    .await;
    post(
        &h,
        GROUP,
        RESIDENT,
        json!({"location": {"latitude": 95.0, "longitude": 0.0}}),
    );
    h.settle().await;
    let pins = "SELECT COUNT(*) FROM ticket_attachments WHERE kind = 'location'";
    assert_eq!(
        crate::support::count(&h.store, pins).await,
        1,
        "a pin off the Earth, by the requester within minutes, is still ignored"
    );
    h.say_private(CHIEF, "/ticket #1");
    h.wait_text(CHIEF.id, "办理记录").await;
    h.wait_for("/ticket shows the photo", |_| {
        h.api
            .calls_of("sendPhoto")
            .iter()
            .filter(|c| c.params.to_string().contains("rail-photo"))
            .count()
            >= 2
    })
    .await;

    let voice = post(
        &h,
        GROUP,
        STRANGER,
        json!({"voice": {"file_id": "grandma-voice",
        "file_unique_id": "v1", "duration": 7, "mime_type": "audio/ogg"}}),
    );
    h.settle().await;
    let before = crate::support::count(&h.store, "SELECT COUNT(*) FROM tickets").await;
    assert_eq!(before, 1, "a voice message alone is no ticket");
    let voice_msg = json!({"message_id": voice, "date": 1_800_000_000, "chat": fake_api::chat_json(GROUP),
        "from": STRANGER.json(), "voice": {"file_id": "grandma-voice", "file_unique_id": "v1", "duration": 7, "mime_type": "audio/ogg"}});
    post(
        &h,
        GROUP,
        CHIEF,
        json!({"text": "#报修 孙大爷说他家水管冻裂了", "reply_to_message": voice_msg}),
    );
    let card2 = h.wait_text(GROUP, "工单 #2").await;
    assert_eq!(
        card2.params["reply_parameters"]["message_id"].as_i64(),
        Some(voice)
    );
    assert!(text(&card2).contains("水管冻裂"), "{}", text(&card2));
    let requester = "SELECT COUNT(*) FROM tickets t JOIN people p ON p.id = t.requester_id \
                     WHERE t.no = 2 AND p.tg_user_id = 106";
    assert_eq!(
        crate::support::count(&h.store, requester).await,
        1,
        "the voice's sender asks"
    );

    post(
        &h,
        CHIEF.id,
        CHIEF,
        json!({"photo": photo("fixed-photo"), "caption": "完成 换了新护栏",
        "reply_to_message": bot_message(&prompt)}),
    );
    let closure = h
        .wait_for("the closure carries the finishing photo", |c| {
            c.method == "sendPhoto"
                && c.params["chat_id"].as_i64() == Some(GROUP)
                && c.params.to_string().contains("fixed-photo")
        })
        .await;
    let words = closure.params["caption"].as_str().unwrap_or_default();
    assert!(words.contains("已办结"), "{words}");
    assert!(
        button_data(&closure, "5⭐").is_some(),
        "the photo carries the rating buttons: {}",
        closure.params
    );
    h.press(RESIDENT, &closure, "5⭐").await;
    h.settle().await;
    let rated = "SELECT COUNT(*) FROM tickets WHERE no = 1 AND rating = 5";
    assert_eq!(crate::support::count(&h.store, rated).await, 1);
    let kept =
        "SELECT COUNT(*) FROM ticket_attachments WHERE role = 'done' AND value = 'fixed-photo'";
    assert_eq!(crate::support::count(&h.store, kept).await, 1);
    h.stop().await;
}
both_backends!(media_e2e, media_on_tickets);

/// A photo whose caption the parser is unsure about: once its poster says to record it, the
/// ticket keeps the photo and its holder receives it.
async fn asked_photo_keeps_its_media(db: &str) {
    let h = Harness::start(db).await;
    h.village_with_chief().await;
    let caption = h.unsure_text();
    post(
        &h,
        GROUP,
        RESIDENT,
        json!({"photo": photo("asked-photo"), "caption": caption}),
    );
    let ask = h.wait_text(GROUP, "需要登记为工单").await;
    h.press(RESIDENT, &ask, "登记").await;
    h.wait_text(GROUP, "工单 #1").await;
    h.wait_for("the photo goes to the holder", |_| {
        sent_media(&h, CHIEF.id, "asked-photo")
    })
    .await;
    let kept =
        "SELECT COUNT(*) FROM ticket_attachments WHERE role = 'request' AND value = 'asked-photo'";
    assert_eq!(crate::support::count(&h.store, kept).await, 1);
    h.stop().await;
}
both_backends!(asked_media_e2e, asked_photo_keeps_its_media);
