//! The paced sender: drains the outbox as fast as Telegram's limits allow and no faster. Chats
//! are served side by side, each strictly in order with one request in flight; sends, edits and
//! documents share one ledger of limits ([`Pace`]); a 429 holds back only its chat; callback
//! answers go at once. It sleeps until the next send fits or new messages are queued.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use tokio::sync::watch;
use tokio::time::Instant;

use super::delivery::{attempt, by_chat, record, replaces, Delivery, Settled, Transport};
use super::pace::Pace;
use crate::app::context::App;
use crate::domain::ChatId;
use crate::shutdown::stopped;
use crate::store::outbox::{self, OutboxItem};
use crate::store::StoreError;

/// Messages read from the outbox at once.
const LOAD: i64 = 2_000;

/// Requests in flight at once, over all chats.
const IN_FLIGHT: usize = 64;

/// What is queued, by chat, in order; and what is on its way.
struct Queues {
    chats: Vec<(ChatId, VecDeque<OutboxItem>)>,
    answers: VecDeque<OutboxItem>,
    flying: HashSet<i64>,
    busy: HashSet<ChatId>,
}

impl Queues {
    fn new() -> Queues {
        Queues {
            chats: vec![],
            answers: VecDeque::new(),
            flying: HashSet::new(),
            busy: HashSet::new(),
        }
    }

    /// Replaces the queues with what the outbox holds now, leaving out what is in flight.
    fn fill(&mut self, items: Vec<OutboxItem>) {
        let (answers, rest): (Vec<_>, Vec<_>) = items
            .into_iter()
            .filter(|i| !self.flying.contains(&i.id))
            .partition(|i| i.kind == "answer");
        self.answers = answers.into();
        self.chats = by_chat(rest);
    }

    fn is_empty(&self) -> bool {
        self.answers.is_empty() && self.chats.iter().all(|(_, q)| q.is_empty())
    }
}

/// An item to deliver: whether a later edit replaces it (so it is settled without sending), and
/// whether it was charged to the limits (a sent message, not a callback answer).
struct Go {
    item: OutboxItem,
    skip: bool,
    charged: bool,
}

/// The outcome of one request.
struct Flight {
    go: Go,
    /// When Telegram's answer came (the limits count from then).
    answered: Instant,
    settled: Result<Settled, StoreError>,
}

/// One item: sent (or settled without sending) and recorded.
async fn fly(app: &App, transport: &impl Transport, go: Go) -> Flight {
    let outcome = if go.skip {
        Ok(Delivery::Sent(None))
    } else {
        attempt(&app.store, transport, &go.item).await
    };
    let answered = Instant::now();
    let settled = match outcome {
        Ok(outcome) => record(app, &go.item, outcome).await,
        Err(e) => Err(e),
    };
    Flight {
        go,
        answered,
        settled,
    }
}

/// Runs until `shutdown`: the sender of a bot that talks to Telegram.
pub async fn run(app: &App, transport: &impl Transport, mut shutdown: watch::Receiver<bool>) {
    let start = Instant::now();
    let mut pace = Pace::new(app.settings.telegram.limits);
    let mut queues = Queues::new();
    let mut flights = FuturesUnordered::new();
    let mut reload = true;
    let mut more = false;
    loop {
        if reload {
            match load(app).await {
                Ok(items) => {
                    more = items.len() as i64 >= LOAD;
                    queues.fill(items);
                }
                Err(e) => tracing::error!(error = ?e, "cannot read the outbox"),
            }
            reload = false;
        }
        let now = start.elapsed().as_millis() as i64;
        let (go, next) = dispatch(&mut queues, &mut pace, now, IN_FLIGHT - flights.len());
        for g in go {
            flights.push(fly(app, transport, g));
        }
        let wake = match next {
            Some(at) => start + Duration::from_millis(u64::try_from(at).unwrap_or(0)),
            None if queues.is_empty() && flights.is_empty() => {
                Instant::now() + next_due(app, more).await
            }
            None => Instant::now() + Duration::from_secs(1),
        };
        tokio::select! {
            _ = stopped(&mut shutdown) => return,
            Some(flight) = flights.next(), if !flights.is_empty() => {
                reload |= landed(&mut queues, &mut pace, start, flight);
                reload |= more && queues.is_empty();
            }
            _ = app.outbox_ready.notified() => reload = true,
            _ = tokio::time::sleep_until(wake) => reload |= queues.is_empty(),
        }
    }
}

/// Messages due now, oldest first.
async fn load(app: &App) -> Result<Vec<OutboxItem>, StoreError> {
    let now = chrono::Utc::now().timestamp();
    let mut conn = app.store.conn().await?;
    outbox::due(&mut conn, now, LOAD).await
}

/// How long an idle sender may sleep: until a deferred message falls due, at most a minute;
/// not at all when the last read left messages behind.
async fn next_due(app: &App, more: bool) -> Duration {
    if more {
        return Duration::ZERO;
    }
    let now = chrono::Utc::now().timestamp();
    let next = match app.store.conn().await {
        Ok(mut conn) => outbox::next_due_at(&mut conn).await.ok().flatten(),
        Err(_) => None,
    };
    let secs = next.map_or(60, |at| (at - now).clamp(0, 60));
    Duration::from_secs(u64::try_from(secs).unwrap_or(1))
}

/// Takes from the queues every item that may go now, marking its chat busy and charging the
/// limits; returns them and when the next waiting item will fit (`None`: when an answer comes).
fn dispatch(queues: &mut Queues, pace: &mut Pace, now: i64, room: usize) -> (Vec<Go>, Option<i64>) {
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
        if queues.busy.contains(chat) {
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

/// Takes note of a finished request; returns whether the outbox must be read again.
fn landed(queues: &mut Queues, pace: &mut Pace, start: Instant, flight: Flight) -> bool {
    let Flight {
        go,
        answered,
        settled,
    } = flight;
    let chat = go.item.chat;
    let item = go.item;
    queues.flying.remove(&item.id);
    queues.busy.remove(&chat);
    if go.charged {
        pace.done(
            chat,
            answered.saturating_duration_since(start).as_millis() as i64,
        );
    }
    match settled {
        Ok(Settled::Yes) => false,
        Ok(Settled::Later(at)) => {
            // Telegram asked to wait (or a passing fault): the chat waits, the item stays first.
            let wait = (at - chrono::Utc::now().timestamp()).max(1);
            let now = start.elapsed().as_millis() as i64;
            pace.hold(chat, now + wait * 1_000);
            let mut item = item;
            item.attempts += 1;
            match queues.chats.iter_mut().find(|(c, _)| *c == chat) {
                Some((_, q)) => q.push_front(item),
                None => queues.chats.push((chat, VecDeque::from([item]))),
            }
            false
        }
        Err(e) => {
            tracing::error!(error = ?e, outbox = item.id, "cannot record a delivery");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SendLimits;

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
        queues.fill(items);
        let mut pace = Pace::new(SendLimits::default());
        let (mut now, mut sent, mut last) = (0, 0, 0);
        while !queues.is_empty() {
            let (go, next) = dispatch(&mut queues, &mut pace, now, IN_FLIGHT);
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
