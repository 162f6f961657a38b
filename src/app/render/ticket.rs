//! How a ticket reads: its card, the prompt to whoever must act, list lines, buttons, and what a
//! private matter shows in the group (its number and category, never its words).

use super::text::{clip, html};
use super::view::View;
use crate::app::outbox::message::{Button, Purpose};
use crate::app::outbox::press::Press;
use crate::domain::{Refusal, Ticket};
use crate::i18n::arg;

impl View<'_> {
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
        if t.is_private() {
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

    /// One line of `/list` and the digests; private matters show no details.
    pub fn list_line(&self, t: &Ticket, holder: &str, now: i64) -> String {
        let body = self.public_body(t, 40);
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

    /// A ticket's words as the group may read them: none for a private matter.
    pub fn public_body(&self, t: &Ticket, max_chars: usize) -> String {
        if t.is_private() {
            String::new()
        } else {
            html(&clip(&t.body, max_chars))
        }
    }

    /// A message about `t` as it may go to the group: unchanged for an ordinary ticket; for a
    /// private matter, a sentence that gives only its number.
    pub fn in_group(&self, t: &Ticket, kind: InGroup, text: String) -> String {
        if !t.is_private() {
            return text;
        }
        let id = match kind {
            InGroup::Prompt => "prompt-sensitive-group",
            InGroup::TeamPrompt => "team-prompt-sensitive",
            InGroup::Closure => "closure-sensitive",
        };
        self.t(id, &[arg("no", t.no.to_string())])
    }

    /// The sentence that tells someone why their action on a ticket was refused.
    pub fn refusal(&self, r: Refusal) -> String {
        let state = match r {
            Refusal::WrongState(s) => self.state(s),
            _ => String::new(),
        };
        self.t(r.message_id(), &[arg("state", state)])
    }
}

/// The kinds of message about a ticket that a private matter changes when they go to the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InGroup {
    Prompt,
    TeamPrompt,
    Closure,
}

impl InGroup {
    /// A message re-routed to the group by the sender: closure notices stay closure notices.
    pub fn of(purpose: Purpose) -> InGroup {
        match purpose {
            Purpose::Closure => InGroup::Closure,
            _ => InGroup::Prompt,
        }
    }
}
