//! Quiet groups under a burst: while a group owes more messages than it may send soon, new
//! tickets are acknowledged together in one message listing their numbers, edited in place as
//! more arrive (as the group's budget allows), instead of a card each; each ticket's card is
//! there with /ticket.

use super::message::{Outgoing, Purpose};
use crate::domain::{ChatId, MessageId};
use crate::store::acks::{self, Ack};
use crate::store::outbox::{self, NewItem, OutboxItem};
use crate::store::{Backend, StoreError};

/// An acknowledgement takes new lines for this long after it was opened (seconds)...
const OPEN_FOR: i64 = 600;
/// ...and this many lines and characters at most, so it stays one readable message: one cut
/// short to fit Telegram's 4,096 would show the same text after every later edit, which
/// Telegram refuses.
const MAX_LINES: i64 = 40;
const MAX_CHARS: usize = 3_000;

/// Whether `chat` owes more than it may send soon: a third of its minute's allowance.
pub async fn busy(
    conn: &mut sqlx::AnyConnection,
    chat: ChatId,
    per_minute: u32,
) -> Result<bool, StoreError> {
    let soon = i64::from(per_minute / 3).max(1);
    Ok(outbox::chat_pending(conn, chat).await? >= soon)
}

/// Adds `line` to the group's open acknowledgement (edited in place once it is out), or opens
/// one headed `head`. Returns how many messages were queued.
pub async fn acknowledge(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    chat: ChatId,
    (head, line): (&str, &str),
    now: i64,
) -> Result<usize, StoreError> {
    let open = acks::get(conn, backend, chat).await?.filter(|a| {
        a.count < MAX_LINES
            && now - a.opened_at < OPEN_FOR
            && a.text.chars().count() + line.chars().count() < MAX_CHARS
    });
    let Some(ack) = open else {
        let text = format!("{head}\n{line}");
        let outbox_id = push(conn, chat, &send(&text), now).await?;
        let ack = Ack {
            outbox_id,
            text,
            count: 1,
            opened_at: now,
        };
        acks::open(conn, chat, &ack).await?;
        return Ok(1);
    };
    let text = format!("{}\n{line}", ack.text);
    acks::grow(conn, chat, &text).await?;
    match outbox::sent_as(conn, ack.outbox_id).await? {
        Some((status, Some(message))) if status == "sent" => {
            edit(conn, chat, MessageId(message), &text, now).await
        }
        // Still waiting: it goes out with the new line, or (if the sender read it before) is
        // edited to show it once delivered (see `delivered`).
        Some((status, _)) if status == "pending" => {
            let payload = serde_json::to_string(&send(&text))
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            outbox::rewrite_pending(conn, ack.outbox_id, &payload).await?;
            Ok(0)
        }
        // Failed or gone: a fresh acknowledgement with every line.
        _ => {
            let outbox_id = push(conn, chat, &send(&text), now).await?;
            acks::open(conn, chat, &Ack { outbox_id, ..ack }).await?;
            Ok(1)
        }
    }
}

/// An acknowledgement was delivered showing `shown`: if lines came meanwhile, it is edited to
/// show them. Called in the transaction that records the delivery.
pub async fn delivered(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    item: &OutboxItem,
    message: MessageId,
    shown: &str,
    now: i64,
) -> Result<(), StoreError> {
    match acks::get(conn, backend, item.chat).await? {
        Some(ack) if ack.outbox_id == item.id && ack.text != shown => {
            edit(conn, item.chat, message, &ack.text, now).await?;
        }
        _ => {}
    }
    Ok(())
}

fn send(text: &str) -> Outgoing {
    Outgoing::Send {
        text: text.to_string(),
        reply_to: None,
        buttons: vec![],
    }
}

async fn edit(
    conn: &mut sqlx::AnyConnection,
    chat: ChatId,
    message: MessageId,
    text: &str,
    now: i64,
) -> Result<usize, StoreError> {
    let out = Outgoing::Edit {
        message,
        text: text.to_string(),
        buttons: vec![],
    };
    push(conn, chat, &out, now).await?;
    Ok(1)
}

async fn push(
    conn: &mut sqlx::AnyConnection,
    chat: ChatId,
    out: &Outgoing,
    now: i64,
) -> Result<i64, StoreError> {
    let payload = serde_json::to_string(out).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let item = NewItem {
        chat,
        kind: out.kind(),
        payload: &payload,
        ticket: None,
        purpose: Purpose::Ack.key(),
    };
    outbox::push(conn, item, now).await
}
