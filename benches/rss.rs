//! Memory with a county's load: 4,000 villages and 100,000 open tickets, a scheduler tick
//! firing a chunk of due reminders, and the sender's queue loaded from the outbox. Prints the
//! process's resident set (VmRSS) and its peak (VmHWM) from /proc. Run: `cargo bench --bench rss`
//! (SQLite in a temporary file; BENCH_DATABASE_URL for a fresh PostgreSQL database).

use chrono::DateTime;
use villagebot::app::timers::tick::tick;
use villagebot::app::App;
use villagebot::config::Settings;
use villagebot::store::{outbox, Backend, Store};

const VILLAGES: i64 = 4_000;
const TICKETS: i64 = 100_000;
const NOW: i64 = 1_800_000_000;
const FAR: i64 = NOW + 30 * 86_400;

fn memory(what: &str) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map(|l| l[name.len()..].trim().to_string())
            .unwrap_or_else(|| "?".into())
    };
    println!(
        "{what}: VmRSS {}, VmHWM {}",
        field("VmRSS:"),
        field("VmHWM:")
    );
}

async fn seed(store: &Store) -> anyhow::Result<()> {
    let series = |n: i64| {
        match store.backend() {
        Backend::Sqlite => format!("WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) SELECT n FROM seq"),
        Backend::Postgres => format!("SELECT n FROM generate_series(1, {n}) AS n"),
    }
    };
    let mut tx = store.begin().await?;
    for sql in [
        format!("INSERT INTO people (tg_user_id, username, display_name, updated_at) SELECT n, 'p' || n, 'Person ' || n, 0 FROM ({}) s", series(VILLAGES)),
        format!("INSERT INTO villages (chat_id, name, lang, duty_cadre_id, created_at) SELECT -1000 - n, 'Village ' || n, 'zh-CN', n, 0 FROM ({}) s", series(VILLAGES)),
        format!("INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, tier, urgent, state, level, \
         holder_person_id, deadline_at, created_at, updated_at) \
         SELECT 1 + (n % {VILLAGES}), n, 1 + (n % {VILLAGES}), -1001 - (n % {VILLAGES}), n, 'street light broken at lane ' || n, 'repair', 'simple', 0, 'assigned', 0, 1 + (n % {VILLAGES}), {FAR}, 0, 0 FROM ({}) s", series(TICKETS)),
        format!("INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, created_at) SELECT 'escalate', village_id, id, {FAR}, {FAR}, 'escalate:' || id, 0 FROM tickets"),
        format!("INSERT INTO jobs (kind, village_id, ticket_id, due_at, stamp, dedup_key, created_at) SELECT 'remind', village_id, id, {NOW}, {FAR}, 'remind:' || id, 0 FROM tickets WHERE id % 20 = 0"),
    ] {
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    memory("start");
    let (url, file) = match std::env::var("BENCH_DATABASE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let path =
                std::env::temp_dir().join(format!("villagebot_rss_{}.db", std::process::id()));
            (format!("sqlite://{}", path.display()), Some(path))
        }
    };
    let store = Store::open(&url).await?;
    seed(&store).await?;
    let mut settings = Settings::default();
    settings.database.url = url.clone();
    settings.quiet_hours.end = settings.quiet_hours.start;
    let app = App::new(store.clone(), settings, Some("villagebot".into()))?;
    memory(&format!(
        "{VILLAGES} villages, {TICKETS} open tickets, app ready"
    ));
    let now: DateTime<chrono::Utc> = DateTime::from_timestamp(NOW, 0).unwrap_or_default();
    let mut fired = 0;
    for _ in 0..10 {
        fired += tick(&app, now).await?.fired;
    }
    memory(&format!("after ten ticks ({fired} reminders fired)"));
    let queued = {
        let mut conn = store.conn().await?;
        outbox::due(&mut conn, NOW + 60, 2_000).await?
    };
    memory(&format!(
        "sender's queue loaded ({} messages)",
        queued.len()
    ));
    store.close().await;
    if let Some(path) = file {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(())
}
