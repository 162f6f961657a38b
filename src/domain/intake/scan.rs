//! One pass over a message for every intake pattern. The literals each pattern needs are found
//! together by one Aho-Corasick automaton; a pattern that is nothing but words matches when one
//! is found, and a regex runs only when its literals are there (or when it has none to offer).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

use super::pattern::{build_regex, IntakeRulesError};

/// How a pattern is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Its literals are its whole language: found means matched.
    Words,
    /// Run the regex, but only when one of its literals was found.
    Filtered,
    /// No literal every match must contain: run the regex on every message.
    Always,
}

/// The literals of an extraction with whether each is a whole match; `None` when some match
/// could contain none of them (an infinite set, or the empty word).
fn literals(seq: &Seq) -> Option<Vec<(Vec<u8>, bool)>> {
    let ls = seq.literals()?;
    if ls.is_empty() || ls.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(
        ls.iter()
            .map(|l| (l.as_bytes().to_vec(), l.is_exact()))
            .collect(),
    )
}

/// The literals of one kind of extraction (classes up to 32 letters are spelled out).
fn extract(h: &Hir, kind: ExtractKind) -> Option<Vec<(Vec<u8>, bool)>> {
    let mut e = Extractor::new();
    e.kind(kind).limit_class(32);
    literals(&e.extract(h))
}

/// Literals one of which every match contains, the rarest set on offer: the pattern's prefixes
/// ("坏了" for (坏|破|…)了), its suffixes ("…(起|开始)"), or the words of one part that every
/// match has ("盖" in `[^去]盖(个)?章\s*$`, whose ends are a class and white space). Rarest: the
/// longest shortest literal, then the fewest.
fn rarest_literals(h: &Hir) -> Option<Vec<Vec<u8>>> {
    let parts: &[Hir] = match h.kind() {
        HirKind::Concat(parts) => parts,
        _ => &[],
    };
    let whole = [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .filter_map(|k| extract(h, k));
    let inner = parts.iter().filter_map(|p| extract(p, ExtractKind::Prefix));
    whole
        .chain(inner)
        .map(|ws| ws.into_iter().map(|(w, _)| w).collect::<Vec<_>>())
        .max_by_key(|ws| {
            let shortest = ws.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(ws.len()))
        })
}

/// Collects the patterns of the rules, each given an id, then builds the [`Scanner`].
#[derive(Debug, Default)]
pub(super) struct ScanBuilder {
    checks: Vec<(Check, Regex)>,
    literals: Vec<Vec<u8>>,
    /// Where each literal sits in `literals`.
    index: HashMap<Vec<u8>, usize>,
    owners: Vec<Vec<usize>>,
}

impl ScanBuilder {
    /// Patterns added so far (the next one's id).
    pub(super) fn len(&self) -> usize {
        self.checks.len()
    }

    /// Adds a pattern (erring with the config key when it is not a valid regex); returns its id.
    pub(super) fn add(&mut self, key: &str, pattern: &str) -> Result<usize, IntakeRulesError> {
        let regex = build_regex(key, pattern, false)?;
        let id = self.checks.len();
        let hir = regex_syntax::Parser::new().parse(pattern).ok();
        // Extraction takes look-around (^, $, \b) for "anything": such a pattern is never words.
        let plain = hir
            .as_ref()
            .is_some_and(|h| h.properties().look_set().is_empty());
        let prefixes = hir.as_ref().and_then(|h| extract(h, ExtractKind::Prefix));
        let check = match prefixes {
            // Prefixes that are the pattern's whole language ("路灯|水管"): found is matched.
            Some(ws) if plain && ws.iter().all(|(_, exact)| *exact) => {
                for (w, _) in ws {
                    self.own(w, id);
                }
                Check::Words
            }
            _ => match hir.as_ref().and_then(rarest_literals) {
                Some(ws) => {
                    for w in ws {
                        self.own(w, id);
                    }
                    Check::Filtered
                }
                None => Check::Always,
            },
        };
        self.checks.push((check, regex));
        Ok(id)
    }

