//! Place hints in a message: numbered places (三组, 5号, lane 3, No. 12) first, then named landmarks (村口).

use regex::Regex;

use super::pattern::{compile_regex, IntakeRulesError};

#[derive(Debug, Clone)]
pub(super) struct LocationFinder {
    patterns: Vec<Regex>,
    landmarks: Option<Regex>,
}

impl LocationFinder {
    pub(super) fn new(patterns: &[String], landmarks: &[String]) -> Result<Self, IntakeRulesError> {
        let patterns = patterns
            .iter()
            .map(|p| compile_regex("intake.location_patterns", p))
            .collect::<Result<Vec<_>, _>>()?;
        // Landmarks are plain words, matched literally; the leftmost one in the text wins.
        let landmarks = if landmarks.is_empty() {
            None
        } else {
            let mut words: Vec<&String> =
                landmarks.iter().filter(|w| !w.trim().is_empty()).collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            let alt = words
                .iter()
                .map(|w| regex::escape(w.trim()))
                .collect::<Vec<_>>()
                .join("|");
            Some(compile_regex("intake.location_landmarks", &alt)?)
        };
        Ok(LocationFinder {
            patterns,
            landmarks,
        })
    }

    /// The first place hint found, as written in the text.
    pub(super) fn find(&self, text: &str) -> Option<String> {
        for re in &self.patterns {
            // Most messages name no numbered place: the DFA's yes or no is far cheaper than
            // captures.
            if !re.is_match(text) {
                continue;
            }
            if let Some(caps) = re.captures(text) {
                let m = caps.name("loc").or_else(|| caps.get(0));
                if let Some(m) = m {
                    let s = m.as_str().trim();
                    if !s.is_empty() {
                        return Some(s.to_string());
                    }
                }
            }
        }
        let m = self.landmarks.as_ref()?.find(text)?;
        Some(m.as_str().to_string())
    }
}
