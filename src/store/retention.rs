//! Pruning handled traffic after the retention period: inbox payloads, processed update ids,
//! sent or failed outbox rows (with the export files they carried), private messages that waited
//! for a village to be picked. Tickets, their events and the
//! audit log are never touched. Each call deletes a bounded batch per table.

use sqlx::AnyConnection;

use super::StoreError;

/// Rows deleted by one call.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub inbox: u64,
    pub processed: u64,
    pub outbox: u64,
    pub questions: u64,
}

impl Pruned {
    pub fn total(self) -> u64 {
        self.inbox + self.processed + self.outbox + self.questions
    }
}

/// Deletes up to `limit` rows per table handled before `before`. The newest update id is kept in
/// both tables, so polling resumes after it.
pub async fn prune(
    conn: &mut AnyConnection,
    before: i64,
    limit: i64,
) -> Result<Pruned, StoreError> {
    let inbox = prune_updates(conn, "inbox", "handled_at", before, limit).await?;
    let processed = prune_updates(conn, "processed_updates", "processed_at", before, limit).await?;
    let outbox = sqlx::query(
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox \
         WHERE status IN ('sent', 'failed') AND COALESCE(sent_at, created_at) < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let questions = sqlx::query(
        "DELETE FROM village_questions WHERE id IN (SELECT id FROM village_questions \
         WHERE created_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(Pruned {
        inbox,
        processed,
        outbox,
        questions,
    })
}

/// One table keyed by Telegram update id: rows done with before `before`, the newest kept.
async fn prune_updates(
    conn: &mut AnyConnection,
    table: &str,
    done_at: &str,
    before: i64,
    limit: i64,
) -> Result<u64, StoreError> {
    let sql = format!(
        "DELETE FROM {table} WHERE update_id IN (SELECT update_id FROM {table} \
         WHERE {done_at} < $1 AND update_id < (SELECT MAX(update_id) FROM {table}) LIMIT $2)"
    );
    let done = sqlx::query(&sql)
        .bind(before)
        .bind(limit)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
