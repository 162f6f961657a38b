//! The points ledger's rules (积分): what a ticket's life earns or costs the person who
//! completed it, as the `[points]` settings say. Pure: the app writes what this returns.

use serde::Deserialize;

use super::routing::Holder;
use super::{PersonId, Ticket, TicketEvent, Tier};

/// Points per event of a ticket's life; deductions are written as positive numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PointsRules {
    pub enabled: bool,
    /// A completed ticket, by tier.
    pub simple: i64,
    pub complex: i64,
    pub difficult: i64,
    /// Completed before its deadline.
    pub on_time: i64,
    /// Rated 4 or 5 stars.
    pub good_rating: i64,
    /// Taken off when a bad rating (1-2 stars) reopens the ticket.
    pub reopened: i64,
    /// Taken off the holder when the deadline passes it up the ladder.
    pub late: i64,
}

impl Default for PointsRules {
    fn default() -> Self {
        PointsRules {
            enabled: true,
            simple: 1,
            complex: 3,
            difficult: 5,
            on_time: 1,
            good_rating: 1,
            reopened: 2,
            late: 1,
        }
    }
}

/// The most points one rule may give or take.
pub const MAX_RULE: i64 = 1000;

impl PointsRules {
    /// The settings that are out of range, by name.
    pub fn invalid(&self) -> Option<&'static str> {
        let fields = [
            ("simple", self.simple),
            ("complex", self.complex),
            ("difficult", self.difficult),
            ("on_time", self.on_time),
            ("good_rating", self.good_rating),
            ("reopened", self.reopened),
            ("late", self.late),
        ];
        fields
            .into_iter()
            .find(|(_, v)| !(0..=MAX_RULE).contains(v))
            .map(|(name, _)| name)
    }

    pub fn for_tier(&self, tier: Tier) -> i64 {
        match tier {
            Tier::Simple => self.simple,
            Tier::Complex => self.complex,
            Tier::Difficult => self.difficult,
        }
    }
}

/// Why an entry is in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Done,
    OnTime,
    GoodRating,
    Reopened,
    Late,
    /// Points exchanged for goods (积分兑换).
    Redeem,
    /// A cadre's correction.
    Correction,
}

impl Reason {
    pub fn key(self) -> &'static str {
        match self {
            Reason::Done => "done",
            Reason::OnTime => "on_time",
            Reason::GoodRating => "good_rating",
            Reason::Reopened => "reopened",
            Reason::Late => "late",
            Reason::Redeem => "redeem",
            Reason::Correction => "correction",
        }
    }
}

/// One ledger entry a ticket's change calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    pub person: PersonId,
    pub reason: Reason,
    pub delta: i64,
    /// Written once per ticket: the same key a second time earns nothing.
    pub once_key: Option<String>,
}

/// What the app knows of one accepted change of a ticket.
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub before: &'a Ticket,
    pub after: &'a Ticket,
    pub events: &'a [TicketEvent],
    /// Who acted; `None` for the bot (a timer).
    pub by: Option<PersonId>,
    /// Who earned the ticket's completion points, if anyone did yet.
    pub completer: Option<PersonId>,
}

fn once(reason: Reason, c: &Change<'_>) -> Option<String> {
    Some(format!("{}:{}", reason.key(), c.after.id.0))
}

/// The entries a change of a ticket earns: completion (by tier) and a bonus for finishing before
/// the deadline to whoever resolved it, a bonus for a 4-5 star rating, a deduction when a bad
/// rating reopens it, and a deduction for the holder whose deadline passed it up. Gains are
/// keyed once per ticket, so a ticket reopened and done again earns nothing twice.
pub fn earned(rules: &PointsRules, c: Change<'_>) -> Vec<Award> {
    if !rules.enabled {
        return vec![];
    }
    let mut out = vec![];
    let mut add = |person: Option<PersonId>, reason: Reason, delta: i64, once_key| {
        if let (Some(person), true) = (person, delta != 0) {
            out.push(Award {
                person,
                reason,
                delta,
                once_key,
            });
        }
    };
    let holder = match c.before.holder {
        Some(Holder::Person(p)) => Some(p),
        _ => None,
    };
    for event in c.events {
        match event {
            TicketEvent::Resolved(_) => {
                let who = c.by.or(holder);
                add(
                    who,
                    Reason::Done,
                    rules.for_tier(c.after.tier),
                    once(Reason::Done, &c),
                );
                if c.after.resolved_at.unwrap_or(i64::MAX) <= c.before.deadline_at {
                    add(who, Reason::OnTime, rules.on_time, once(Reason::OnTime, &c));
                }
            }
            TicketEvent::Rated(n) if *n >= 4 => {
                let key = once(Reason::GoodRating, &c);
                add(c.completer, Reason::GoodRating, rules.good_rating, key);
            }
            TicketEvent::Reopened if rated_low(c.events) => {
                add(c.completer, Reason::Reopened, -rules.reopened, None);
            }
            TicketEvent::Escalated(_) if c.by.is_none() => {
                add(holder, Reason::Late, -rules.late, None);
            }
            _ => {}
        }
    }
    out
}

fn rated_low(events: &[TicketEvent]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, TicketEvent::Rated(n) if *n <= 2))
}

#[cfg(test)]
#[path = "points_tests.rs"]
mod tests;
