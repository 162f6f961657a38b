//! Compiling the patterns of the intake rules, with errors that name the config key at fault.

use regex::Regex;

/// A rules value that cannot be compiled; `key` names the config key, e.g. `intake.urgent_cues`.
#[derive(Debug, thiserror::Error)]
pub enum IntakeRulesError {
    #[error("{key}: bad pattern `{pattern}`: {source}")]
    BadPattern {
        key: String,
        pattern: String,
        #[source]
        source: regex::Error,
    },
    #[error("{key}: bad value {value}: {reason}")]
    BadValue {
        key: String,
        value: f32,
        reason: &'static str,
    },
    #[error("{key}: empty trigger tag")]
    EmptyTag { key: String },
    #[error("{key}: {message}")]
    Model { key: String, message: String },
}

pub(super) fn build_regex(
    key: &str,
    pattern: &str,
    ignore_case: bool,
) -> Result<Regex, IntakeRulesError> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(ignore_case)
        .build()
        .map_err(|source| IntakeRulesError::BadPattern {
            key: key.to_string(),
            pattern: pattern.to_string(),
            source,
        })
}

/// Case-insensitive regex for location patterns, which run on the original text.
pub(super) fn compile_regex(key: &str, pattern: &str) -> Result<Regex, IntakeRulesError> {
    build_regex(key, pattern, true)
}
