//! Open311 GeoReport v2 over HTTP, read side, JSON: `/open311/v2/services.json`,
//! `/open311/v2/requests.json` and `/open311/v2/requests/{id}.json`. Errors are answered as the
//! spec writes them: `[{"code": …, "description": …}]` with the same HTTP status.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use crate::app::dashboard::open311::{self, Filter, Refused};
use crate::app::{App, AppError, Ctx};
use crate::domain::Category;
use crate::store::villages::Village;

pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/open311/v2/services.json", get(services))
        .route("/open311/v2/requests.json", get(requests))
        .route("/open311/v2/requests/{file}", get(one))
        .with_state(app)
}

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    t: Option<String>,
    api_key: Option<String>,
    jurisdiction_id: Option<String>,
    service_code: Option<String>,
    status: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
}

fn error(status: StatusCode, description: &str) -> Response {
    let body = json!([{"code": status.as_u16(), "description": description}]);
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok(body: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

/// Runs `answer` over the villages the call may read.
async fn with_villages<F>(app: &App, p: &Params, answer: F) -> Response
where
    F: for<'c> AsyncFnOnce(&'c mut Ctx<'_>, Vec<Village>) -> Result<Response, AppError>,
{
    let now = chrono::Utc::now().timestamp();
    let result = async {
        let mut ctx = app.begin_read(now).await?;
        let token = p.t.as_deref().or(p.api_key.as_deref());
        let villages = open311::villages_for(&mut ctx, token, p.jurisdiction_id.as_deref()).await?;
        let response = match villages {
            Ok(v) => answer(&mut ctx, v).await?,
            Err(Refused::Unauthorized) => {
                error(StatusCode::FORBIDDEN, "a dashboard token is needed")
            }
            Err(Refused::UnknownJurisdiction) => {
                error(StatusCode::NOT_FOUND, "unknown jurisdiction_id")
            }
        };
        ctx.commit().await?;
        Ok::<_, AppError>(response)
    }
    .await;
    result.unwrap_or_else(|e| {
        tracing::warn!(error = ?e, "open311 request failed");
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the service is not available",
        )
    })
}

async fn services(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    with_villages(&app, &p, async |ctx, villages| {
        let lang = ctx.app.lang_of(villages.first());
        Ok(ok(json!(open311::services(ctx, lang))))
    })
    .await
}

/// The filter a query asks for, or what is wrong with it.
fn filter(p: &Params) -> Result<Filter, String> {
    let services = match p.service_code.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(list) => Some(
            list.split(',')
                .map(|c| c.parse::<Category>().map_err(|e| e.to_string()))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let open = match p.status.as_deref().unwrap_or("") {
        "" | "open,closed" | "closed,open" => None,
        "open" => Some(true),
        "closed" => Some(false),
        other => return Err(format!("status `{other}`: write open or closed")),
    };
    let date = |d: &Option<String>| -> Result<Option<i64>, String> {
        match d.as_deref().filter(|d| !d.is_empty()) {
            None => Ok(None),
            Some(d) => chrono::DateTime::parse_from_rfc3339(d)
                .map(|t| Some(t.timestamp()))
                .map_err(|_| {
                    format!("`{d}` is not a W3C date-time like 2026-12-01T00:00:00+08:00")
                }),
        }
    };
    Ok(Filter {
        services,
        open,
        start: date(&p.start_date)?,
        end: date(&p.end_date)?,
    })
}

async fn requests(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Response {
    let f = match filter(&p) {
        Ok(f) => f,
        Err(why) => return error(StatusCode::BAD_REQUEST, &why),
    };
    with_villages(&app, &p, async |ctx, villages| {
        Ok(ok(json!(open311::requests(ctx, &villages, &f).await?)))
    })
    .await
}

async fn one(
    State(app): State<Arc<App>>,
    Path(file): Path<String>,
    Query(p): Query<Params>,
) -> Response {
    let Some(id) = file
        .strip_suffix(".json")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return error(
            StatusCode::NOT_FOUND,
            "no such request; ask for /requests/{id}.json",
        );
    };
    with_villages(&app, &p, async |ctx, villages| {
        Ok(match open311::one(ctx, &villages, id).await? {
            Some(r) => ok(json!([r])),
            None => error(StatusCode::NOT_FOUND, "no such request"),
        })
    })
    .await
}
