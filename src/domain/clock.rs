//! Wall-clock rules in the deployment's time zone: quiet hours and "every day at 08:00".

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

/// A time of day written "HH:MM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(NaiveTime);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a time of day like 07:30")]
pub struct BadClockTime(pub String);

impl ClockTime {
    pub fn hm(h: u32, m: u32) -> ClockTime {
        ClockTime(NaiveTime::from_hms_opt(h.min(23), m.min(59), 0).unwrap_or(NaiveTime::MIN))
    }

    pub fn time(self) -> NaiveTime {
        self.0
    }
}

impl FromStr for ClockTime {
    type Err = BadClockTime;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| BadClockTime(s.to_string()))
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The next moment after `now` when the local clock shows `at`.
pub fn next_at(now: DateTime<Utc>, tz: Tz, at: ClockTime) -> DateTime<Utc> {
    let local = now.with_timezone(&tz);
    let mut day = local.date_naive();
    for _ in 0..3 {
        if let Some(t) = tz.from_local_datetime(&day.and_time(at.0)).earliest() {
            let t = t.with_timezone(&Utc);
            if t > now {
                return t;
            }
        }
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
    }
    now + chrono::Duration::days(1)
}

/// The next moment after `now` when it is `day` at `at`, local time.
pub fn next_weekly(now: DateTime<Utc>, tz: Tz, day: Weekday, at: ClockTime) -> DateTime<Utc> {
    let mut t = next_at(now, tz, at);
    for _ in 0..7 {
        if t.with_timezone(&tz).weekday() == day {
            return t;
        }
        t = next_at(t, tz, at);
    }
    t
}

/// The start of the local day containing `now`, and of the day before, in UTC.
pub fn yesterday(now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.with_timezone(&tz).date_naive();
    let start = |d: chrono::NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(now)
    };
    let before = today.checked_sub_days(Days::new(1)).unwrap_or(today);
    (start(before), start(today))
}

/// Hours in which the bot keeps quiet except for urgent tickets, e.g. 21:30–07:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuietHours {
    pub start: ClockTime,
    pub end: ClockTime,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            start: ClockTime::hm(21, 30),
            end: ClockTime::hm(7, 30),
        }
    }
}

impl QuietHours {
    /// Whether `now` falls in quiet hours (the span may run over midnight).
    pub fn contains(&self, now: DateTime<Utc>, tz: Tz) -> bool {
        let t = now.with_timezone(&tz).time();
        let (s, e) = (self.start.0, self.end.0);
        match s.cmp(&e) {
            std::cmp::Ordering::Less => s <= t && t < e,
            std::cmp::Ordering::Greater => t >= s || t < e,
            std::cmp::Ordering::Equal => false,
        }
    }

    /// When the quiet hours that contain `now` end (`now` itself when it is not quiet).
    pub fn end_after(&self, now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        if self.contains(now, tz) {
            next_at(now, tz, self.end)
        } else {
            now
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap_or_default()
    }

    const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn quiet_hours_run_over_midnight() {
        let q = QuietHours {
            start: ClockTime::hm(21, 30),
            end: ClockTime::hm(7, 30),
        };
        // 22:00 and 03:00 in Shanghai are 14:00 and 19:00 UTC.
        assert!(q.contains(utc("2026-11-22T14:00:00Z"), SHANGHAI));
        assert!(q.contains(utc("2026-11-22T19:00:00Z"), SHANGHAI));
        assert!(!q.contains(utc("2026-11-22T02:00:00Z"), SHANGHAI));
        assert_eq!(
            q.end_after(utc("2026-11-22T14:00:00Z"), SHANGHAI),
            utc("2026-11-22T23:30:00Z")
        );
        let noon = utc("2026-11-22T04:00:00Z");
        assert_eq!(q.end_after(noon, SHANGHAI), noon);
    }

    #[test]
    fn next_at_is_strictly_later() {
        let eight = ClockTime::hm(8, 0);
        // 07:00 Shanghai → 08:00 the same day; 08:00 exactly → tomorrow.
        assert_eq!(
            next_at(utc("2026-11-21T23:00:00Z"), SHANGHAI, eight),
            utc("2026-11-22T00:00:00Z")
        );
        assert_eq!(
            next_at(utc("2026-11-22T00:00:00Z"), SHANGHAI, eight),
            utc("2026-11-23T00:00:00Z")
        );
    }

    #[test]
    fn next_weekly_finds_the_day() {
        // Sunday 2026-11-22 10:00 Shanghai → Monday 2026-11-23 08:00 Shanghai.
        let t = next_weekly(
            utc("2026-11-22T02:00:00Z"),
            SHANGHAI,
            Weekday::Mon,
            ClockTime::hm(8, 0),
        );
        assert_eq!(t, utc("2026-11-23T00:00:00Z"));
        let again = next_weekly(t, SHANGHAI, Weekday::Mon, ClockTime::hm(8, 0));
        assert_eq!(again, utc("2026-11-30T00:00:00Z"));
    }

    #[test]
    fn yesterday_is_the_local_day_before() {
        let (from, to) = yesterday(utc("2026-11-22T01:00:00Z"), SHANGHAI);
        assert_eq!(from, utc("2026-11-20T16:00:00Z"));
        assert_eq!(to, utc("2026-11-21T16:00:00Z"));
    }

    #[test]
    fn clock_times_parse() {
        assert_eq!("07:30".parse::<ClockTime>(), Ok(ClockTime::hm(7, 30)));
        assert!("7.30".parse::<ClockTime>().is_err());
        assert!("25:00".parse::<ClockTime>().is_err());
    }
}
