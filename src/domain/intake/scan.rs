//! One pass over a message for every intake pattern. The literals each pattern needs are found
//! together by one Aho-Corasick automaton; a pattern that is nothing but words matches when one
//! is found, and a regex runs only when its literals are there (or when it has none to offer).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};

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
        let words = hir.as_ref().and_then(|h| {
            // Prefixes first ("坏了" for (坏|破|…)了); a pattern that opens with a class or a
            // number may still end with words ("…(起|开始)"), which filter as well.
            let mut prefix = Extractor::new();
            prefix.limit_class(32);
            literals(&prefix.extract(h)).or_else(|| {
                let mut suffix = Extractor::new();
                suffix.kind(ExtractKind::Suffix).limit_class(32);
                literals(&suffix.extract(h))
                    .map(|ws| ws.into_iter().map(|(w, _)| (w, false)).collect())
            })
        });
        let check = match words {
            Some(ws) => {
                let exact = plain && ws.iter().all(|(_, e)| *e);
                for (w, _) in ws {
                    self.own(w, id);
                }
                if exact {
                    Check::Words
                } else {
                    Check::Filtered
                }
            }
            None => Check::Always,
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
            // A full DFA: every message walks it once, so its speed matters more than its size
            // (about a megabyte for the built-in rules).
            automaton: AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
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

/// Which patterns matched one text, by id.
#[derive(Debug, Clone)]
pub(super) struct Found(Vec<bool>);

impl Found {
    /// How many patterns of an id range matched.
    pub(super) fn count_in(&self, ids: std::ops::Range<usize>) -> usize {
        self.0
            .get(ids)
            .map_or(0, |run| run.iter().filter(|hit| **hit).count())
    }
}

impl Scanner {
    pub(super) fn scan(&self, text: &str) -> Found {
        let n = self.checks.len();
        let mut hit = vec![false; n];
        let mut tried = vec![false; n];
        let run = |(check, re): &(Check, Regex)| *check == Check::Words || re.is_match(text);
        match &self.automaton {
            Some(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    for &id in &self.owners[m.pattern().as_usize()] {
                        if !tried[id] {
                            tried[id] = true;
                            hit[id] = run(&self.checks[id]);
                        }
                    }
                }
                for &id in &self.always {
                    hit[id] = run(&self.checks[id]);
                }
            }
            None => {
                for (id, (_, re)) in self.checks.iter().enumerate() {
                    hit[id] = re.is_match(text);
                }
            }
        }
        Found(hit)
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
