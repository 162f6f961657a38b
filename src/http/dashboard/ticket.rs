//! A village's open tickets (by neighbourhood, as a list, as CSV) and one ticket's page with its
//! history. A private matter shows only its category and state: a big screen is seen by anyone
//! in the room.

use std::sync::Arc;

use axum::extract::{Path, Query, State};

use super::page::{document, esc, nav, section, table, Ask, Words};
use super::{with_viewer, Answer, Params};
use crate::app::dashboard::village;
use crate::app::reports::tables::Table;
use crate::app::ticket::card::holder_label;
use crate::app::ticket::history::history_lines;
use crate::app::{App, AppError, Ctx};
use crate::domain::{Ticket, TicketId, VillageId};
use crate::i18n::{arg, Lang};

pub async fn by_neighbourhood(
    ctx: &mut Ctx<'_>,
    w: &Words<'_>,
    village: VillageId,
) -> Result<String, AppError> {
    let rows: Vec<Vec<String>> = village::open_by_neighbourhood(ctx, village)
        .await?
        .into_iter()
        .map(|(place, n)| {
            let place = match place.is_empty() {
                true => w.t("dash-no-neighbourhood"),
                false => esc(&place),
            };
            vec![place, n.to_string()]
        })
        .collect();
    let head = [w.t("dash-col-neighbourhood"), w.t("dash-col-open")];
    let inner = match rows.is_empty() {
        true => format!("<p class=\"muted\">{}</p>", w.t("dash-none")),
        false => table(&head, &rows),
    };
    Ok(section(&w.t("dash-neighbourhoods"), &inner, false))
}

const OPEN_HEAD: [&str; 5] = ["ticket", "category", "state", "holder", "deadline"];

pub async fn open_list(
    ctx: &mut Ctx<'_>,
    w: &Words<'_>,
    ask: &Ask,
    village: VillageId,
) -> Result<String, AppError> {
    let rows: Vec<Vec<String>> = village::open_rows(ctx, ask.lang, village)
        .await?
        .into_iter()
        .map(|(id, mut c)| {
            let link = ask.href(&format!("/dashboard/ticket/{id}"), &[]);
            c[0] = format!("<a href=\"{link}\">{}</a>", esc(&c[0]));
            for cell in &mut c[1..] {
                *cell = esc(cell);
            }
            c
        })
        .collect();
    let head: Vec<String> = OPEN_HEAD
        .iter()
        .map(|k| w.t(&format!("dash-col-{k}")))
        .collect();
    let inner = match rows.is_empty() {
        true => format!("<p class=\"muted\">{}</p>", w.t("dash-none")),
        false => table(&head, &rows),
    };
    Ok(section(&w.t("dash-open-tickets"), &inner, true))
}

/// The open tickets as a CSV table.
pub async fn open_table(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    village: VillageId,
) -> Result<Table, AppError> {
    let rows = village::open_rows(ctx, lang, village)
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    Ok(Table {
        name: "open",
        header: &OPEN_HEAD,
        rows,
    })
}

pub async fn ticket(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
    Query(p): Query<Params>,
) -> Answer {
    with_viewer(&app, &p, async |ctx, viewer, ask| {
        let Some(t) = village::ticket(ctx, TicketId(id)).await? else {
            return Ok(Answer::NotFound);
        };
        if viewer.village(t.village).is_none() {
            return Ok(Answer::Refused);
        }
        let w = Words {
            i18n: &ctx.app.i18n,
            lang: ask.lang,
        };
        let title = w.a("dash-ticket-title", &[arg("no", t.no.to_string())]);
        let (facts, body) = details(ctx, &w, ask.lang, &t).await?;
        let card = section(&title, &table(&[], &facts), true);
        let back = format!("/dashboard/village/{}", t.village);
        let nav = nav(
            &w,
            &ask,
            &format!("/dashboard/ticket/{id}"),
            &format!("{back}/csv"),
        );
        Ok(Answer::Html(document(
            &w,
            &ask,
            &title,
            &nav,
            &(card + &body),
        )))
    })
    .await
}

/// A ticket's facts (as table rows) and its history; only category and state for a private matter.
async fn details(
    ctx: &mut Ctx<'_>,
    w: &Words<'_>,
    lang: Lang,
    t: &Ticket,
) -> Result<(Vec<Vec<String>>, String), AppError> {
    let view = ctx.app.view(lang);
    let mut facts = vec![
        vec![w.t("dash-col-category"), esc(&view.category(t.category))],
        vec![w.t("dash-col-state"), esc(&view.state(t.state))],
    ];
    if t.is_private() {
        let note = format!("<p class=\"muted\">{}</p>", w.t("dash-private-ticket"));
        return Ok((facts, note));
    }
    facts.push(vec![
        w.t("dash-col-holder"),
        holder_label(ctx, t.holder).await?,
    ]);
    facts.push(vec![
        w.t("dash-col-deadline"),
        esc(&view.time(t.deadline_at)),
    ]);
    facts.push(vec![w.t("dash-col-body"), esc(&t.body)]);
    let lines = history_lines(ctx, lang, t).await?;
    let items: String = lines.iter().map(|l| format!("<li>{l}</li>")).collect();
    let history = section(&w.t("dash-history"), &format!("<ol>{items}</ol>"), true);
    Ok((facts, history))
}
