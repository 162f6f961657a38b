//! The township page with 50 villages and 200,000 tickets, through the bot's HTTP server: the
//! time from request to the last byte of the page. Run: `cargo bench --bench dashboard`
//! (SQLite in a temporary file); BENCH_DATABASE_URL=postgres://… for PostgreSQL.

use std::time::{Duration, Instant};

use sqlx::Executor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use villagebot::app::dashboard::token::{Scope, Token};
use villagebot::app::App;
use villagebot::config::{Secret, Settings};
use villagebot::domain::PersonId;
use villagebot::store::Store;

const VILLAGES: i64 = 50;
const TICKETS: i64 = 200_000;
const ROUNDS: usize = 20;
const WARM_UP: usize = 3;

fn numbered(n: i64, insert: &str) -> String {
    format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) {insert} FROM n")
}

/// A township of 50 villages, each with five chiefs, and a year of tickets (4,500 still open).
async fn seed(store: &Store, now: i64) -> anyhow::Result<()> {
    let step = 365 * 86_400 / TICKETS;
    // Open: a third of the last two weeks' tickets, and one in a hundred older ones (stragglers).
    let open = format!("((i * {step} < 1209600 AND i % 3 = 0) OR i % 100 = 0)");
    let statements = [
        "INSERT INTO townships (name, created_at) VALUES ('城关镇', 0)".to_string(),
        numbered(VILLAGES, "INSERT INTO villages (chat_id, name, lang, created_at, township_id) SELECT -100 - i, '村' || i, 'zh-CN', 0, 1"),
        numbered(VILLAGES * 5 + 1, "INSERT INTO people (tg_user_id, display_name, updated_at) SELECT i, '人' || i, 0"),
        "INSERT INTO township_cadres (township_id, person_id, created_at) VALUES (1, 1, 0)".to_string(),
        numbered(VILLAGES * 5, "INSERT INTO neighbourhoods (village_id, name, created_at) SELECT 1 + i % 50, i || '组', 0"),
        numbered(VILLAGES * 5, "INSERT INTO appointments (village_id, person_id, role, neighbourhood_id, created_at) SELECT 1 + i % 50, 1 + i, 'chief', i, 0"),
        numbered(TICKETS, &format!("INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, \
           tier, state, holder_person_id, deadline_at, created_at, updated_at, resolved_at, rating) \
           SELECT 1 + i % 50, i, 1, -101 - i % 50, i, '路灯坏了', CASE WHEN i % 3 = 0 THEN 'repair' WHEN i % 3 = 1 THEN 'sanitation' ELSE 'hazard' END, 'simple', \
           CASE WHEN {open} THEN 'assigned' ELSE 'closed' END, 2 + i % 250, {now} - i * {step} + 86400, {now} - i * {step}, {now} - i * {step}, \
           CASE WHEN {open} THEN NULL ELSE {now} - i * {step} + 72000 + (i % 7) * 3600 END, CASE WHEN {open} THEN NULL ELSE 1 + i % 5 END")),
    ];
    let mut conn = store.conn().await?;
    for sql in statements {
        conn.execute(sql.as_str()).await?;
    }
    Ok(())
}

async fn fetch(addr: std::net::SocketAddr, path: &str) -> anyhow::Result<(u16, usize)> {
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await?;
    let mut raw = vec![];
    s.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((status, raw.len()))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let path = std::env::temp_dir().join("villagebot_bench_dashboard.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}", path.display()));
    let store = Store::open(&url).await?;
    let now = chrono::Utc::now().timestamp();
    let t = Instant::now();
    seed(&store, now).await?;
    eprintln!(
        "seeded {VILLAGES} villages, {TICKETS} tickets in {:.1?}",
        t.elapsed()
    );
    let mut settings = Settings::default();
    settings.database.url = url;
    settings.telegram.token = Secret::new("123:BENCH");
    let app = std::sync::Arc::new(App::new(store.clone(), settings, None)?);
    let token = Token {
        scope: Scope::Township(1),
        person: PersonId(1),
        generation: 0,
        expires_at: now + 86_400,
    };
    let signed = app.dashboard_key().sign(&token).unwrap_or_default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, villagebot::http::routes(app)).await });
    let page = format!("/dashboard?t={signed}");
    let mut times: Vec<Duration> = vec![];
    let mut bytes = 0;
    for round in 0..WARM_UP + ROUNDS {
        let t = Instant::now();
        let (status, n) = fetch(addr, &page).await?;
        anyhow::ensure!(status == 200, "the township page answered {status}");
        if round >= WARM_UP {
            times.push(t.elapsed());
        }
        bytes = n;
    }
    times.sort();
    println!(
        "township page, {VILLAGES} villages, {TICKETS} tickets: median {:.1?}, min {:.1?}, max {:.1?} ({} KB)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        bytes / 1024
    );
    store.close().await;
    Ok(())
}
