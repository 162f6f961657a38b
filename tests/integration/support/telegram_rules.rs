//! What Telegram's Bot API refuses in a call, as its documentation and behaviour state: bad HTML,
//! empty or too long text, too long captions, toasts and button data, and edits that change nothing.

use serde_json::Value;

use super::telegram_html;

/// Text of a message after entity parsing, in UTF-16 code units.
pub const MAX_TEXT: usize = 4096;
pub const MAX_CAPTION: usize = 1024;
pub const MAX_CALLBACK_DATA: usize = 64;
pub const MAX_TOAST: usize = 200;

/// What a message the fake delivered looks like now, for "message is not modified".
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub text: String,
    pub markup: Value,
    /// A photo, video or voice message: its words are a caption, which editMessageText cannot change.
    pub media: bool,
}

/// `Err` with Telegram's description when it would refuse the call. `shown` is the message an
/// edit targets, if the fake delivered it.
pub fn refuse(method: &str, params: &Value, shown: Option<&Shown>) -> Result<(), String> {
    match method {
        "sendMessage" => text(params, "text", MAX_TEXT).and_then(|_| markup(params)),
        "editMessageText" => {
            text(params, "text", MAX_TEXT)?;
            markup(params)?;
            if shown.is_some_and(|s| s.media) {
                return Err("Bad Request: there is no text in the message to edit".into());
            }
            edit(params, shown)
        }
        "editMessageReplyMarkup" => {
            markup(params)?;
            edit(params, shown)
        }
        "sendDocument" | "sendPhoto" | "sendVideo" | "sendVoice" => {
            file_id(params)?;
            caption(params).and_then(|_| markup(params))
        }
        "answerCallbackQuery" => {
            let toast = params["text"].as_str().unwrap_or("");
            if toast.chars().count() > MAX_TOAST {
                return Err("Bad Request: MESSAGE_TOO_LONG".into());
            }
            Ok(())
        }
        "setWebhook" => webhook(params),
        _ => Ok(()),
    }
}

/// setWebhook: an http(s) URL (a local Bot API server takes plain HTTP), a secret of 1-256
/// characters of A-Z, a-z, 0-9, `_` and `-`, and 1-100 connections.
fn webhook(params: &Value) -> Result<(), String> {
    let url = params["url"].as_str().unwrap_or("");
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err("Bad Request: bad webhook: An HTTPS URL must be provided for webhook".into());
    }
    if let Some(secret) = params.get("secret_token").and_then(Value::as_str) {
        let allowed = secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if secret.is_empty() || secret.len() > 256 || !allowed {
            return Err("Bad Request: secret token contains unallowed characters".into());
        }
    }
    match params.get("max_connections").and_then(Value::as_i64) {
        Some(n) if !(1..=100).contains(&n) => {
            Err("Bad Request: bad webhook: max_connections must be between 1 and 100".into())
        }
        _ => Ok(()),
    }
}

/// Checks a message the app queued in its outbox (kind and JSON payload) as Telegram would
/// check the call that delivers it; edits are checked as new messages.
pub fn check_queued(kind: &str, payload: &Value) -> Result<(), String> {
    let keyboard: Vec<Value> = payload["buttons"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            let row = row.as_array().cloned().unwrap_or_default();
            Value::Array(
                row.iter()
                    .map(|b| serde_json::json!({"text": b["text"], "callback_data": b["data"]}))
                    .collect(),
            )
        })
        .collect();
    let params = serde_json::json!({"text": payload["text"], "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": keyboard}});
    match kind {
        "send" | "edit" | "edit_card" => refuse("sendMessage", &params, None),
        "answer" => refuse("answerCallbackQuery", payload, None),
        "media" => {
            let method = match payload["media"].as_str() {
                Some("video") => "sendVideo",
                Some("voice") => "sendVoice",
                _ => "sendPhoto",
            };
            let p = serde_json::json!({"caption": payload["caption"], "parse_mode": "HTML",
                "photo": payload["file_id"], "video": payload["file_id"], "voice": payload["file_id"]});
            refuse(method, &p, None)
        }
        _ => Ok(()),
    }
}

/// A file sent again by id needs the id: Telegram refuses an empty one.
fn file_id(params: &Value) -> Result<(), String> {
    let empty = ["photo", "video", "voice"]
        .iter()
        .filter_map(|k| params[*k].as_str())
        .any(|v| v.trim().is_empty());
    if empty {
        return Err("Bad Request: wrong file identifier/HTTP URL specified".into());
    }
    Ok(())
}

