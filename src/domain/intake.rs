//! Intake: decides whether a group-chat message is a service request, and its category, urgency and place hint.
//!
//! The rules are data ([`IntakeRules`], the `[intake]` config section, defaults in `intake_rules.toml`).
//! [`IntakeRules::compile`] turns them into an [`IntakeParser`]; [`IntakeParser::classify`] is pure and fast.
//!
//! Scoring: every cue group that matches adds `weight × (1, 1.5, 2 for 1, 2, ≥3 distinct patterns)` to
//! one side. The request side is ask + problem + persistence + urgency cues plus a share of the best
//! category keyword score; the other side is the strongest of notice, question and chat (+ resolved
//! and advert/favour cues). An explicit ask damps generic question and chat cues ("谢谢 … 麻烦再来一趟").
//! Then `confidence = sigmoid(scale × (request − other − bias))`. The parser keeps both thresholds,
//! so [`Classification::certainty`] and [`Classification::to_json_line`] need no arguments.
//! Urgent: an urgent cue, or a strong keyword of a category in `urgent_categories` (hazard) without a
//! chronic cue.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::category::Category;

mod combine;
mod location;
pub mod model;
mod pattern;
mod rules;
mod scan;
pub mod similar;
#[cfg(test)]
mod tests;

pub use combine::Explanation;
use location::LocationFinder;
pub use model::IntakeModel;
pub use pattern::IntakeRulesError;
pub use rules::{CategoryRules, Cues, IntakeRules};
use scan::{Found, Scanner};

/// Patterns by their ids in the parser's [`Scanner`], which checks all of them in one pass. A
/// set's patterns are added together, so their ids are one range: counting its hits reads one
/// run of flags.
#[derive(Debug, Clone)]
struct Patterns(std::ops::Range<usize>);

impl Patterns {
    fn hits(&self, found: &Found) -> usize {
        found.count_in(self.0.clone())
    }
}

#[derive(Debug, Clone)]
struct CueSet {
    weight: f32,
    set: Patterns,
}

impl CueSet {
    fn hits(&self, found: &Found) -> usize {
        self.set.hits(found)
    }
    fn score(&self, found: &Found) -> f32 {
        self.weight * diminishing(self.hits(found))
    }
}

/// Category points per distinct `strong` pattern (any `keywords` match adds 1 in total).
const STRONG_POINTS: f32 = 2.0;

/// 0, 1, 1.5, 2 for 0, 1, 2, ≥3 hits.
fn diminishing(hits: usize) -> f32 {
    match hits {
        0 => 0.0,
        n => 1.0 + 0.5 * (n.min(3) - 1) as f32,
    }
}

#[derive(Debug, Clone)]
struct CategorySet {
    key: Category,
    strong: Patterns,
    /// Weak keywords: only whether any matches counts.
    keywords: Patterns,
}

/// Compiled intake rules; `Send + Sync`, cheap to share in an `Arc`.
#[derive(Debug, Clone)]
pub struct IntakeParser {
    tags: Vec<String>,
    ticket_threshold: f32,
    ask_threshold: f32,
    bias: f32,
    scale: f32,
    max_chars: usize,
    category_weight: f32,
    category_cap: f32,
    ask_damping: f32,
    ask: CueSet,
    problem: CueSet,
    persist: CueSet,
    urgent: CueSet,
    urgent_categories: Vec<Category>,
    chronic: CueSet,
    notice: CueSet,
    question: CueSet,
    info: CueSet,
    chat: CueSet,
    resolved: CueSet,
    ad: CueSet,
    categories: Vec<CategorySet>,
    location: LocationFinder,
    scanner: Scanner,
    model: Arc<IntakeModel>,
}

/// The weights of evidence for a request and for each kind of non-request.
#[derive(Debug, Clone, Copy)]
struct Scores {
    request: f32,
    question: f32,
    notice: f32,
    chat: f32,
}

impl Scores {
    fn other(&self) -> f32 {
        self.question.max(self.notice).max(self.chat)
    }

    /// What the message is, once the certainty of a request is known.
    fn kind(&self, certainty: Certainty) -> MessageKind {
        if certainty != Certainty::Low {
            MessageKind::Request
        } else if self.other() <= 0.0 || self.chat >= self.notice.max(self.question) {
            MessageKind::Chat
        } else if self.notice >= self.question {
            MessageKind::Notice
        } else {
            MessageKind::Question
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Request,
    Question,
    Notice,
    Chat,
}

/// What to do with a classified message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub kind: MessageKind,
    /// Some only when `kind == Request`.
    pub category: Option<Category>,
    /// False unless `kind == Request`.
    pub urgent: bool,
    /// 0..=1, confidence that this is a request.
    pub confidence: f32,
    /// A place hint found in a request's text: "三组", "5号", "lane 3", "村口" (None for others).
    pub location: Option<String>,
    /// Started with a trigger tag such as `#报修`.
    pub forced: bool,
    /// Text with any trigger tag stripped and trimmed.
    pub body: String,
    /// Decided by the parser's thresholds at classification time.
    #[serde(skip)]
    certainty: Certainty,
}

impl Classification {
    /// High: create a ticket; Medium: ask the poster with buttons; Low: stay silent.
    /// Uses the `ticket_threshold` / `ask_threshold` of the parser that produced this value.
    pub fn certainty(&self) -> Certainty {
        self.certainty
    }

