//! A local group chat in the terminal: several named users, the same app core, a SQLite file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Context;
use chrono::Utc;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::app::commands::args::first_word;
use crate::app::outbox::delivery::{deliver_due, Delivery, MediaOut, Transport};
use crate::app::outbox::message::Button;
use crate::app::{App, ButtonPress, ChatMessage, Event, Incoming, Sender};
use crate::config::Settings;
use crate::domain::{ChatId, MessageId, UserId};
use crate::store::Store;

/// The one group chat the console plays.
pub const GROUP: ChatId = ChatId(-1_000_000_001);

/// Prints what the bot says and remembers the buttons of each message for `/press`.
#[derive(Default)]
pub struct ConsoleTransport {
    state: Mutex<Shown>,
}

#[derive(Default)]
struct Shown {
    next_id: i64,
    buttons: HashMap<i64, (ChatId, Vec<Button>)>,
    names: HashMap<i64, String>,
}

impl ConsoleTransport {
    fn next_id(&self) -> i64 {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.next_id += 1;
        s.next_id
    }

    fn chat_name(&self, chat: ChatId) -> String {
        if chat == GROUP {
            return "group".into();
        }
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        format!(
            "private:{}",
            s.names
                .get(&chat.0)
                .cloned()
                .unwrap_or_else(|| chat.to_string())
        )
    }

    fn show(&self, id: i64, chat: ChatId, verb: &str, text: &str, buttons: &[Vec<Button>]) {
        println!(
            "\n[{id}] bot {verb} {}:\n{}",
            self.chat_name(chat),
            plain(text)
        );
        let flat: Vec<Button> = buttons.iter().flatten().cloned().collect();
        if !flat.is_empty() {
            let labels: Vec<String> = flat
                .iter()
                .enumerate()
                .map(|(i, b)| format!("[{}:{}]", i + 1, b.text))
                .collect();
            println!("{}   (/press {id} N)", labels.join(" "));
        }
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.buttons.insert(id, (chat, flat));
    }
}

/// Telegram HTML to terminal text.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

impl Transport for ConsoleTransport {
    async fn send(
        &self,
        chat: ChatId,
        text: &str,
        reply_to: Option<MessageId>,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        let id = self.next_id();
        let verb = match reply_to {
            Some(r) => format!("replies to [{r}] in"),
            None => "in".into(),
        };
        self.show(id, chat, &verb, text, buttons);
        Delivery::Sent(Some(MessageId(id)))
    }

    async fn edit(
        &self,
        chat: ChatId,
        message: MessageId,
        text: &str,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        self.show(message.0, chat, "edits its card in", text, buttons);
        Delivery::Sent(Some(message))
    }

    async fn document(&self, chat: ChatId, filename: &str, content: &[u8]) -> Delivery {
        let id = self.next_id();
        let verb = format!("sends the file {filename} ({} bytes) to", content.len());
        self.show(id, chat, &verb, "", &[]);
        Delivery::Sent(Some(MessageId(id)))
    }

    async fn media(&self, chat: ChatId, m: &MediaOut<'_>) -> Delivery {
        let id = self.next_id();
        let verb = format!("sends a {} ({}) to", m.kind, m.file_id);
        self.show(id, chat, &verb, m.caption, &[]);
        Delivery::Sent(Some(MessageId(id)))
    }

    async fn answer(&self, _callback_id: &str, text: Option<&str>) -> Delivery {
        if let Some(t) = text {
            println!("  (toast) {t}");
        }
        Delivery::Sent(None)
    }
}

/// A stable Telegram-like id for a console user name.
fn user_id(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    i64::try_from(h % 1_000_000_000).unwrap_or(1) + 1_000
}

fn sender(name: &str) -> Sender {
    let ascii: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    Sender {
        user: UserId(user_id(name)),
        username: (ascii.len() >= 3).then(|| ascii.to_lowercase()),
        name: name.to_string(),
        lang: None,
    }
}

const HELP: &str = "Console: you are in a village group chat.\n  /as NAME        speak as another user (created on first use; \"cadre\" is the group admin)\n  /private        talk to the bot privately as the current user (/group to go back)\n  /reply N TEXT   reply to message [N]\n  /press N K      press button K of message [N]\n  /quit           leave\nAnything else is a message from the current user. Try: /setup 幸福村, then 村口路灯坏了三天了";

