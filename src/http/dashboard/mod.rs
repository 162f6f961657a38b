//! The dashboard's pages on the bot's HTTP server: `/dashboard` (every village of the link, or
//! the one village), `/dashboard/village/{id}`, `/dashboard/ticket/{id}`, and each page's CSV.
//! Every request shows its link (`?t=`); a link that does not admit its bearer to what is asked
//! gets 403 and no data.

mod page;
mod svg;
mod ticket;
mod views;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::app::dashboard::access::{admit, Viewer};
use crate::app::dashboard::board::board;
use crate::app::reports::tables::Table;
use crate::app::{App, AppError, Ctx};
use crate::domain::VillageId;
use crate::i18n::{arg, Lang};
use page::{document, esc, nav, Ask, Words};

pub fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/dashboard", get(overview))
        .route("/dashboard/csv", get(overview_csv))
        .route("/dashboard/village/{id}", get(village))
        .route("/dashboard/village/{id}/csv", get(village_csv))
        .route("/dashboard/ticket/{id}", get(ticket::ticket))
        .with_state(app)
}

/// The query every page takes.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    t: String,
    lang: Option<String>,
    #[serde(default)]
    screen: Option<String>,
    #[serde(default)]
    sort: Option<String>,
}

/// A page's answer: HTML, CSV, or a refusal.
pub enum Answer {
    Html(String),
    Csv(String, String),
    Refused,
    NotFound,
    /// The database did not answer.
    Unavailable,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let html = "text/html; charset=utf-8";
        match self {
            Answer::Html(body) => ([(header::CONTENT_TYPE, html)], body).into_response(),
            Answer::Csv(name, body) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                body,
            )
                .into_response(),
            Answer::Refused => (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, html)],
                refused(),
            )
                .into_response(),
            Answer::NotFound => (StatusCode::NOT_FOUND, "not found").into_response(),
            Answer::Unavailable => {
                (StatusCode::SERVICE_UNAVAILABLE, "try again in a minute").into_response()
            }
        }
    }
}

fn refused() -> &'static str {
    "<!doctype html><meta charset=\"utf-8\"><title>403</title>\
     <p>链接无效、已过期或已作废。请私聊机器人发送 /dashboard 获取新链接。</p>\
     <p>This link is not valid (expired or revoked). Send /dashboard to the bot in a private chat for a new one.</p>"
}

/// Runs `page` for an admitted viewer, in one read-only unit of work.
async fn with_viewer<F>(app: &App, p: &Params, page: F) -> Answer
where
    F: for<'c> AsyncFnOnce(&'c mut Ctx<'_>, Viewer, Ask) -> Result<Answer, AppError>,
{
    let now = chrono::Utc::now().timestamp();
    let result = async {
        let mut ctx = app.begin_read(now).await?;
        let Some(viewer) = admit(&mut ctx, &p.t).await? else {
            return Ok(Answer::Refused);
        };
        let lang = p
            .lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(|| app.lang_of(viewer.villages.first()));
        let ask = Ask {
            token: esc(&p.t),
            lang,
            screen: p.screen.as_deref().is_some_and(|s| s == "1"),
            sort: p.sort.clone().unwrap_or_else(|| "name".into()),
        };
        let answer = page(&mut ctx, viewer, ask).await;
        ctx.commit().await?;
        answer
    }
    .await;
    result.unwrap_or_else(|e| {
        tracing::warn!(error = ?e, "dashboard page failed");
        Answer::Unavailable
    })
}

async fn overview(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Answer {
    with_viewer(&app, &p, async |ctx, viewer, ask| {
        match (viewer.villages.as_slice(), viewer.township.is_some()) {
            ([one], false) => village_page(ctx, &viewer, &ask, one.id).await,
            _ => overview_page(ctx, &viewer, &ask).await,
        }
    })
    .await
}

async fn overview_page(ctx: &mut Ctx<'_>, viewer: &Viewer, ask: &Ask) -> Result<Answer, AppError> {
    let b = board(ctx, &viewer.villages).await?;
    let w = Words {
        i18n: &ctx.app.i18n,
        lang: ask.lang,
    };
    let view = ctx.app.view(ask.lang);
    let name = viewer.township.clone().unwrap_or_default();
    let title = w.a("dash-title", &[arg("name", name)]);
    let mut body = views::villages(&w, ask, &b, "/dashboard");
    body.push_str(&views::charts(&w, &view, &b));
    body.push_str(&views::ranking(&w, &b));
    body.push_str(&views::overdue(&w, &view, ask, &b));
    body.push_str(&updated(&w, &view, b.now));
    let nav = nav(&w, ask, "/dashboard", "/dashboard/csv");
    Ok(Answer::Html(document(&w, ask, &title, &nav, &body)))
}

fn updated(w: &Words<'_>, view: &crate::app::render::view::View<'_>, now: i64) -> String {
    let time = arg("time", view.time(now));
    format!(
        "<section class=\"wide muted\">{}</section>",
        w.a("dash-updated", &[time])
    )
}

async fn overview_csv(State(app): State<Arc<App>>, Query(p): Query<Params>) -> Answer {
    with_viewer(&app, &p, async |ctx, viewer, ask| {
        let b = board(ctx, &viewer.villages).await?;
        let w = Words {
            i18n: &ctx.app.i18n,
            lang: ask.lang,
        };
        let rows = views::sorted(&b, &ask.sort)
            .into_iter()
            .map(|l| views::cells(&w, l))
            .collect();
        let table = Table {
            name: "villages",
            header: &views::COLUMNS,
            rows,
        };
        Ok(Answer::Csv("villages.csv".into(), table.csv()))
    })
    .await
}

async fn village(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Answer {
    with_viewer(&app, &p, async |ctx, viewer, ask| {
        village_page(ctx, &viewer, &ask, VillageId(id)).await
    })
    .await
}

async fn village_page(
    ctx: &mut Ctx<'_>,
    viewer: &Viewer,
    ask: &Ask,
    id: VillageId,
) -> Result<Answer, AppError> {
    let Some(v) = viewer.village(id).cloned() else {
        return Ok(Answer::Refused);
    };
    let b = board(ctx, std::slice::from_ref(&v)).await?;
    let w = Words {
        i18n: &ctx.app.i18n,
        lang: ask.lang,
    };
    let view = ctx.app.view(ask.lang);
    let title = w.a("dash-title", &[arg("name", v.name.clone())]);
    let path = format!("/dashboard/village/{id}");
    let mut body = views::villages(&w, ask, &b, &path);
    body.push_str(&views::charts(&w, &view, &b));
    body.push_str(&ticket::by_neighbourhood(ctx, &w, v.id).await?);
    body.push_str(&ticket::open_list(ctx, &w, ask, v.id).await?);
    body.push_str(&views::ranking(&w, &b));
    body.push_str(&views::overdue(&w, &view, ask, &b));
    body.push_str(&updated(&w, &view, b.now));
    let nav = nav(&w, ask, &path, &format!("{path}/csv"));
    Ok(Answer::Html(document(&w, ask, &title, &nav, &body)))
}

async fn village_csv(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Answer {
    with_viewer(&app, &p, async |ctx, viewer, ask| {
        let Some(v) = viewer.village(VillageId(id)).cloned() else {
            return Ok(Answer::Refused);
        };
        let table = ticket::open_table(ctx, ask.lang, v.id).await?;
        Ok(Answer::Csv(format!("village-{id}.csv"), table.csv()))
    })
    .await
}
