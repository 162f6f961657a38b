//! The dashboard's pages drawn from a `Board`: every village side by side (sortable), the trend
//! and category charts, chiefs and teams ranked, the overdue list; a village's page adds its
//! open tickets by neighbourhood and links to each ticket.

use super::page::{esc, section, table, Ask, Words};
use super::svg::{bars, trend, Pair};
use crate::app::dashboard::board::{Board, VillageLine};
use crate::app::render::view::View;
use crate::domain::stats::Stats;
use crate::domain::Category;
use crate::i18n::arg;

/// The columns of the villages' table, by sort key.
pub const COLUMNS: [&str; 10] = [
    "name",
    "open",
    "overdue",
    "week_in",
    "week_done",
    "month_in",
    "month_done",
    "ontime",
    "median",
    "rating",
];

fn percent(s: &Stats) -> String {
    s.on_time_percent()
        .map_or("—".into(), |p| format!("{p:.0}%"))
}

fn rating(s: &Stats) -> String {
    s.average_rating.map_or("—".into(), |r| format!("{r:.1}"))
}

/// Hours under two days, else days.
pub fn span(w: &Words<'_>, secs: Option<i64>) -> String {
    match secs {
        None => "—".into(),
        Some(s) if s < 2 * 86_400 => w.a("span-hours", &[arg("n", (s + 1800) / 3600)]),
        Some(s) => w.a("span-days", &[arg("n", (s + 43_200) / 86_400)]),
    }
}

/// The value a column sorts by (larger first, names in order).
fn sort_value(l: &VillageLine, key: &str) -> f64 {
    match key {
        "open" => l.open as f64,
        "overdue" => l.month.overdue_now as f64,
        "week_in" => l.week.received as f64,
        "week_done" => l.week.resolved as f64,
        "month_in" => l.month.received as f64,
        "month_done" => l.month.resolved as f64,
        "ontime" => l.month.on_time_percent().unwrap_or(-1.0),
        "median" => -(l.month.median_resolve_secs.unwrap_or(i64::MAX) as f64),
        "rating" => l.month.average_rating.unwrap_or(-1.0),
        _ => 0.0,
    }
}

/// The villages' lines in the asked order.
pub fn sorted<'b>(b: &'b Board, key: &str) -> Vec<&'b VillageLine> {
    let mut lines: Vec<&VillageLine> = b.lines.iter().collect();
    if key == "name" || !COLUMNS.contains(&key) {
        lines.sort_by(|a, b| a.village.name.cmp(&b.village.name));
    } else {
        lines.sort_by(|a, b| sort_value(b, key).total_cmp(&sort_value(a, key)));
    }
    lines
}

/// The cells of one village's line, as text (the CSV uses them too).
pub fn cells(w: &Words<'_>, l: &VillageLine) -> Vec<String> {
    vec![
        l.village.name.clone(),
        l.open.to_string(),
        l.month.overdue_now.to_string(),
        l.week.received.to_string(),
        l.week.resolved.to_string(),
        l.month.received.to_string(),
        l.month.resolved.to_string(),
        percent(&l.month),
        span(w, l.month.median_resolve_secs),
        rating(&l.month),
    ]
}

/// The villages side by side, each header a link that sorts by it.
pub fn villages(w: &Words<'_>, ask: &Ask, b: &Board, path: &str) -> String {
    let head: Vec<String> = COLUMNS
        .iter()
        .map(|k| {
            let label = w.t(&format!("dash-col-{}", k.replace('_', "-")));
            format!("<a href=\"{}\">{label}</a>", ask.href(path, &[("sort", k)]))
        })
        .collect();
    let rows: Vec<Vec<String>> = sorted(b, &ask.sort)
        .into_iter()
        .map(|l| {
            let mut c: Vec<String> = cells(w, l).iter().map(|c| esc(c)).collect();
            let link = ask.href(&format!("/dashboard/village/{}", l.village.id), &[]);
            c[0] = format!("<a href=\"{link}\">{}</a>", c[0]);
            if l.month.overdue_now > 0 {
                c[2] = format!("<span class=\"bad\">{}</span>", c[2]);
            }
            c
        })
        .collect();
    section(&w.t("dash-villages"), &table(&head, &rows), true)
}

