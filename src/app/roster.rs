//! Setting a village up and filling its places: cadres, chiefs, households, teams, volunteers.

use super::command::first_word;
use super::commands::Asked;
use super::render::html;
use super::{AppError, ChatMessage, Ctx};
use crate::domain::{Category, ChatId};
use crate::i18n::{arg, Lang};
use crate::store::grid::{self, Post};
use crate::store::people::{self, Person};
use crate::store::villages::{self};

/// `/start`: in private it opens the door for private prompts.
pub async fn start(ctx: &mut Ctx<'_>, m: &ChatMessage, me: &Person) -> Result<(), AppError> {
    let lang = ctx.private_lang(&m.from);
    if m.private {
        people::set_private_ok(&mut ctx.tx, me.id, true).await?;
        return ctx.reply(m, lang, "start-private", &[]).await;
    }
    let lang = match ctx.village_of_chat(m.chat).await? {
        Some(v) => Lang::from_tag(&v.lang),
        None => lang,
    };
    ctx.reply(m, lang, "start-group", &[]).await
}

/// `/setup <village name>`: a group admin (or super-admin) makes the group a village.
pub async fn setup(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    me: &Person,
    args: &str,
) -> Result<(), AppError> {
    let lang = match ctx.village_of_chat(m.chat).await? {
        Some(v) => Lang::from_tag(&v.lang),
        None => ctx.app.settings.default_lang(),
    };
    if m.private {
        return ctx.reply(m, lang, "setup-in-group", &[]).await;
    }
    if !(m.sender_is_admin || ctx.app.is_super_admin(me.tg_user_id)) {
        let village = ctx.village_of_chat(m.chat).await?.map(|v| v.id);
        ctx.audit(village, Some(me), "refused_setup", args, false)
            .await?;
        return ctx.reply(m, lang, "refused-setup", &[]).await;
    }
    let name = args.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return ctx.reply(m, lang, "usage-setup-hint", &[]).await;
    }
    let village = villages::setup(&mut ctx.tx, m.chat, name, lang.tag(), me.id, ctx.now).await?;
    grid::appoint(
        &mut ctx.tx,
        village.id,
        me.id,
        Post::Cadre,
        Some(me.id),
        ctx.now,
    )
    .await?;
    super::timers::ensure_village_jobs(ctx, village.id).await?;
    ctx.audit(Some(village.id), Some(me), "setup", args, true)
        .await?;
    ctx.reply(m, lang, "welcome", &[arg("village", html(name))])
        .await
}

/// The bot was added to a group: say how to set it up.
pub async fn on_joined(ctx: &mut Ctx<'_>, chat: ChatId) -> Result<(), AppError> {
    let lang = match ctx.village_of_chat(chat).await? {
        Some(v) => Lang::from_tag(&v.lang),
        None => ctx.app.settings.default_lang(),
    };
    let text = ctx.app.i18n.plain(lang, "joined-howto");
    ctx.send(chat, text, None, vec![]).await
}

pub async fn on_migrated(ctx: &mut Ctx<'_>, from: ChatId, to: ChatId) -> Result<(), AppError> {
    if villages::migrate_chat(&mut ctx.tx, from, to).await? {
        tracing::info!(%from, %to, "village followed its group to a supergroup");
    }
    Ok(())
}

/// `/lang en|zh`.
pub async fn lang(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        lang,
        ..
    } = q;
    let Some(new) = Lang::parse(args) else {
        return ctx.reply(m, lang, "usage-lang-hint", &[]).await;
    };
    villages::set_lang(&mut ctx.tx, v.id, new.tag()).await?;
    ctx.audit(Some(v.id), Some(q.me), "lang", args, true)
        .await?;
    ctx.reply(m, new, "lang-set", &[]).await
}

/// Reads `@username` at the start of the arguments.
pub fn username(args: &str) -> Option<(&str, &str)> {
    let (who, rest) = first_word(args);
    let name = who.strip_prefix('@')?;
    let valid = (3..=32).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, rest))
}

/// `/cadre @username`.
pub async fn cadre(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let Some((name, _)) = username(args) else {
        return ctx.reply(m, lang, "usage-cadre-hint", &[]).await;
    };
    let who = people::named(&mut ctx.tx, name, ctx.now).await?;
    grid::appoint(&mut ctx.tx, v.id, who.id, Post::Cadre, Some(me.id), ctx.now).await?;
    ctx.audit(Some(v.id), Some(me), "cadre", args, true).await?;
    ctx.reply(m, lang, "cadre-set", &[arg("who", html(&who.label()))])
        .await
}

/// `/chief @username <neighbourhood>`.
pub async fn chief(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let Some((name, place)) = username(args).filter(|(_, p)| valid_name(p)) else {
        return ctx.reply(m, lang, "usage-chief-hint", &[]).await;
    };
    let who = people::named(&mut ctx.tx, name, ctx.now).await?;
    let n = grid::neighbourhood(&mut ctx.tx, v.id, place, ctx.now).await?;
    grid::appoint(
        &mut ctx.tx,
        v.id,
        who.id,
        Post::Chief(n),
        Some(me.id),
        ctx.now,
    )
    .await?;
    ctx.audit(Some(v.id), Some(me), "chief", args, true).await?;
    ctx.reply(
        m,
        lang,
        "chief-set",
        &[arg("who", html(&who.label())), arg("place", html(place))],
    )
    .await
}

