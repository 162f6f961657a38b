//! Turns tickets and people into the localized HTML texts the chats see.

use chrono::{TimeZone, Utc};

use super::outgoing::{Button, Press};
use crate::domain::routing::Level;
use crate::domain::{Category, TicketState};
use crate::i18n::{arg, I18n, Lang};
use crate::store::people::Person;
use crate::store::tickets::Ticket;

/// Escapes text for Telegram's HTML parse mode.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A name that notifies the person in a group: a link by id when known, else the @username.
pub fn mention(p: &Person) -> String {
    match (p.tg_user_id, &p.username) {
        (Some(id), _) => format!(
            "<a href=\"tg://user?id={id}\">{}</a>",
            html(&p.display_name)
        ),
        (None, Some(u)) => format!("@{}", html(u)),
        (None, None) => html(&p.display_name),
    }
}

/// Cuts a long text for a card or list line, at a character boundary.
pub fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max_chars).collect();
    s.push('…');
    s
}

/// What the renderer needs besides the ticket.
pub struct View<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
}

impl View<'_> {
    pub fn t(&self, id: &str, args: &crate::i18n::Args<'_>) -> String {
        self.i18n.text(self.lang, id, args)
    }

    pub fn category(&self, c: Category) -> String {
        self.t(&format!("category-{}", c.key()), &[])
    }

    pub fn state(&self, s: TicketState) -> String {
        self.t(&format!("state-{}", s.key()), &[])
    }

    pub fn level(&self, l: Level) -> String {
        self.t(&format!("level-{}", l.key()), &[])
    }

    pub fn time(&self, unix: i64) -> String {
        match Utc.timestamp_opt(unix, 0).single() {
            Some(t) => t.with_timezone(&self.tz).format("%m-%d %H:%M").to_string(),
            None => String::from("?"),
        }
    }

    /// What every card shows first: number, category, status, holder, level and deadline.
    fn card_head(&self, t: &Ticket, holder: &str) -> [(&'static str, crate::i18n::Arg); 6] {
        [
            arg("no", t.no.to_string()),
            arg("category", self.category(t.category)),
            arg("state", self.state(t.state)),
            arg("holder", holder.to_string()),
            arg("deadline", self.time(t.deadline_at)),
            arg("level", self.level(t.level)),
        ]
    }

    /// The ticket card: one message per ticket, edited in place on every change.
    pub fn card(&self, t: &Ticket, holder: &str) -> String {
        if t.category.is_sensitive() {
            return self.t("card-sensitive", &self.card_head(t, holder));
        }
        self.card_detailed(t, holder)
    }

    /// The card with every detail, for those allowed to see a sensitive ticket.
    pub fn card_detailed(&self, t: &Ticket, holder: &str) -> String {
        let mut lines = vec![self.t("card", &self.card_head(t, holder))];
        if t.urgent {
            lines.push(self.t("card-urgent", &[]));
        }
        if let Some(loc) = &t.location {
            lines.push(self.t("card-location", &[arg("location", html(loc))]));
        }
        lines.push(self.t("card-body", &[arg("body", html(&clip(&t.body, 600)))]));
        if let Some(note) = &t.last_note {
            lines.push(self.t("card-note", &[arg("note", html(&clip(note, 300)))]));
        }
        if let Some(r) = t.rating {
            lines.push(self.t(
                "card-rating",
                &[arg("stars", "⭐".repeat(r.clamp(0, 5) as usize))],
            ));
        }
        lines.join("\n")
    }

    /// The prompt to whoever must act, with its buttons.
    pub fn prompt(&self, t: &Ticket, requester: &str, history: &[String]) -> String {
        let mut text = self.t(
            "prompt",
            &[
                arg("no", t.no.to_string()),
                arg("category", self.category(t.category)),
                arg("body", html(&clip(&t.body, 1200))),
                arg("requester", requester.to_string()),
                arg("deadline", self.time(t.deadline_at)),
            ],
        );
        if let Some(loc) = &t.location {
            text.push('\n');
            text.push_str(&self.t("card-location", &[arg("location", html(loc))]));
        }
        if !history.is_empty() {
            text.push_str("\n\n");
            text.push_str(&history.join("\n"));
        }
        text.push_str("\n\n");
        text.push_str(&self.t("prompt-howto", &[]));
        text
    }

    pub fn prompt_buttons(&self, t: &Ticket) -> Vec<Vec<Button>> {
        vec![vec![
            self.button("button-accept", Press::Accept(t.id)),
            self.button("button-done", Press::Done(t.id)),
            self.button("button-pass-up", Press::PassUp(t.id)),
        ]]
    }

    pub fn rating_buttons(&self, t: &Ticket) -> Vec<Vec<Button>> {
        vec![(1..=5)
            .map(|n| Button {
                text: format!("{n}⭐"),
                data: Press::Rate(t.id, n).encode(),
            })
            .collect()]
    }

    pub fn button(&self, id: &str, press: Press) -> Button {
        Button {
            text: self.t(id, &[]),
            data: press.encode(),
        }
    }

    /// One line of `/list` and the digests; private matters show no details.
    pub fn list_line(&self, t: &Ticket, holder: &str, now: i64) -> String {
        let body = if t.category.is_sensitive() {
            String::new()
        } else {
            html(&clip(&t.body, 40))
        };
        let overdue = t.state.is_open() && t.deadline_at < now;
        self.t(
            if overdue {
                "list-line-overdue"
            } else {
                "list-line"
            },
            &[
                arg("no", t.no.to_string()),
                arg("category", self.category(t.category)),
                arg("state", self.state(t.state)),
                arg("holder", holder.to_string()),
                arg("deadline", self.time(t.deadline_at)),
                arg("body", body),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html("<b>&\"x\"</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("路灯坏了三天", 4), "路灯坏了…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
