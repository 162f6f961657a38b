//! Requests someone else decides with a button: joining a team (its captain or a village cadre),
//! joining an existing township (one of its cadres or a super-admin), a new village when the
//! deployment asks for it (a super-admin). Until then the asker has no rights from it.

use crate::app::commands::args::Asked;
use crate::app::context::{AppError, Ctx};
use crate::app::event::ButtonPress;
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::render::text::html;
use crate::domain::{ChatId, TeamId};
use crate::i18n::{arg, Lang};
use crate::store::approvals::{self, Approval, Kind};
use crate::store::grid::{self, Post, Team};
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};
use crate::store::{offers, townships};

fn buttons(ctx: &Ctx<'_>, lang: Lang, id: i64) -> Vec<Vec<Button>> {
    let view = ctx.app.view(lang);
    vec![vec![
        view.button("button-approve", Press::Approve(id, true)),
        view.button("button-refuse", Press::Approve(id, false)),
    ]]
}

/// `/volunteer <team>` by someone who is neither its captain nor a cadre: asked in the group.
pub async fn ask_team(ctx: &mut Ctx<'_>, q: Asked<'_>, team: &Team) -> Result<(), AppError> {
    let v = q.village;
    let id = approvals::ask(&mut ctx.tx, Kind::Team, v.id, team.id.0, q.me.id, ctx.now).await?;
    let args = [
        arg("who", html(&q.me.label())),
        arg("team", html(&team.name)),
    ];
    let text = ctx.app.i18n.text(q.lang, "approve-team-ask", &args);
    let reply_to = (q.m.chat == v.chat_id).then_some(q.m.message);
    let buttons = buttons(ctx, q.lang, id);
    ctx.send(v.chat_id, text, reply_to, buttons).await?;
    if q.m.chat != v.chat_id {
        ctx.reply(q.m, q.lang, "approve-asked", &[]).await?;
    }
    Ok(())
}

/// `/township <existing name>`: its cadres (or, without any, the super-admins) decide.
pub async fn ask_township(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    township: i64,
    name: &str,
) -> Result<(), AppError> {
    let v = q.village;
    let id = approvals::ask(
        &mut ctx.tx,
        Kind::Township,
        v.id,
        township,
        q.me.id,
        ctx.now,
    )
    .await?;
    let mut deciders = vec![];
    for p in townships::cadres(&mut ctx.tx, township).await? {
        deciders.extend(
            people::get(&mut ctx.tx, p)
                .await?
                .and_then(|p| p.tg_user_id),
        );
    }
    let chats: Vec<ChatId> = match deciders.is_empty() {
        true => ctx
            .app
            .settings
            .telegram
            .super_admins
            .iter()
            .map(|u| ChatId(*u))
            .collect(),
        false => deciders.into_iter().map(|u| ChatId(u.0)).collect(),
    };
    let args = [
        arg("who", html(&q.me.label())),
        arg("village", html(&v.name)),
        arg("township", html(name)),
    ];
    let text = ctx.app.i18n.text(q.lang, "approve-township-ask", &args);
    for chat in chats {
        let buttons = buttons(ctx, q.lang, id);
        ctx.send(chat, text.clone(), None, buttons).await?;
    }
    let args = [arg("township", html(name))];
    ctx.reply(q.m, q.lang, "approve-township-asked", &args)
        .await
}

/// A village set up where the deployment asks for approval: the super-admins decide.
pub async fn ask_village(
    ctx: &mut Ctx<'_>,
    village: &Village,
    me: &Person,
    lang: Lang,
) -> Result<(), AppError> {
    let id = approvals::ask(
        &mut ctx.tx,
        Kind::Village,
        village.id,
        village.id.0,
        me.id,
        ctx.now,
    )
    .await?;
    let args = [
        arg("who", html(&me.label())),
        arg("village", html(&village.name)),
    ];
    let text = ctx.app.i18n.text(lang, "approve-village-ask", &args);
    for user in ctx.app.settings.telegram.super_admins.clone() {
        let buttons = buttons(ctx, lang, id);
        ctx.send(ChatId(user), text.clone(), None, buttons).await?;
    }
    Ok(())
}

