//! Telegram's sending limits as a ledger of recent sends: overall per second, per chat per
//! second, per group per minute, and a chat held back after a 429. Telegram counts a request
//! when it arrives, which is somewhere between sending and the answer: so a request in flight
//! holds its place, and a finished one counts from when its answer came. Pure: the time
//! (milliseconds on a monotonic clock) is passed in.

use std::collections::{HashMap, VecDeque};

use crate::config::SendLimits;
use crate::domain::ChatId;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60_000;

/// Kept on top of each window, for clocks that do not tick alike.
const MARGIN: i64 = 40;

/// What one chat sent lately.
#[derive(Debug, Default)]
struct ChatLedger {
    /// When each recent request was answered, oldest first.
    sent: VecDeque<i64>,
    flying: usize,
    held_until: i64,
}

/// The sends of the last minute, and when each chat may send again.
#[derive(Debug)]
pub struct Pace {
    limits: SendLimits,
    overall: VecDeque<i64>,
    flying: usize,
    chats: HashMap<ChatId, ChatLedger>,
}

/// When one more request fits under `limit` per `window`, given the answered ones (oldest first)
/// and those still in flight; `None` while only an answer can make room.
fn fits_at(sent: &VecDeque<i64>, flying: usize, limit: u32, window: i64, now: i64) -> Option<i64> {
    let limit = limit.max(1) as usize;
    if flying >= limit {
        return None;
    }
    let recent = sent.iter().filter(|t| now - **t < window + MARGIN).count();
    if recent + flying < limit {
        return Some(now);
    }
    // The answered request that must leave the window first.
    Some(
        sent.get(sent.len() - (limit - flying))
            .map_or(now, |t| t + window + MARGIN),
    )
}

impl Pace {
    pub fn new(limits: SendLimits) -> Pace {
        Pace {
            limits,
            overall: VecDeque::new(),
            flying: 0,
            chats: HashMap::new(),
        }
    }

    /// The earliest time (≥ `now`) one more message to `chat` keeps within every limit; `None`
    /// while that waits for a request in flight to be answered.
    pub fn ready_at(&mut self, chat: ChatId, now: i64) -> Option<i64> {
        self.forget(now);
        let l = self.limits;
        let overall = fits_at(
            &self.overall,
            self.flying,
            l.per_second_overall,
            SECOND,
            now,
        )?;
        let Some(ledger) = self.chats.get(&chat) else {
            return Some(overall);
        };
        let (sent, flying) = (&ledger.sent, ledger.flying);
        let mut at = overall.max(ledger.held_until).max(fits_at(
            sent,
            flying,
            l.per_second_per_chat,
            SECOND,
            now,
        )?);
        if !chat.is_private() {
            at = at.max(fits_at(sent, flying, l.per_minute_per_group, MINUTE, now)?);
        }
        Some(at)
    }

    /// A message to `chat` is on its way.
    pub fn take(&mut self, chat: ChatId) {
        self.flying += 1;
        self.chats.entry(chat).or_default().flying += 1;
    }

    /// The message to `chat` was answered (or failed) at `now`.
    pub fn done(&mut self, chat: ChatId, now: i64) {
        self.flying = self.flying.saturating_sub(1);
        self.overall.push_back(now);
        let ledger = self.chats.entry(chat).or_default();
        ledger.flying = ledger.flying.saturating_sub(1);
        ledger.sent.push_back(now);
    }

    /// Telegram asked to wait: nothing more goes to `chat` before `until`.
    pub fn hold(&mut self, chat: ChatId, until: i64) {
        let ledger = self.chats.entry(chat).or_default();
        ledger.held_until = ledger.held_until.max(until);
    }

    /// Another share of the overall limit (instances divide it among themselves).
    pub fn set_overall(&mut self, per_second: u32) {
        self.limits.per_second_overall = per_second.max(1);
    }

    /// Gives up what is known of `chat` (its lease goes to another holder): when its recent
    /// requests were answered, and until when it is held after a 429. Its share of the overall
    /// window stays counted here.
    pub fn hand_over(&mut self, chat: ChatId) -> (Vec<i64>, i64) {
        match self.chats.remove(&chat) {
            Some(l) => (l.sent.into(), l.held_until),
            None => (vec![], 0),
        }
    }

    /// What is known of `chat`, as [`Pace::hand_over`] gives it, but kept.
    pub fn history(&self, chat: ChatId) -> (Vec<i64>, i64) {
        match self.chats.get(&chat) {
            Some(l) => (l.sent.iter().copied().collect(), l.held_until),
            None => (vec![], 0),
        }
    }