fn valid_name(name: &str) -> bool {
    let n = name.trim().chars().count();
    (1..=40).contains(&n)
}

/// `/home <neighbourhood>`: a resident registers their household.
pub async fn home(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let place = args.trim();
    if !valid_name(place) {
        return ctx.reply(m, lang, "usage-home-hint", &[]).await;
    }
    let Some(n) = grid::find_neighbourhood(&mut ctx.tx, v.id, place).await? else {
        let names = grid::neighbourhood_names(&mut ctx.tx, v.id).await?;
        let list = names.iter().map(|n| html(n)).collect::<Vec<_>>().join("、");
        return ctx
            .reply(
                m,
                lang,
                "home-unknown",
                &[arg("place", html(place)), arg("known", list)],
            )
            .await;
    };
    grid::set_household(&mut ctx.tx, v.id, me.id, n, ctx.now).await?;
    ctx.audit(Some(v.id), Some(me), "home", args, true).await?;
    ctx.reply(m, lang, "home-set", &[arg("place", html(place))])
        .await
}

/// Reads a list of category keys separated by commas (Latin or Chinese) or spaces.
pub fn parse_categories(text: &str) -> Result<Vec<Category>, String> {
    let mut out = vec![];
    for part in text
        .split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let c: Category = part.parse().map_err(|_| part.to_string())?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// `/team <name> <category,...>`.
pub async fn team(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        lang,
        ..
    } = q;
    let (name, cats) = first_word(args);
    let keys = Category::ALL.map(|c| c.key()).join(", ");
    match parse_categories(cats) {
        Ok(list) if valid_name(name) && !list.is_empty() => {
            let team = grid::upsert_team(&mut ctx.tx, v.id, name, &list, ctx.now).await?;
            let view = ctx.app.view(lang);
            let shown = team
                .categories
                .iter()
                .map(|c| view.category(*c))
                .collect::<Vec<_>>()
                .join("、");
            ctx.audit(Some(v.id), Some(q.me), "team", args, true)
                .await?;
            ctx.reply(
                m,
                lang,
                "team-set",
                &[arg("team", html(&team.name)), arg("categories", shown)],
            )
            .await
        }
        Err(bad) => {
            ctx.reply(
                m,
                lang,
                "team-bad-category",
                &[arg("bad", html(&bad)), arg("keys", keys)],
            )
            .await
        }
        Ok(_) => {
            ctx.reply(m, lang, "usage-team-hint", &[arg("keys", keys)])
                .await
        }
    }
}

/// `/captain @username <team>`.
pub async fn captain(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let Some((name, team_name)) = username(args).filter(|(_, t)| valid_name(t)) else {
        return ctx.reply(m, lang, "usage-captain-hint", &[]).await;
    };
    let Some(team) = grid::team_by_name(&mut ctx.tx, v.id, team_name.trim()).await? else {
        return ctx
            .reply(m, lang, "team-unknown", &[arg("team", html(team_name))])
            .await;
    };
    let who = people::named(&mut ctx.tx, name, ctx.now).await?;
    grid::appoint(
        &mut ctx.tx,
        v.id,
        who.id,
        Post::Captain(team.id),
        Some(me.id),
        ctx.now,
    )
    .await?;
    ctx.audit(Some(v.id), Some(me), "captain", args, true)
        .await?;
    ctx.reply(
        m,
        lang,
        "captain-set",
        &[
            arg("who", html(&who.label())),
            arg("team", html(&team.name)),
        ],
    )
    .await
}

/// `/volunteer <team>`: join a team.
pub async fn volunteer(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Asked {
        m,
        village: v,
        me,
        lang,
        ..
    } = q;
    let name = args.trim();
    if !valid_name(name) {
        return ctx.reply(m, lang, "usage-volunteer-hint", &[]).await;
    }
    let Some(team) = grid::team_by_name(&mut ctx.tx, v.id, name).await? else {
        return ctx
            .reply(m, lang, "team-unknown", &[arg("team", html(name))])
            .await;
    };
    grid::appoint(
        &mut ctx.tx,
        v.id,
        me.id,
        Post::Volunteer(team.id),
        Some(me.id),
        ctx.now,
    )
    .await?;
    ctx.audit(Some(v.id), Some(me), "volunteer", args, true)
        .await?;
    ctx.reply(m, lang, "volunteer-set", &[arg("team", html(&team.name))])
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_parse_with_any_separator() {
        assert_eq!(
            parse_categories("repair,sanitation"),
            Ok(vec![Category::Repair, Category::Sanitation])
        );
        assert_eq!(
            parse_categories("repair， hazard、repair"),
            Ok(vec![Category::Repair, Category::Hazard])
        );
        assert_eq!(parse_categories("repair,plumbing"), Err("plumbing".into()));
    }

    #[test]
    fn usernames_are_checked() {
        assert_eq!(username("@wang_li 三组"), Some(("wang_li", "三组")));
        assert_eq!(username("wang 三组"), None);
        assert_eq!(username("@a"), None);
    }
}
