//! Leases and the roll of instances, for several bot instances on one database: a lease says
//! which instance serves a chat's updates (lane `inbox`) or sends its messages (lane `outbox`)
//! until when, with the holder's recent sends for the next holder; live instances are counted to
//! share Telegram's overall limit.

use sqlx::AnyConnection;

use super::{StoreError, BIND_CHUNK};

/// What a lease is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    Inbox,
    Outbox,
}

impl Lane {
    fn as_str(self) -> &'static str {
        match self {
            Lane::Inbox => "inbox",
            Lane::Outbox => "outbox",
        }
    }
}

/// Claims (or renews) the leases of `chats` for `holder` until `until_ms`, where each is free,
/// ran out by `now_ms`, or is the holder's already. Returns the chats now held, each with the
/// recent sends its last holder recorded (JSON, unix milliseconds).
pub async fn claim(
    conn: &mut AnyConnection,
    lane: Lane,
    chats: &[i64],
    holder: &str,
    now_ms: i64,
    until_ms: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut held = Vec::with_capacity(chats.len());
    for chunk in chats.chunks(BIND_CHUNK) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("($1, ${}, $2, $3)", i + 5))
            .collect();
        let sql = format!(
            "INSERT INTO leases (lane, chat_id, holder, until_ms) VALUES {} \
             ON CONFLICT (lane, chat_id) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms \
             WHERE leases.holder = excluded.holder OR leases.until_ms <= $4 \
             RETURNING chat_id, recent",
            rows.join(", ")
        );
        let mut q = sqlx::query_as(&sql)
            .bind(lane.as_str())
            .bind(holder)
            .bind(until_ms)
            .bind(now_ms);
        for chat in chunk {
            q = q.bind(*chat);
        }
        let got: Vec<(i64, String)> = q.fetch_all(&mut *conn).await?;
        held.extend(got);
    }
    Ok(held)
}

/// Keeps holding one chat until `until_ms` (0: lets it go), recording its recent sends.
pub async fn keep(
    conn: &mut AnyConnection,
    lane: Lane,
    chat: i64,
    holder: &str,
    until_ms: i64,
    recent: &str,
) -> Result<bool, StoreError> {
    let n = sqlx::query(
        "UPDATE leases SET until_ms = $1, recent = $2 WHERE lane = $3 AND chat_id = $4 AND holder = $5",
    )
    .bind(until_ms)
    .bind(recent)
    .bind(lane.as_str())
    .bind(chat)
    .bind(holder)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

/// Lets every lease of `holder` in `lane` go (a batch is done, the instance stops).
pub async fn release_all(
    conn: &mut AnyConnection,
    lane: Lane,
    holder: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE leases SET until_ms = 0 WHERE lane = $1 AND holder = $2 AND until_ms > 0")
        .bind(lane.as_str())
        .bind(holder)
        .execute(conn)
        .await?;
    Ok(())
}

/// An instance is alive at `now_ms`; returns how many instances are (seen within `live_ms`).
pub async fn beat(
    conn: &mut AnyConnection,
    instance: &str,
    now_ms: i64,
    live_ms: i64,
) -> Result<i64, StoreError> {
    sqlx::query(
        "INSERT INTO instances (id, started_at, seen_ms) VALUES ($1, $2, $2) \
         ON CONFLICT (id) DO UPDATE SET seen_ms = excluded.seen_ms",
    )
    .bind(instance)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    let (live,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM instances WHERE seen_ms > $1")
        .bind(now_ms - live_ms)
        .fetch_one(conn)
        .await?;
    Ok(live.max(1))
}

/// An instance stops; also forgets instances not seen for an hour.
pub async fn leave(
    conn: &mut AnyConnection,
    instance: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM instances WHERE id = $1 OR seen_ms < $2")
        .bind(instance)
        .bind(now_ms - 3_600_000)
        .execute(conn)
        .await?;
    Ok(())
}
