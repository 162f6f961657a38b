//! When a private message cannot reach a person (they blocked the bot or never pressed Start),
//! the ticket's group gets it instead, with a mention, and details of private matters left out.

use sqlx::AnyConnection;

use super::outgoing::{Outgoing, Purpose};
use super::render::mention;
use super::App;
use crate::domain::UserId;
use crate::i18n::{arg, Lang};
use crate::store::outbox::{self, NewItem, OutboxItem};
use crate::store::{people, tickets, villages, StoreError};

/// Re-queues an undeliverable private message in the ticket's group; the person is written to
/// in the group from now on.
pub async fn to_group(
    app: &App,
    conn: &mut AnyConnection,
    item: &OutboxItem,
    now: i64,
) -> Result<(), StoreError> {
    let (Some(ticket), true) = (item.ticket, item.chat.0 > 0) else {
        return Ok(());
    };
    let Ok(Outgoing::Send { text, buttons, .. }) = serde_json::from_str::<Outgoing>(&item.payload)
    else {
        return Ok(());
    };
    let Some(person) = people::by_user(conn, UserId(item.chat.0)).await? else {
        return Ok(());
    };
    people::set_private_ok(conn, person.id, false).await?;
    let Some(t) = tickets::get(conn, ticket).await? else {
        return Ok(());
    };
    let lang = villages::by_id(conn, t.village)
        .await?
        .map_or(app.settings.default_lang(), |v| Lang::from_tag(&v.lang));
    let purpose = Purpose::from_key(&item.purpose);
    let no = t.no.to_string();
    let text = match (t.category.is_sensitive(), purpose) {
        (false, _) => text,
        (true, Purpose::Closure) => app.i18n.text(lang, "closure-sensitive", &[arg("no", no)]),
        (true, _) => app
            .i18n
            .text(lang, "prompt-sensitive-group", &[arg("no", no)]),
    };
    let reply_to =
        (purpose == Purpose::Closure && t.requester == person.id).then_some(t.source_message);
    let out = Outgoing::Send {
        text: format!("{} {text}", mention(&person)),
        reply_to,
        buttons,
    };
    let payload = serde_json::to_string(&out).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let item = NewItem {
        chat: t.chat,
        kind: out.kind(),
        payload: &payload,
        ticket: Some(t.id),
        purpose: purpose.key(),
    };
    outbox::push(conn, item, now).await?;
    tracing::info!(person = %person.id, ticket = %t.id, "private chat unreachable; using the group");
    Ok(())
}
