//! Reminders gathered during one tick, so that several due at once (typically when quiet hours
//! end) reach each person or group as one message.

use std::collections::BTreeMap;

use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::domain::{ChatId, TicketId};
use crate::i18n::{arg, Lang};

/// A line for someone, gathered so that several due at once go out as one message.
pub struct Line {
    pub ticket: TicketId,
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
}

/// Reminder lines by recipient chat and language.
#[derive(Default)]
pub struct Bundle {
    lines: BTreeMap<(ChatId, Lang), Vec<Line>>,
}

impl Bundle {
    /// Adds a line; a later line about the same ticket replaces the earlier one.
    pub fn add(&mut self, chat: ChatId, lang: Lang, line: Line) {
        let lines = self.lines.entry((chat, lang)).or_default();
        lines.retain(|l| l.ticket != line.ticket);
        lines.push(line);
    }

    /// One message per recipient: a single reminder keeps its buttons and its link to the ticket
    /// (so a reply acts on it); several are merged under one heading. Returns how many messages.
    pub async fn flush(self, ctx: &mut Ctx<'_>) -> Result<usize, AppError> {
        let mut sent = 0;
        for ((chat, lang), mut lines) in self.lines {
            if let [_] = lines.as_slice() {
                let line = lines.remove(0);
                let out = Outgoing::Send {
                    text: line.text,
                    reply_to: None,
                    buttons: line.buttons,
                };
                ctx.emit(chat, out, Some(line.ticket), Purpose::Prompt)
                    .await?;
            } else {
                let head = ctx.app.i18n.text(
                    lang,
                    "reminders-merged",
                    &[arg("count", lines.len() as i64)],
                );
                let body: Vec<String> = lines.into_iter().map(|l| l.text).collect();
                let text = format!("{head}\n\n{}", body.join("\n\n"));
                ctx.send(chat, text, None, vec![]).await?;
            }
            sent += 1;
        }
        Ok(sent)
    }
}
