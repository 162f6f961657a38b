//! Telegram's sending limits as a ledger of recent sends: overall per second, per chat per
//! second, per group per minute, and a chat held back after a 429. Pure: the time (milliseconds
//! on a monotonic clock) is passed in.

use std::collections::{HashMap, VecDeque};

use crate::config::SendLimits;
use crate::domain::ChatId;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60_000;

/// Kept between two sends on top of each window: a request sent at the edge of a window may
/// reach Telegram a little later or earlier than it left.
const MARGIN: i64 = 40;

/// What one chat sent lately.
#[derive(Debug, Default)]
struct ChatLedger {
    sent: VecDeque<i64>,
    held_until: i64,
}

/// The sends of the last minute, and when each chat may send again.
#[derive(Debug)]
pub struct Pace {
    limits: SendLimits,
    overall: VecDeque<i64>,
    chats: HashMap<ChatId, ChatLedger>,
}

/// The time at which one more entry fits under `limit` entries per `window`, given the entries
/// of the last window (oldest first).
fn fits_at(sent: &VecDeque<i64>, limit: u32, window: i64, now: i64) -> i64 {
    let limit = limit.max(1) as usize;
    let recent = sent.iter().filter(|t| now - **t < window + MARGIN).count();
    if recent < limit {
        return now;
    }
    // The entry that must leave the window first: the `limit`-th newest.
    sent.get(sent.len() - limit)
        .map_or(now, |t| t + window + MARGIN)
}

impl Pace {
    pub fn new(limits: SendLimits) -> Pace {
        Pace {
            limits,
            overall: VecDeque::new(),
            chats: HashMap::new(),
        }
    }

    /// The earliest time (≥ `now`) one more message to `chat` keeps within every limit.
    pub fn ready_at(&mut self, chat: ChatId, now: i64) -> i64 {
        self.forget(now);
        let l = self.limits;
        let overall = fits_at(&self.overall, l.per_second_overall, SECOND, now);
        let Some(ledger) = self.chats.get(&chat) else {
            return overall;
        };
        let mut at = overall.max(ledger.held_until).max(fits_at(
            &ledger.sent,
            l.per_second_per_chat,
            SECOND,
            now,
        ));
        if !chat.is_private() {
            at = at.max(fits_at(&ledger.sent, l.per_minute_per_group, MINUTE, now));
        }
        at
    }

    /// Records a message sent to `chat` at `now`.
    pub fn take(&mut self, chat: ChatId, now: i64) {
        self.overall.push_back(now);
        self.chats.entry(chat).or_default().sent.push_back(now);
    }

    /// Telegram asked to wait: nothing more goes to `chat` before `until`.
    pub fn hold(&mut self, chat: ChatId, until: i64) {
        let ledger = self.chats.entry(chat).or_default();
        ledger.held_until = ledger.held_until.max(until);
    }

    /// Drops sends older than any window, and chats with nothing left to remember.
    fn forget(&mut self, now: i64) {
        let old = |t: &i64| now - *t >= MINUTE + MARGIN;
        while self
            .overall
            .front()
            .is_some_and(|t| now - *t >= SECOND + MARGIN)
        {
            self.overall.pop_front();
        }
        if self.chats.len() > 64 {
            self.chats.retain(|_, l| {
                while l.sent.front().is_some_and(old) {
                    l.sent.pop_front();
                }
                !l.sent.is_empty() || l.held_until > now
            });
        } else {
            for l in self.chats.values_mut() {
                while l.sent.front().is_some_and(old) {
                    l.sent.pop_front();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: ChatId = ChatId(-100);
    const PERSON: ChatId = ChatId(7);

    fn telegram() -> Pace {
        Pace::new(SendLimits::default())
    }

    #[test]
    fn one_message_per_second_per_chat() {
        let mut p = telegram();
        assert_eq!(p.ready_at(PERSON, 0), 0);
        p.take(PERSON, 0);
        assert_eq!(p.ready_at(PERSON, 10), SECOND + MARGIN);
        assert_eq!(p.ready_at(ChatId(8), 10), 10, "another chat is free");
    }

    #[test]
    fn twenty_per_minute_in_a_group() {
        let mut p = telegram();
        let mut now = 0;
        for _ in 0..20 {
            now = p.ready_at(GROUP, now);
            p.take(GROUP, now);
        }
        assert_eq!(
            p.ready_at(GROUP, now),
            MINUTE + MARGIN,
            "the 21st waits for the first to age"
        );
        assert_eq!(
            p.ready_at(PERSON, now),
            now,
            "private chats have no minute limit"
        );
    }

    #[test]
    fn thirty_per_second_overall() {
        let mut p = telegram();
        for chat in 1..=30 {
            assert_eq!(p.ready_at(ChatId(chat), 5), 5);
            p.take(ChatId(chat), 5);
        }
        assert_eq!(p.ready_at(ChatId(31), 5), 5 + SECOND + MARGIN);
    }

    #[test]
    fn a_429_holds_the_chat() {
        let mut p = telegram();
        p.hold(GROUP, 5_000);
        assert_eq!(p.ready_at(GROUP, 0), 5_000);
        assert_eq!(p.ready_at(PERSON, 0), 0);
    }

    #[test]
    fn over_a_long_run_the_budget_is_used() {
        // 300 chats with one message each: 30 a second, so 10 seconds and a little.
        let mut p = telegram();
        let mut now = 0;
        for chat in 0..300 {
            now = p.ready_at(ChatId(chat), now);
            p.take(ChatId(chat), now);
        }
        assert!(now <= 9 * (SECOND + MARGIN), "{now}");
    }
}
