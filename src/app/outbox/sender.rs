//! The paced sender: drains the outbox as fast as Telegram's limits allow and no faster. Chats
//! are served side by side, each strictly in order with one request in flight; sends, edits and
//! documents share one ledger of limits ([`Pace`]); a 429 holds back only its chat; callback
//! answers go at once. It sleeps until the next send fits or new messages are queued.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::time::Duration;

use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use tokio::sync::watch;
use tokio::time::Instant;

use super::delivery::{attempt, observe, record, Delivery, Settled, Transport};
use super::lease::ChatLeases;
use super::pace::Pace;
use super::queues::{dispatch, Go, Queues};
use crate::app::context::App;
use crate::app::lanes::{distinct, unix_ms};
use crate::domain::ChatId;
use crate::shutdown::stopped;
use crate::store::outbox::{self, OutboxItem};
use crate::store::StoreError;

/// Messages read from the outbox at once.
const LOAD: i64 = 2_000;

/// Requests in flight at once, over all chats.
const IN_FLIGHT: usize = 64;

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
        attempt(&app.store, transport, &go.item)
            .await
            .map(|o| observe(app, &go.item, o))
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

/// What the sender keeps between turns of its loop.
struct Sender {
    start: Instant,
    pace: Pace,
    leases: ChatLeases,
    queues: Queues,
    /// The outbox must be read again.
    reload: bool,
    /// The last read left messages behind.
    more: bool,
    /// The last read found messages of chats another instance holds.
    skipped: bool,
}

type Flights<F> = FuturesUnordered<F>;

impl Sender {
    fn now(&self) -> i64 {
        self.start.elapsed().as_millis() as i64
    }

    fn land(&mut self, done: Vec<Flight>) -> bool {
        let mut again = false;
        for flight in done {
            again |= landed(&mut self.queues, &mut self.pace, self.start, flight);
        }
        again
    }

    /// The beat, when due: leases renewed or let go, this instance's share of the limit.
    async fn beat(&mut self, app: &App, flights: &mut Flights<impl Future<Output = Flight>>) {
        let now = self.now();
        if now < self.leases.next_beat() {
            return;
        }
        let queues = &self.queues;
        let beat = self
            .leases
            .beat(app, &mut self.pace, now, |c| queues.idle(c));
        let (renewed, done) = while_flying(beat, flights).await;
        if let Err(e) = renewed {
            tracing::warn!(error = ?e, "cannot renew the outbox leases");
        }
        self.reload |= self.land(done);
    }

    /// Reads the outbox again, when asked to.
    async fn reload(&mut self, app: &App, flights: &mut Flights<impl Future<Output = Flight>>) {
        if !self.reload {
            return;
        }
        let now = self.now();
        let (loaded, done) =
            while_flying(load(app, &mut self.leases, &mut self.pace, now), flights).await;
        // What landed while the outbox was read may have been read as still owed.
        let landed: HashSet<i64> = done.iter().map(|f| f.go.item.id).collect();
        self.reload = self.land(done);
        match loaded {
            Ok((mut items, dropped)) => {
                self.more = items.len() as i64 >= LOAD;
                self.skipped = dropped;
                items.retain(|i| !landed.contains(&i.id));
                let leases = &self.leases;
                self.queues.fill(items, |c| leases.holds(c, now));
            }
            Err(e) => tracing::error!(error = ?e, "cannot read the outbox"),
        }
    }

    /// When to look again: when the next message fits, the next beat, or when something is due.
    async fn wake(&self, app: &App, next: Option<i64>, flying: bool) -> Instant {
        let at = |ms: i64| self.start + Duration::from_millis(u64::try_from(ms).unwrap_or(0));
        let wake = match next {
            Some(ms) => at(ms),
            None if self.queues.is_empty() && !flying && !self.skipped => {
                Instant::now() + next_due(app, self.more).await
            }
            None => Instant::now() + Duration::from_secs(1),
        };
        wake.min(at(self.leases.next_beat()))
    }
}

/// Runs until `shutdown`: the sender of a bot that talks to Telegram.
pub async fn run(app: &App, transport: &impl Transport, mut shutdown: watch::Receiver<bool>) {
    let mut s = Sender {
        start: Instant::now(),
        pace: Pace::new(app.settings.telegram.limits),
        leases: ChatLeases::new(unix_ms()),
        queues: Queues::new(),
        reload: true,
        more: false,
        skipped: false,
    };
    let mut flights = FuturesUnordered::new();
    loop {
        s.beat(app, &mut flights).await;
        s.reload(app, &mut flights).await;
        let now = s.now();
        let room = IN_FLIGHT - flights.len();
        let leases = &s.leases;
        let (go, next) = dispatch(&mut s.queues, &mut s.pace, now, room, |c| {
            leases.holds(c, now)
        });
        for g in go {
            flights.push(fly(app, transport, g));
        }
        let wake = s.wake(app, next, !flights.is_empty()).await;
        tokio::select! {
            _ = stopped(&mut shutdown) => break,
            Some(flight) = flights.next(), if !flights.is_empty() => {
                s.reload |= s.land(vec![flight]);
                s.reload |= s.more && s.queues.is_empty();
            }
            _ = app.outbox_ready.notified() => s.reload = true,
            _ = tokio::time::sleep_until(wake) => s.reload |= s.queues.is_empty(),
        }
    }
    // What is on its way is recorded before the leases go, so no one sends it again.
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(flight) = flights.next().await {
            s.land(vec![flight]);
        }
    })
    .await;
    let now = s.now();
    s.leases.let_go(app, &mut s.pace, now).await;
}

/// Awaits `work` while the requests in flight go on: they may hold the database's writer turn
/// or a pooled connection that `work` waits for, and only this loop drives them. Returns what
/// `work` gave and the flights that landed meanwhile.
async fn while_flying<W: Future>(
    work: W,
    flights: &mut FuturesUnordered<impl Future<Output = Flight>>,
) -> (W::Output, Vec<Flight>) {
    tokio::pin!(work);
    let mut done = vec![];
    loop {
        tokio::select! {
            out = &mut work => return (out, done),
            Some(flight) = flights.next(), if !flights.is_empty() => done.push(flight),
        }
    }
}

/// Messages due now, oldest first, of the chats this instance holds (claimed here when free);
/// also whether some were left to another instance.
async fn load(
    app: &App,
    leases: &mut ChatLeases,
    pace: &mut Pace,
    now: i64,
) -> Result<(Vec<OutboxItem>, bool), StoreError> {
    let items = {
        let mut conn = app.store.conn().await?;
        outbox::due(&mut conn, chrono::Utc::now().timestamp(), LOAD).await?
    };
    let chats: Vec<ChatId> = distinct(items.iter().map(|i| i.chat));
    leases.claim(app, &chats, pace, now).await?;
    let dropped = chats.iter().any(|c| !leases.holds(*c, now));
    Ok((items, dropped))
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
    if item.kind != "answer" {
        // An answer never made its chat busy: a message to the chat may still be on its way.
        queues.busy.remove(&chat);
    }
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
