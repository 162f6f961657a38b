//! Intake: a resident's plain words (in the group, or privately to the bot) become a ticket when
//! the parser is sure, a question with buttons when it is unsure ([`ask`]), and nothing at all
//! when they are chat. `/order` always opens one. Opening itself is in [`open`]. A ticket placed
//! privately lives in that private chat: its card and closure go there, never to the group.

pub mod ask;
pub mod corrected;
pub mod metoo;
pub mod open;
pub mod replied;

use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::domain::intake::Certainty;
use crate::store::people::Person;
use crate::store::villages::Village;

/// Plain words written in a village group, or privately about a village.
pub async fn on_words(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    m: &ChatMessage,
) -> Result<(), AppError> {
    let c = ctx.app.intake.classify(&m.text);
    if c.forced {
        if let Some(r) = replied::files_for_author(m, &c.body) {
            return replied::order_for_author(ctx, village, m, r, &c.body).await;
        }
    }
    if c.certainty() == Certainty::High {
        if let Some(t) = metoo::repeated(ctx, village, m, &c).await? {
            return metoo::join(ctx, village, me, m, &t).await;
        }
    }
    match c.certainty() {
        Certainty::High => open::open_ticket(ctx, village, me, m, &c).await.map(|_| ()),
        Certainty::Medium => ask::ask(ctx, village, me, m).await,
        Certainty::Low if m.private => ctx.reply(m, village.lang, "private-hint", &[]).await,
        Certainty::Low => Ok(()),
    }
}

/// `/order <text>`: always a ticket, in the chat where it was asked.
pub async fn order(ctx: &mut Ctx<'_>, q: Asked<'_>, text: &str) -> Result<(), AppError> {
    if let Some(r) = replied::files_for_author(q.m, text) {
        return replied::order_for_author(ctx, q.village, q.m, r, text).await;
    }
    if text.trim().is_empty() {
        return ctx.reply(q.m, q.lang, "usage-order-hint", &[]).await;
    }
    let c = ctx.app.intake.classify(&forced(text));
    open::open_ticket(ctx, q.village, q.me, q.m, &c)
        .await
        .map(|_| ())
}

/// The text as if it had started with a trigger tag, so the parser files it whatever its wording.
fn forced(text: &str) -> String {
    format!("#order {text}")
}
