//! What the sender has queued, by chat and in order, and which messages may go now: the longest
//! queues first, one request in flight per chat, within the limits of the ledger; callback
//! answers at once.

use std::collections::{HashSet, VecDeque};

use super::delivery::{by_chat, replaces};
use super::pace::Pace;
use crate::domain::ChatId;
use crate::store::outbox::OutboxItem;

/// What is queued, by chat, in order; and what is on its way.
#[derive(Default)]
pub struct Queues {
    pub chats: Vec<(ChatId, VecDeque<OutboxItem>)>,
    pub answers: VecDeque<OutboxItem>,
    pub flying: HashSet<i64>,
    pub busy: HashSet<ChatId>,
}

impl Queues {
    pub fn new() -> Queues {
        Queues::default()
    }

    /// Replaces the queues with what the outbox holds now for the chats this sender may serve,
    /// leaving out what is in flight.
    pub fn fill(&mut self, items: Vec<OutboxItem>, ours: impl Fn(ChatId) -> bool) {
        let (answers, rest): (Vec<_>, Vec<_>) = items
            .into_iter()
            .filter(|i| !self.flying.contains(&i.id) && ours(i.chat))
            .partition(|i| i.kind == "answer");
        self.answers = answers.into();
        self.chats = by_chat(rest);
    }

    /// Nothing queued for `chat` and nothing on its way.
    pub fn idle(&self, chat: ChatId) -> bool {
        !self.busy.contains(&chat)
            && !self.answers.iter().any(|a| a.chat == chat)
            && self.chats.iter().all(|(c, q)| *c != chat || q.is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.chats.iter().all(|(_, q)| q.is_empty())
    }
}

/// An item to deliver: whether a later edit replaces it (so it is settled without sending), and
/// whether it was charged to the limits (a sent message, not a callback answer).
pub struct Go {
    pub item: OutboxItem,
    pub skip: bool,
    pub charged: bool,
}

/// Callback answers go at once (they count against no limit), as many as there is room for.
fn answers(queues: &mut Queues, room: usize) -> Vec<Go> {
    let mut go = vec![];
    while go.len() < room {
        let Some(answer) = queues.answers.pop_front() else {
            break;
        };
        queues.flying.insert(answer.id);
        go.push(Go {
            item: answer,
            skip: false,
            charged: false,
        });
    }
    go
}

/// Takes from the queues every item that may go now, marking its chat busy and charging the
/// limits; returns them and when the next waiting item will fit (`None`: when an answer comes).
pub fn dispatch(
    queues: &mut Queues,
    pace: &mut Pace,
    now: i64,
    room: usize,
    ours: impl Fn(ChatId) -> bool,
) -> (Vec<Go>, Option<i64>) {
    let mut go = answers(queues, room);
    let mut next: Option<i64> = None;
    // The longest queues first: the per-chat limits make them the slowest to drain, so starting
    // them early keeps the overall budget in use to the end. Among equals, the oldest first.
    queues.chats.sort_by_key(|(_, q)| {
        (
            std::cmp::Reverse(q.len()),
            q.front().map_or(i64::MAX, |i| i.id),
        )
    });
    for (chat, queue) in &mut queues.chats {
        if go.len() >= room {
            break;
        }
        let Some(head) = queue.front() else {
            continue;
        };
        if queues.busy.contains(chat) || !ours(*chat) {
            continue;
        }
        let skip = queue.iter().skip(1).any(|later| replaces(later, head));
        if !skip {
            match pace.ready_at(*chat, now) {
                Some(at) if at <= now => pace.take(*chat),
                Some(at) => {
                    next = Some(next.map_or(at, |n| n.min(at)));
                    continue;
                }
                None => continue,
            }
        }
        if let Some(item) = queue.pop_front() {
            queues.busy.insert(*chat);
            queues.flying.insert(item.id);
            go.push(Go {
                item,
                skip,
                charged: !skip,
            });
        }
    }
    (go, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SendLimits;

    const IN_FLIGHT: usize = 64;

    fn item(id: i64, chat: i64) -> OutboxItem {
        OutboxItem {
            id,
            chat: ChatId(chat),
            kind: "send".into(),
            payload: "{}".into(),
            ticket: None,
            purpose: "info".into(),
            attempts: 0,
        }
    }

    /// A hundred groups owing three messages each (as a hundred new villages with one request
    /// each do), every request answered at once: the schedule alone uses ≥ 90% of 30/s.
    #[test]
    fn a_backlog_keeps_the_overall_budget_busy() {
        let mut queues = Queues::new();
        let items: Vec<OutboxItem> = (0..300).map(|i| item(i, -1_000 - i / 3)).collect();
        queues.fill(items, |_| true);
        let mut pace = Pace::new(SendLimits::default());
        let (mut now, mut sent, mut last) = (0, 0, 0);
        while !queues.is_empty() {
            let (go, next) = dispatch(&mut queues, &mut pace, now, IN_FLIGHT, |_| true);
            for g in go {
                queues.flying.remove(&g.item.id);
                queues.busy.remove(&g.item.chat);
                pace.done(g.item.chat, now);
                sent += 1;
                last = now;
            }
            now = next.unwrap_or(now + 1).max(now + 1);
        }
        assert_eq!(sent, 300);
        let used = sent as f64 / ((last as f64 / 1000.0 + 1.0) * 30.0);
        assert!(
            used >= 0.9,
            "{used:.2} of the budget, last send at {last} ms"
        );
    }
}
