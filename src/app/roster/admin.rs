//! The roster in chat: `/roster` shows it; `/unchief`, `/unvolunteer` and `/move` change it.

use crate::app::commands::args::{username, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::render::text::html;
use crate::i18n::{arg, Lang};
use crate::store::grid::{self, Team};
use crate::store::people::{self, Person};
use crate::store::villages::Village;

/// `/roster`: neighbourhoods with chiefs and household counts, teams with their members.
pub async fn roster(ctx: &mut Ctx<'_>, q: Asked<'_>) -> Result<(), AppError> {
    let head = ctx.app.i18n.text(
        q.lang,
        "roster-head",
        &[arg("village", html(&q.village.name))],
    );
    let mut lines = vec![head];
    lines.extend(place_lines(ctx, q.village, q.lang).await?);
    for team in grid::teams(&mut ctx.tx, q.village.id).await? {
        lines.push(team_line(ctx, q.lang, &team).await?);
    }
    if lines.len() == 1 {
        lines.push(ctx.app.i18n.plain(q.lang, "roster-empty"));
    }
    ctx.send(q.m.chat, lines.join("\n"), Some(q.m.message), vec![])
        .await
}

/// One line per neighbourhood: its chief and how many households it has.
async fn place_lines(
    ctx: &mut Ctx<'_>,
    village: &Village,
    lang: Lang,
) -> Result<Vec<String>, AppError> {
    let vacant = ctx.app.i18n.plain(lang, "roster-vacant");
    let mut lines = vec![];
    for (name, chief, homes) in grid::neighbourhood_overview(&mut ctx.tx, village.id).await? {
        let chief = match chief {
            Some(p) => people::get(&mut ctx.tx, p)
                .await?
                .map_or(vacant.clone(), |p| html(&p.label())),
            None => vacant.clone(),
        };
        lines.push(ctx.app.i18n.text(
            lang,
            "roster-place",
            &[
                arg("place", html(&name)),
                arg("chief", chief),
                arg("homes", homes),
            ],
        ));
    }
    Ok(lines)
}

/// A team with its categories and members, the captain starred.
async fn team_line(ctx: &mut Ctx<'_>, lang: Lang, team: &Team) -> Result<String, AppError> {
    let captain = grid::captain_of(&mut ctx.tx, team.id).await?;
    let mut names = vec![];
    for member in grid::members(&mut ctx.tx, team.id).await? {
        if let Some(p) = people::get(&mut ctx.tx, member).await? {
            let mark = if Some(member) == captain { "★" } else { "" };
            names.push(format!("{mark}{}", html(&p.label())));
        }
    }
    let view = ctx.app.view(lang);
    let cats = team
        .categories
        .iter()
        .map(|c| view.category(*c))
        .collect::<Vec<_>>()
        .join("、");
    let members = if names.is_empty() {
        view.t("roster-vacant", &[])
    } else {
        names.join("、")
    };
    Ok(view.t(
        "roster-team",
        &[
            arg("team", html(&team.name)),
            arg("categories", cats),
            arg("members", members),
        ],
    ))
}
/// `/unchief @username [neighbourhood]`.
pub async fn unchief(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Some((name, place)) = username(args) else {
        return ctx.reply(q.m, q.lang, "usage-unchief-hint", &[]).await;
    };
    let Some(who) = people::by_username(&mut ctx.tx, name).await? else {
        return ctx.reply(q.m, q.lang, "roster-unchanged", &[]).await;
    };
    let scope = match place.trim() {
        "" => None,
        p => match grid::find_neighbourhood(&mut ctx.tx, q.village.id, p).await? {
            Some(n) => Some(n),
            None => return ctx.reply(q.m, q.lang, "roster-unchanged", &[]).await,
        },
    };
    let ended = grid::end_posts(&mut ctx.tx, q.village.id, who.id, "chief", scope, ctx.now).await?;
    if ended > 0 {
        ctx.audit(Some(q.village.id), Some(q.me), "unchief", args, true)
            .await?;
    }
    let id = if ended > 0 {
        "unchief-done"
    } else {
        "roster-unchanged"
    };
    ctx.reply(q.m, q.lang, id, &[arg("who", html(&who.label()))])
        .await
}

/// `/unvolunteer <team>` leaves a team; a cadre or the team's captain may name someone:
/// `/unvolunteer @username <team>`.
pub async fn unvolunteer(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let (who, team_name) = match username(args) {
        Some((name, team)) => (
            people::by_username(&mut ctx.tx, name).await?,
            team.trim().to_string(),
        ),
        None => (Some(q.me.clone()), args.trim().to_string()),
    };
    let Some(team) = grid::team_by_name(&mut ctx.tx, q.village.id, &team_name).await? else {
        let team = arg("team", html(&team_name));
        return ctx.reply(q.m, q.lang, "team-unknown", &[team]).await;
    };
    let Some(who) = who else {
        return ctx.reply(q.m, q.lang, "roster-unchanged", &[]).await;
    };
    let captain = grid::captain_of(&mut ctx.tx, team.id).await? == Some(q.me.id);
    if who.id != q.me.id && !(q.roles.is_cadre() || captain) {
        ctx.audit(
            Some(q.village.id),
            Some(q.me),
            "refused_unvolunteer",
            args,
            false,
        )
        .await?;
        return ctx.reply(q.m, q.lang, "refused-not-allowed", &[]).await;
    }
    let ended = leave_team(ctx, q, &who, &team, args).await?;
    let id = if ended {
        "unvolunteer-done"
    } else {
        "roster-unchanged"
    };
    let args = [
        arg("who", html(&who.label())),
        arg("team", html(&team.name)),
    ];
    ctx.reply(q.m, q.lang, id, &args).await
}

/// Ends a person's volunteer and captain posts in a team; true when there were any.
async fn leave_team(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    who: &Person,
    team: &Team,
    args: &str,
) -> Result<bool, AppError> {
    let mut ended = 0;
    for role in ["volunteer", "captain"] {
        let v = q.village.id;
        ended += grid::end_posts(&mut ctx.tx, v, who.id, role, Some(team.id.0), ctx.now).await?;
    }
    if ended > 0 {
        ctx.audit(Some(q.village.id), Some(q.me), "unvolunteer", args, true)
            .await?;
    }
    Ok(ended > 0)
}
/// `/move @username <neighbourhood>`: a cadre moves a household.
pub async fn move_household(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    let Some((name, place)) = username(args).filter(|(_, p)| !p.trim().is_empty()) else {
        return ctx.reply(q.m, q.lang, "usage-move-hint", &[]).await;
    };
    let Some(n) = grid::find_neighbourhood(&mut ctx.tx, q.village.id, place.trim()).await? else {
        let known = grid::neighbourhood_names(&mut ctx.tx, q.village.id).await?;
        let list = known.iter().map(|n| html(n)).collect::<Vec<_>>().join("、");
        return ctx
            .reply(
                q.m,
                q.lang,
                "home-unknown",
                &[arg("place", html(place)), arg("known", list)],
            )
            .await;
    };
    let who = people::named(&mut ctx.tx, name, ctx.now).await?;
    grid::set_household(&mut ctx.tx, q.village.id, who.id, n, ctx.now).await?;
    ctx.audit(Some(q.village.id), Some(q.me), "move", args, true)
        .await?;
    ctx.reply(
        q.m,
        q.lang,
        "move-done",
        &[
            arg("who", html(&who.label())),
            arg("place", html(place.trim())),
        ],
    )
    .await
}
