//! Residents who follow a ticket their own duplicate request was merged into.

use sqlx::AnyConnection;

use super::StoreError;
use crate::domain::{PersonId, TicketId};

pub async fn add(
    conn: &mut AnyConnection,
    ticket: TicketId,
    person: PersonId,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ticket_followers (ticket_id, person_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (ticket_id, person_id) DO NOTHING",
    )
    .bind(ticket.0)
    .bind(person.0)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn of(conn: &mut AnyConnection, ticket: TicketId) -> Result<Vec<PersonId>, StoreError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT person_id FROM ticket_followers WHERE ticket_id = $1 ORDER BY created_at",
    )
    .bind(ticket.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| PersonId(r.0)).collect())
}
