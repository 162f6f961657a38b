//! Open311 GeoReport v2, the read side: services are the categories (private ones left out),
//! requests are tickets with status open or closed, filtered by service, status, dates and
//! jurisdiction (`v<id>` a village, `t<id>` a township). Readable by anyone only when the
//! deployment says so (`open311.public`), else with a dashboard link's token.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::access::{admit, Viewer};
use crate::app::context::{AppError, Ctx};
use crate::domain::{Category, Ticket, TicketId, VillageId};
use crate::i18n::Lang;
use crate::store::villages::{self, Village};
use crate::store::{dashboard, tickets, townships};

/// At most this many requests in one answer; the default window is the last 90 days.
pub const MAX_REQUESTS: usize = 1000;
const DEFAULT_DAYS: i64 = 90;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Service {
    pub service_code: &'static str,
    pub service_name: String,
    pub description: String,
    pub metadata: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

/// One service request, with every field GeoReport v2 names.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Request {
    pub service_request_id: String,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: &'static str,
    pub description: String,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    pub expected_datetime: String,
    pub address: String,
    pub address_id: String,
    pub zipcode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long: Option<f64>,
    pub media_url: String,
}

/// The public categories as services.
pub fn services(ctx: &Ctx<'_>, lang: Lang) -> Vec<Service> {
    let view = ctx.app.view(lang);
    Category::ALL
        .into_iter()
        .filter(|c| !c.is_sensitive())
        .map(|c| Service {
            service_code: c.key(),
            service_name: view.category(c),
            description: view.category(c),
            metadata: false,
            kind: "realtime",
            keywords: c.key().to_string(),
            group: String::new(),
        })
        .collect()
}

/// What a request list asks for.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub services: Option<Vec<Category>>,
    /// `Some(true)` open only, `Some(false)` closed only.
    pub open: Option<bool>,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// Why a request cannot be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No token, or one that admits nothing, on a deployment that is not public.
    Unauthorized,
    /// A jurisdiction the token does not cover, or that does not exist.
    UnknownJurisdiction,
}

/// The villages a call may read: its token's (narrowed to the jurisdiction), or, on a public
/// deployment, the jurisdiction's or every village.
pub async fn villages_for(
    ctx: &mut Ctx<'_>,
    token: Option<&str>,
    jurisdiction: Option<&str>,
) -> Result<Result<Vec<Village>, Refused>, AppError> {
    let all = match token.filter(|t| !t.is_empty()) {
        Some(t) => match admit(ctx, t).await? {
            Some(Viewer { villages, .. }) => villages,
            None => return Ok(Err(Refused::Unauthorized)),
        },
        None if ctx.app.settings.open311.public => every_village(ctx).await?,
        None => return Ok(Err(Refused::Unauthorized)),
    };
    let Some(j) = jurisdiction.filter(|j| !j.is_empty()) else {
        return Ok(Ok(all));
    };
    let wanted: Vec<VillageId> = match (j.strip_prefix('v'), j.strip_prefix('t')) {
        (Some(id), _) => id.parse().map(|id| vec![VillageId(id)]).unwrap_or_default(),
        (_, Some(id)) => match id.parse() {
            Ok(id) => townships::villages(&mut ctx.tx, id)
                .await?
                .into_iter()
                .map(|v| v.id)
                .collect(),
            Err(_) => vec![],
        },
        _ => vec![],
    };
    let chosen: Vec<Village> = all.into_iter().filter(|v| wanted.contains(&v.id)).collect();
    Ok(match chosen.is_empty() {
        true => Err(Refused::UnknownJurisdiction),
        false => Ok(chosen),
    })
}

async fn every_village(ctx: &mut Ctx<'_>) -> Result<Vec<Village>, AppError> {
    let ids = villages::all_ids(&mut ctx.tx).await?;
    Ok(villages::by_ids(&mut ctx.tx, &ids).await?)
}

/// The requests of `villages` matching `f`, newest first, at most [`MAX_REQUESTS`].
pub async fn requests(
    ctx: &mut Ctx<'_>,
    villages: &[Village],
    f: &Filter,
) -> Result<Vec<Request>, AppError> {
    let end = f.end.unwrap_or(ctx.now + 1);
    let start = f.start.unwrap_or(end - DEFAULT_DAYS * 86_400);
    let mut found = vec![];
    for v in villages {
        let limit = MAX_REQUESTS as i64 * 4;
        for t in dashboard::created_between(&mut ctx.tx, v.id, (start, end), limit).await? {
            let wanted = f.services.as_ref().is_none_or(|s| s.contains(&t.category))
                && f.open.is_none_or(|open| open == t.state.is_open())
                && !t.is_private();
            if wanted {
                found.push((t, v));
            }
        }
    }
    found.sort_by_key(|(t, _)| std::cmp::Reverse(t.created_at));
    found.truncate(MAX_REQUESTS);
    Ok(found
        .into_iter()
        .map(|(t, v)| request(ctx, v, &t))
        .collect())
}

/// One request by id, if it is one of `villages`' and not a private matter.
pub async fn one(
    ctx: &mut Ctx<'_>,
    villages: &[Village],
    id: i64,
) -> Result<Option<Request>, AppError> {
    let Some(t) = tickets::get(&mut ctx.tx, TicketId(id)).await? else {
        return Ok(None);
    };
    Ok(villages
        .iter()
        .find(|v| v.id == t.village && !t.is_private())
        .map(|v| request(ctx, v, &t)))
}

fn when(ctx: &Ctx<'_>, unix: i64) -> String {
    Utc.timestamp_opt(unix, 0)
        .single()
        .map(|t: DateTime<Utc>| t.with_timezone(&ctx.app.tz).to_rfc3339())
        .unwrap_or_default()
}

fn request(ctx: &Ctx<'_>, v: &Village, t: &Ticket) -> Request {
    let view = ctx.app.view(v.lang);
    let updated = t.closed_at.or(t.resolved_at).unwrap_or(t.created_at);
    Request {
        service_request_id: t.id.0.to_string(),
        status: if t.state.is_open() { "open" } else { "closed" },
        status_notes: t.last_note.clone().unwrap_or_default(),
        service_name: view.category(t.category),
        service_code: t.category.key(),
        description: t.body.clone(),
        agency_responsible: v.name.clone(),
        service_notice: String::new(),
        requested_datetime: when(ctx, t.created_at),
        updated_datetime: when(ctx, updated),
        expected_datetime: when(ctx, t.deadline_at),
        address: t.location.clone().unwrap_or_default(),
        address_id: String::new(),
        zipcode: String::new(),
        lat: None,
        long: None,
        media_url: String::new(),
    }
}