    /// Takes over what another holder knew of `chat` (times on this ledger's clock).
    pub fn take_over(&mut self, chat: ChatId, sent: &[i64], held_until: i64) {
        let ledger = self.chats.entry(chat).or_default();
        let mut all: Vec<i64> = ledger.sent.iter().chain(sent).copied().collect();
        all.sort_unstable();
        ledger.sent = all.into();
        ledger.held_until = ledger.held_until.max(held_until);
    }

    /// Drops sends older than any window, and chats with nothing left to remember.
    fn forget(&mut self, now: i64) {
        while self
            .overall
            .front()
            .is_some_and(|t| now - *t >= SECOND + MARGIN)
        {
            self.overall.pop_front();
        }
        self.chats.retain(|_, l| {
            while l.sent.front().is_some_and(|t| now - *t >= MINUTE + MARGIN) {
                l.sent.pop_front();
            }
            !l.sent.is_empty() || l.flying > 0 || l.held_until > now
        });
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

    /// Sends to `chat` at `now`, answered at once.
    fn send(p: &mut Pace, chat: ChatId, now: i64) {
        p.take(chat);
        p.done(chat, now);
    }

    #[test]
    fn one_message_per_second_per_chat() {
        let mut p = telegram();
        assert_eq!(p.ready_at(PERSON, 0), Some(0));
        send(&mut p, PERSON, 0);
        assert_eq!(p.ready_at(PERSON, 10), Some(SECOND + MARGIN));
        assert_eq!(p.ready_at(ChatId(8), 10), Some(10), "another chat is free");
    }

    #[test]
    fn a_request_in_flight_holds_its_place_until_answered() {
        let mut p = telegram();
        p.take(PERSON);
        assert_eq!(p.ready_at(PERSON, 5_000), None, "still on its way");
        p.done(PERSON, 5_000);
        assert_eq!(
            p.ready_at(PERSON, 5_000),
            Some(6_000 + MARGIN),
            "counted from the answer"
        );
    }

    #[test]
    fn twenty_per_minute_in_a_group() {
        let mut p = telegram();
        let mut now = 0;
        for _ in 0..20 {
            now = p.ready_at(GROUP, now).unwrap_or(i64::MAX);
            send(&mut p, GROUP, now);
        }
        assert_eq!(
            p.ready_at(GROUP, now),
            Some(MINUTE + MARGIN),
            "the 21st waits for the first"
        );
        assert_eq!(
            p.ready_at(PERSON, now),
            Some(now),
            "private chats have no minute limit"
        );
    }

    #[test]
    fn thirty_per_second_overall() {
        let mut p = telegram();
        for chat in 1..=30 {
            assert_eq!(p.ready_at(ChatId(chat), 5), Some(5));
            p.take(ChatId(chat));
        }
        assert_eq!(p.ready_at(ChatId(31), 5), None, "thirty on their way");
        for chat in 1..=30 {
            p.done(ChatId(chat), 5);
        }
        assert_eq!(p.ready_at(ChatId(31), 5), Some(5 + SECOND + MARGIN));
    }

    #[test]
    fn a_429_holds_the_chat() {
        let mut p = telegram();
        p.hold(GROUP, 5_000);
        assert_eq!(p.ready_at(GROUP, 0), Some(5_000));
        assert_eq!(p.ready_at(PERSON, 0), Some(0));
    }

    #[test]
    fn a_chat_handed_over_keeps_its_limits() {
        let mut a = telegram();
        for t in [0, 1_100, 2_200] {
            send(&mut a, GROUP, t);
        }
        a.hold(GROUP, 9_000);
        let (sent, held) = a.hand_over(GROUP);
        assert_eq!(a.ready_at(GROUP, 2_300), Some(2_300), "forgotten here");
        let mut b = telegram();
        b.limits.per_minute_per_group = 3;
        b.take_over(GROUP, &sent, held);
        assert_eq!(
            b.ready_at(GROUP, 2_300),
            Some(MINUTE + MARGIN),
            "the minute counts A's three"
        );
        let mut c = telegram();
        c.take_over(GROUP, &sent, held);
        assert_eq!(c.ready_at(GROUP, 2_300), Some(9_000), "and the 429 hold");
    }

    #[test]
    fn a_smaller_share_of_the_overall_limit() {
        let mut p = telegram();
        p.set_overall(10);
        for chat in 1..=10 {
            send(&mut p, ChatId(chat), 0);
        }
        assert_eq!(p.ready_at(ChatId(11), 0), Some(SECOND + MARGIN));
    }

    #[test]
    fn over_a_long_run_the_budget_is_used() {
        // 300 chats with one message each: 30 a second, so 10 seconds and a little.
        let mut p = telegram();
        let mut now = 0;
        for chat in 0..300 {
            now = p.ready_at(ChatId(chat), now).unwrap_or(i64::MAX);
            send(&mut p, ChatId(chat), now);
        }
        assert!(now <= 9 * (SECOND + MARGIN), "{now}");
    }
}
