//! Human-written durations ("90s", "24h", "7d", "1h30m") for deadlines and timers in the config.

use std::fmt;
use std::str::FromStr;

use chrono::Duration;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A positive span of time written the way a deployer would write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a duration; write it like 90s, 30m, 24h, 7d or 1h30m (at most 365d)")]
pub struct BadSpan(pub String);

/// The longest span a setting may take: a year. Longer ones are typos, and date arithmetic with
/// them could overflow.
pub const MAX_SECONDS: i64 = 365 * 86_400;

impl Span {
    pub fn from_secs(seconds: i64) -> Result<Self, BadSpan> {
        if (1..=MAX_SECONDS).contains(&seconds) {
            Ok(Span { seconds })
        } else {
            Err(BadSpan(seconds.to_string()))
        }
    }

    pub fn minutes(m: i64) -> Self {
        Span {
            seconds: m.clamp(1, MAX_SECONDS / 60) * 60,
        }
    }

    pub fn hours(h: i64) -> Self {
        Span {
            seconds: h.clamp(1, MAX_SECONDS / 3600) * 3600,
        }
    }

    pub fn days(d: i64) -> Self {
        Span {
            seconds: d.clamp(1, MAX_SECONDS / 86_400) * 86_400,
        }
    }

    pub fn as_secs(self) -> i64 {
        self.seconds
    }

    pub fn to_chrono(self) -> Duration {
        Duration::seconds(self.seconds)
    }
}

impl FromStr for Span {
    type Err = BadSpan;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadSpan(s.to_string());
        let text = s.trim();
        if text.is_empty() {
            return Err(bad());
        }
        let mut total: i64 = 0;
        let mut number = String::new();
        for ch in text.chars() {
            if ch.is_ascii_digit() {
                number.push(ch);
                continue;
            }
            let unit = match ch {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                'w' => 604_800,
                _ => return Err(bad()),
            };
            let n: i64 = number.parse().map_err(|_| bad())?;
            number.clear();
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
        }
        if !number.is_empty() {
            return Err(bad());
        }
        Span::from_secs(total).map_err(|_| bad())
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.seconds;
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
            if rest >= size {
                write!(f, "{}{}", rest / size, unit)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_human_durations() {
        let secs = |s: &str| s.parse::<Span>().map(Span::as_secs);
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("24h"), Ok(86_400));
        assert_eq!(secs("7d"), Ok(604_800));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs(" 2w "), Ok(1_209_600));
    }

    #[test]
    fn rejects_nonsense() {
        for s in [
            "",
            "24",
            "h",
            "0s",
            "-5m",
            "3 days",
            "1y",
            "99999999999999999999d",
            "106751991167300d",
            "366d",
            "53w",
        ] {
            assert!(s.parse::<Span>().is_err(), "{s}");
        }
    }

    #[test]
    fn displays_compactly() {
        assert_eq!(Span::days(7).to_string(), "7d");
        assert_eq!(
            "1h30m".parse::<Span>().map(|s| s.to_string()),
            Ok("1h30m".into())
        );
    }
}
