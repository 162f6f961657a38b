//! Intake rules as data: the `[intake]` config section, its built-in defaults, validation and compilation.

use serde::{Deserialize, Serialize};

use std::sync::Arc;

use super::location::LocationFinder;
use super::model::IntakeModel;
use super::pattern::IntakeRulesError;
use super::scan::ScanBuilder;
use super::{CategorySet, CueSet, IntakeParser, Patterns};
use crate::domain::category::Category;

pub(super) const DEFAULT_RULES: &str = include_str!("../intake_rules.toml");

/// A weighted list of regex cues, matched against the lower-cased message (write Latin in lower case).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Cues {
    pub weight: f32,
    pub patterns: Vec<String>,
}

impl Default for Cues {
    fn default() -> Self {
        Cues {
            weight: 1.0,
            patterns: Vec::new(),
        }
    }
}

/// Keywords of one category: each distinct `strong` match scores 2; any `keywords` match adds 1 in total.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRules {
    pub key: Category,
    #[serde(default)]
    pub strong: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

macro_rules! intake_rules {
    ($( $(#[doc = $doc:literal])* $field:ident : $ty:ty ),* $(,)?) => {
        /// Intake rules as data: loadable from the deployment's TOML config section `[intake]`, with built-in defaults.
        /// Any field left out of the config keeps its built-in value.
        #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct IntakeRules { $( $(#[doc = $doc])* pub $field: $ty, )* }

        /// Same fields, all required: what the embedded default file must spell out
        /// (a container `default` on it would recurse into `IntakeRules::default`).
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct BuiltinRules { $( $field: $ty, )* }

        impl From<BuiltinRules> for IntakeRules {
            fn from(b: BuiltinRules) -> Self {
                IntakeRules { $( $field: b.$field, )* }
            }
        }
    };
}

intake_rules! {
    /// Prefixes that force a request (`#报修`); Latin letters compare case-insensitively.
    trigger_tags: Vec<String>,
    /// Confidence at or above which a ticket is created without asking (High).
    ticket_threshold: f32,
    /// Confidence at or above which the poster is asked with buttons (Medium); below is Low.
    ask_threshold: f32,
    /// Score margin that maps to confidence 0.5.
    bias: f32,
    /// Steepness of the margin → confidence sigmoid.
    scale: f32,
    /// Only the first `max_chars` characters are analysed (long texts are forwards, not requests).
    max_chars: usize,
    /// Share of the best category keyword score added to the request side…
    category_weight: f32,
    /// …capped at this many keyword points.
    category_cap: f32,
    /// Factor applied to question and chat cues when an explicit ask cue matched.
    ask_damping: f32,
    /// Explicit asks: 帮忙, 麻烦, 能不能, 找谁, please, can someone.
    ask_cues: Cues,
    /// Something is broken or wrong: 坏了, 不亮, 堵了, 臭, broken, leaking.
    problem_cues: Cues,
    /// Still unresolved: 好几天了, 没人管, 反映三回, still, again.
    persist_cues: Cues,
    /// Needs action within hours; also marks the request urgent.
    urgent_cues: Cues,
    /// Categories whose requests are urgent unless a `chronic_cues` pattern matches (hazard).
    urgent_categories: Vec<Category>,
    /// Long-standing situations (早晚, 废弃, for years): veto the category default above.
    chronic_cues: Cues,
    /// Announcements and instructions to residents.
    notice_cues: Cues,
    /// Generic question markers (吗, ?, 是不是); damped by an explicit ask.
    question_cues: Cues,
    /// Information-only questions (几点, 多少钱, 需要什么材料, eligibility); not damped by asks.
    info_cues: Cues,
    /// Greetings, thanks, acknowledgements, jokes, forwards, venting.
    chat_cues: Cues,
    /// "Fixed now" updates (chat side, not damped by asks).
    resolved_cues: Cues,
    /// Private adverts and casual favours (chat side, not damped by asks).
    ad_cues: Cues,
    /// Category keywords; order breaks ties; no match means `other`.
    categories: Vec<CategoryRules>,
    /// Numbered place patterns tried in order; the `loc` group (or whole match) is the hint.
    location_patterns: Vec<String>,
    /// Named places used when no numbered place matches (村口, 桥头, village entrance).
    location_landmarks: Vec<String>,
    /// A village-tuned model file (`villagebot train … --out FILE`); empty: the model shipped in the binary.
    model: String,
}

impl Default for IntakeRules {
    fn default() -> Self {
        match toml::from_str::<BuiltinRules>(DEFAULT_RULES) {
            Ok(b) => b.into(),
            // The embedded file is a compile-time constant covered by a unit test.
            Err(e) => panic!("built-in intake_rules.toml is invalid: {e}"),
        }
    }
}

/// Adds a set's patterns one after another, so their ids form one range.
fn build_set(
    scan: &mut ScanBuilder,
    key: &str,
    patterns: &[String],
) -> Result<Patterns, IntakeRulesError> {
    let start = scan.len();
    for p in patterns {
        scan.add(key, p)?;
    }
    Ok(Patterns(start..scan.len()))
}

fn build_cues(scan: &mut ScanBuilder, key: &str, cues: &Cues) -> Result<CueSet, IntakeRulesError> {
    check_value(&format!("{key}.weight"), cues.weight, 0.0, 100.0)?;
    Ok(CueSet {
        weight: cues.weight,
        set: build_set(scan, key, &cues.patterns)?,
    })
}

fn check_value(key: &str, value: f32, min: f32, max: f32) -> Result<(), IntakeRulesError> {
    if value.is_finite() && value >= min && value <= max {
        Ok(())
    } else {
        Err(IntakeRulesError::BadValue {
            key: key.to_string(),
            value,
            reason: "out of range",
        })
    }
}

impl IntakeRules {
    /// The numbers of the rules, each within its range.
    fn check_values(&self) -> Result<(), IntakeRulesError> {
        check_value("intake.ticket_threshold", self.ticket_threshold, 0.0, 1.0)?;
        check_value("intake.ask_threshold", self.ask_threshold, 0.0, 1.0)?;
        if self.ask_threshold > self.ticket_threshold {
            return Err(IntakeRulesError::BadValue {
                key: "intake.ask_threshold".into(),
                value: self.ask_threshold,
                reason: "must not exceed intake.ticket_threshold",
            });
        }
        check_value("intake.bias", self.bias, -100.0, 100.0)?;
        check_value("intake.scale", self.scale, 0.001, 100.0)?;
        check_value("intake.category_weight", self.category_weight, 0.0, 100.0)?;
        check_value("intake.category_cap", self.category_cap, 0.0, 100.0)?;
        check_value("intake.ask_damping", self.ask_damping, 0.0, 1.0)?;
        Ok(())
    }

    /// Validates the rules and compiles every pattern with the model shipped in the binary.
    pub fn compile(&self) -> Result<IntakeParser, IntakeRulesError> {
        let model = IntakeModel::builtin().map_err(|e| IntakeRulesError::Model {
            key: "intake.model".into(),
            message: e.to_string(),
        })?;
        self.compile_with(model)
    }

    /// Validates the rules and compiles every pattern; errors name the offending config key.
    pub fn compile_with(&self, model: Arc<IntakeModel>) -> Result<IntakeParser, IntakeRulesError> {
        self.check_values()?;
        let mut tags = Vec::with_capacity(self.trigger_tags.len());
        for t in &self.trigger_tags {
            let t = t.trim();
            if t.is_empty() {
                return Err(IntakeRulesError::EmptyTag {
                    key: "intake.trigger_tags".into(),
                });
            }
            tags.push(t.to_string());
        }
        let mut scan = ScanBuilder::default();
        let mut categories = Vec::with_capacity(self.categories.len());
        for c in &self.categories {
            let key = format!("intake.categories[{}]", c.key);
            categories.push(CategorySet {
                key: c.key,
                strong: build_set(&mut scan, &format!("{key}.strong"), &c.strong)?,
                keywords: build_set(&mut scan, &format!("{key}.keywords"), &c.keywords)?,
            });
        }
        Ok(IntakeParser {
            tags,
            ticket_threshold: self.ticket_threshold,
            ask_threshold: self.ask_threshold,
            bias: self.bias,
            scale: self.scale,
            max_chars: self.max_chars,
            category_weight: self.category_weight,
            category_cap: self.category_cap,
            ask_damping: self.ask_damping,
            ask: build_cues(&mut scan, "intake.ask_cues", &self.ask_cues)?,
            problem: build_cues(&mut scan, "intake.problem_cues", &self.problem_cues)?,
            persist: build_cues(&mut scan, "intake.persist_cues", &self.persist_cues)?,
            urgent: build_cues(&mut scan, "intake.urgent_cues", &self.urgent_cues)?,
            urgent_categories: self.urgent_categories.clone(),
            chronic: build_cues(&mut scan, "intake.chronic_cues", &self.chronic_cues)?,
            notice: build_cues(&mut scan, "intake.notice_cues", &self.notice_cues)?,
            question: build_cues(&mut scan, "intake.question_cues", &self.question_cues)?,
            info: build_cues(&mut scan, "intake.info_cues", &self.info_cues)?,
            chat: build_cues(&mut scan, "intake.chat_cues", &self.chat_cues)?,
            resolved: build_cues(&mut scan, "intake.resolved_cues", &self.resolved_cues)?,
            ad: build_cues(&mut scan, "intake.ad_cues", &self.ad_cues)?,
            categories,
            location: LocationFinder::new(&self.location_patterns, &self.location_landmarks)?,
            scanner: scan.build(),
            model,
        })
    }
}
