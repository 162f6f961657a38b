//! What the learned intake model sees of a message: character n-grams, words, shape and the rules' verdict.
//!
//! A message becomes a sequence of units: each Han character, each Latin word, each number (as
//! `0`), each punctuation mark, and a space for any run of white space. Features are unigrams and
//! bigrams of units (Chinese words are mostly one or two characters; English word pairs like "not
//! working"), trigrams of Han characters ("不亮了"), the first and last unit, the length, and what
//! the keyword rules found. Each feature is a 64-bit hash of a namespace byte and its parts'
//! hashes (each unit is hashed once, however many features it is in);
//! no string is built unless someone asks for the names ([`Named`], for `classify --explain`).
//! (Letter trigrams inside Latin words, meant for typos, made English precision and category
//! accuracy worse in cross-validation, so they are not used.)

/// Receives features as they are found.
pub trait Sink {
    /// `parts` are combined (or joined) in order under the namespace `ns`.
    fn feature(&mut self, ns: u8, parts: &[Part<'_>]);

    /// A feature of fixed words (the rules' findings, the length), each hashed on the spot.
    fn words<const N: usize>(&mut self, ns: u8, words: [&str; N]) {
        self.feature(ns, &words.map(Part::new));
    }
}

/// A piece of a feature's name with its hash, so that a unit of text is hashed once however
/// many features it is in.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub text: &'a str,
    hash: u64,
}

impl<'a> Part<'a> {
    pub fn new(text: &'a str) -> Self {
        Part {
            text,
            hash: part_hash(text),
        }
    }
}

/// Namespaces: one byte in front of every feature, so "灯" the unigram differs from "灯" the end.
pub mod ns {
    pub const BIAS: u8 = b'B';
    pub const UNI: u8 = b'u';
    pub const BI: u8 = b'b';
    pub const TRI: u8 = b't';
    pub const FIRST: u8 = b'f';
    pub const LAST: u8 = b'z';
    pub const LENGTH: u8 = b'n';
    pub const RULE: u8 = b'r';
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes one word into the hash (FxHash's step: a rotate, a xor, a multiply).
fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

/// A 64-bit hash of one part, eight bytes at a time; its length ends it, so that a pair of
/// parts ("a", "b") differs from ("ab", "").
fn part_hash(p: &str) -> u64 {
    let mut h = SEED;
    let mut chunks = p.as_bytes().chunks_exact(8);
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h, u64::from_le_bytes(w));
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    mix(h, u64::from_le_bytes(w) ^ ((p.len() as u64) << 56))
}

/// A feature's key: its namespace and its parts' hashes mixed in order, then a final avalanche
/// so that the map's low bits (its buckets) depend on every byte.
fn combine(ns: u8, parts: &[Part<'_>]) -> u64 {
    let mut h = mix(SEED, u64::from(ns));
    for p in parts {
        h = mix(h, p.hash);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The key of the feature `parts` under `ns` (what the sinks compute from [`Part`]s).
#[cfg(test)]
pub(crate) fn hash<const N: usize>(ns: u8, parts: [&str; N]) -> u64 {
    combine(ns, &parts.map(Part::new))
}

/// Collects feature hashes.
#[derive(Debug, Default)]
pub struct Hashes(pub Vec<u64>);

impl Sink for Hashes {
    fn feature(&mut self, ns: u8, parts: &[Part<'_>]) {
        self.0.push(combine(ns, parts));
    }
}

/// Collects features with a readable name, for explanations.
#[derive(Debug, Default)]
pub struct Named(pub Vec<(u64, String)>);

impl Sink for Named {
    fn feature(&mut self, ns: u8, parts: &[Part<'_>]) {
        let texts: Vec<&str> = parts.iter().map(|p| p.text).collect();
        let name = format!("{}:{}", ns as char, texts.join(" "));
        self.0.push((combine(ns, parts), name));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Han,
    Word,
    Number,
    Mark,
    Space,
}

/// A unit's text is a slice of the normalised message, or a fixed token; `gap` says white space
/// came before it.
#[derive(Debug, Clone, Copy)]
struct Unit<'a> {
    kind: Kind,
    part: Part<'a>,
    gap: bool,
}

/// Lower case, full-width ASCII folded to half-width, nothing else changed.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            _ => c,
        };
        if c.is_ascii() || is_han(c) {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// `text.to_lowercase()`, without the Unicode case tables for the ASCII and Han characters
/// village messages are mostly made of (what the keyword rules read).
pub fn lowercase(text: &str) -> String {
    let simple = |c: char| c.is_ascii() || is_han(c) || ('\u{3000}'..='\u{303F}').contains(&c);
    if !text.chars().all(simple) {
        // Other scripts take the standard path (Greek's final sigma depends on its neighbours).
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
    out
}

/// A Chinese (Han) character, in the blocks village messages use.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn kind_of(c: char) -> Kind {
    if is_han(c) {
        Kind::Han
    } else if c.is_ascii_digit() {
        Kind::Number
    } else if c.is_alphabetic() || c == '\'' {
        Kind::Word
    } else if c.is_whitespace() {
        Kind::Space
    } else {
        Kind::Mark
    }
}

/// Units found so far, and whether white space came since the last one.
struct Splitter<'a> {
    text: &'a str,
    out: Vec<Unit<'a>>,
    gap: bool,
}

impl<'a> Splitter<'a> {
    fn flush(&mut self, kind: Option<Kind>, s: usize, e: usize) {
        let text = match kind {
            None => return,
            Some(Kind::Space) => {
                self.gap = true;
                return;
            }
            Some(Kind::Number) => "0",
            Some(_) => self.text.get(s..e).unwrap_or_default(),
        };
        if let Some(kind) = kind {
            self.out.push(Unit {
                kind,
                part: Part::new(text),
                gap: self.gap,
            });
        }
        self.gap = false;
    }
}

/// Splits a normalised text into units (at most `max_units`); white space is not a unit but
/// marks the unit after it.
fn units(text: &str, max_units: usize) -> Vec<Unit<'_>> {
    let mut sp = Splitter {
        text,
        out: Vec::with_capacity(text.len().min(max_units)),
        gap: false,
    };
    let mut start = 0;
    let mut current: Option<Kind> = None;
    for (i, c) in text.char_indices() {
        let k = kind_of(c);
        // Words, numbers and spaces are runs; Han characters and marks stand alone.
        let joins = current == Some(k) && matches!(k, Kind::Word | Kind::Number | Kind::Space);
        if !joins {
            sp.flush(current, start, i);
            if sp.out.len() >= max_units {
                return sp.out;
            }
            start = i;
            current = Some(k);
        }
    }
    sp.flush(current, start, text.len());
    sp.out.truncate(max_units);
    sp.out
}

/// Character-count buckets for the length feature.
fn length_bucket(chars: usize) -> &'static str {
    match chars {
        0..=2 => "1-2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        41..=80 => "41-80",
        _ => "81+",
    }
}

/// Emits every text feature of a normalised message (not the rules', see [`super::signals`]).
/// Pairs and triples skip white space: "light  is" is the pair (light, is); a pair across a
/// space also says there was one.
pub fn text_features(text: &str, max_units: usize, sink: &mut impl Sink) {
    sink.feature(ns::BIAS, &[]);
    let us = units(text, max_units);
    if let (Some(first), Some(last)) = (us.first(), us.last()) {
        sink.feature(ns::FIRST, &[first.part]);
        sink.feature(ns::LAST, &[last.part]);
    }
    sink.words(ns::LENGTH, [length_bucket(text.chars().count())]);
    let (space, none) = (Part::new(" "), Part::new(""));
    for (i, u) in us.iter().enumerate() {
        sink.feature(ns::UNI, &[u.part]);
        let Some(next) = us.get(i + 1) else {
            continue;
        };
        let gap = if next.gap { space } else { none };
        sink.feature(ns::BI, &[u.part, gap, next.part]);
        let Some(third) = us.get(i + 2) else {
            continue;
        };
        let all_han = [u.kind, next.kind, third.kind] == [Kind::Han; 3];
        if all_han && !next.gap && !third.gap {
            sink.feature(ns::TRI, &[u.part, next.part, third.part]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let mut n = Named::default();
        text_features(&normalise(text), 600, &mut n);
        n.0.into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn chinese_gets_characters_pairs_and_triples() {
        let f = names("路灯不亮了");
        for want in [
            "u:路",
            "b:路  灯",
            "t:不 亮 了",
            "f:路",
            "z:了",
            "n:3-5",
            "B:",
        ] {
            assert!(f.iter().any(|s| s == want), "{want} missing in {f:?}");
        }
    }

    #[test]
    fn latin_words_numbers_and_full_width_fold() {
        let f = names("Street light in Lane 3 is BROKEN？");
        for want in [
            "u:street",
            "b:light   in",
            "b:broken  ?",
            "u:0",
            "u:?",
            "z:?",
        ] {
            assert!(f.iter().any(|s| s == want), "{want} missing in {f:?}");
        }
        assert!(names("３组").iter().any(|s| s == "u:0"));
    }

    #[test]
    fn hashes_agree_with_names_and_empty_text_is_fine() {
        let mut h = Hashes::default();
        let mut n = Named::default();
        text_features("水管漏水 please", 600, &mut h);
        text_features("水管漏水 please", 600, &mut n);
        assert_eq!(h.0, n.0.iter().map(|(k, _)| *k).collect::<Vec<_>>());
        let mut e = Hashes::default();
        text_features("", 600, &mut e);
        assert_eq!(e.0.len(), 2, "bias and length only");
        assert_ne!(hash(ns::UNI, ["a", "b"]), hash(ns::UNI, ["ab"]));
    }

    #[test]
    fn lowercase_agrees_with_the_standard_library() {
        for t in [
            "路灯 BROKEN，快！",
            "ΟΔΟΣ Σ",
            "Ｌａｎｅ ３",
            "ÉCOLE 3组",
            "",
            "ǅ",
        ] {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn long_texts_are_cut() {
        let text = "水".repeat(10_000);
        let mut h = Hashes::default();
        text_features(&text, 600, &mut h);
        assert!(h.0.len() < 2_000);
    }
}
