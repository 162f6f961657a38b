//! The scheduler's loop: runs the app's `tick` whenever work falls due or new timers are set,
//! until shutdown. What a tick does is app code (`app::timers`).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::app::timers::tick::{ensure_village_jobs, tick, BATCH};
use crate::app::App;
use crate::shutdown::stopped;
use crate::store::jobs;

/// Runs `tick` whenever work falls due or new timers are set, until `shutdown`.
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    if let Err(e) = ensure_village_jobs(&app, Utc::now()).await {
        tracing::error!(error = ?e, "cannot set the villages' digests");
    }
    loop {
        let now = Utc::now();
        let wait = match tick(&app, now).await {
            Ok(r) if r.fired + r.void >= BATCH as usize => Duration::ZERO,
            Ok(_) => next_wait(&app, now).await,
            Err(e) => {
                tracing::error!(error = ?e, "scheduler tick failed");
                Duration::from_secs(5)
            }
        };
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            _ = app.jobs_ready.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

async fn next_wait(app: &App, now: DateTime<Utc>) -> Duration {
    let next = match app.store.conn().await {
        Ok(mut conn) => jobs::next_due(&mut conn).await.ok().flatten(),
        Err(_) => None,
    };
    let secs = next.map_or(300, |at| (at - now.timestamp()).clamp(1, 300));
    Duration::from_secs(u64::try_from(secs).unwrap_or(1))
}
