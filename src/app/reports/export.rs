//! Tickets and their events as CSV, for the `export` command and `/export` in private chat.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::csv::field;
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::domain::{ChatId, VillageId};
use crate::store::ticket_views::{self as tickets, ExportRow};

const HEADER: [&str; 19] = [
    "village",
    "ticket",
    "category",
    "tier",
    "urgent",
    "state",
    "location",
    "request",
    "requester",
    "holder",
    "created",
    "deadline",
    "resolved",
    "closed",
    "rating",
    "event_time",
    "event",
    "actor",
    "note",
];

fn time(tz: Tz, unix: Option<i64>) -> String {
    unix.and_then(|t| Utc.timestamp_opt(t, 0).single())
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The whole file: a header line, then one line per event, UTF-8 with a BOM so spreadsheet
/// programs read the Chinese right.
pub fn csv(rows: &[ExportRow], tz: Tz) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            r.village.clone(),
            format!("#{}", r.no),
            r.category.clone(),
            r.tier.clone(),
            (r.urgent != 0).to_string(),
            r.state.clone(),
            r.location.clone().unwrap_or_default(),
            r.body.clone(),
            r.requester.clone(),
            r.holder.clone().unwrap_or_default(),
            time(tz, Some(r.created_at)),
            time(tz, Some(r.deadline_at)),
            time(tz, r.resolved_at),
            time(tz, r.closed_at),
            r.rating.map(|n| n.to_string()).unwrap_or_default(),
            time(tz, Some(r.event_at)),
            r.action.clone(),
            r.actor.clone().unwrap_or_default(),
            r.note.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The export of `[from, to)` for one village or all.
pub async fn build(
    ctx: &mut Ctx<'_>,
    village: Option<VillageId>,
    from: i64,
    to: i64,
) -> Result<String, AppError> {
    let rows = tickets::export_rows(&mut ctx.tx, village, from, to).await?;
    Ok(csv(&rows, ctx.app.tz))
}

/// `/export [days]`: the last 30 (or given) days of the village as a CSV file, in private only.
pub async fn export(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    if !q.m.private {
        return ctx.reply(q.m, q.lang, "export-private", &[]).await;
    }
    let days: i64 = match args.trim() {
        "" => 30,
        n => match n.parse() {
            Ok(d) if (1..=3660).contains(&d) => d,
            _ => return ctx.reply(q.m, q.lang, "usage-export-hint", &[]).await,
        },
    };
    let content = build(
        ctx,
        Some(q.village.id),
        ctx.now - days * 86_400,
        ctx.now + 1,
    )
    .await?;
    let date = DateTime::<Utc>::from_timestamp(ctx.now, 0)
        .unwrap_or_default()
        .format("%Y%m%d");
    let out = Outgoing::Document {
        filename: format!("tickets-{date}.csv"),
        content,
    };
    ctx.emit(ChatId(q.m.chat.0), out, None, Purpose::Info).await
}
