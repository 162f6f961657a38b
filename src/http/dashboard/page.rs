//! The frame of every dashboard page: one self-contained HTML document (styles inline, charts as
//! SVG, no script, nothing fetched from elsewhere), in the viewer's language, with a big-screen
//! mode that enlarges everything and refreshes itself every minute.

use std::fmt::Write;

use crate::i18n::{Args, I18n, Lang};

/// Text made safe inside HTML elements and double-quoted attributes.
pub use crate::app::render::text::html as esc;

/// How a page is asked for: the link's token, the language, the big-screen mode, the sort.
#[derive(Debug, Clone)]
pub struct Ask {
    pub token: String,
    pub lang: Lang,
    pub screen: bool,
    pub sort: String,
}

impl Ask {
    /// A link to `path` keeping the token, language and mode, with `extra` query pairs.
    pub fn href(&self, path: &str, extra: &[(&str, &str)]) -> String {
        let mut q = format!("{path}?t={}&lang={}", self.token, self.lang.tag());
        if self.screen {
            q.push_str("&screen=1");
        }
        for (k, v) in extra {
            let _ = write!(q, "&{k}={v}");
        }
        esc(&q)
    }
}

/// Words of the page in its language, escaped.
pub struct Words<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
}

impl Words<'_> {
    pub fn t(&self, id: &str) -> String {
        esc(&self.i18n.plain(self.lang, id))
    }

    pub fn a(&self, id: &str, args: &Args<'_>) -> String {
        esc(&self.i18n.text(self.lang, id, args))
    }
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;background:#f4f6f8;color:#1c2530}\
header{background:#b71c1c;color:#fff;padding:12px 24px;display:flex;flex-wrap:wrap;align-items:baseline;gap:16px}\
header h1{margin:0;font-size:1.5em}header a{color:#fff}nav{display:flex;gap:12px;margin-left:auto}\
main{padding:16px 24px;display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}\
section{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 3px #0002;overflow-x:auto}\
section.wide{grid-column:1/-1}h2{font-size:1.1em;margin:4px 0 8px}\
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #e3e7eb;text-align:right;white-space:nowrap}\
th:first-child,td:first-child{text-align:left}th a{color:inherit}td.l,th.l{text-align:left;white-space:normal}\
.bad{color:#b71c1c;font-weight:600}.chart{width:100%;height:auto}.chart .a{fill:#1e88e5}.chart .b{fill:#43a047}\
.chart .grid{stroke:#e3e7eb}.chart .axis,.chart .label{font-size:12px;fill:#55606b}.muted{color:#6b7681}\
body.screen{font-size:150%}body.screen main{grid-template-columns:1fr 1fr}";

/// The whole document.
pub fn document(w: &Words<'_>, ask: &Ask, title: &str, nav: &str, body: &str) -> String {
    let refresh = if ask.screen {
        r#"<meta http-equiv="refresh" content="60">"#
    } else {
        ""
    };
    let class = if ask.screen { " class=\"screen\"" } else { "" };
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">{refresh}\
         <meta name=\"referrer\" content=\"no-referrer\"><title>{title}</title><style>{STYLE}</style></head>\
         <body{class}><header><h1>{title}</h1><nav>{nav}</nav></header><main>{body}</main>\
         <footer class=\"muted\" style=\"padding:0 24px 16px\">{foot}</footer></body></html>",
        lang = ask.lang.tag(),
        foot = w.t("dash-foot"),
    )
}

/// A section with a heading.
pub fn section(title: &str, inner: &str, wide: bool) -> String {
    let class = if wide { " class=\"wide\"" } else { "" };
    format!("<section{class}><h2>{title}</h2>{inner}</section>")
}

/// A table: header cells (already HTML) and rows of cells (already HTML); the first column is
/// left-aligned text.
pub fn table(head: &[String], rows: &[Vec<String>]) -> String {
    let mut s = String::from("<table><thead><tr>");
    for h in head {
        let _ = write!(s, "<th>{h}</th>");
    }
    s.push_str("</tr></thead><tbody>");
    for row in rows {
        s.push_str("<tr>");
        for c in row {
            let _ = write!(s, "<td>{c}</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// The links every page has: the other language, big screen on or off, CSV.
pub fn nav(w: &Words<'_>, ask: &Ask, path: &str, csv: &str) -> String {
    let other = match ask.lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let switched = Ask {
        lang: other,
        ..ask.clone()
    };
    let screen = Ask {
        screen: !ask.screen,
        ..ask.clone()
    };
    format!(
        "<a href=\"{}\">{}</a><a href=\"{}\">{}</a><a href=\"{}\">{}</a>",
        switched.href(path, &[]),
        w.t("dash-lang"),
        screen.href(path, &[]),
        w.t(if ask.screen {
            "dash-screen-off"
        } else {
            "dash-screen"
        }),
        ask.href(csv, &[]),
        w.t("dash-csv"),
    )
}
