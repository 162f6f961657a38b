//! The command registry: finds the village a command is about, checks the permission table
//! (`domain::roles`), and hands each command to its handler, one line per command.

use super::args::{Asked, Command};
use super::help;
use super::pick::{self, Choice};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::intake::metoo;
use crate::app::notices::announce;
use crate::app::points::commands as points;
use crate::app::reports::{export, stats};
use crate::app::roster::{admin, appoint, setup};
use crate::app::ticket::{correct, desk, manage};
use crate::app::{care, dashboard};
use crate::app::{intake, township};
use crate::domain::roles::CommandKind;
use crate::store::people::Person;
use crate::store::villages::Village;

/// Runs a command typed by `me` in the chat of `m`.
pub async fn run(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    c: Command,
) -> Result<(), AppError> {
    match c.kind {
        CommandKind::Start => return setup::start(ctx, m, me).await,
        CommandKind::Setup => return setup::setup(ctx, m, me, &c.args).await,
        _ => {}
    }
    if m.private && township::run_private(ctx, m, me, &c).await? {
        return Ok(());
    }
    let village = match pick::choose(ctx, m, me).await? {
        Choice::One(v) => v,
        Choice::Several(mut vs) if c.kind == CommandKind::Help => vs.swap_remove(0),
        Choice::Several(vs) => return pick::ask(ctx, m, me, &vs).await,
        Choice::Unknown => return help::no_village(ctx, m, c.kind).await,
    };
    run_in(ctx, m, me, c, &village).await
}

/// Runs a command about a known village: its approval, the asker's roles there, the permission
/// table, then the handler.
pub async fn run_in(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    c: Command,
    village: &Village,
) -> Result<(), AppError> {
    if !village.approved {
        return ctx.reply(m, village.lang, "village-pending", &[]).await;
    }
    if !m.private {
        pick::remember(ctx, me, village).await?;
    }
    let roles = ctx.roles(village, me, m.sender_is_admin).await?;
    let q = Asked {
        m,
        village,
        me,
        roles,
        lang: village.lang,
    };
    if !c.kind.allowed(&roles) {
        return help::refuse(ctx, q, &c).await;
    }
    dispatch(ctx, q, c.kind, &c.args).await
}

/// The table: which handler runs which command, once it is allowed.
async fn dispatch(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    kind: CommandKind,
    args: &str,
) -> Result<(), AppError> {
    match kind {
        CommandKind::Start | CommandKind::Setup => Ok(()),
        CommandKind::Help => help::help(ctx, q.m, q.lang, &q.roles).await,
        CommandKind::Lang => setup::lang(ctx, q, args).await,
        CommandKind::Cadre => appoint::cadre(ctx, q, args).await,
        CommandKind::Chief => appoint::chief(ctx, q, args).await,
        CommandKind::Home => appoint::home(ctx, q, args).await,
        CommandKind::Team => appoint::team(ctx, q, args).await,
        CommandKind::Captain => appoint::captain(ctx, q, args).await,
        CommandKind::Volunteer => appoint::volunteer(ctx, q, args).await,
        CommandKind::Roster => admin::roster(ctx, q).await,
        CommandKind::Unchief => admin::unchief(ctx, q, args).await,
        CommandKind::Unvolunteer => admin::unvolunteer(ctx, q, args).await,
        CommandKind::Move => admin::move_household(ctx, q, args).await,
        CommandKind::Township => township::join(ctx, q, args).await,
        CommandKind::TownshipCadre => township::appoint_cadre(ctx, q, args).await,
        CommandKind::AnnounceAll => township::announce_all_from_village(ctx, q, args).await,
        CommandKind::Order => intake::order(ctx, q, args).await,
        CommandKind::Assign => desk::assign(ctx, q, args).await,
        CommandKind::Close | CommandKind::Reopen | CommandKind::Cancel => {
            desk::change(ctx, q, kind, args).await
        }
        CommandKind::List => desk::list(ctx, q, args).await,
        CommandKind::Ticket => desk::show(ctx, q, args).await,
        CommandKind::Tier => manage::tier(ctx, q, args).await,
        CommandKind::Urgent => manage::urgent(ctx, q, args).await,
        CommandKind::Category => correct::category(ctx, q, args).await,
        CommandKind::NotRequest => correct::not_request(ctx, q, args).await,
        CommandKind::Split => metoo::split(ctx, q, args).await,
        CommandKind::Note => manage::note(ctx, q, args).await,
        CommandKind::Merge => manage::merge(ctx, q, args).await,
        CommandKind::Mine => desk::list(ctx, q, "mine").await,
        CommandKind::Announce => announce::announce(ctx, q, args).await,
        CommandKind::Acks => announce::acks(ctx, q).await,
        CommandKind::Stats => stats::stats(ctx, q, args).await,
        CommandKind::Export => export::export(ctx, q, args).await,
        CommandKind::Points => points::points(ctx, q, args).await,
        CommandKind::Redeem => points::redeem(ctx, q, args).await,
        CommandKind::Care => care::commands::care(ctx, q, args).await,
        CommandKind::Visit => care::visit::visit(ctx, q, args).await,
        CommandKind::Dashboard => dashboard::command::dashboard(ctx, q, args).await,
    }
}
