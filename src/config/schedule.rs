//! Settings of timed work: reminders, digests, follow-ups after resolution, weekly reports.

use serde::Deserialize;

use crate::domain::clock::ClockTime;
use crate::domain::Span;

/// When the holder of an open ticket is reminded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Reminders {
    /// Fractions of the deadline window, each between 0 and 1.
    pub at: Vec<f64>,
    /// The holder of an urgent ticket is reminded this often until it is done (also in quiet hours).
    #[serde(alias = "urgent_first")]
    pub urgent_every: Span,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            at: vec![0.5, 0.9],
            urgent_every: Span::minutes(30),
        }
    }
}

/// When the morning digests go out (local time).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Digests {
    pub enabled: bool,
    pub at: ClockTime,
}

impl Default for Digests {
    fn default() -> Self {
        Digests {
            enabled: true,
            at: ClockTime::hm(8, 0),
        }
    }
}

/// What happens after a ticket is resolved.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FollowUp {
    /// An unrated resolved ticket: one reminder to rate after this long.
    pub rating_reminder: Span,
    /// …and it closes itself after this long.
    pub auto_close: Span,
    /// Repair, sanitation and hazard tickets: "is it still fixed?" this long after closing.
    pub still_fixed: Span,
}

impl Default for FollowUp {
    fn default() -> Self {
        FollowUp {
            rating_reminder: Span::days(1),
            auto_close: Span::days(3),
            still_fixed: Span::days(7),
        }
    }
}

/// The weekly evaluation report to each village's cadres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Reports {
    pub weekly: bool,
    /// Day of the week, e.g. "monday".
    pub day: String,
    pub at: ClockTime,
}

impl Default for Reports {
    fn default() -> Self {
        Reports {
            weekly: true,
            day: "monday".into(),
            at: ClockTime::hm(8, 30),
        }
    }
}

impl Reports {
    pub fn weekday(&self) -> Option<chrono::Weekday> {
        self.day.parse().ok()
    }
}

/// How long handled traffic is kept: inbox payloads, processed update ids, sent messages and
/// export files. Tickets, their events and the audit log are never pruned.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retention {
    pub days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention { days: 30 }
    }
}
