//! Townships: joining a village to one, appointing township cadres, and what a township cadre
//! sees and says across every village of the township.

use crate::app::commands::args::{username, Asked, Command};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::notices::announce;
use crate::app::render::text::html;
use crate::app::reports::stats::{period, render};
use crate::app::roster::approve;
use crate::app::ticket::card::holder_label;
use crate::domain::roles::CommandKind;
use crate::domain::stats::compute;
use crate::i18n::{arg, Lang};
use crate::store::announcements::{self, Announcement};
use crate::store::people::{self, Person};
use crate::store::tickets::{self, ListFilter};
use crate::store::{ticket_views, townships};

/// In private, a township cadre's `/list`, `/stats` and `/announce_all` cover the whole township.
/// Returns false when the command is not one of those, or the sender is no township's cadre.
pub async fn run_private(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    c: &Command,
) -> Result<bool, AppError> {
    let Some(t) = of_cadre(ctx, me).await? else {
        return Ok(false);
    };
    let lang = ctx.private_lang(&m.from);
    match c.kind {
        CommandKind::List => list(ctx, m, t, lang).await?,
        CommandKind::Stats => stats(ctx, m, t, lang, &c.args).await?,
        CommandKind::AnnounceAll => announce_all(ctx, m, me, t, lang, &c.args).await?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// `/township <name>`: the village joins a township (created on first mention).
pub async fn join(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let name = args.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return ctx.reply(q.m, q.lang, "usage-township-hint", &[]).await;
    }
    // An existing township is joined only with the consent of one of its cadres.
    if let Some(t) = townships::find(&mut ctx.tx, name).await? {
        if q.village.township != Some(t) && !ctx.app.is_super_admin(q.me.tg_user_id) {
            return approve::ask_township(ctx, q, t, name).await;
        }
    }
    let t = townships::named(&mut ctx.tx, name, ctx.now).await?;
    townships::join(&mut ctx.tx, q.village.id, t).await?;
    ctx.audit(Some(q.village.id), Some(q.me), "township", args, true)
        .await?;
    ctx.reply(q.m, q.lang, "township-set", &[arg("township", html(name))])
        .await
}

/// `/township_cadre @username` (super-admins): a cadre of this village's township, the top of
/// the escalation ladder of all its villages.
pub async fn appoint_cadre(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Some(t) = q.village.township else {
        return ctx.reply(q.m, q.lang, "township-missing", &[]).await;
    };
    let Some((name, _)) = username(args) else {
        return ctx
            .reply(q.m, q.lang, "usage-township_cadre-hint", &[])
            .await;
    };
    let who = people::named(&mut ctx.tx, name, ctx.now).await?;
    townships::appoint(&mut ctx.tx, t, who.id, Some(q.me.id), ctx.now).await?;
    ctx.audit(Some(q.village.id), Some(q.me), "township_cadre", args, true)
        .await?;
    let township = townships::name(&mut ctx.tx, t).await?.unwrap_or_default();
    let args = [
        arg("who", html(&who.label())),
        arg("township", html(&township)),
    ];
    ctx.reply(q.m, q.lang, "township-cadre-set", &args).await
}

/// The one township a person is a cadre of, for commands sent in private chat.
async fn of_cadre(ctx: &mut Ctx<'_>, me: &Person) -> Result<Option<i64>, AppError> {
    let list = townships::of_cadre(&mut ctx.tx, me.id).await?;
    Ok(match list.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// `/announce_all <text>` in a village group: to every village of its township.
pub async fn announce_all_from_village(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    args: &str,
) -> Result<(), AppError> {
    match q.village.township {
        Some(t) => announce_all(ctx, q.m, q.me, t, q.lang, args).await,
        None => ctx.reply(q.m, q.lang, "township-missing", &[]).await,
    }
}

/// `/announce_all <text>`: the notice goes to every village group of the township, each with
/// its own "Got it" tally.
async fn announce_all(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    township: i64,
    lang: Lang,
    args: &str,
) -> Result<(), AppError> {
    let body = args.trim();
    if body.is_empty() {
        return ctx.reply(m, lang, "usage-announce_all-hint", &[]).await;
    }
    let villages = townships::villages(&mut ctx.tx, township).await?;
    for v in &villages {
        let id = announcements::create(&mut ctx.tx, v.id, me.id, body, ctx.now).await?;
        let a = Announcement {
            id,
            village: v.id,
            body: body.to_string(),
        };
        announce::post(ctx, v.chat_id, v.lang, &a).await?;
    }
    ctx.reply(
        m,
        lang,
        "announce-all-done",
        &[arg("villages", villages.len() as i64)],
    )
    .await
}

/// `/list` across the township: open tickets of every village.
async fn list(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    township: i64,
    lang: Lang,
) -> Result<(), AppError> {
    let mut lines = vec![ctx.app.i18n.plain(lang, "list-head")];
    for v in townships::villages(&mut ctx.tx, township).await? {
        let found = tickets::list(&mut ctx.tx, v.id, ListFilter::Open, 30).await?;
        if found.is_empty() {
            continue;
        }
        lines.push(format!("\n<b>{}</b>", html(&v.name)));
        for t in found {
            let holder = holder_label(ctx, t.holder).await?;
            lines.push(ctx.app.view(lang).list_line(&t, &holder, ctx.now));
        }
    }
    if lines.len() == 1 {
        return ctx.reply(m, lang, "list-empty", &[]).await;
    }
    ctx.send(m.chat, lines.join("\n"), Some(m.message), vec![])
        .await
}

/// `/stats [week|month|all]` across the township.
async fn stats(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    township: i64,
    lang: Lang,
    args: &str,
) -> Result<(), AppError> {
    let (from, period) = period(ctx.now, args.trim());
    let mut facts = vec![];
    for v in townships::villages(&mut ctx.tx, township).await? {
        facts.extend(
            ticket_views::stat_rows(&mut ctx.tx, v.id, from)
                .await?
                .into_iter()
                .map(|r| r.facts),
        );
    }
    let s = compute(&facts, from, ctx.now + 1);
    let name = townships::name(&mut ctx.tx, township)
        .await?
        .unwrap_or_default();
    let period = ctx.app.i18n.plain(lang, &format!("period-{period}"));
    let text = render(ctx, lang, &format!("{} · {period}", html(&name)), &s);
    ctx.send(m.chat, text, Some(m.message), vec![]).await
}
