//! Charts drawn on the server as SVG: nothing to fetch, so a page works on an intranet with no
//! internet. Bars for the weekly trend (received beside resolved) and for categories.

use std::fmt::Write;

use super::page::esc;

/// One group of the trend chart: its label and its two values.
pub struct Pair<'a> {
    pub label: &'a str,
    pub a: usize,
    pub b: usize,
}

const W: usize = 720;
const H: usize = 260;
const LEFT: usize = 40;
const BOTTOM: usize = 40;
const TOP: usize = 16;

/// A rounded-up axis top: 1, 2, 5, 10, 20, 50, …
fn axis_top(max: usize) -> usize {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max.max(1) {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Grouped bars: `a` (received) and `b` (resolved) per week, with a legend.
pub fn trend(id: &str, pairs: &[Pair<'_>], legend: (&str, &str)) -> String {
    let top = axis_top(pairs.iter().map(|p| p.a.max(p.b)).max().unwrap_or(0));
    let plot_h = (H - BOTTOM - TOP) as f64;
    let slot = (W - LEFT - 10) as f64 / pairs.len().max(1) as f64;
    let bar = (slot * 0.35).max(2.0);
    let mut s = format!(
        r#"<svg id="{id}" class="chart" viewBox="0 0 {W} {H}" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for i in 0..=4 {
        let y = TOP as f64 + plot_h * f64::from(i) / 4.0;
        let value = top * (4 - i as usize) / 4;
        let _ = write!(
            s,
            r#"<line x1="{LEFT}" y1="{y:.1}" x2="{W}" y2="{y:.1}" class="grid"/><text x="{}" y="{:.1}" class="axis" text-anchor="end">{value}</text>"#,
            LEFT - 4,
            y + 4.0
        );
    }
    for (i, p) in pairs.iter().enumerate() {
        let x = LEFT as f64 + slot * i as f64 + slot * 0.12;
        for (k, (v, class)) in [(p.a, "a"), (p.b, "b")].into_iter().enumerate() {
            let h = plot_h * v as f64 / top as f64;
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}" class="{class}"><title>{v}</title></rect>"#,
                x + bar * k as f64,
                TOP as f64 + plot_h - h
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" class="axis" text-anchor="middle">{}</text>"#,
            x + bar,
            H - BOTTOM + 16,
            esc(p.label)
        );
    }
    let _ = write!(
        s,
        r#"<rect x="{LEFT}" y="{}" width="12" height="12" class="a"/><text x="{}" y="{}" class="axis">{}</text><rect x="{}" y="{}" width="12" height="12" class="b"/><text x="{}" y="{}" class="axis">{}</text></svg>"#,
        H - 16,
        LEFT + 16,
        H - 6,
        esc(legend.0),
        LEFT + 160,
        H - 16,
        LEFT + 176,
        H - 6,
        esc(legend.1)
    );
    s
}

/// Horizontal bars, one per category: received (and resolved inside it).
pub fn bars(id: &str, rows: &[Pair<'_>]) -> String {
    let top = axis_top(rows.iter().map(|p| p.a.max(p.b)).max().unwrap_or(0));
    let row_h = 28;
    let h = rows.len().max(1) * row_h + 10;
    let label_w = 120.0;
    let plot_w = W as f64 - label_w - 60.0;
    let mut s = format!(
        r#"<svg id="{id}" class="chart" viewBox="0 0 {W} {h}" role="img" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, p) in rows.iter().enumerate() {
        let y = 5 + i * row_h;
        let wa = plot_w * p.a as f64 / top as f64;
        let wb = plot_w * p.b as f64 / top as f64;
        let _ = write!(
            s,
            r#"<text x="{:.0}" y="{}" class="label" text-anchor="end">{}</text><rect x="{label_w}" y="{y}" width="{wa:.1}" height="18" class="a"/><rect x="{label_w}" y="{}" width="{wb:.1}" height="8" class="b"/><text x="{:.1}" y="{}" class="axis">{} / {}</text>"#,
            label_w - 8.0,
            y + 14,
            esc(p.label),
            y + 10,
            label_w + wa.max(wb) + 6.0,
            y + 14,
            p.a,
            p.b
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up() {
        assert_eq!(axis_top(0), 1);
        assert_eq!(axis_top(3), 5);
        assert_eq!(axis_top(17), 20);
        assert_eq!(axis_top(101), 200);
    }

    #[test]
    fn labels_are_escaped() {
        let svg = trend(
            "t",
            &[Pair {
                label: "<b>",
                a: 1,
                b: 0,
            }],
            ("a&b", "c"),
        );
        assert!(svg.contains("&lt;b&gt;") && svg.contains("a&amp;b"));
        assert!(!svg.contains("<b>"));
    }
}
