//! An urgent ticket is nobody's to sit on: the duty cadre hears of it the moment it is filed or
//! marked urgent, and the holder is prompted again when it becomes urgent later (quiet hours or not).

use super::card::holder_label;
use super::prompt::prompt_holder;
use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::Purpose;
use crate::app::reach::{self, Notice};
use crate::app::render::text::{clip, html};
use crate::domain::routing::Holder;
use crate::domain::{PersonId, Ticket};
use crate::i18n::arg;
use crate::store::people;
use crate::store::villages::Village;

/// Tells the village's duty cadre of an urgent ticket, unless they hold it or raised it
/// themselves. Details of a private matter go only to a private chat.
pub async fn alert_cadre(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    let Some(cadre) = village.duty_cadre else {
        return Ok(());
    };
    if t.holder == Some(Holder::Person(cadre)) || by == Some(cadre) {
        return Ok(());
    }
    let Some(person) = people::get(&mut ctx.tx, cadre).await? else {
        return Ok(());
    };
    let holder = holder_label(ctx, t.holder).await?;
    let view = ctx.app.view(village.lang);
    let body = match reach::private_chat(&person) {
        Some(_) => html(&clip(&t.body, 120)),
        None => view.public_body(t, 60),
    };
    let text = view.t(
        "urgent-cadre",
        &[
            arg("no", t.no.to_string()),
            arg("category", view.category(t.category)),
            arg("holder", holder),
            arg("deadline", view.time(t.deadline_at)),
            arg("body", body),
        ],
    );
    let notice = Notice {
        person: cadre,
        group: village.chat_id,
        ticket: t.id,
        text,
        buttons: vec![],
        purpose: Purpose::Prompt,
    };
    reach::notify_person(ctx, &person, notice).await
}

/// A ticket marked urgent after it was filed: the holder is prompted anew (unless they marked it)
/// and the duty cadre is told.
pub async fn became_urgent(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    by: Option<PersonId>,
) -> Result<(), AppError> {
    let by_holder = matches!((t.holder, by), (Some(Holder::Person(h)), Some(b)) if h == b);
    if !by_holder {
        prompt_holder(ctx, village, t, false).await?;
    }
    alert_cadre(ctx, village, t, by).await
}