/// Runs the console until end of input or /quit.
pub async fn run(settings: Settings, db: &Path, fresh: bool) -> anyhow::Result<()> {
    let (app, transport) = open(settings, db, fresh).await?;
    println!("{HELP}\n");
    let mut session = Session {
        me: String::from("cadre"),
        private: false,
    };
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        print_prompt(&session.me, session.private);
        let Some(line) = lines.next_line().await? else {
            break;
        };
        let event = match session.read(&transport, line.trim()) {
            Step::Quit => break,
            Step::Nothing => continue,
            Step::Event(event) => *event,
        };
        let incoming = Incoming {
            update_id: None,
            now: Utc::now(),
            event,
        };
        if let Err(e) = app.handle(incoming).await {
            println!("(error: {e:#})");
        }
        deliver_due(&app, &transport, Utc::now().timestamp() + 1, 100).await?;
    }
    Ok(())
}

/// The console's village: its database (fresh if asked) and the transport that prints.
async fn open(
    mut settings: Settings,
    db: &Path,
    fresh: bool,
) -> anyhow::Result<(App, ConsoleTransport)> {
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    settings.database.url = format!("sqlite://{}", db.display());
    let store = Store::open(&settings.database.url)
        .await
        .context("cannot open the console database")?;
    let app = App::new(store, settings, Some("villagebot".into()))?;
    let transport = ConsoleTransport::default();
    {
        // Number messages after those of earlier sessions, so replies never reach an old ticket.
        let mut conn = app.store.conn().await?;
        let last = crate::store::outbox::max_message_id(&mut conn).await?;
        let mut s = transport.state.lock().unwrap_or_else(|p| p.into_inner());
        s.next_id = last;
    }
    Ok((app, transport))
}

/// Who is typing, and where.
struct Session {
    me: String,
    private: bool,
}

/// What one typed line asks for.
enum Step {
    Quit,
    Nothing,
    Event(Box<Event>),
}

impl Session {
    fn read(&mut self, transport: &ConsoleTransport, line: &str) -> Step {
        if line.is_empty() {
            return Step::Nothing;
        }
        let (head, rest) = first_word(line);
        match head {
            "/quit" | "/exit" => Step::Quit,
            "/as" if !rest.is_empty() => {
                self.me = rest.to_string();
                register_name(transport, &self.me);
                Step::Nothing
            }
            "/private" | "/group" => {
                self.private = head == "/private";
                Step::Nothing
            }
            "/press" => match press(transport, &self.me, rest) {
                Some(e) => Step::Event(Box::new(e)),
                None => {
                    println!("usage: /press N K (message number and button number)");
                    Step::Nothing
                }
            },
            _ => Step::Event(Box::new(message(transport, &self.me, self.private, line))),
        }
    }
}
fn register_name(t: &ConsoleTransport, name: &str) {
    let mut s = t.state.lock().unwrap_or_else(|p| p.into_inner());
    s.names.insert(user_id(name), name.to_string());
}

fn print_prompt(me: &str, private: bool) {
    use std::io::Write;
    let place = if private { "private" } else { "group" };
    print!("\n{me}@{place}> ");
    let _ = std::io::stdout().flush();
}

fn message(t: &ConsoleTransport, me: &str, private: bool, line: &str) -> Event {
    register_name(t, me);
    let from = sender(me);
    let (text, reply_to) = match line.strip_prefix("/reply ") {
        Some(rest) => {
            let (n, text) = first_word(rest);
            (
                text.to_string(),
                n.trim_start_matches(['[', '#'])
                    .trim_end_matches(']')
                    .parse()
                    .ok()
                    .map(MessageId),
            )
        }
        None => (line.to_string(), None),
    };
    Event::Message(ChatMessage {
        chat: if private { ChatId(from.user.0) } else { GROUP },
        private,
        message: MessageId(t.next_id()),
        sender_is_admin: me == "cadre",
        from,
        text,
        media: None,
        pin: None,
        replied: None,
        reply_to,
    })
}

fn press(t: &ConsoleTransport, me: &str, args: &str) -> Option<Event> {
    let (n, k) = first_word(args);
    let n: i64 = n
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()?;
    let k: usize = k.trim().parse().ok()?;
    let (chat, button) = {
        let s = t.state.lock().unwrap_or_else(|p| p.into_inner());
        let (chat, buttons) = s.buttons.get(&n)?;
        (*chat, buttons.get(k.checked_sub(1)?)?.clone())
    };
    Some(Event::Press(ButtonPress {
        callback_id: format!("console-{}", t.next_id()),
        chat,
        private: chat != GROUP,
        message: MessageId(n),
        from: sender(me),
        data: button.data,
    }))
}
