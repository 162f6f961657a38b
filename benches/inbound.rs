//! Inbound throughput beside the bare commit rate of the same backend, in the same run: 2,000
//! group messages over 10 villages, one in five a request, stored in the inbox as the listener
//! stores them (one commit per fetched batch of 100) and handled in batches as the processor
//! handles them; and 2,000 one-row commits.
//! Run: `cargo bench --bench inbound` (SQLite in a temporary file, WAL, synchronous=FULL); set
//! BENCH_DATABASE_URL to a fresh PostgreSQL database to measure that backend instead.

use std::time::Instant;

use chrono::Utc;
use sqlx::Executor;
use villagebot::app::batch::{Stored, Taken};
use villagebot::app::{App, ChatMessage, Event, Incoming, Sender};
use villagebot::config::Settings;
use villagebot::domain::{ChatId, MessageId, UserId};
use villagebot::store::inbox::{self, Received};
use villagebot::store::Store;

const MESSAGES: i64 = 2_000;
const VILLAGES: i64 = 10;
const FETCHED: usize = 100;
const BATCH: usize = 200;

fn message(chat: i64, id: i64, user: i64, text: String, admin: bool) -> Event {
    Event::Message(ChatMessage {
        chat: ChatId(chat),
        private: false,
        message: MessageId(id),
        from: Sender {
            user: UserId(user),
            username: None,
            name: format!("村民{user}"),
            lang: Some("zh-hans".into()),
        },
        text,
        media: None,
        pin: None,
        replied: None,
        reply_to: None,
        sender_is_admin: admin,
    })
}

/// What residents write: a request one time in five, chat the rest.
fn words(i: i64) -> String {
    const CHAT: [&str; 4] = [
        "今天天气真好，晚上一起去广场跳舞吧",
        "谢谢王书记，昨天的事情办好了",
        "明天上午村委会开会，大家记得参加",
        "哈哈哈，这个视频太好笑了",
    ];
    if i % 5 == 0 {
        format!("{}号院的水管坏了，一直漏水，麻烦来修一下", i % 97)
    } else {
        CHAT[(i % 4) as usize].to_string()
    }
}

async fn bare_commits(store: &Store) -> anyhow::Result<f64> {
    {
        let mut conn = store.conn().await?;
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_bare (id BIGINT PRIMARY KEY, v TEXT NOT NULL)",
        )
        .await?;
    }
    let t = Instant::now();
    for i in 0..MESSAGES {
        let mut tx = store.begin().await?;
        sqlx::query("INSERT INTO bench_bare (id, v) VALUES ($1, 'x')")
            .bind(i)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(MESSAGES as f64 / t.elapsed().as_secs_f64())
}

async fn inbound(app: &App) -> anyhow::Result<f64> {
    let base = 1_000_000;
    for v in 0..VILLAGES {
        let setup = message(-100 - v, 1, 10 + v, format!("/setup 村{v}"), true);
        let incoming = Incoming {
            update_id: None,
            now: Utc::now(),
            event: setup,
        };
        app.handle(incoming).await?;
    }
    let updates: Vec<(i64, Event)> = (0..MESSAGES)
        .map(|i| {
            let event = message(
                -100 - i % VILLAGES,
                10 + i,
                1_000 + i % 300,
                words(i),
                false,
            );
            (base + i, event)
        })
        .collect();
    let t = Instant::now();
    for fetched in updates.chunks(FETCHED) {
        let rows: Vec<Received> = fetched
            .iter()
            .map(|(id, e)| Received {
                update_id: *id,
                chat: e.chat().0,
                payload: format!("{{\"update_id\":{id}}}"),
            })
            .collect();
        let mut tx = app.store.begin().await?;
        inbox::put(&mut tx, &rows, Utc::now().timestamp()).await?;
        tx.commit().await?;
    }
    for batch in updates.chunks(BATCH) {
        let stored = batch
            .iter()
            .map(|(id, e)| {
                let incoming = Incoming {
                    update_id: Some(*id),
                    now: Utc::now(),
                    event: e.clone(),
                };
                Taken {
                    update_id: *id,
                    chat: e.chat().0,
                    stored: Stored::Event(Box::new(incoming)),
                }
            })
            .collect();
        let report = app.handle_batch(stored, Utc::now()).await?;
        anyhow::ensure!(report.handled == batch.len(), "not all handled: {report:?}");
    }
    Ok(MESSAGES as f64 / t.elapsed().as_secs_f64())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let (url, file) = match std::env::var("BENCH_DATABASE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let path =
                std::env::temp_dir().join(format!("villagebot_inbound_{}.db", std::process::id()));
            (format!("sqlite://{}", path.display()), Some(path))
        }
    };
    let store = Store::open(&url).await?;
    let mut settings = Settings::default();
    settings.database.url = url.clone();
    let app = App::new(store.clone(), settings, Some("villagebot".into()))?;
    let bare = bare_commits(&store).await?;
    let rate = inbound(&app).await?;
    println!(
        "{:?}: inbound {rate:.0} updates/s; bare one-row commits {bare:.0}/s; ratio {:.1}x",
        store.backend(),
        rate / bare
    );
    store.close().await;
    if let Some(path) = file {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(())
}
