//! Villages: one per group chat, with its language, duty cadre and ticket counter.

use sqlx::{AnyConnection, FromRow};

use super::StoreError;
use crate::domain::{ChatId, PersonId, VillageId};
use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Village {
    pub id: VillageId,
    pub chat_id: ChatId,
    pub name: String,
    pub lang: Lang,
    pub duty_cadre: Option<PersonId>,
    /// The township the village belongs to.
    pub township: Option<i64>,
    /// False while a super-admin has yet to approve it (`telegram.setup_approval`).
    pub approved: bool,
}

#[derive(FromRow)]
struct VillageRow {
    id: i64,
    chat_id: i64,
    name: String,
    lang: String,
    duty_cadre_id: Option<i64>,
    township_id: Option<i64>,
    approved: i64,
}

impl From<VillageRow> for Village {
    fn from(r: VillageRow) -> Self {
        Village {
            id: VillageId(r.id),
            chat_id: ChatId(r.chat_id),
            name: r.name,
            lang: Lang::from_tag(&r.lang),
            duty_cadre: r.duty_cadre_id.map(PersonId),
            township: r.township_id,
            approved: r.approved != 0,
        }
    }
}

const COLUMNS: &str = "id, chat_id, name, lang, duty_cadre_id, township_id, approved";

pub async fn by_chat(
    conn: &mut AnyConnection,
    chat: ChatId,
) -> Result<Option<Village>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM villages WHERE chat_id = $1");
    let row: Option<VillageRow> = sqlx::query_as(&sql)
        .bind(chat.0)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(Village::from))
}

pub async fn by_id(conn: &mut AnyConnection, id: VillageId) -> Result<Option<Village>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM villages WHERE id = $1");
    let row: Option<VillageRow> = sqlx::query_as(&sql).bind(id.0).fetch_optional(conn).await?;
    Ok(row.map(Village::from))
}

/// Creates the village of a chat, or renames it when it exists; the one who set it up becomes the
/// duty cadre.
pub async fn setup(
    conn: &mut AnyConnection,
    chat: ChatId,
    name: &str,
    lang: &str,
    duty_cadre: PersonId,
    now: i64,
) -> Result<Village, StoreError> {
    sqlx::query(
        "INSERT INTO villages (chat_id, name, lang, duty_cadre_id, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (chat_id) DO UPDATE SET name = excluded.name, duty_cadre_id = excluded.duty_cadre_id",
    )
    .bind(chat.0)
    .bind(name)
    .bind(lang)
    .bind(duty_cadre.0)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    by_chat(conn, chat)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("village of chat {chat} vanished")))
}

/// Marks a village approved or waiting for approval.
pub async fn set_approved(
    conn: &mut AnyConnection,
    id: VillageId,
    approved: bool,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE villages SET approved = $1 WHERE id = $2")
        .bind(i64::from(approved))
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_lang(
    conn: &mut AnyConnection,
    id: VillageId,
    lang: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE villages SET lang = $1 WHERE id = $2")
        .bind(lang)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(())
}

/// Hands out the next per-village ticket number.
pub async fn next_ticket_no(conn: &mut AnyConnection, id: VillageId) -> Result<i64, StoreError> {
    let (no,): (i64,) = sqlx::query_as(
        "UPDATE villages SET next_ticket_no = next_ticket_no + 1 WHERE id = $1 RETURNING next_ticket_no - 1",
    )
    .bind(id.0)
    .fetch_one(conn)
    .await?;
    Ok(no)
}

/// A basic group became a supergroup: everything that names the old chat follows the new one.
pub async fn migrate_chat(
    conn: &mut AnyConnection,
    from: ChatId,
    to: ChatId,
) -> Result<bool, StoreError> {
    let moved = sqlx::query("UPDATE villages SET chat_id = $1 WHERE chat_id = $2")
        .bind(to.0)
        .bind(from.0)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    for table in ["tickets", "pending_intakes"] {
        sqlx::query(&format!(
            "UPDATE {table} SET chat_id = $1 WHERE chat_id = $2"
        ))
        .bind(to.0)
        .bind(from.0)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE outbox SET chat_id = $1 WHERE chat_id = $2 AND status = 'pending'")
        .bind(to.0)
        .bind(from.0)
        .execute(&mut *conn)
        .await?;
    Ok(moved > 0)
}

/// Villages by name or by their group's chat id, as a deployer types it on the command line: a
/// chat id names one, a name may be shared by villages of different townships.
pub async fn find(
    conn: &mut AnyConnection,
    name_or_chat: &str,
) -> Result<Vec<Village>, StoreError> {
    if let Ok(chat) = name_or_chat.trim().parse::<i64>() {
        if let Some(v) = by_chat(conn, ChatId(chat)).await? {
            return Ok(vec![v]);
        }
    }
    let sql = format!("SELECT {COLUMNS} FROM villages WHERE name = $1 ORDER BY id");
    let rows: Vec<VillageRow> = sqlx::query_as(&sql)
        .bind(name_or_chat.trim())
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(Village::from).collect())
}

/// Villages by id, in the order asked (those gone are left out).
pub async fn by_ids(
    conn: &mut AnyConnection,
    ids: &[VillageId],
) -> Result<Vec<Village>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(v) = by_id(conn, *id).await? {
            out.push(v);
        }
    }
    Ok(out)
}

/// Every village, for start-up housekeeping.
pub async fn all_ids(conn: &mut AnyConnection) -> Result<Vec<VillageId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM villages ORDER BY id")
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| VillageId(r.0)).collect())
}
