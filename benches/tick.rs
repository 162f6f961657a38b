//! One scheduler tick with 10,000 and with 1,000,000 stored tickets, the same 20 due each time.
//! Run: `cargo bench --bench tick` (SQLite in a temporary file); set BENCH_DATABASE_URL to a
//! fresh PostgreSQL database to measure that backend instead; BENCH_KEEP=1 keeps the SQLite file.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use villagebot::app::timers::tick::tick;
use villagebot::app::App;
use villagebot::config::Settings;
use villagebot::store::{Backend, Store};

const DUE: i64 = 20;
const ROUNDS: usize = 30;
const WARM_UP: usize = 5;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<i64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect::<Vec<_>>();
    let sizes = if sizes.is_empty() {
        vec![10_000, 1_000_000]
    } else {
        sizes
    };
    let mut results = vec![];
    for n in sizes {
        let (url, file) = match std::env::var("BENCH_DATABASE_URL") {
            Ok(url) => (url, None),
            Err(_) => {
                let path = std::env::temp_dir().join(format!("villagebot_bench_{n}.db"));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                (format!("sqlite://{}", path.display()), Some(path))
            }
        };
        let store = Store::open(&url).await?;
        let seeded = Instant::now();
        seed(&store, n).await?;
        eprintln!("seeded {n} tickets in {:.1?}", seeded.elapsed());
        let mut settings = Settings::default();
        settings.database.url = url.clone();
        settings.quiet_hours.end = settings.quiet_hours.start;
        let app = App::new(store.clone(), settings, None)?;
        let now: DateTime<Utc> = DateTime::from_timestamp(NOW, 0).unwrap_or_default();
        let mut times: Vec<Duration> = vec![];
        for round in 0..WARM_UP + ROUNDS {
            rearm(&store).await?;
            let t = Instant::now();
            let report = tick(&app, now).await?;
            if round >= WARM_UP {
                times.push(t.elapsed());
            }
            anyhow::ensure!(
                report.fired == DUE as usize,
                "expected {DUE} fired, got {report:?}"
            );
        }
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "tick with {n:>9} tickets ({DUE} due): median {median:.2?}, min {:.2?}, max {:.2?}",
            times[0],
            times[times.len() - 1]
        );
        results.push((n, median));
        store.close().await;
        if let (Some(path), Err(_)) = (file, std::env::var("BENCH_KEEP")) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
    if let [(small, a), (big, b)] = results.as_slice() {
        println!(
            "ratio {big}/{small}: {:.2}",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
    Ok(())
}

const NOW: i64 = 1_800_000_000;
const FAR: i64 = NOW + 30 * 86_400;

/// One village, one chief holding every ticket; each ticket has an escalation job far ahead,
/// and the first `DUE` tickets have a reminder due now.
async fn seed(store: &Store, n: i64) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;
    sqlx::query("INSERT INTO people (tg_user_id, username, display_name, updated_at) VALUES (1, 'chief', 'Chief', 0)").execute(&mut *tx).await?;
    sqlx::query("INSERT INTO villages (chat_id, name, lang, duty_cadre_id, created_at) VALUES (-1, 'Bench', 'zh-CN', 1, 0)").execute(&mut *tx).await?;
    let series = match store.backend() {
        Backend::Sqlite => format!("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) SELECT n FROM seq"),
        Backend::Postgres => format!("SELECT n FROM generate_series(1, {n}) AS n"),
    };
    sqlx::query(&format!(
        "INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, tier, urgent, state, level, \
         holder_person_id, deadline_at, created_at, updated_at) \
         SELECT 1, n, 1, -1, n, 'street light broken', 'repair', 'simple', 0, 'assigned', 0, 1, {FAR}, 0, 0 FROM ({series}) s"
    ))
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, created_at) \
         SELECT 'escalate', 1, id, {FAR}, {FAR}, 'escalate:' || id, 0 FROM tickets"
    ))
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, created_at) \
         SELECT 'remind', 1, id, {NOW}, {FAR}, 'remind:' || id, 0 FROM tickets WHERE id <= {DUE}"
    ))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut conn = store.conn().await?;
    let analyze = match store.backend() {
        Backend::Sqlite => "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)",
        Backend::Postgres => "ANALYZE jobs",
    };
    sqlx::query(analyze).execute(&mut *conn).await?;
    Ok(())
}

/// Makes the same reminders due again for the next round.
async fn rearm(store: &Store) -> anyhow::Result<()> {
    let mut conn = store.conn().await?;
    sqlx::query("UPDATE jobs SET status = 'pending', done_at = NULL WHERE kind = 'remind'")
        .execute(&mut *conn)
        .await?;
    Ok(())
}
