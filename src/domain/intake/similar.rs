//! "Me too": whether a new message reports the same problem as an open ticket.
//!
//! Words are compared as sets of character pairs (Chinese, where words are one or two characters)
//! and Latin words of three letters or more (English, minus a few function words). Two reports
//! are the same problem when they share a category and either three words, or half the shorter
//! one's words (at least two), or the same place and at least one word besides it: "村口路灯还是不亮" after
//! "村口路灯坏了" (村口, 口路, 路灯 shared), but not "三组水管漏了" after "三组路灯不亮", nor the
//! same words about two different places.

use std::collections::HashSet;

use super::model::features::is_han;

/// Share of the shorter message's words that must be shared when no place ties them.
const OVERLAP: f32 = 0.5;
/// Words shared that tie two reports whatever their length ("路灯坏了" is three pairs).
const ENOUGH: usize = 3;
/// Words that say nothing about which problem it is.
const STOP: [&str; 24] = [
    "the", "and", "for", "are", "was", "has", "have", "not", "still", "again", "our", "his", "her",
    "its", "this", "that", "there", "please", "can", "someone", "with", "from", "been", "near",
];

/// The words of a report: Han character pairs and Latin words, lower-cased.
pub fn words(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    let mut out = HashSet::new();
    let mut prev: Option<char> = None;
    for c in lower.chars() {
        let han = is_han(c);
        if let (Some(p), true) = (prev, han) {
            out.insert([p, c].iter().collect());
        }
        prev = han.then_some(c);
    }
    for w in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.len() >= 3 && !STOP.contains(&w) && !w.chars().all(|c| c.is_ascii_digit()) {
            out.insert(w.to_string());
        }
    }
    out
}

/// One side of the comparison: a report's words and where it says it is.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub text: &'a str,
    pub place: Option<&'a str>,
}

/// Whether two reports (already known to share a category) describe the same problem.
pub fn same_problem(a: Report<'_>, b: Report<'_>) -> bool {
    let place = match (a.place, b.place) {
        (Some(x), Some(y)) if x == y => Some(x),
        // Two places named, and not the same one: two problems.
        (Some(_), Some(_)) => return false,
        _ => None,
    };
    let strip = |w: HashSet<String>| -> HashSet<String> {
        let in_place = words(place.unwrap_or_default());
        w.into_iter().filter(|x| !in_place.contains(x)).collect()
    };
    let (wa, wb) = (strip(words(a.text)), strip(words(b.text)));
    let shared = wa.intersection(&wb).count();
    let shorter = wa.len().min(wb.len()).max(1);
    let similar = shared >= ENOUGH || shared >= 2 && shared as f32 / shorter as f32 >= OVERLAP;
    similar || (place.is_some() && shared >= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, pa: Option<&str>, b: &str, pb: Option<&str>) -> bool {
        same_problem(Report { text: a, place: pa }, Report { text: b, place: pb })
    }

    #[test]
    fn the_same_light_reported_twice() {
        assert!(same(
            "村口路灯坏了",
            Some("村口"),
            "村口路灯还是不亮",
            Some("村口")
        ));
        assert!(same(
            "路灯坏了 晚上看不见路",
            None,
            "那个路灯坏了好几天了",
            None
        ));
        assert!(same(
            "The street light at the bridge is broken",
            None,
            "street light by the bridge still broken!!",
            None
        ));
    }

    #[test]
    fn other_problems_in_the_same_place_are_not() {
        assert!(!same(
            "三组水管漏了",
            Some("三组"),
            "三组路灯不亮",
            Some("三组")
        ));
        assert!(!same(
            "村口路灯坏了",
            Some("村口"),
            "桥头路灯坏了",
            Some("桥头")
        ));
        assert!(!same("水管漏水", None, "路灯不亮", None));
        assert!(!same("", None, "", None));
        assert!(!same(
            "the pipe at lane 3 leaks",
            None,
            "the light at lane 3 is out",
            None
        ));
    }
}
