//! What a village's dashboard page reads beyond the board: open tickets by neighbourhood, the
//! open tickets themselves, one ticket.

use crate::app::context::{AppError, Ctx};
use crate::app::ticket::card::holder_name;
use crate::domain::{Ticket, TicketId, VillageId};
use crate::i18n::Lang;
use crate::store::dashboard;
use crate::store::tickets::{self, ListFilter};

/// Open tickets listed on a village's page at most.
const LISTED: i64 = 200;

/// Open tickets by the requester's neighbourhood ("" for none), most first.
pub async fn open_by_neighbourhood(
    ctx: &mut Ctx<'_>,
    village: VillageId,
) -> Result<Vec<(String, i64)>, AppError> {
    Ok(dashboard::open_by_neighbourhood(&mut ctx.tx, village).await?)
}

pub async fn ticket(ctx: &mut Ctx<'_>, id: TicketId) -> Result<Option<Ticket>, AppError> {
    Ok(tickets::get(&mut ctx.tx, id).await?)
}

/// The open tickets as plain-text cells: number, category, state, holder, deadline.
pub async fn open_rows(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    village: VillageId,
) -> Result<Vec<(TicketId, Vec<String>)>, AppError> {
    let open = tickets::list(&mut ctx.tx, village, ListFilter::Open, LISTED).await?;
    let mut rows = vec![];
    for t in open {
        let holder = holder_name(ctx, t.holder).await?;
        let view = ctx.app.view(lang);
        rows.push((
            t.id,
            vec![
                t.no.to_string(),
                view.category(t.category),
                view.state(t.state),
                holder,
                view.time(t.deadline_at),
            ],
        ));
    }
    Ok(rows)
}
