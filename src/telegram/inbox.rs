//! Updates as the inbox stores them, however they arrived (polled or posted to the webhook):
//! each with its id and its chat, so one instance at a time handles a chat's updates in order.

use teloxide::types::{AllowedUpdate, Update};

use super::convert;
use crate::app::App;
use crate::store::inbox::{self, Received};

/// The kinds of update the bot asks Telegram for.
pub fn allowed_updates() -> [AllowedUpdate; 3] {
    [
        AllowedUpdate::Message,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::MyChatMember,
    ]
}

/// An update as stored; `None` if it cannot be written back as JSON (never seen).
pub fn received(update: &Update) -> Option<Received> {
    let payload = serde_json::to_string(update).ok()?;
    Some(Received {
        update_id: i64::from(update.id.0),
        chat: chat_of(update),
        payload,
    })
}

/// The chat whose order an update belongs to (0 for none), as the processor will see it.
pub fn chat_of(update: &Update) -> i64 {
    convert::event(update).map_or(0, |e| e.chat().0)
}

/// A posted body as stored: any JSON object with a numeric `update_id`. A body Telegram's
/// types cannot read is kept too (with no chat): the processor sets it aside with the reason.
pub fn posted(body: &[u8]) -> Option<Received> {
    let text = std::str::from_utf8(body).ok()?;
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let update_id = value.get("update_id")?.as_i64()?;
    let chat = serde_json::from_value::<Update>(value).map_or(0, |u| chat_of(&u));
    Some(Received {
        update_id,
        chat,
        payload: text.to_string(),
    })
}

/// Stores updates in one commit (an update stored before is kept once).
pub async fn store_received(app: &App, rows: &[Received]) -> anyhow::Result<()> {
    let mut tx = app.store.begin().await?;
    inbox::put(&mut tx, rows, chrono::Utc::now().timestamp()).await?;
    tx.commit().await?;
    app.metrics.received(rows.len());
    Ok(())
}
