//! Care visits (关爱走访): a special household's level — red, yellow, green — sets how often its
//! chief visits; a visit not recorded in time is reminded, then reminded as overdue, then passed
//! to the duty cadre. Pure: `now` is an argument.

use std::fmt;

use serde::Deserialize;

use super::Span;

/// How closely a household is looked after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CareLevel {
    Red,
    Yellow,
    Green,
}

impl CareLevel {
    pub const ALL: [CareLevel; 3] = [CareLevel::Red, CareLevel::Yellow, CareLevel::Green];

    pub fn key(self) -> &'static str {
        match self {
            CareLevel::Red => "red",
            CareLevel::Yellow => "yellow",
            CareLevel::Green => "green",
        }
    }

    /// The level as cadres write it: red/yellow/green, 红/黄/绿 (with or without 色), 🔴🟡🟢.
    pub fn parse(text: &str) -> Option<CareLevel> {
        Some(match text.trim().to_lowercase().as_str() {
            "red" | "红" | "红色" | "🔴" => CareLevel::Red,
            "yellow" | "黄" | "黄色" | "🟡" => CareLevel::Yellow,
            "green" | "绿" | "绿色" | "🟢" => CareLevel::Green,
            _ => return None,
        })
    }

    pub fn emoji(self) -> &'static str {
        match self {
            CareLevel::Red => "🔴",
            CareLevel::Yellow => "🟡",
            CareLevel::Green => "🟢",
        }
    }
}

impl fmt::Display for CareLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Visit intervals per level, and how long a due visit may wait before each next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CarePlan {
    pub red: Span,
    pub yellow: Span,
    pub green: Span,
    /// A due visit not recorded after this long is reminded as overdue; after twice this long it
    /// goes to the duty cadre.
    pub grace: Span,
}

impl Default for CarePlan {
    fn default() -> Self {
        CarePlan {
            red: Span::days(7),
            yellow: Span::days(14),
            green: Span::days(30),
            grace: Span::days(2),
        }
    }
}

impl CarePlan {
    pub fn interval(&self, level: CareLevel) -> Span {
        match level {
            CareLevel::Red => self.red,
            CareLevel::Yellow => self.yellow,
            CareLevel::Green => self.green,
        }
    }

    /// When the next visit falls due, counted from the last visit (or from when the level was set).
    pub fn due_after(&self, level: CareLevel, from: i64) -> i64 {
        from + self.interval(level).as_secs()
    }

    /// When the step after `stage` falls due; `None` once the visit went to the cadre.
    pub fn next_at(&self, stage: Stage, due_at: i64) -> Option<i64> {
        let g = self.grace.as_secs();
        match stage {
            Stage::Waiting => Some(due_at),
            Stage::Reminded => Some(due_at + g),
            Stage::Overdue => Some(due_at + 2 * g),
            Stage::Escalated => None,
        }
    }

    /// The furthest step reached at `now` beyond `stage`, if any: a tick that comes late (after
    /// quiet hours, after a stop) takes one step, the right one, not all the missed ones.
    pub fn step(&self, stage: Stage, due_at: i64, now: i64) -> Option<Stage> {
        let g = self.grace.as_secs();
        let reached = if now >= due_at + 2 * g {
            Stage::Escalated
        } else if now >= due_at + g {
            Stage::Overdue
        } else if now >= due_at {
            Stage::Reminded
        } else {
            Stage::Waiting
        };
        (reached > stage).then_some(reached)
    }

    /// Whether a visit recorded at `at` was in time: before it was reminded as overdue.
    pub fn on_time(&self, due_at: i64, at: i64) -> bool {
        at < due_at + self.grace.as_secs()
    }
}

/// How far the reminders of a household's current visit went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Waiting,
    Reminded,
    Overdue,
    Escalated,
}

impl Stage {
    pub fn from_number(n: i64) -> Stage {
        match n {
            i64::MIN..=0 => Stage::Waiting,
            1 => Stage::Reminded,
            2 => Stage::Overdue,
            _ => Stage::Escalated,
        }
    }

    pub fn number(self) -> i64 {
        match self {
            Stage::Waiting => 0,
            Stage::Reminded => 1,
            Stage::Overdue => 2,
            Stage::Escalated => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn levels_parse_as_cadres_write_them() {
        assert_eq!(CareLevel::parse("红"), Some(CareLevel::Red));
        assert_eq!(CareLevel::parse(" Yellow "), Some(CareLevel::Yellow));
        assert_eq!(CareLevel::parse("绿色"), Some(CareLevel::Green));
        assert_eq!(CareLevel::parse("blue"), None);
    }

    #[test]
    fn a_red_visit_is_reminded_then_overdue_then_escalated() {
        let plan = CarePlan::default();
        let due = plan.due_after(CareLevel::Red, 0);
        assert_eq!(due, 7 * DAY);
        assert_eq!(plan.step(Stage::Waiting, due, due - 1), None);
        assert_eq!(plan.step(Stage::Waiting, due, due), Some(Stage::Reminded));
        assert_eq!(plan.step(Stage::Reminded, due, due + DAY), None);
        assert_eq!(
            plan.step(Stage::Reminded, due, due + 2 * DAY),
            Some(Stage::Overdue)
        );
        assert_eq!(
            plan.step(Stage::Overdue, due, due + 4 * DAY),
            Some(Stage::Escalated)
        );
        assert_eq!(plan.step(Stage::Escalated, due, due + 40 * DAY), None);
        assert_eq!(plan.next_at(Stage::Overdue, due), Some(due + 4 * DAY));
        assert_eq!(plan.next_at(Stage::Escalated, due), None);
    }

    #[test]
    fn a_late_tick_takes_the_step_it_reached() {
        let plan = CarePlan::default();
        assert_eq!(
            plan.step(Stage::Waiting, 0, 5 * DAY),
            Some(Stage::Escalated)
        );
        assert!(plan.on_time(0, DAY));
        assert!(!plan.on_time(0, 2 * DAY));
    }

    #[test]
    fn stages_round_trip() {
        for s in [
            Stage::Waiting,
            Stage::Reminded,
            Stage::Overdue,
            Stage::Escalated,
        ] {
            assert_eq!(Stage::from_number(s.number()), s);
        }
    }
}
