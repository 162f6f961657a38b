//! The buttons the bot put on each delivered message, so that a press is honoured only with the
//! data offered on the message it was pressed on.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{ChatId, MessageId};

/// Records the buttons now on a message (an edit replaces what was there; none clears it).
pub async fn offer(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
    data: &[&str],
    now: i64,
) -> Result<(), StoreError> {
    withdraw(conn, chat, message).await?;
    for d in data {
        sqlx::query(
            "INSERT INTO offered_buttons (chat_id, message_id, data, offered_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (chat_id, message_id, data) DO NOTHING",
        )
        .bind(chat.0)
        .bind(message.0)
        .bind(*d)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Takes every button off a message: a question answered, a choice made.
pub async fn withdraw(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM offered_buttons WHERE chat_id = $1 AND message_id = $2")
        .bind(chat.0)
        .bind(message.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a button was offered on a message (every press).
pub const OFFERED: &str =
    "SELECT 1 FROM offered_buttons WHERE chat_id = $1 AND message_id = $2 AND data = $3";

/// Whether `data` is a button the bot offered on this message and has not withdrawn.
pub async fn offered(
    conn: &mut AnyConnection,
    chat: ChatId,
    message: MessageId,
    data: &str,
) -> Result<bool, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(OFFERED)
        .bind(chat.0)
        .bind(message.0)
        .bind(data)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}
