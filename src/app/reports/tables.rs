//! The village's data as tables for the exports: the points ledger, the care households and the
//! visits (the tickets' table is in `export`), each written as CSV or as a sheet of a workbook.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;

use crate::app::context::{AppError, Ctx};
use crate::app::csv::field;
use crate::domain::{PersonId, VillageId};
use crate::store::{care, people, points};

/// One table: its sheet name, its header and its rows, all as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as a CSV file: UTF-8 with a BOM so spreadsheet programs read Chinese right.
    pub fn csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        out.push_str(&self.header.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let line: Vec<String> = row.iter().map(|c| field(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// People's names, each read once.
#[derive(Default)]
struct Names(HashMap<i64, String>);

impl Names {
    async fn of(&mut self, ctx: &mut Ctx<'_>, id: Option<i64>) -> Result<String, AppError> {
        let Some(id) = id else {
            return Ok(String::new());
        };
        if let Some(name) = self.0.get(&id) {
            return Ok(name.clone());
        }
        let name = people::get(&mut ctx.tx, PersonId(id))
            .await?
            .map(|p| p.label())
            .unwrap_or_default();
        self.0.insert(id, name.clone());
        Ok(name)
    }
}

/// Local time as the exports write it.
pub fn time(tz: Tz, unix: Option<i64>) -> String {
    unix.and_then(|t| Utc.timestamp_opt(t, 0).single())
        .map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn local(ctx: &Ctx<'_>, unix: Option<i64>) -> String {
    time(ctx.app.tz, unix)
}

/// Every ledger entry of `[from, to)`.
pub async fn points(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Table, AppError> {
    let entries = points::between(&mut ctx.tx, village, from, to).await?;
    let mut names = Names::default();
    let mut rows = vec![];
    for e in entries {
        rows.push(vec![
            local(ctx, Some(e.created_at)),
            names.of(ctx, Some(e.person_id)).await?,
            e.delta.to_string(),
            e.reason,
            e.ticket_no.map(|n| format!("#{n}")).unwrap_or_default(),
            e.note,
            names.of(ctx, e.actor_id).await?,
        ]);
    }
    Ok(Table {
        name: "points",
        header: &["time", "person", "points", "reason", "ticket", "note", "by"],
        rows,
    })
}

/// The care households as they stand.
pub async fn care(ctx: &mut Ctx<'_>, village: VillageId) -> Result<Table, AppError> {
    let households = care::all(&mut ctx.tx, village).await?;
    let mut rows = vec![];
    for h in households {
        let place = match h.neighbourhood {
            Some(n) => crate::store::grid::neighbourhood_name(&mut ctx.tx, n).await?,
            None => None,
        };
        rows.push(vec![
            h.name,
            place.unwrap_or_default(),
            h.level.key().to_string(),
            h.reason,
            local(ctx, Some(h.due_at)),
            h.stage.number().to_string(),
            local(ctx, h.last_visit_at),
        ]);
    }
    Ok(Table {
        name: "care",
        header: &[
            "household",
            "neighbourhood",
            "level",
            "reason",
            "next_visit",
            "reminders",
            "last_visit",
        ],
        rows,
    })
}

/// The visits recorded in `[from, to)`.
pub async fn visits(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Table, AppError> {
    let plan = ctx.app.settings.care;
    let visits = care::visits(&mut ctx.tx, village, from, to).await?;
    let mut names = Names::default();
    let mut rows = vec![];
    for v in visits {
        rows.push(vec![
            local(ctx, Some(v.at)),
            v.household,
            names.of(ctx, v.visitor_id).await?,
            v.note,
            v.photo.is_some().to_string(),
            local(ctx, Some(v.due_at)),
            plan.on_time(v.due_at, v.at).to_string(),
        ]);
    }
    Ok(Table {
        name: "visits",
        header: &[
            "time",
            "household",
            "visitor",
            "note",
            "photo",
            "due",
            "on_time",
        ],
        rows,
    })
}

/// Points, care households and visits of one village.
pub async fn village_tables(
    ctx: &mut Ctx<'_>,
    village: VillageId,
    from: i64,
    to: i64,
) -> Result<Vec<Table>, AppError> {
    Ok(vec![
        points(ctx, village, from, to).await?,
        care(ctx, village).await?,
        visits(ctx, village, from, to).await?,
    ])
}

/// A workbook with one sheet per table (cells are text: nothing in them runs as a formula).
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::Workbook;
    let bad = |e: rust_xlsxwriter::XlsxError| AppError::Workbook(e.to_string());
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name).map_err(bad)?;
        for (col, name) in table.header.iter().enumerate() {
            sheet.write_string(0, col as u16, *name).map_err(bad)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (col, cell) in row.iter().enumerate() {
                sheet.write_string(r, col as u16, cell).map_err(bad)?;
            }
        }
    }
    book.save_to_buffer().map_err(bad)
}
