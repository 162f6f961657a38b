//! The morning digests: one message to the village group, and one to each holder who can be
//! written to privately, listing their open tickets.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{AppError, Ctx};
use crate::domain::clock::yesterday;
use crate::domain::{ChatId, VillageId};
use crate::i18n::{arg, Lang};
use crate::store::people;
use crate::store::tickets;
use crate::store::villages;

/// Open tickets listed in one personal digest at most.
const PER_PERSON: usize = 20;

pub async fn send(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let Some(v) = villages::by_id(&mut ctx.tx, village).await? else {
        return Ok(());
    };
    let lang = Lang::from_tag(&v.lang);
    let now = DateTime::<Utc>::from_timestamp(ctx.now, 0).unwrap_or_default();
    let (from, to) = yesterday(now, ctx.app.tz);
    let counts = crate::store::ticket_views::digest_counts(
        &mut ctx.tx,
        v.id,
        ctx.now,
        from.timestamp(),
        to.timestamp(),
    )
    .await?;
    if counts.open > 0 || counts.resolved_yesterday > 0 {
        let text = ctx.app.i18n.text(
            lang,
            "digest-village",
            &[
                arg("village", super::render::html(&v.name)),
                arg("open", counts.open),
                arg("overdue", counts.overdue),
                arg("done", counts.resolved_yesterday),
            ],
        );
        ctx.send(v.chat_id, text, None, vec![]).await?;
    }
    let held = crate::store::ticket_views::open_held(&mut ctx.tx, v.id, 5000).await?;
    let mut by_holder: BTreeMap<i64, Vec<tickets::Ticket>> = BTreeMap::new();
    for t in held {
        if let Some(crate::domain::routing::Holder::Person(p)) = t.holder {
            by_holder.entry(p.0).or_default().push(t);
        }
    }
    for (person, list) in by_holder {
        let Some(p) = people::get(&mut ctx.tx, crate::domain::PersonId(person)).await? else {
            continue;
        };
        let (true, Some(user)) = (p.private_ok, p.tg_user_id) else {
            continue;
        };
        let view = ctx.app.view(lang);
        let mut lines = vec![view.t("digest-personal", &[arg("count", list.len() as i64)])];
        for t in list.iter().take(PER_PERSON) {
            lines.push(view.list_line(t, "", ctx.now));
        }
        ctx.send(ChatId(user.0), lines.join("\n"), None, vec![])
            .await?;
    }
    Ok(())
}
