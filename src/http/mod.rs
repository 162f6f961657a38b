//! The bot's own HTTP server: `/healthz` and `/metrics` for operations, the dashboard's pages
//! (`dashboard`), Open311's read API (`open311`), plus the routes an adapter adds (the Telegram webhook).

pub mod dashboard;
pub mod open311;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app::App;
use crate::shutdown::stopped;

/// The operations routes over `app`.
pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(app.clone())
        .merge(dashboard::routes(app.clone()))
        .merge(open311::routes(app))
}

/// Binds the address now (a taken port fails the start, not later).
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on http.listen {addr}"))
}

/// Serves `router` until `shutdown`, finishing the requests under way.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async move { stopped(&mut shutdown).await })
        .await
        .context("the HTTP server stopped")
}

/// 200 with the queue depths while the database answers, else 503.
async fn healthz(State(app): State<Arc<App>>) -> impl IntoResponse {
    let (status, body) = match app.depths().await {
        Ok(d) => (
            StatusCode::OK,
            json!({"status": "ok", "database": "ok", "instance": app.instance,
                "inbox_pending": d.inbox, "inbox_oldest_seconds": d.inbox_age,
                "outbox_pending": d.outbox}),
        ),
        Err(e) => {
            tracing::warn!(error = ?e, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"status": "unavailable", "database": "unreachable", "instance": app.instance}),
            )
        }
    };
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
}

/// Prometheus text: this instance's counters, the database's depths and open tickets.
async fn metrics(State(app): State<Arc<App>>) -> impl IntoResponse {
    let (status, depths) = match app.depths().await {
        Ok(d) => (StatusCode::OK, d),
        Err(e) => {
            tracing::warn!(error = ?e, "metrics: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Default::default())
        }
    };
    let text = app.metrics.render(depths);
    (
        status,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
}
