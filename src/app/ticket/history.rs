//! A ticket's history as lines of text, one per event of its log.

use crate::app::context::{AppError, Ctx};
use crate::app::render::text::{clip, html};
use crate::domain::{PersonId, Ticket};
use crate::i18n::Lang;
use crate::store::{people, tickets};

/// The ticket's history, one line per event.
pub async fn history_lines(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
) -> Result<Vec<String>, AppError> {
    let events = tickets::events(&mut ctx.tx, t.id).await?;
    let mut lines = vec![];
    for e in events {
        let actor = match e.actor_id {
            Some(id) => people::get(&mut ctx.tx, PersonId(id))
                .await?
                .map(|p| html(&p.label())),
            None => None,
        };
        let view = ctx.app.view(lang);
        let actor = actor.unwrap_or_else(|| view.t("actor-bot", &[]));
        let action = view.t(&format!("event-{}", e.action), &[]);
        let note = e
            .note
            .map(|n| format!(" — {}", html(&clip(&n, 200))))
            .unwrap_or_default();
        lines.push(format!("{} · {actor} · {action}{note}", view.time(e.at)));
    }
    Ok(lines)
}