    /// The JSON line `villagebot classify` prints; `request` is true only for High certainty.
    pub fn to_json_line(&self) -> serde_json::Value {
        let ticket = self.certainty == Certainty::High;
        serde_json::json!({
            "request": ticket,
            "category": if ticket { self.category.map(Category::key) } else { None },
            "urgent": ticket && self.urgent,
            "confidence": (f64::from(self.confidence) * 1000.0).round() / 1000.0,
            "location": self.location,
        })
    }
}

/// What the keyword rules found in one message: their own verdict, and evidence for the model.
pub(crate) struct RulePass {
    found: Found,
    best: Option<Category>,
    category_score: f32,
    scores: Scores,
    confidence: f32,
}

impl IntakeParser {
    /// Runs the rules over a lower-cased text.
    fn rule_pass(&self, lower: &str) -> RulePass {
        let found = self.scanner.scan(lower);
        let (best, category_score) = self.best_category(&found);
        let scores = self.scores(&found, category_score);
        let confidence = self.rule_confidence(&scores);
        RulePass {
            found,
            best,
            category_score,
            scores,
            confidence,
        }
    }

    /// The rules' urgency: an urgent cue, or a strong keyword of an urgent category with no chronic cue.
    fn rule_urgent(&self, r: &RulePass, category: Option<Category>) -> bool {
        // A category's default urgency needs a strong keyword: a weak hint ("狗") is not a danger.
        self.urgent.hits(&r.found) > 0
            || category.is_some_and(|c| self.urgent_categories.contains(&c))
                && r.category_score >= STRONG_POINTS
                && self.chronic.hits(&r.found) == 0
    }

    /// Classifies one chat message by the keyword rules alone (what the model is compared with,
    /// and part of what it reads). Pure; never panics on any input.
    pub fn classify_rules(&self, text: &str) -> Classification {
        let (forced, body) = self.strip_tag(text);
        let t = cut(&body, self.max_chars);
        // Cue and category patterns are written in lower case and run on lower-cased text: far
        // cheaper than Unicode case-insensitive automata, and Chinese has no case anyway.
        let r = self.rule_pass(&model::features::lowercase(t));
        let confidence = if forced { 1.0 } else { r.confidence };
        let certainty = self.certainty(confidence);
        let kind = r.scores.kind(certainty);
        let is_request = kind == MessageKind::Request;
        let category = is_request.then(|| r.best.unwrap_or(Category::Other));
        Classification {
            kind,
            category,
            urgent: is_request && self.rule_urgent(&r, category),
            confidence,
            location: self.place(category, t),
            forced,
            body,
            certainty,
        }
    }

    /// Both sides of the scale for what a lower-cased text matched.
    fn scores(&self, t: &Found, category_score: f32) -> Scores {
        let ask = self.ask.score(t);
        let damp = if ask > 0.0 { self.ask_damping } else { 1.0 };
        Scores {
            request: ask
                + self.problem.score(t)
                + self.persist.score(t)
                + self.urgent.score(t)
                + self.category_weight * category_score.min(self.category_cap),
            question: self.question.score(t) * damp + self.info.score(t),
            notice: self.notice.score(t),
            chat: self.chat.score(t) * damp + self.resolved.score(t) + self.ad.score(t),
        }
    }

    /// `sigmoid(scale × (request − other − bias))`, 0 when that is not a number.
    fn rule_confidence(&self, s: &Scores) -> f32 {
        let x = self.scale * (s.request - s.other() - self.bias);
        let c = 1.0 / (1.0 + (-x).exp());
        if c.is_finite() {
            c.clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    fn certainty(&self, confidence: f32) -> Certainty {
        if confidence >= self.ticket_threshold {
            Certainty::High
        } else if confidence >= self.ask_threshold {
            Certainty::Medium
        } else {
            Certainty::Low
        }
    }

    /// Strips a leading trigger tag; returns (forced, trimmed body).
    fn strip_tag(&self, text: &str) -> (bool, String) {
        let t = text.trim();
        for tag in &self.tags {
            let Some(head) = t.get(..tag.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(tag) {
                continue;
            }
            let rest = &t[tag.len()..];
            // "#orders" is not "#order": a Latin tag must end at a word boundary.
            let glued = rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && tag
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if !glued {
                return (true, rest.trim().to_string());
            }
        }
        (false, t.to_string())
    }

    /// A request's place hint in the words the parser reads; a message that is no request has
    /// none worth finding (and most chat names none).
    fn place(&self, category: Option<Category>, body: &str) -> Option<String> {
        category.and_then(|_| self.location.find(cut(body, self.max_chars)))
    }

    /// Best-scoring category (first in rule order on ties) and its keyword score.
    fn best_category(&self, t: &Found) -> (Option<Category>, f32) {
        let mut best: (Option<Category>, f32) = (None, 0.0);
        for c in &self.categories {
            let weak = c.keywords.hits(t) > 0;
            let score = STRONG_POINTS * c.strong.hits(t) as f32 + if weak { 1.0 } else { 0.0 };
            if score > best.1 {
                best = (Some(c.key), score);
            }
        }
        best
    }
}

/// The first `max_chars` characters of a text.
fn cut(text: &str, max_chars: usize) -> &str {
    if text.len() <= max_chars {
        // No more characters than bytes.
        return text;
    }
    let end = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}
