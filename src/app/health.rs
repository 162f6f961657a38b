//! What operations read from the database: queue depths and open tickets, for `/healthz` and
//! `/metrics`.

use super::context::{App, AppError};
use super::metrics::Depths;
use crate::store::{inbox, outbox, ticket_views};

impl App {
    /// The queues and open tickets now; an error when the database cannot be reached.
    pub async fn depths(&self) -> Result<Depths, AppError> {
        let now = chrono::Utc::now().timestamp();
        let mut conn = self.store.conn().await?;
        let (inbox, oldest) = inbox::backlog(&mut conn).await?;
        let outbox = outbox::pending_count(&mut conn).await?;
        let (open, overdue) = ticket_views::open_everywhere(&mut conn, now).await?;
        Ok(Depths {
            inbox,
            inbox_age: oldest.map_or(0, |t| (now - t).max(0)),
            outbox,
            open_tickets: open,
            overdue_tickets: overdue,
        })
    }
}
