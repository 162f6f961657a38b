//! TEMPORARY intake parser placeholder (replaced by the real rules before commit).

use serde::{Deserialize, Serialize};

use super::Category;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntakeRules {
    pub ticket_threshold: f32,
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeRulesError {
    #[error("bad")]
    Bad,
}

impl IntakeRules {
    pub fn compile(&self) -> Result<IntakeParser, IntakeRulesError> {
        Ok(IntakeParser {})
    }
}

#[derive(Debug, Clone)]
pub struct IntakeParser {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Request,
    Question,
    Notice,
    Chat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    High,
    Medium,
    Low,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub kind: MessageKind,
    pub category: Option<Category>,
    pub urgent: bool,
    pub confidence: f32,
    pub location: Option<String>,
    pub forced: bool,
    pub body: String,
}

impl Classification {
    pub fn certainty(&self) -> Certainty {
        if self.forced || self.confidence >= 0.7 {
            Certainty::High
        } else if self.confidence >= 0.4 {
            Certainty::Medium
        } else {
            Certainty::Low
        }
    }
}

impl IntakeParser {
    pub fn classify(&self, text: &str) -> Classification {
        let req = ["坏了", "broken", "burst", "漏"]
            .iter()
            .any(|k| text.contains(k));
        let maybe = text.contains("垃圾");
        Classification {
            kind: if req {
                MessageKind::Request
            } else {
                MessageKind::Chat
            },
            category: req.then_some(Category::Repair),
            urgent: text.contains("!"),
            confidence: if req {
                0.9
            } else if maybe {
                0.5
            } else {
                0.1
            },
            location: None,
            forced: false,
            body: text.to_string(),
        }
    }
}
impl Classification {
    pub fn to_json_line(&self) -> serde_json::Value {
        serde_json::json!({"request": self.certainty() == Certainty::High})
    }
}
