//! The inbox of fetched updates and the record of which updates' effects are committed.

use sqlx::AnyConnection;

use super::{StoreError, BIND_CHUNK};

/// One update as received: its id, the chat it belongs to (0: none) and its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub update_id: i64,
    pub chat: i64,
    pub payload: String,
}

/// Stores a fetched batch; an update fetched (or posted) twice is kept once.
pub async fn put(conn: &mut AnyConnection, batch: &[Received], now: i64) -> Result<(), StoreError> {
    for r in batch {
        sqlx::query("INSERT INTO inbox (update_id, chat_id, payload, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (update_id) DO NOTHING")
            .bind(r.update_id)
            .bind(r.chat)
            .bind(&r.payload)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Stored updates not yet handled, leaving out chats another instance is handling.
pub const PENDING: &str = "SELECT update_id, chat_id, payload FROM inbox WHERE handled_at IS NULL \
     AND chat_id NOT IN (SELECT chat_id FROM leases WHERE lane = 'inbox' AND holder <> $2 AND until_ms > $3) \
     ORDER BY update_id LIMIT $1";

/// Updates not yet handled, in the order Telegram numbered them, but none of a chat that
/// another instance than `me` holds at `now_ms`.
pub async fn pending(
    conn: &mut AnyConnection,
    limit: i64,
    me: &str,
    now_ms: i64,
) -> Result<Vec<Received>, StoreError> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(PENDING)
        .bind(limit)
        .bind(me)
        .bind(now_ms)
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(update_id, chat, payload)| Received {
            update_id,
            chat,
            payload,
        })
        .collect())
}

/// How many updates wait, and since when the oldest.
pub const BACKLOG: &str = "SELECT COUNT(*), MIN(received_at) FROM inbox WHERE handled_at IS NULL";

/// How many updates wait, and since when the oldest (unix seconds).
pub async fn backlog(conn: &mut AnyConnection) -> Result<(i64, Option<i64>), StoreError> {
    Ok(sqlx::query_as(BACKLOG).fetch_one(conn).await?)
}

pub async fn mark_handled(
    conn: &mut AnyConnection,
    update_id: i64,
    now: i64,
    error: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE inbox SET handled_at = $1, error = $2 WHERE update_id = $3")
        .bind(now)
        .bind(error)
        .bind(update_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records updates as handled without error, a chunk of ids per statement.
pub async fn mark_all_handled(
    conn: &mut AnyConnection,
    update_ids: &[i64],
    now: i64,
) -> Result<(), StoreError> {
    for chunk in update_ids.chunks(BIND_CHUNK) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "UPDATE inbox SET handled_at = $1, error = NULL WHERE update_id IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(now);
        for id in chunk {
            query = query.bind(*id);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Records a failed attempt at an update (its effects were rolled back). After `max` attempts the
/// update is set aside with its error, so one bad update cannot stall its chat; returns whether
/// it was.
pub async fn failed(
    conn: &mut AnyConnection,
    update_id: i64,
    error: &str,
    now: i64,
    max: i64,
) -> Result<bool, StoreError> {
    let (attempts,): (i64,) = sqlx::query_as(
        "UPDATE inbox SET attempts = attempts + 1, error = $2, \
         handled_at = CASE WHEN attempts + 1 >= $3 THEN $4 ELSE NULL END \
         WHERE update_id = $1 RETURNING attempts",
    )
    .bind(update_id)
    .bind(error)
    .bind(max)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(attempts >= max)
}

/// The offset for the next getUpdates: one past the newest update stored.
pub async fn next_offset(conn: &mut AnyConnection) -> Result<Option<i64>, StoreError> {
    let (max,): (Option<i64>,) = sqlx::query_as("SELECT MAX(update_id) FROM inbox")
        .fetch_one(conn)
        .await?;
    Ok(max.map(|m| m + 1))
}

/// Claims an update for handling inside the handling transaction; false when its effects were
/// committed before (a replay after a crash), in which case the caller does nothing.
pub async fn claim(conn: &mut AnyConnection, update_id: i64, now: i64) -> Result<bool, StoreError> {
    let done = sqlx::query("INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING")
        .bind(update_id)
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(done == 1)
}
