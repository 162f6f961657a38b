//! Runs a slash command: finds the village, checks the permission table, hands over to the use case.

use super::command::Command;
use super::{
    announce, desk, export, intake, report, roster, roster_admin, ticket_admin, township, AppError,
    ChatMessage, Ctx,
};
use crate::domain::roles::{CommandKind, Requirement, Roles};
use crate::i18n::{arg, Lang};
use crate::store::grid;
use crate::store::people::Person;
use crate::store::villages::{self, Village};

pub async fn run(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    c: Command,
) -> Result<(), AppError> {
    match c.kind {
        CommandKind::Start => return roster::start(ctx, m, me).await,
        CommandKind::Setup => return roster::setup(ctx, m, me, &c.args).await,
        _ => {}
    }
    if m.private {
        if let Some(t) = township::of_cadre(ctx, me).await? {
            let lang = ctx.private_lang(&m.from);
            match c.kind {
                CommandKind::List => return township::list(ctx, m, t, lang).await,
                CommandKind::Stats => return township::stats(ctx, m, t, lang, &c.args).await,
                CommandKind::AnnounceAll => {
                    return township::announce_all(ctx, m, me, t, lang, &c.args).await
                }
                _ => {}
            }
        }
    }
    let Some(village) = village_for(ctx, m, me).await? else {
        let lang = ctx.private_lang(&m.from);
        if c.kind == CommandKind::Help {
            return help(ctx, m, lang, &Roles::default()).await;
        }
        let id = if m.private {
            "private-no-village"
        } else {
            "not-set-up"
        };
        return ctx.reply(m, lang, id, &[]).await;
    };
    let lang = Lang::from_tag(&village.lang);
    let roles = ctx.roles(&village, me, m.sender_is_admin).await?;
    if !c.kind.allowed(&roles) {
        let detail = format!("/{} {}", c.kind.name(), c.args);
        ctx.audit(
            Some(village.id),
            Some(me),
            "refused_command",
            &detail,
            false,
        )
        .await?;
        let name = c.kind.name();
        return ctx
            .reply(
                m,
                lang,
                "refused-command",
                &[
                    arg("command", name),
                    arg("role", who_may(ctx, lang, c.kind)),
                ],
            )
            .await;
    }
    let args = c.args.as_str();
    let q = Asked {
        m,
        village: &village,
        me,
        roles,
        lang,
    };
    match c.kind {
        CommandKind::Start | CommandKind::Setup => Ok(()),
        CommandKind::Help => help(ctx, m, lang, &roles).await,
        CommandKind::Lang => roster::lang(ctx, q, args).await,
        CommandKind::Cadre => roster::cadre(ctx, q, args).await,
        CommandKind::TownshipCadre => township::township_cadre(ctx, q, args).await,
        CommandKind::Township => township::township(ctx, q, args).await,
        CommandKind::AnnounceAll => match q.village.township {
            Some(t) => township::announce_all(ctx, m, me, t, lang, args).await,
            None => ctx.reply(m, lang, "township-missing", &[]).await,
        },
        CommandKind::Chief => roster::chief(ctx, q, args).await,
        CommandKind::Home => roster::home(ctx, q, args).await,
        CommandKind::Team => roster::team(ctx, q, args).await,
        CommandKind::Captain => roster::captain(ctx, q, args).await,
        CommandKind::Volunteer => roster::volunteer(ctx, q, args).await,
        CommandKind::Order if m.private => ctx.reply(m, lang, "order-in-group", &[]).await,
        CommandKind::Order => intake::order(ctx, &village, me, m, args).await,
        CommandKind::Assign => desk::assign(ctx, q, args).await,
        CommandKind::Close | CommandKind::Reopen | CommandKind::Cancel => {
            desk::change(ctx, q, c.kind, args).await
        }
        CommandKind::List => desk::list(ctx, q, args).await,
        CommandKind::Ticket => desk::show(ctx, q, args).await,
        CommandKind::Tier => ticket_admin::tier(ctx, q, args).await,
        CommandKind::Note => ticket_admin::note(ctx, q, args).await,
        CommandKind::Merge => ticket_admin::merge(ctx, q, args).await,
        CommandKind::Mine => ticket_admin::mine(ctx, q).await,
        CommandKind::Announce => announce::announce(ctx, q, args).await,
        CommandKind::Acks => announce::acks(ctx, q).await,
        CommandKind::Stats => report::stats(ctx, q, args).await,
        CommandKind::Export => export::export(ctx, q, args).await,
        CommandKind::Roster => roster_admin::roster(ctx, q).await,
        CommandKind::Unchief => roster_admin::unchief(ctx, q, args).await,
        CommandKind::Unvolunteer => roster_admin::unvolunteer(ctx, q, args).await,
        CommandKind::Move => roster_admin::move_household(ctx, q, args).await,
    }
}

/// A command with who asked it, where, and in which village and language.
#[derive(Clone, Copy)]
pub struct Asked<'a> {
    pub m: &'a ChatMessage,
    pub village: &'a Village,
    pub me: &'a Person,
    pub roles: Roles,
    pub lang: Lang,
}

/// The village a command is about: the group's, or in private the one village the person
/// belongs to.
async fn village_for(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
) -> Result<Option<Village>, AppError> {
    if !m.private {
        return ctx.village_of_chat(m.chat).await;
    }
    let ids = grid::villages_of(&mut ctx.tx, me.id).await?;
    match ids.as_slice() {
        [one] => Ok(villages::by_id(&mut ctx.tx, *one).await?),
        _ => Ok(None),
    }
}

/// Who may run a command, in words.
fn who_may(ctx: &Ctx<'_>, lang: Lang, kind: CommandKind) -> String {
    let role = match kind.requirement() {
        Requirement::Role(role) => role.key(),
        Requirement::GroupAdmin => "group_admin",
        Requirement::Anyone => "resident",
    };
    ctx.app.i18n.plain(lang, &format!("role-{role}"))
}

/// `/help`: only the commands the asker may use.
pub async fn help(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    lang: Lang,
    roles: &Roles,
) -> Result<(), AppError> {
    let i18n = &ctx.app.i18n;
    let mut lines = vec![i18n.plain(lang, "help-head")];
    for kind in CommandKind::ALL.into_iter().filter(|k| k.allowed(roles)) {
        let usage = i18n.plain(lang, &format!("usage-{}", kind.name()));
        let about = i18n.plain(lang, &format!("cmd-{}", kind.name()));
        lines.push(format!("{} — {about}", super::render::html(&usage)));
    }
    lines.push(String::new());
    lines.push(i18n.plain(lang, "help-tail"));
    ctx.send(m.chat, lines.join("\n"), Some(m.message), vec![])
        .await
}
