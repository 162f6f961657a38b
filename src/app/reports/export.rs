//! A village's data for the `export` command and `/export` in private chat: tickets and their
//! events, the points ledger, care households and visits, as CSV files or one .xlsx workbook.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::tables::{time, village_tables, workbook, Table};
use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
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

/// The tickets' table: one line per event.
pub fn tickets_table(rows: &[ExportRow], tz: Tz) -> Table {
    let rows = rows
        .iter()
        .map(|r| {
            vec![
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
            ]
        })
        .collect();
    Table {
        name: "tickets",
        header: &HEADER,
        rows,
    }
}

/// The tickets' file: a header line, then one line per event, UTF-8 with a BOM.
pub fn csv(rows: &[ExportRow], tz: Tz) -> String {
    tickets_table(rows, tz).csv()
}

/// The tickets' table of `[from, to)` for one village or all.
pub async fn tickets(
    ctx: &mut Ctx<'_>,
    village: Option<VillageId>,
    from: i64,
    to: i64,
) -> Result<Table, AppError> {
    let rows = tickets::export_rows(&mut ctx.tx, village, from, to).await?;
    Ok(tickets_table(&rows, ctx.app.tz))
}

/// The tickets' CSV of `[from, to)` for one village or all.
pub async fn build(
    ctx: &mut Ctx<'_>,
    village: Option<VillageId>,
    from: i64,
    to: i64,
) -> Result<String, AppError> {
    Ok(tickets(ctx, village, from, to).await?.csv())
}

/// Everything of one village: tickets, points, care households, visits.
pub async fn everything(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Vec<Table>, AppError> {
    let mut all = vec![tickets(ctx, Some(village), from, to).await?];
    all.extend(village_tables(ctx, village, from, to).await?);
    Ok(all)
}

/// `/export [days] [xlsx]`: the last 30 (or given) days of the village, in private only: the
/// tickets and, where there are any, the points, care households and visits as CSV files, or
/// all of them as one workbook.
pub async fn export(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    if !q.m.private {
        return ctx.reply(q.m, q.lang, "export-private", &[]).await;
    }
    let mut days = 30;
    let mut xlsx = false;
    for word in args.split_whitespace() {
        match (word, word.parse::<i64>()) {
            ("xlsx" | "excel", _) => xlsx = true,
            (_, Ok(d)) if (1..=3660).contains(&d) => days = d,
            _ => return ctx.reply(q.m, q.lang, "usage-export-hint", &[]).await,
        }
    }
    let tables = everything(ctx, q.village.id, ctx.now - days * 86_400, ctx.now + 1).await?;
    let date = DateTime::<Utc>::from_timestamp(ctx.now, 0)
        .unwrap_or_default()
        .format("%Y%m%d");
    let chat = ChatId(q.m.chat.0);
    if xlsx {
        let out = Outgoing::File {
            filename: format!("village-{date}.xlsx"),
            base64: encode(&workbook(&tables)?),
        };
        return ctx.emit(chat, out, None, Purpose::Info).await;
    }
    for (i, table) in tables.iter().enumerate() {
        if i > 0 && table.rows.is_empty() {
            continue;
        }
        let out = Outgoing::Document {
            filename: format!("{}-{date}.csv", table.name),
            content: table.csv(),
        };
        ctx.emit(chat, out, None, Purpose::Info).await?;
    }
    Ok(())
}

fn encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
