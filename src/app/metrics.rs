//! What the bot counts for operations (Prometheus text on `/metrics`): updates received and
//! handled, how long handling took, messages sent by kind, 429s and failures; plus the depths and
//! ticket counts read from the database when scraped.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// A label with one value, e.g. `kind="send"`.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    pub kind: String,
}

/// What the database says when scraped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Depths {
    pub inbox: i64,
    /// Seconds the oldest waiting update has waited.
    pub inbox_age: i64,
    pub outbox: i64,
    pub open_tickets: i64,
    pub overdue_tickets: i64,
}

/// This instance's counters, and gauges filled from [`Depths`] at each scrape.
pub struct Metrics {
    registry: Registry,
    received: Counter,
    handled: Family<KindLabel, Counter>,
    handling: Histogram,
    sent: Family<KindLabel, Counter>,
    rate_limited: Counter,
    failed: Family<KindLabel, Counter>,
    gauges: [Gauge; 5],
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("villagebot");
        let received = Counter::default();
        let handled = Family::<KindLabel, Counter>::default();
        // 1 ms to about 65 s.
        let handling = Histogram::new(exponential_buckets(0.001, 2.0, 17));
        let sent = Family::<KindLabel, Counter>::default();
        let rate_limited = Counter::default();
        let failed = Family::<KindLabel, Counter>::default();
        let gauges: [Gauge; 5] = Default::default();
        register_gauges(&mut registry, &gauges);
        let r = &mut registry;
        r.register(
            "updates_received",
            "Updates received from Telegram",
            received.clone(),
        );
        r.register(
            "updates_handled",
            "Updates handled, by outcome (handled, failed, set_aside)",
            handled.clone(),
        );
        r.register(
            "update_handling_seconds",
            "Time from the start of an update's batch to its commit",
            handling.clone(),
        );
        r.register(
            "messages_sent",
            "Bot API requests that succeeded, by kind",
            sent.clone(),
        );
        r.register(
            "rate_limited",
            "429 answers from Telegram",
            rate_limited.clone(),
        );
        r.register(
            "delivery_failures",
            "Messages that could not be delivered, by kind",
            failed.clone(),
        );
        Metrics {
            registry,
            received,
            handled,
            handling,
            sent,
            rate_limited,
            failed,
            gauges,
        }
    }

    pub fn received(&self, n: usize) {
        self.received.inc_by(n as u64);
    }

    /// `n` updates ended so (`handled`, `failed`, `set_aside`).
    pub fn handled(&self, outcome: &str, n: usize) {
        if n > 0 {
            self.handled.get_or_create(&label(outcome)).inc_by(n as u64);
        }
    }

    /// `n` updates took `seconds` from their batch's start to its commit.
    pub fn handling(&self, seconds: f64, n: usize) {
        for _ in 0..n {
            self.handling.observe(seconds);
        }
    }

    pub fn sent(&self, kind: &str) {
        self.sent.get_or_create(&label(kind)).inc();
    }

    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    pub fn failed(&self, kind: &str) {
        self.failed.get_or_create(&label(kind)).inc();
    }

    /// The text a Prometheus scrape reads, with the gauges set from `depths`.
    pub fn render(&self, depths: Depths) -> String {
        let values = [
            depths.inbox,
            depths.inbox_age,
            depths.outbox,
            depths.open_tickets,
            depths.overdue_tickets,
        ];
        for (gauge, value) in self.gauges.iter().zip(values) {
            gauge.set(value);
        }
        let mut text = String::new();
        if let Err(e) = encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        text
    }
}

/// The gauges, in the order of [`Metrics::render`]'s values.
fn register_gauges(registry: &mut Registry, gauges: &[Gauge; 5]) {
    let names = [
        ("inbox_depth", "Stored updates not yet handled"),
        ("inbox_oldest_seconds", "Age of the oldest unhandled update"),
        ("outbox_depth", "Messages waiting to be sent"),
        ("tickets_open", "Open tickets"),
        ("tickets_overdue", "Open tickets past their deadline"),
    ];
    for ((name, help), gauge) in names.into_iter().zip(gauges) {
        registry.register(name, help, gauge.clone());
    }
}

fn label(kind: &str) -> KindLabel {
    KindLabel { kind: kind.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scrape_shows_counters_and_gauges() {
        let m = Metrics::new();
        m.received(3);
        m.handled("handled", 2);
        m.handling(0.004, 2);
        m.sent("send");
        m.rate_limited();
        let text = m.render(Depths {
            inbox: 7,
            ..Depths::default()
        });
        for line in [
            "villagebot_updates_received_total 3",
            "villagebot_updates_handled_total{kind=\"handled\"} 2",
            "villagebot_update_handling_seconds_count 2",
            "villagebot_messages_sent_total{kind=\"send\"} 1",
            "villagebot_rate_limited_total 1",
            "villagebot_inbox_depth 7",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
    }
}
