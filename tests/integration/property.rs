//! The property test: a long random walk of messages, commands, replies, button presses (forged
//! data included) and clock jumps, by random people in two villages, through the app core and the
//! real sender. After every step: nothing failed, ticket numbers are unique per village, every
//! ticket's state is what its event log says, no group message carries a private ticket's words,
//! and Telegram would have accepted every message (checked by `Sim` as it delivers).
//!
//! `PROPERTY_STEPS` (default 50,000) and `PROPERTY_SEED` choose the walk.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::both_backends;
use crate::support::sim::{at, Out, Sim};
use crate::support::walk::{self, markers_in, owner, Rng, USERS};
use crate::support::{User, ADMIN, CADRE, CAPTAIN, CHIEF, GROUP, RESIDENT, STRANGER};

const OTHER: i64 = -1_007_777_000_222;
/// A group the bot is in that nobody set up (until someone random does).
const NOWHERE: i64 = -1_003_333_000_444;

/// How much is remembered to reply to or press on.
const RECENT: usize = 400;

struct Walk {
    s: Sim,
    rng: Rng,
    seed: u64,
    step: u64,
    /// Recent bot messages: (chat, message id, button data).
    said: VecDeque<(i64, i64, Vec<String>)>,
    states: HashMap<i64, String>,
    last_event: i64,
    last_ticket: i64,
    private_tickets: HashSet<i64>,
    private_markers: HashSet<String>,
    numbers: HashSet<(i64, i64)>,
    log: VecDeque<String>,
    stats: HashMap<&'static str, u64>,
}

impl Drop for Walk {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "property walk failed at step {} (PROPERTY_SEED={}); the last steps:\n{}",
                self.step,
                self.seed,
                self.log.iter().cloned().collect::<Vec<_>>().join("\n")
            );
        }
    }
}

impl Walk {
    async fn start(db: &str, seed: u64) -> Walk {
        let s = Sim::start(db, at("2026-11-23T01:00:00Z"), |_| {}).await;
        let mut w = Walk {
            s,
            rng: Rng::new(seed),
            seed,
            step: 0,
            said: VecDeque::new(),
            states: HashMap::new(),
            last_event: 0,
            last_ticket: 0,
            private_tickets: HashSet::new(),
            private_markers: HashSet::new(),
            numbers: HashSet::new(),
            log: VecDeque::new(),
            stats: HashMap::new(),
        };
        let opening = [
            (GROUP, CADRE, "/setup 幸福村", true),
            (GROUP, CADRE, "/chief @wang_chief 三组", false),
            (GROUP, CADRE, "/team 调解队 dispute,assistance", false),
            (GROUP, CADRE, "/captain @zhao_cap 调解队", false),
            (GROUP, RESIDENT, "/home 三组", false),
            (OTHER, ADMIN, "/setup 和平村", true),
            (OTHER, ADMIN, "/chief @qian_vol 一组", false),
            (OTHER, ADMIN, "/chief @wang_chief 二组", false),
            (OTHER, STRANGER, "/home 一组", false),
            (CHIEF.id, CHIEF, "/start", false),
            (CAPTAIN.id, CAPTAIN, "/start", false),
        ];
        for (chat, u, text, admin) in opening {
            w.act(chat, u, text, None, admin).await;
            w.after().await;
        }
        w
    }

    fn note(&mut self, what: String) {
        if self.log.len() == 30 {
            self.log.pop_front();
        }
        self.log.push_back(format!("{}: {what}", self.step));
    }

    fn count(&mut self, what: &'static str) {
        *self.stats.entry(what).or_default() += 1;
    }

    async fn act(&mut self, chat: i64, u: User, text: &str, reply: Option<i64>, admin: bool) {
        self.note(format!(
            "{} in {chat} (reply {reply:?}, admin {admin}): {text:?}",
            u.username
        ));
        self.s.message(chat, u, text, reply, admin).await;
    }

    /// A chat the user may write in: a village group, the other one, their private chat, or a
    /// group nobody set up.
    fn chat_for(&mut self, u: User) -> i64 {
        match self.rng.below(100) {
            0..=44 => GROUP,
            45..=74 => OTHER,
            75..=94 => u.id,
            _ => NOWHERE,
        }
    }

