//! The rules and the learned model together: the rules' findings are features the model weighs.
//!
//! The keyword rules know what a village configured and what cadres can read and change; the model
//! knows the phrasing of thousands of labelled messages. Every cue group the rules match, their
//! best category, their urgency and their confidence become features, so the model learns how far
//! to trust each rule and covers what no keyword names. A trigger tag still forces a ticket.

use serde::Serialize;

use super::model::features::{lowercase, normalise, ns, text_features, Hashes, Named, Sink};
use super::model::{distinct, distinct_by, Prediction, KINDS, MAX_UNITS, URGENT};
use super::{cut, Certainty, Classification, CueSet, IntakeParser, MessageKind, RulePass};
use crate::domain::category::Category;

/// Why a message was classified as it was (`villagebot classify --explain`).
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Rule findings, as the features the model read ("ask:2", "cat:repair:strong").
    pub rules: Vec<String>,
    /// What the rules alone would have said.
    pub rules_confidence: f32,
    /// The model's probabilities of request, question, notice and chat.
    pub kinds: [f32; KINDS],
    /// The features that pushed most towards (+) or away from (−) a request.
    pub request: Vec<(String, f32)>,
    /// The features that pushed most towards the chosen category.
    pub category: Vec<(String, f32)>,
    /// The model's probability of urgency and the features that moved it most.
    pub urgent_p: f32,
    pub urgent: Vec<(String, f32)>,
}

const FEATURES_SHOWN: usize = 8;

/// A message as the parser reads it: the trigger tag off, the rules' findings.
struct Reading {
    forced: bool,
    body: String,
    rules: RulePass,
}

/// Urgency probability from which a doubtful request is filed without asking.
const URGENT_DOUBT: f32 = 0.9;

/// Confidence deciles: the model reads the rules' overall opinion too.
const DECILES: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const HITS: [&str; 4] = ["0", "1", "2", "3"];

impl IntakeParser {
    /// Classifies one chat message: the rules' findings and the message's own features go through
    /// the model. Pure; never panics on any input.
    pub fn classify(&self, text: &str) -> Classification {
        let m = self.read(text);
        let mut keys = Hashes(Vec::with_capacity(3 * m.body.chars().count() + 32));
        self.features(&m, &mut keys);
        // A feature counts once, as in training ("了" twice is still one feature).
        distinct(&mut keys.0);
        let p = self.model.predict(&keys.0);
        self.verdict(m, &p)
    }

    /// The tag stripped, and what the rules found in the words the parser reads.
    fn read(&self, text: &str) -> Reading {
        let (forced, body) = self.strip_tag(text);
        let rules = self.rule_pass(&lowercase(cut(&body, self.max_chars)));
        Reading {
            forced,
            body,
            rules,
        }
    }

    /// What the model's probabilities mean for a message.
    fn verdict(&self, m: Reading, p: &Prediction) -> Classification {
        let confidence = if m.forced { 1.0 } else { p.request() };
        let mut certainty = self.certainty(confidence);
        // A doubtful message that is very likely an emergency is filed at once: asking with
        // buttons first costs minutes an emergency may not have.
        if certainty == Certainty::Medium && p.urgent >= URGENT_DOUBT {
            certainty = Certainty::High;
        }
        let kind = model_kind(p, certainty);
        let category = (kind == MessageKind::Request).then(|| p.best_category().0);
        // The rules' urgent cues are among the features; alone they flag too much ("!!", "渗水").
        let urgent = category.is_some() && p.urgent >= self.model.urgent_threshold;
        Classification {
            kind,
            category,
            urgent,
            confidence,
            location: self.place(category, &m.body),
            forced: m.forced,
            body: m.body,
            certainty,
        }
    }

    /// Every feature of a message, text and rules.
    fn features(&self, m: &Reading, sink: &mut impl Sink) {
        text_features(&normalise(cut(&m.body, self.max_chars)), MAX_UNITS, sink);
        self.rule_features(&m.rules, sink);
    }

    /// The features of a training example: what [`classify`](Self::classify) reads.
    pub fn feature_keys(&self, text: &str) -> Vec<u64> {
        let mut keys = Hashes::default();
        self.features(&self.read(text), &mut keys);
        keys.0
    }

    fn cue_groups(&self) -> [(&'static str, &CueSet); 11] {
        [
            ("ask", &self.ask),
            ("problem", &self.problem),
            ("persist", &self.persist),
            ("urgent", &self.urgent),
            ("chronic", &self.chronic),
            ("notice", &self.notice),
            ("question", &self.question),
            ("info", &self.info),
            ("chat", &self.chat),
            ("resolved", &self.resolved),
            ("ad", &self.ad),
        ]
    }

    fn rule_features(&self, r: &RulePass, sink: &mut impl Sink) {
        for (name, set) in self.cue_groups() {
            let hits = set.hits(&r.found).min(3);
            if hits == 0 {
                continue;
            }
            sink.words(ns::RULE, [name]);
            sink.words(ns::RULE, [name, HITS[hits]]);
        }
        if let Some(best) = r.best {
            let strength = if r.category_score >= super::STRONG_POINTS {
                "strong"
            } else {
                "weak"
            };
            sink.words(ns::RULE, ["cat", best.key(), strength]);
        }
        let decile = ((r.confidence * 10.0) as usize).min(9);
        sink.words(ns::RULE, ["conf", DECILES[decile]]);
        if self.rule_urgent(r, r.best) {
            sink.words(ns::RULE, ["urgent"]);
        }
    }

    /// The classification with the rules and features that decided it.
    pub fn explain(&self, text: &str) -> (Classification, Explanation) {
        let m = self.read(text);
        let mut named = Named::default();
        self.features(&m, &mut named);
        // The first of each feature, as `classify` keeps them (so the sums agree).
        distinct_by(&mut named.0, |(k, _)| *k);
        let keys: Vec<u64> = named.0.iter().map(|(k, _)| *k).collect();
        let p = self.model.predict(&keys);
        let r = &m.rules;
        let mut rules = Named::default();
        self.rule_features(r, &mut rules);
        let shown = |mut v: Vec<(String, f32)>| {
            v.truncate(FEATURES_SHOWN);
            v.into_iter()
                .map(|(n, w)| (n, (w * 1000.0).round() / 1000.0))
                .collect()
        };
        let best = p.best_category().0;
        let cat_index = Category::ALL.iter().position(|c| *c == best).unwrap_or(0);
        let other = strongest_other(&p);
        let e = Explanation {
            rules: rules.0.into_iter().map(|(_, n)| n).collect(),
            rules_confidence: r.confidence,
            kinds: p.kind,
            request: shown(self.model.pushes(&named.0, 0, Some(other))),
            category: shown(self.model.pushes(&named.0, KINDS + cat_index, None)),
            urgent_p: p.urgent,
            urgent: shown(self.model.pushes(&named.0, URGENT, None)),
        };
        (self.verdict(m, &p), e)
    }
}

/// The likeliest kind that is not a request.
fn strongest_other(p: &Prediction) -> usize {
    (1..KINDS)
        .max_by(|a, b| p.kind[*a].total_cmp(&p.kind[*b]))
        .unwrap_or(3)
}

/// Request when sure enough to open or ask; otherwise the likeliest other kind.
fn model_kind(p: &Prediction, certainty: Certainty) -> MessageKind {
    if certainty != Certainty::Low {
        return MessageKind::Request;
    }
    match strongest_other(p) {
        1 => MessageKind::Question,
        2 => MessageKind::Notice,
        _ => MessageKind::Chat,
    }
}

#[cfg(test)]
#[path = "combine_tests.rs"]
mod tests;
