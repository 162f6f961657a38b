//! Filling a village's places: cadres, chiefs, households, teams, captains and volunteers.

use super::approve;
use crate::app::commands::args::{first_word, username, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::domain::category::{parse_list, Category};
use crate::i18n::arg;
use crate::store::grid::{self, Post};
use crate::store::people;

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

/// A neighbourhood or team name: 1 to 40 characters.
pub fn valid_name(name: &str) -> bool {
    let n = name.trim().chars().count();
    (1..=40).contains(&n)
}

/// How many neighbourhoods `/home` suggests when it cannot find the one asked for.
const SUGGESTED: usize = 30;

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
        if names.is_empty() {
            return ctx.reply(m, lang, "home-none", &[]).await;
        }
        let mut list = names
            .iter()
            .take(SUGGESTED)
            .map(|n| html(n))
            .collect::<Vec<_>>();
        if names.len() > SUGGESTED {
            let more = (names.len() - SUGGESTED) as i64;
            list.push(ctx.app.i18n.text(lang, "home-more", &[arg("count", more)]));
        }
        let args = [arg("place", html(place)), arg("known", list.join("、"))];
        return ctx.reply(m, lang, "home-unknown", &args).await;
    };
    grid::set_household(&mut ctx.tx, v.id, me.id, n, ctx.now).await?;
    ctx.audit(Some(v.id), Some(me), "home", args, true).await?;
    ctx.reply(m, lang, "home-set", &[arg("place", html(place))])
        .await
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
    match parse_list(cats) {
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
    let captain = grid::captain_of(&mut ctx.tx, team.id).await?;
    if !(q.roles.is_cadre() || captain == Some(me.id)) {
        return approve::ask_team(ctx, q, &team).await;
    }
    let post = Post::Volunteer(team.id);
    grid::appoint(&mut ctx.tx, v.id, me.id, post, Some(me.id), ctx.now).await?;
    ctx.audit(Some(v.id), Some(me), "volunteer", args, true)
        .await?;
    ctx.reply(m, lang, "volunteer-set", &[arg("team", html(&team.name))])
        .await
}
