//! What a correction of intake sets off: the message is kept as a labelled example for
//! `villagebot train --from-db`, and a poster whose message was no request hears so kindly.

use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::render::text::mention;
use crate::domain::intake::model::features::is_han;
use crate::domain::{PersonId, Ticket, TicketEvent};
use crate::i18n::arg;
use crate::store::corrections::{self, Correction, Source};
use crate::store::people;
use crate::store::villages::Village;

/// After a person changed a ticket: keeps any correction among `events` and answers the poster of
/// a message that was no request.
pub async fn after(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    events: &[TicketEvent],
    by: Option<PersonId>,
) -> Result<(), AppError> {
    let corrected = events.iter().any(|e| {
        matches!(
            e,
            TicketEvent::Recategorized(_) | TicketEvent::Urgency(_) | TicketEvent::Dismissed
        )
    });
    if !corrected || by.is_none() {
        return Ok(());
    }
    let dismissed = events.contains(&TicketEvent::Dismissed);
    let label = Correction {
        lang: language_of(&t.body).into(),
        text: t.body.clone(),
        kind: if dismissed { "not_request" } else { "request" }.into(),
        category: (!dismissed).then(|| t.category.key().to_string()),
        urgent: i64::from(t.urgent && !dismissed),
    };
    let source = Source {
        village: village.id,
        ticket: Some(t.id),
        by,
        at: ctx.now,
    };
    corrections::add(&mut ctx.tx, &label, source).await?;
    if dismissed {
        tell_poster(ctx, village, t).await?;
    }
    Ok(())
}

/// Chinese when the words hold any Han character, else English: what the examples are filed under.
fn language_of(text: &str) -> &'static str {
    if text.chars().any(is_han) {
        "zh"
    } else {
        "en"
    }
}

/// A reply to the poster's message, where they wrote it: it was taken for a request by mistake.
async fn tell_poster(ctx: &mut Ctx<'_>, village: &Village, t: &Ticket) -> Result<(), AppError> {
    let Some(poster) = people::get(&mut ctx.tx, t.requester).await? else {
        return Ok(());
    };
    let text = ctx.app.i18n.text(
        village.lang,
        "dismissed-poster",
        &[arg("who", mention(&poster)), arg("no", t.no.to_string())],
    );
    let out = Outgoing::Send {
        text,
        reply_to: Some(t.source_message),
        buttons: vec![],
    };
    ctx.emit(t.chat, out, Some(t.id), Purpose::Info).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn language_by_script() {
        assert_eq!(super::language_of("路灯坏了"), "zh");
        assert_eq!(super::language_of("the light at lane 3 is out"), "en");
        assert_eq!(super::language_of("lane 3 路灯"), "zh");
    }
}
