//! `/help` lists only the commands the asker may use; a refused command says who may run it; a
//! command outside any village says how to get one.

use super::args::{Asked, Command};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::render::text::html;
use crate::domain::roles::{CommandKind, Requirement, Roles};
use crate::i18n::{arg, Lang};

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
        lines.push(format!("{} — {about}", html(&usage)));
    }
    lines.push(String::new());
    lines.push(i18n.plain(lang, "help-tail"));
    ctx.send(m.chat, lines.join("\n"), Some(m.message), vec![])
        .await
}

/// A command sent where no village is known: help still works, anything else says why not.
pub async fn no_village(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    kind: CommandKind,
) -> Result<(), AppError> {
    let lang = ctx.private_lang(&m.from);
    if kind == CommandKind::Help {
        return help(ctx, m, lang, &Roles::default()).await;
    }
    let id = if m.private {
        "private-no-village"
    } else {
        "not-set-up"
    };
    ctx.reply(m, lang, id, &[]).await
}

/// A command the asker may not run: audited, and answered with who may.
pub async fn refuse(ctx: &mut Ctx<'_>, q: Asked<'_>, c: &Command) -> Result<(), AppError> {
    let detail = format!("/{} {}", c.kind.name(), c.args);
    ctx.audit(
        Some(q.village.id),
        Some(q.me),
        "refused_command",
        &detail,
        false,
    )
    .await?;
    let who = who_may(ctx, q.lang, c.kind);
    ctx.reply(
        q.m,
        q.lang,
        "refused-command",
        &[arg("command", c.kind.name()), arg("role", who)],
    )
    .await
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

/// A command the asker may run, asked for a part they may not (a resident correcting points):
/// audited as refused and answered with `key`; nothing changes.
pub async fn refuse_part(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    detail: &str,
    key: &str,
) -> Result<(), AppError> {
    ctx.audit(
        Some(q.village.id),
        Some(q.me),
        "refused_command",
        detail,
        false,
    )
    .await?;
    ctx.reply(q.m, q.lang, key, &[]).await
}
