//! Storage: one `Store` over SQLite and PostgreSQL (sqlx `Any`), chosen by the URL's scheme.

pub mod acks;
pub mod announcements;
pub mod approvals;
pub mod attachments;
pub mod audit;
pub mod care;
pub mod corrections;
pub mod dashboard;
pub mod followers;
pub mod grid;
pub mod inbox;
pub mod jobs;
pub mod leases;
pub mod offers;
pub mod outbox;
pub mod pending;
pub mod people;
pub mod plans;
pub mod points;
pub mod questions;
pub mod retention;
pub mod teams;
pub mod ticket_views;
pub mod tickets;
pub mod townships;
pub mod villages;

use std::borrow::Cow;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Any, AnyConnection, AnyPool, ConnectOptions, Connection, Executor, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How many values one multi-row statement binds at most: far under SQLite's and PostgreSQL's
/// limits on bound parameters, so a statement never fails for its length.
pub(crate) const BIND_CHUNK: usize = 200;

/// Which database is behind the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL `{0}` must start with sqlite: or postgres://")]
    UnknownScheme(String),
    #[error("cannot open the database")]
    Connect(#[source] sqlx::Error),
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed")]
    Sql(#[from] sqlx::Error),
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnknownScheme(redact(url)))
        }
    }
}

/// A URL with any password replaced, fit for logs and error messages.
pub fn redact(url: &str) -> String {
    match url.find('?') {
        Some(q) => format!(
            "{}{}",
            redact_credentials(&url[..q]),
            redact_query(&url[q..])
        ),
        None => redact_credentials(url),
    }
}

/// `user:password@` in a URL's authority, the password masked.
fn redact_credentials(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// `password=` (and `sslpassword=`) parameters of a URL's query, masked.
fn redact_query(query: &str) -> String {
    let (lead, rest) = query.split_at(1);
    let parts: Vec<String> = rest
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.to_lowercase().contains("password") => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{lead}{}", parts.join("&"))
}

macro_rules! embed_migrations {
    ($dir:literal: $($version:literal $name:literal),* $(,)?) => {
        vec![$(Migration::new(
            $version,
            Cow::Borrowed($name),
            MigrationType::Simple,
            Cow::Borrowed(include_str!(concat!("../../migrations/", $dir, "/", $name, ".sql"))),
            false,
        )),*]
    };
}

fn migrator(backend: Backend) -> Migrator {
    let migrations = match backend {
        Backend::Sqlite => {
            embed_migrations!("sqlite": 1 "0001_order_desk", 2 "0002_timers", 3 "0003_village_admin", 4 "0004_trust", 5 "0005_card_text", 6 "0006_batches_and_indexes", 7 "0007_instances", 8 "0008_quiet_groups", 9 "0009_points_and_care", 10 "0010_dashboard", 11 "0011_intake_corrections", 12 "0012_supporters", 13 "0013_attachments", 14 "0014_pending_media")
        }
        Backend::Postgres => {
            embed_migrations!("postgres": 1 "0001_order_desk", 2 "0002_timers", 3 "0003_village_admin", 4 "0004_trust", 5 "0005_card_text", 6 "0006_batches_and_indexes", 7 "0007_instances", 8 "0008_quiet_groups", 9 "0009_points_and_care", 10 "0010_dashboard", 11 "0011_intake_corrections", 12 "0012_supporters", 13 "0013_attachments", 14 "0014_pending_media")
        }
    };
    Migrator {
        migrations: Cow::Owned(migrations),
        ignore_missing: false,
        locking: true,
        no_tx: false,
    }
}

/// Names of the embedded migrations, to check against the files on disk.
pub fn embedded_migrations(backend: Backend) -> Vec<String> {
    migrator(backend)
        .iter()
        .map(|m| m.description.to_string())
        .collect()
}

/// The database, shared by every task of the bot.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer; taking turns here avoids SQLITE_BUSY on lock upgrades.
    write_turn: Option<Arc<Mutex<()>>>,
}

/// One transaction: every effect of one event is committed together or not at all.
pub struct Tx {
    inner: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), StoreError> {
        Ok(self.inner.commit().await?)
    }

    /// Marks a point the transaction can go back to (one update of a batch begins here).
    pub async fn savepoint(&mut self) -> Result<(), StoreError> {
        self.inner.execute("SAVEPOINT one_update").await?;
        Ok(())
    }

    /// Keeps what was done since the savepoint.
    pub async fn release(&mut self) -> Result<(), StoreError> {
        self.inner.execute("RELEASE SAVEPOINT one_update").await?;
        Ok(())
    }

    /// Undoes everything since the savepoint (also after a failed statement on PostgreSQL).
    pub async fn roll_back_to_savepoint(&mut self) -> Result<(), StoreError> {
        self.inner
            .execute("ROLLBACK TO SAVEPOINT one_update")
            .await?;
        self.release().await
    }
}

impl Store {
    /// Opens (and for SQLite creates) the database behind `url`. Does not migrate.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options: AnyConnectOptions = url.parse().map_err(StoreError::Connect)?;
        let options = options.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 10,
            })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::Connect)?;
        let write_turn = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Store {
            pool,
            backend,
            write_turn,
        })
    }

    /// Connects and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        migrator(self.backend).run_direct(&mut *conn).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let turn = match &self.write_turn {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let inner = self.pool.begin().await?;
        Ok(Tx { inner, _turn: turn })
    }

    /// A transaction that only reads: it never waits for SQLite's writer.
    pub async fn read(&self) -> Result<Tx, StoreError> {
        let inner = self.pool.begin().await?;
        Ok(Tx { inner, _turn: None })
    }

    /// A connection for reads outside a transaction.
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<Any>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Converts a stored text back into a domain value, or reports the row as corrupt.
pub(crate) fn parse_col<T: std::str::FromStr>(what: &str, value: &str) -> Result<T, StoreError> {
    value
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("{what} `{value}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(
            redact("postgres://bot:s3cret@db:5432/village"),
            "postgres://bot:***@db:5432/village"
        );
        assert_eq!(redact("sqlite://villagebot.db"), "sqlite://villagebot.db");
        assert_eq!(
            redact("postgres://db/village?user=bot&password=s3cret&sslmode=require"),
            "postgres://db/village?user=bot&password=***&sslmode=require"
        );
    }

    #[test]
    fn schemes_pick_the_backend() {
        assert_eq!(Backend::of_url("sqlite://x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgresql://h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::of_url("mysql://h/db").is_err());
    }
}
