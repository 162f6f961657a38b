//! Messages the bot was unsure about and asked the poster whether to record as tickets.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{ChatId, MessageId, PersonId, VillageId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: i64,
    pub village: VillageId,
    pub chat: ChatId,
    pub message: MessageId,
    pub person: PersonId,
    pub body: String,
    pub decided: bool,
    /// The message's photo, video or voice: its kind and Telegram file id.
    pub media: Option<(String, String)>,
}

/// Remembers the question; `None` when this message was asked about already.
pub async fn insert(
    conn: &mut AnyConnection,
    village: VillageId,
    chat: ChatId,
    message: MessageId,
    person: PersonId,
    body: &str,
    now: i64,
) -> Result<Option<i64>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO pending_intakes (village_id, chat_id, message_id, person_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (chat_id, message_id) DO NOTHING RETURNING id",
    )
    .bind(village.0)
    .bind(chat.0)
    .bind(message.0)
    .bind(person.0)
    .bind(body)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Keeps the photo, video or voice of a message asked about.
pub async fn set_media(
    conn: &mut AnyConnection,
    id: i64,
    kind: &str,
    file_id: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE pending_intakes SET media_kind = $1, media_file = $2 WHERE id = $3")
        .bind(kind)
        .bind(file_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

type PendingRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
);

pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<Pending>, StoreError> {
    let row: Option<PendingRow> = sqlx::query_as(
        "SELECT id, village_id, chat_id, message_id, person_id, body, decided_at, media_kind, \
         media_file FROM pending_intakes WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(id, v, c, m, p, body, decided, kind, file)| Pending {
            id,
            village: VillageId(v),
            chat: ChatId(c),
            message: MessageId(m),
            person: PersonId(p),
            body,
            decided: decided.is_some(),
            media: kind.zip(file),
        }),
    )
}

pub async fn decide(conn: &mut AnyConnection, id: i64, now: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE pending_intakes SET decided_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