    /// Who may act on a bot message: the owner of a private chat, anyone in a group.
    fn actor_for(&mut self, chat: i64) -> User {
        owner(chat).unwrap_or_else(|| *self.rng.pick(&USERS))
    }

    async fn one_step(&mut self) {
        self.step += 1;
        let n = self.step;
        let u = *self.rng.pick(&USERS);
        match self.rng.below(100) {
            0..=29 => {
                let chat = self.chat_for(u);
                let text = walk::words(&mut self.rng, n);
                self.count("messages");
                self.act(chat, u, &text, None, false).await;
            }
            30..=49 => {
                let chat = self.chat_for(u);
                let text = walk::command(&mut self.rng, n);
                let admin = self.rng.chance(15);
                self.count("commands");
                self.act(chat, u, &text, None, admin).await;
            }
            50..=62 => self.reply(n).await,
            63..=84 => self.press(false).await,
            85..=91 => self.press(true).await,
            _ => self.tick().await,
        }
    }

    async fn reply(&mut self, n: u64) {
        if self.said.is_empty() {
            return;
        }
        let i = self.rng.below(self.said.len());
        let (chat, message) = (self.said[i].0, self.said[i].1);
        let u = self.actor_for(chat);
        let text = walk::reply(&mut self.rng, n);
        self.count("replies");
        self.act(chat, u, &text, Some(message), false).await;
    }

    /// A press of a button the bot offered, or of forged data on any recent message.
    async fn press(&mut self, forged: bool) {
        let with_buttons: Vec<usize> = (0..self.said.len())
            .filter(|i| forged || !self.said[*i].2.is_empty())
            .collect();
        if with_buttons.is_empty() {
            return;
        }
        let i = *self.rng.pick(&with_buttons);
        let (chat, message) = (self.said[i].0, self.said[i].1);
        let data = if forged {
            walk::forged_data(&mut self.rng)
        } else {
            self.rng.pick(&self.said[i].2).clone()
        };
        let u = self.actor_for(chat);
        self.count(if forged { "forged presses" } else { "presses" });
        self.note(format!(
            "{} presses {data:?} on {chat}/{message}",
            u.username
        ));
        self.s.press_on(u, chat, message, &data).await;
    }

    async fn tick(&mut self) {
        let minutes = if self.rng.chance(3) {
            60 * 24 * (1 + self.rng.below(8))
        } else {
            1 + self.rng.below(180)
        };
        let t = self.s.now + chrono::Duration::minutes(minutes as i64);
        self.count("ticks");
        self.note(format!("tick +{minutes} min"));
        self.s.tick_at(t).await;
    }

    /// Delivers what the step queued (Sim checks each message against Telegram's rules) and
    /// checks the invariants.
    async fn after(&mut self) {
        let out = self.s.new_messages().await;
        self.learn_private().await;
        self.check_events().await;
        self.check_numbers().await;
        for m in &out {
            self.check_privacy(m);
            self.remember(m);
        }
    }

    fn remember(&mut self, m: &Out) {
        self.count("bot messages");
        let data: Vec<String> = m.buttons().into_iter().map(|(_, data)| data).collect();
        if let Some(seen) = self.said.iter_mut().find(|s| s.0 == m.chat && s.1 == m.id) {
            seen.2 = data;
            return;
        }
        if self.said.len() == RECENT {
            self.said.pop_front();
        }
        self.said.push_back((m.chat, m.id, data));
    }

    /// The markers of new private tickets' words.
    async fn learn_private(&mut self) {
        let mut conn = self.s.app.store.conn().await.expect("conn");
        let sql =
            "SELECT id, village_id, no, category, body FROM tickets WHERE id > $1 ORDER BY id";
        let rows: Vec<(i64, i64, i64, String, String)> = sqlx::query_as(sql)
            .bind(self.last_ticket)
            .fetch_all(&mut *conn)
            .await
            .expect("tickets");
        for (id, village, no, category, body) in rows {
            self.last_ticket = id;
            self.count("tickets");
            assert!(
                self.numbers.insert((village, no)),
                "ticket number #{no} given twice in village {village}"
            );
            if category == "dispute" || category == "assistance" {
                self.private_tickets.insert(id);
                self.private_markers.extend(markers_in(&body));
            }
        }
    }