/// The trend of twelve weeks and the month by category.
pub fn charts(w: &Words<'_>, view: &View<'_>, b: &Board) -> String {
    let labels: Vec<String> = b
        .trend
        .iter()
        .map(|wk| view.time(wk.start).chars().take(5).collect())
        .collect();
    let pairs: Vec<Pair<'_>> = b
        .trend
        .iter()
        .zip(&labels)
        .map(|(wk, label)| Pair {
            label,
            a: wk.received,
            b: wk.resolved,
        })
        .collect();
    let legend = (w.t("dash-received"), w.t("dash-resolved"));
    let chart = trend("trend-chart", &pairs, (&legend.0, &legend.1));
    let names: Vec<(Category, String)> = b
        .categories
        .keys()
        .map(|c| (*c, view.category(*c)))
        .collect();
    let cats: Vec<Pair<'_>> = names
        .iter()
        .map(|(c, name)| {
            let (a, b) = b.categories.get(c).copied().unwrap_or((0, 0));
            Pair { label: name, a, b }
        })
        .filter(|p| p.a + p.b > 0)
        .collect();
    let cat_chart = if cats.is_empty() {
        format!("<p class=\"muted\">{}</p>", w.t("dash-none"))
    } else {
        bars("category-chart", &cats)
    };
    section(&w.t("dash-trend"), &chart, false)
        + &section(&w.t("dash-categories"), &cat_chart, false)
}

/// Chiefs and teams, best first: on time, satisfaction, volume.
pub fn ranking(w: &Words<'_>, b: &Board) -> String {
    let head: Vec<String> = [
        "name",
        "village",
        "month_in",
        "month_done",
        "ontime",
        "rating",
    ]
    .iter()
    .map(|k| w.t(&format!("dash-col-{}", k.replace('_', "-"))))
    .collect();
    let rows: Vec<Vec<String>> = b
        .ranking
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                format!("{}. {}", i + 1, esc(&r.name)),
                esc(&r.village),
                r.stats.received.to_string(),
                r.stats.resolved.to_string(),
                percent(&r.stats),
                rating(&r.stats),
            ]
        })
        .collect();
    let inner = match rows.is_empty() {
        true => format!("<p class=\"muted\">{}</p>", w.t("dash-none")),
        false => table(&head, &rows),
    };
    section(&w.t("dash-ranking"), &inner, false)
}

/// Overdue tickets, the longest overdue first: where, what, who holds it, since when.
pub fn overdue(w: &Words<'_>, view: &View<'_>, ask: &Ask, b: &Board) -> String {
    let head: Vec<String> = ["village", "ticket", "category", "holder", "since"]
        .iter()
        .map(|k| w.t(&format!("dash-col-{k}")))
        .collect();
    let rows: Vec<Vec<String>> = b
        .overdue
        .iter()
        .map(|o| {
            let link = ask.href(&format!("/dashboard/ticket/{}", o.ticket.id), &[]);
            vec![
                esc(&o.village),
                format!("<a href=\"{link}\">{}</a>", o.ticket.no),
                esc(&view.category(o.ticket.category)),
                o.holder.clone(),
                format!(
                    "<span class=\"bad\">{}</span>",
                    span(w, Some(b.now - o.ticket.deadline_at))
                ),
            ]
        })
        .collect();
    let inner = match rows.is_empty() {
        true => format!("<p class=\"muted\">{}</p>", w.t("dash-none")),
        false => table(&head, &rows),
    };
    section(&w.t("dash-overdue"), &inner, false)
}