/// A press on a request's buttons: decided once, by whom it belongs to.
pub async fn on_decide(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    me: &Person,
    id: i64,
    yes: bool,
) -> Result<(), AppError> {
    let lang = ctx.private_lang(&p.from);
    let found = approvals::get(&mut ctx.tx, id).await?;
    let village = match &found {
        Some(a) if !a.decided => villages::by_id(&mut ctx.tx, a.village).await?,
        _ => None,
    };
    let (Some(a), Some(v)) = (found, village) else {
        return ctx.toast(p, lang, "button-stale").await;
    };
    if !may_decide(ctx, &a, &v, me).await? {
        let detail = format!("{} {}", a.kind.key(), a.id);
        ctx.audit(Some(v.id), Some(me), "approval", &detail, false)
            .await?;
        return ctx.toast(p, v.lang, "approve-not-yours").await;
    }
    if !approvals::decide(&mut ctx.tx, a.id, me.id, yes, ctx.now).await? {
        return ctx.toast(p, lang, "button-stale").await;
    }
    let what = carry_out(ctx, &a, &v, me, yes).await?;
    let detail = format!(
        "{} {} {}",
        a.kind.key(),
        a.id,
        if yes { "yes" } else { "no" }
    );
    ctx.audit(Some(v.id), Some(me), "approval", &detail, true)
        .await?;
    offers::withdraw(&mut ctx.tx, p.chat, p.message).await?;
    tell_decision(ctx, p, &a, &v, me, (&what, yes)).await?;
    ctx.answer(p, None).await
}

/// The request's message now says who decided what; the village group hears it too.
async fn tell_decision(
    ctx: &mut Ctx<'_>,
    p: &ButtonPress,
    a: &Approval,
    v: &Village,
    me: &Person,
    (what, yes): (&str, bool),
) -> Result<(), AppError> {
    let asker = people::get(&mut ctx.tx, a.person)
        .await?
        .map(|p| p.label())
        .unwrap_or_default();
    let args = [
        arg("who", html(&asker)),
        arg("what", html(what)),
        arg("by", html(&me.label())),
    ];
    let id = if yes {
        "approve-done"
    } else {
        "approve-refused"
    };
    let text = ctx.app.i18n.text(v.lang, id, &args);
    let edit = Outgoing::Edit {
        message: p.message,
        text: text.clone(),
        buttons: vec![],
    };
    ctx.emit(p.chat, edit, None, Purpose::Info).await?;
    if p.chat != v.chat_id {
        ctx.send(v.chat_id, text, None, vec![]).await?;
    }
    Ok(())
}

/// Whether `me` may decide this request now.
async fn may_decide(
    ctx: &mut Ctx<'_>,
    a: &Approval,
    v: &Village,
    me: &Person,
) -> Result<bool, AppError> {
    let super_admin = ctx.app.is_super_admin(me.tg_user_id);
    Ok(match a.kind {
        Kind::Team => {
            let roles = ctx.roles(v, me, false).await?;
            let captain = grid::captain_of(&mut ctx.tx, TeamId(a.subject)).await?;
            roles.is_cadre() || captain == Some(me.id)
        }
        Kind::Township => {
            super_admin
                || townships::cadres(&mut ctx.tx, a.subject)
                    .await?
                    .contains(&me.id)
        }
        Kind::Village => super_admin,
    })
}

/// Does what was approved; returns the name of what was asked for.
async fn carry_out(
    ctx: &mut Ctx<'_>,
    a: &Approval,
    v: &Village,
    me: &Person,
    yes: bool,
) -> Result<String, AppError> {
    Ok(match a.kind {
        Kind::Team => {
            let team = grid::team(&mut ctx.tx, TeamId(a.subject)).await?;
            if yes && team.is_some() {
                let post = Post::Volunteer(TeamId(a.subject));
                grid::appoint(&mut ctx.tx, v.id, a.person, post, Some(me.id), ctx.now).await?;
            }
            team.map(|t| t.name).unwrap_or_default()
        }
        Kind::Township => {
            if yes {
                townships::join(&mut ctx.tx, v.id, a.subject).await?;
            }
            townships::name(&mut ctx.tx, a.subject)
                .await?
                .unwrap_or_default()
        }
        Kind::Village => {
            if yes {
                villages::set_approved(&mut ctx.tx, v.id, true).await?;
            }
            v.name.clone()
        }
    })
}
