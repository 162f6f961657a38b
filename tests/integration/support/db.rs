//! A fresh database per test: a new SQLite file, or a new PostgreSQL database on the local server.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The server tests create their databases on.
pub fn pg_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{n}_{nanos}", std::process::id())
}

pub struct TestDb {
    pub url: String,
    backend: Backend,
    name: String,
}

impl TestDb {
    /// `None` when PostgreSQL is not reachable outside CI; in CI that is a failure.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let name = unique("villagebot_test");
                let path = std::env::temp_dir().join(format!("{name}.db"));
                Some(TestDb {
                    url: format!("sqlite://{}", path.display()),
                    backend,
                    name: path.display().to_string(),
                })
            }
            Backend::Postgres => {
                let admin = pg_admin_url();
                let mut conn = match PgConnection::connect(&admin).await {
                    Ok(c) => c,
                    Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                        panic!("CI=true but PostgreSQL at {admin} is not reachable: {e}")
                    }
                    Err(e) => {
                        eprintln!("skipping PostgreSQL run: {admin} not reachable ({e})");
                        return None;
                    }
                };
                let name = unique("vb_test");
                conn.execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("create test database");
                let base = admin
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_string())
                    .unwrap_or(admin.clone());
                Some(TestDb {
                    url: format!("{base}/{name}"),
                    backend,
                    name,
                })
            }
        }
    }

    pub async fn drop_db(self) {
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", self.name));
                }
            }
            Backend::Postgres => {
                if let Ok(mut conn) = PgConnection::connect(&pg_admin_url()).await {
                    let _ = conn
                        .execute(
                            format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str(),
                        )
                        .await;
                }
            }
        }
    }
}

/// Runs a scenario on both backends: `both_backends!(name, scenario)` makes `name::sqlite` and
/// `name::postgres` tests that each get a fresh database.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $scenario:ident) => {
        mod $name {
            use $crate::support::db::{Backend, TestDb};

            async fn run(backend: Backend) {
                let Some(db) = TestDb::create(backend).await else {
                    return;
                };
                super::$scenario(&db.url).await;
                db.drop_db().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run(Backend::Postgres).await;
            }
        }
    };
}
