//! The morning digests: one message to the village group, and one to each holder who can be
//! written to privately, listing their open tickets.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::app::context::{AppError, Ctx};
use crate::app::reach;
use crate::app::render::text::html;
use crate::domain::clock::yesterday;
use crate::domain::routing::Holder;
use crate::domain::{PersonId, Ticket, VillageId};
use crate::i18n::arg;
use crate::store::villages::{self, Village};
use crate::store::{people, ticket_views};

/// Open tickets listed in one personal digest at most.
const PER_PERSON: usize = 20;

/// The village's morning digests.
pub async fn send(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let Some(v) = villages::by_id(&mut ctx.tx, village).await? else {
        return Ok(());
    };
    group_digest(ctx, &v).await?;
    personal_digests(ctx, &v).await
}

/// Open, overdue and done yesterday, to the group; nothing on a quiet day.
async fn group_digest(ctx: &mut Ctx<'_>, v: &Village) -> Result<(), AppError> {
    let now = DateTime::<Utc>::from_timestamp(ctx.now, 0).unwrap_or_default();
    let (from, to) = yesterday(now, ctx.app.tz);
    let counts =
        ticket_views::digest_counts(&mut ctx.tx, v.id, ctx.now, from.timestamp(), to.timestamp())
            .await?;
    if counts.open == 0 && counts.resolved_yesterday == 0 {
        return Ok(());
    }
    let text = ctx.app.i18n.text(
        v.lang,
        "digest-village",
        &[
            arg("village", html(&v.name)),
            arg("open", counts.open),
            arg("overdue", counts.overdue),
            arg("done", counts.resolved_yesterday),
        ],
    );
    ctx.send(v.chat_id, text, None, vec![]).await
}

/// Each holder who opened a private chat gets the list of what they hold.
async fn personal_digests(ctx: &mut Ctx<'_>, v: &Village) -> Result<(), AppError> {
    let held = ticket_views::open_held(&mut ctx.tx, v.id, 5000).await?;
    let mut by_holder: BTreeMap<PersonId, Vec<Ticket>> = BTreeMap::new();
    for t in held {
        if let Some(Holder::Person(p)) = t.holder {
            by_holder.entry(p).or_default().push(t);
        }
    }
    for (person, list) in by_holder {
        let Some(chat) = people::get(&mut ctx.tx, person)
            .await?
            .and_then(|p| reach::private_chat(&p))
        else {
            continue;
        };
        let view = ctx.app.view(v.lang);
        let mut lines = vec![view.t("digest-personal", &[arg("count", list.len() as i64)])];
        for t in list.iter().take(PER_PERSON) {
            lines.push(view.list_line(t, "", ctx.now));
        }
        ctx.send(chat, lines.join("\n"), None, vec![]).await?;
    }
    Ok(())
}
