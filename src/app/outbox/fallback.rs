//! When a private message cannot reach a person (they blocked the bot or never pressed Start),
//! the village group gets it instead, with a mention, and details of private matters left out.

use sqlx::AnyConnection;

use super::message::{queue, Outgoing, Purpose};
use crate::app::context::App;
use crate::app::reach;
use crate::app::render::ticket::InGroup;
use crate::domain::UserId;
use crate::store::outbox::OutboxItem;
use crate::store::{people, tickets, villages, StoreError};

/// Re-queues an undeliverable private message in the ticket's group; the person is written to
/// in the group from now on.
pub async fn to_group(
    app: &App,
    conn: &mut AnyConnection,
    item: &OutboxItem,
    now: i64,
) -> Result<(), StoreError> {
    if !item.chat.is_private() {
        return Ok(());
    }
    let Some(person) = people::by_user(conn, UserId(item.chat.0)).await? else {
        return Ok(());
    };
    // Whatever it was (a care reminder too), this chat is closed: later messages go the group's way.
    people::set_private_ok(conn, person.id, false).await?;
    let Some(ticket) = item.ticket else {
        return Ok(());
    };
    let Ok(Outgoing::Send { text, buttons, .. }) = serde_json::from_str::<Outgoing>(&item.payload)
    else {
        return Ok(());
    };
    let Some(t) = tickets::get(conn, ticket).await? else {
        return Ok(());
    };
    let village = villages::by_id(conn, t.village).await?;
    let view = app.view(app.lang_of(village.as_ref()));
    let purpose = Purpose::from_key(&item.purpose);
    let text = view.in_group(&t, InGroup::of(purpose), text);
    // A ticket placed in private lives in that chat; the village group is where everyone is.
    let group = village.as_ref().map_or(t.chat, |v| v.chat_id);
    let reply_to = t
        .source_in(group)
        .filter(|_| purpose == Purpose::Closure && t.requester == person.id);
    let out = Outgoing::Send {
        text: reach::in_group(&person, &text),
        reply_to,
        buttons,
    };
    queue(conn, group, out, (Some(t.id), purpose), now).await?;
    tracing::info!(person = %person.id, ticket = %t.id, "private chat unreachable; using the group");
    Ok(())
}