fn text(params: &Value, field: &str, max: usize) -> Result<(), String> {
    let raw = params[field].as_str().unwrap_or("");
    let visible = parsed(params, raw)?;
    if visible.trim().is_empty() {
        return Err("Bad Request: message text is empty".into());
    }
    if utf16(&visible) > max {
        return Err("Bad Request: message is too long".into());
    }
    Ok(())
}

fn caption(params: &Value) -> Result<(), String> {
    let Some(raw) = params["caption"].as_str() else {
        return Ok(());
    };
    if utf16(&parsed(params, raw)?) > MAX_CAPTION {
        return Err("Bad Request: message caption is too long".into());
    }
    Ok(())
}

/// The text as Telegram shows it: HTML checked and reduced to its visible characters.
fn parsed(params: &Value, raw: &str) -> Result<String, String> {
    if params["parse_mode"].as_str() != Some("HTML") {
        return Ok(raw.to_string());
    }
    telegram_html::check(raw).map_err(|e| format!("Bad Request: can't parse entities: {e}"))?;
    Ok(telegram_html::visible(raw))
}

fn utf16(text: &str) -> usize {
    text.encode_utf16().count()
}

fn markup(params: &Value) -> Result<(), String> {
    let Some(rows) = params["reply_markup"]["inline_keyboard"].as_array() else {
        return Ok(());
    };
    for button in rows
        .iter()
        .flat_map(|r| r.as_array().cloned().unwrap_or_default())
    {
        if button["text"].as_str().unwrap_or("").trim().is_empty() {
            return Err("Bad Request: text buttons are unallowed in the inline keyboard".into());
        }
        if let Some(data) = button["callback_data"].as_str() {
            if data.is_empty() || data.len() > MAX_CALLBACK_DATA {
                return Err("Bad Request: BUTTON_DATA_INVALID".into());
            }
        }
    }
    Ok(())
}

fn edit(params: &Value, shown: Option<&Shown>) -> Result<(), String> {
    let Some(shown) = shown else {
        return Err("Bad Request: message to edit not found".into());
    };
    let text_same = params["text"].as_str().is_none_or(|t| t == shown.text);
    let markup_same = params["reply_markup"] == shown.markup
        || (params.get("reply_markup").is_none() && shown.markup.is_null());
    if text_same && markup_same {
        return Err("Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message".into());
    }
    Ok(())
}

#[test]
fn refuses_what_telegram_refuses() {
    use serde_json::json;
    let html = |t: &str| json!({"chat_id": 1, "text": t, "parse_mode": "HTML"});
    assert!(refuse("sendMessage", &html("<b>ok</b> &lt;"), None).is_ok());
    assert!(refuse("sendMessage", &html("done <note>"), None).is_err());
    assert!(refuse("sendMessage", &html(""), None).is_err());
    assert!(refuse("sendMessage", &html("<b> </b>"), None).is_err());
    let long = "路".repeat(4096);
    assert!(refuse("sendMessage", &html(&format!("<b>{long}</b>")), None).is_ok());
    assert!(refuse("sendMessage", &html(&format!("{long}x")), None).is_err());
    // An emoji is two UTF-16 code units.
    assert!(refuse("sendMessage", &html(&"😀".repeat(2049)), None).is_err());
    let button = |d: &str| json!({"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "b", "callback_data": d}]]}});
    assert!(refuse("sendMessage", &button(&"a".repeat(64)), None).is_ok());
    assert!(refuse("sendMessage", &button(&"a".repeat(65)), None).is_err());
    let shown = Shown {
        text: "x".into(),
        markup: Value::Null,
        media: false,
    };
    let edit = json!({"chat_id": 1, "message_id": 1, "text": "x", "parse_mode": "HTML"});
    assert!(refuse("editMessageText", &edit, Some(&shown)).is_err());
    assert!(refuse("editMessageText", &edit, None).is_err());
    let changed = json!({"chat_id": 1, "message_id": 1, "text": "y"});
    assert!(refuse("editMessageText", &changed, Some(&shown)).is_ok());
    let photo = Shown {
        media: true,
        ..shown
    };
    assert!(refuse("editMessageText", &changed, Some(&photo)).is_err());
}