    /// Every new event continues its ticket's log, and the ticket's state is where its log ends.
    async fn check_events(&mut self) {
        let mut conn = self.s.app.store.conn().await.expect("conn");
        type Row = (i64, i64, String, Option<String>, String, Option<String>);
        let events: Vec<Row> = sqlx::query_as(
            "SELECT id, ticket_id, action, from_state, to_state, note FROM ticket_events \
             WHERE id > $1 ORDER BY id",
        )
        .bind(self.last_event)
        .fetch_all(&mut *conn)
        .await
        .expect("events");
        let mut touched = HashSet::new();
        for (id, ticket, action, from, to, note) in events {
            self.last_event = id;
            let before = self.states.get(&ticket).cloned();
            match (&before, action.as_str()) {
                (None, "created") => assert!(from.is_none() && to == "new", "event {id}"),
                (None, _) => panic!("ticket {ticket}'s log starts with {action}"),
                (Some(b), _) => assert_eq!(
                    from.as_ref(),
                    Some(b),
                    "event {id} ({action}) of ticket {ticket} does not continue its log"
                ),
            }
            if self.private_tickets.contains(&ticket) {
                self.private_markers
                    .extend(markers_in(note.as_deref().unwrap_or_default()));
            }
            self.states.insert(ticket, to);
            touched.insert(ticket);
        }
        for ticket in touched {
            let (state,): (String,) = sqlx::query_as("SELECT state FROM tickets WHERE id = $1")
                .bind(ticket)
                .fetch_one(&mut *conn)
                .await
                .expect("ticket");
            assert_eq!(
                Some(&state),
                self.states.get(&ticket),
                "ticket {ticket}'s state differs from its log"
            );
        }
    }

    /// The whole table, now and then: numbers of older tickets never change either.
    async fn check_numbers(&mut self) {
        if self.step % 1000 != 0 {
            return;
        }
        let mut conn = self.s.app.store.conn().await.expect("conn");
        let (dups,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM (SELECT village_id, no FROM tickets \
             GROUP BY village_id, no HAVING COUNT(*) > 1) d",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("numbers");
        assert_eq!(dups, 0, "ticket numbers repeat within a village");
    }

    fn check_privacy(&mut self, m: &Out) {
        if m.chat > 0 {
            return;
        }
        let markers = markers_in(&m.text);
        if !markers.is_empty() {
            self.count("group messages quoting residents");
        }
        for marker in markers {
            assert!(
                !self.private_markers.contains(&marker),
                "a private ticket's words ({marker}) in group {}: {}",
                m.chat,
                m.text
            );
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

async fn random_walk(db: &str) {
    let steps = env_number("PROPERTY_STEPS", 50_000);
    let backend_salt = u64::from(db.starts_with("postgres"));
    let seed = env_number("PROPERTY_SEED", 20_261_122) + backend_salt;
    let started = std::time::Instant::now();
    let mut w = Walk::start(db, seed).await;
    while w.step < steps {
        w.one_step().await;
        w.after().await;
    }
    let mut stats: Vec<_> = w.stats.iter().map(|(k, v)| format!("{k} {v}")).collect();
    stats.sort();
    let mut conn = w.s.app.store.conn().await.expect("conn");
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, COUNT(*) FROM tickets GROUP BY state ORDER BY state")
            .fetch_all(&mut *conn)
            .await
            .expect("states");
    drop(conn);
    eprintln!(
        "property walk: {steps} steps, seed {seed}, {:.0?}: {}; {} private tickets; by state {states:?}",
        started.elapsed(),
        stats.join(", "),
        w.private_tickets.len()
    );
    assert!(
        w.stats.get("tickets").copied().unwrap_or(0) > 0,
        "the walk made tickets"
    );
}
both_backends!(random_walk_keeps_invariants, random_walk);