    fn own(&mut self, literal: Vec<u8>, id: usize) {
        match self.index.get(&literal) {
            Some(&i) => self.owners[i].push(id),
            None => {
                self.index.insert(literal.clone(), self.literals.len());
                self.literals.push(literal);
                self.owners.push(vec![id]);
            }
        }
    }

    pub(super) fn build(self) -> Scanner {
        let always = self
            .checks
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| *c == Check::Always)
            .map(|(i, _)| i)
            .collect();
        Scanner {
            // Built from the rules' own literals; it fails only past limits no rules come near,
            // and then every pattern still runs as a plain regex.
            // A contiguous NFA: for the built-in rules' 5,000 literals a full DFA takes 20 MB
            // (per parser) and, falling out of the cache, walks slower than the NFA's 0.5 MB.
            automaton: AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&self.literals)
                .or_else(|_| AhoCorasick::new(&self.literals))
                .ok(),
            owners: self.owners,
            always,
            checks: self.checks,
        }
    }
}

/// Every pattern of the rules, checked in one pass.
#[derive(Debug, Clone)]
pub(super) struct Scanner {
    automaton: Option<AhoCorasick>,
    owners: Vec<Vec<usize>>,
    always: Vec<usize>,
    checks: Vec<(Check, Regex)>,
}

/// Which patterns matched one text: their ids, in order (a message matches a few dozen of the
/// rules' thousands of patterns, so counting a set's hits is two binary searches).
#[derive(Debug, Clone)]
pub(super) struct Found(Vec<usize>);

impl Found {
    /// How many patterns of an id range matched.
    pub(super) fn count_in(&self, ids: std::ops::Range<usize>) -> usize {
        let from = self.0.partition_point(|id| *id < ids.start);
        let to = self.0.partition_point(|id| *id < ids.end);
        to.saturating_sub(from)
    }
}

impl Scanner {
    pub(super) fn scan(&self, text: &str) -> Found {
        let run = |(check, re): &(Check, Regex)| *check == Check::Words || re.is_match(text);
        let mut matched = vec![];
        match &self.automaton {
            Some(ac) => {
                let mut tried = vec![false; self.checks.len()];
                for m in ac.find_overlapping_iter(text) {
                    for &id in &self.owners[m.pattern().as_usize()] {
                        if !tried[id] {
                            tried[id] = true;
                            if run(&self.checks[id]) {
                                matched.push(id);
                            }
                        }
                    }
                }
                matched.extend(self.always.iter().filter(|id| run(&self.checks[**id])));
            }
            None => matched
                .extend((0..self.checks.len()).filter(|id| self.checks[*id].1.is_match(text))),
        }
        // Each id is tried once (and patterns that always run own no literal): no repeats.
        matched.sort_unstable();
        Found(matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(patterns: &[&str]) -> Scanner {
        let mut b = ScanBuilder::default();
        for p in patterns {
            b.add("k", p).expect("valid");
        }
        b.build()
    }

    #[test]
    fn words_regexes_and_anchors_agree_with_the_regex_crate() {
        let patterns = [
            "路灯",
            "水管|自来水",
            "坏了.{0,3}天",
            r"\d+号",
            "^谢谢",
            r"\bhelp\b",
            "漏(水|气)",
            "灯",
        ];
        let with = scanner(&patterns);
        // Without the automaton (it could not be built) every pattern runs as a regex.
        let without = Scanner {
            automaton: None,
            ..with.clone()
        };
        for (s, text) in [&with, &without].into_iter().flat_map(|s| {
            [
                "村口路灯坏了三天了",
                "自来水管爆了",
                "谢谢大家",
                "大家谢谢",
                "please help me",
                "helpful",
                "5号楼漏气",
                "",
            ]
            .map(|t| (s, t))
        }) {
            let found = s.scan(text);
            for (i, p) in patterns.iter().enumerate() {
                let want = Regex::new(p).map(|r| r.is_match(text)).unwrap_or(false);
                assert_eq!(found.count_in(i..i + 1) == 1, want, "{p} on {text}");
            }
        }
    }
}
