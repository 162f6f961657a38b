//! Buttons on a ticket's prompt, card, closure notice and follow-up question: accept, done, pass
//! up, dispatch to a member, rate, "still fixed?", a correction.

use super::act::act;
use super::relation::Acting;
use crate::app::context::{AppError, Ctx};
use crate::app::event::ButtonPress;
use crate::app::outbox::press::Press;
use crate::domain::roles::Roles;
use crate::domain::routing::Holder;
use crate::domain::{Action, Refusal, Ticket, TicketId};
use crate::i18n::{arg, Lang};
use crate::store::people::Person;
use crate::store::{grid, offers, tickets};

/// The ticket a press is about, its village's language and the presser's roles there; `None`
/// when the press has been answered already (a stale button, a village that is gone).
pub async fn pressed_ticket(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    ticket: TicketId,
) -> Result<Option<(Ticket, Lang, Roles)>, AppError> {
    let Some(t) = tickets::get(&mut ctx.tx, ticket).await? else {
        let lang = ctx.private_lang(&p.from);
        ctx.toast(p, lang, "button-stale").await?;
        return Ok(None);
    };
    let (Some(village), lang) = ctx.village_lang(t.village).await? else {
        ctx.answer(p, None).await?;
        return Ok(None);
    };
    let roles = ctx.roles(&village, me, false).await?;
    Ok(Some((t, lang, roles)))
}

/// A press about `ticket`; the toast says what happened or why not.
pub async fn on_press(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    press: Press,
    ticket: TicketId,
) -> Result<(), AppError> {
    let Some((t, lang, roles)) = pressed_ticket(ctx, p, me, ticket).await? else {
        return Ok(());
    };
    let Some(action) = action_of(ctx, press, &t).await? else {
        let text = ctx.app.view(lang).refusal(Refusal::WrongState(t.state));
        return ctx.answer(p, Some(text)).await;
    };
    let toast = match act(ctx, t, Acting::Person(me, roles), action).await? {
        Ok(t) => {
            if matches!(
                press,
                Press::Rate(..) | Press::StillFixed(..) | Press::Fix(..)
            ) {
                // The question is answered: its buttons no longer act.
                offers::withdraw(&mut ctx.tx, p.chat, p.message).await?;
            }
            ctx.app
                .i18n
                .text(lang, "press-done", &[arg("no", t.no.to_string())])
        }
        Err(r) => ctx.app.view(lang).refusal(r),
    };
    ctx.answer(p, Some(toast)).await
}

/// The action a press asks for; `None` when it no longer fits the ticket (a dispatch button to
/// someone who is not a member of the holding team).
async fn action_of(
    ctx: &mut Ctx<'_>,
    press: Press,
    t: &Ticket,
) -> Result<Option<Action>, AppError> {
    Ok(Some(match press {
        Press::Accept(_) => Action::Take,
        Press::Done(_) => Action::Done(String::new()),
        Press::PassUp(_) => Action::PassUp(String::new()),
        Press::Rate(_, n) => Action::Rate(n),
        Press::StillFixed(_, still_fixed) => Action::FollowUp { still_fixed },
        Press::Dispatch(_, member) => {
            let is_member = match t.holder {
                Some(Holder::Team(team)) => {
                    grid::members(&mut ctx.tx, team).await?.contains(&member)
                }
                _ => false,
            };
            if !is_member {
                return Ok(None);
            }
            Action::Dispatch(member)
        }
        Press::Fix(_, fix) => fix.action(),
        Press::Record(..)
        | Press::Ack(_)
        | Press::Approve(..)
        | Press::Village(..)
        | Press::Fixes(_) => return Ok(None),
    }))
}
