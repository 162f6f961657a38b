//! Acting on tickets from buttons and replies, and the prompts and closure notices that ask for it.

use super::act::{act, holder_label, notify, Acting};
use super::outgoing::{Button, Outgoing, Press, Purpose};
use super::render::{html, mention};
use super::reply::{parse_reply, ReplyVerb};
use super::{AppError, ButtonPress, ChatMessage, Ctx};
use crate::domain::routing::Holder;
use crate::domain::{Action, Refusal, TicketId};
use crate::i18n::{arg, Lang};
use crate::store::grid;
use crate::store::people::{self, Person};
use crate::store::tickets::{self, Ticket};
use crate::store::villages::{self, Village};

/// The localized sentence for a refusal.
pub fn refusal_text(ctx: &Ctx<'_>, lang: Lang, r: Refusal) -> String {
    let state = match r {
        Refusal::WrongState(s) => ctx.app.view(lang).state(s),
        _ => String::new(),
    };
    ctx.app
        .i18n
        .text(lang, r.message_id(), &[arg("state", state)])
}

async fn village_lang(ctx: &mut Ctx<'_>, t: &Ticket) -> Result<(Option<Village>, Lang), AppError> {
    let v = villages::by_id(&mut ctx.tx, t.village).await?;
    let lang = v
        .as_ref()
        .map_or(ctx.app.settings.default_lang(), |v| Lang::from_tag(&v.lang));
    Ok((v, lang))
}

/// A reply to a message linked to a ticket. Returns false when the reply is not for the ticket
/// (then it is read as an ordinary message).
pub async fn on_reply(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    ticket: TicketId,
    me: &Person,
) -> Result<bool, AppError> {
    let Some(t) = tickets::get(&mut ctx.tx, ticket).await? else {
        return Ok(false);
    };
    let (Some(village), lang) = village_lang(ctx, &t).await? else {
        return Ok(false);
    };
    let roles = ctx.roles(&village, me, false).await?;
    let actor = super::act::relation(ctx, &t, Acting::Person(me, roles)).await?;
    let verb = parse_reply(&m.text);
    let involved = actor.requester || actor.assignee || actor.team_member || actor.cadre;
    if !involved && matches!(verb, ReplyVerb::Note(_)) {
        return Ok(false);
    }
    let action = match verb {
        ReplyVerb::Take => Action::Take,
        ReplyVerb::Done(n) => Action::Done(n),
        ReplyVerb::PassUp(reason) => Action::PassUp(reason),
        ReplyVerb::Note(n) => Action::Note(n),
    };
    let is_note = matches!(action, Action::Note(_));
    match act(ctx, t, Acting::Person(me, roles), action).await? {
        Ok(t) => {
            let id = if is_note { "reply-noted" } else { "reply-done" };
            ctx.reply(m, lang, id, &[arg("no", t.no.to_string())])
                .await?;
        }
        Err(r) => {
            let text = refusal_text(ctx, lang, r);
            ctx.send(m.chat, text, Some(m.message), vec![]).await?;
        }
    }
    Ok(true)
}

/// A pressed button.
pub async fn on_press(ctx: &mut Ctx<'_>, p: ButtonPress) -> Result<(), AppError> {
    let me = ctx.person(&p.from).await?;
    let lang = ctx.private_lang(&p.from);
    let Some(press) = Press::decode(&p.data) else {
        let text = ctx.app.i18n.plain(lang, "button-stale");
        return ctx.answer(&p, Some(text)).await;
    };
    let ticket_id = match press {
        Press::Record(pending, yes) => {
            return super::intake::on_record(ctx, &p, &me, pending, yes).await
        }
        Press::Ack(id) => return super::announce::on_ack(ctx, &p, &me, id).await,
        Press::Accept(t)
        | Press::Done(t)
        | Press::PassUp(t)
        | Press::Rate(t, _)
        | Press::Dispatch(t, _)
        | Press::StillFixed(t, _) => t,
    };
    let Some(t) = tickets::get(&mut ctx.tx, ticket_id).await? else {
        let text = ctx.app.i18n.plain(lang, "button-stale");
        return ctx.answer(&p, Some(text)).await;
    };
    let (Some(village), lang) = village_lang(ctx, &t).await? else {
        return ctx.answer(&p, None).await;
    };
    let roles = ctx.roles(&village, &me, false).await?;
    let action = match press {
        Press::Accept(_) => Action::Take,
        Press::Done(_) => Action::Done(String::new()),
        Press::PassUp(_) => Action::PassUp(String::new()),
        Press::Rate(_, n) => Action::Rate(n),
        Press::StillFixed(_, still_fixed) => Action::FollowUp { still_fixed },
        Press::Dispatch(_, member) => {
            let is_member = match t.holder {
                Some(Holder::Team(team)) => {
                    grid::members(&mut ctx.tx, team).await?.contains(&member)
                }
                _ => false,
            };
            if !is_member {
                let text = refusal_text(ctx, lang, Refusal::WrongState(t.state));
                return ctx.answer(&p, Some(text)).await;
            }
            Action::Dispatch(member)
        }
        Press::Record(..) | Press::Ack(_) => return Ok(()),
    };
    let toast = match act(ctx, t, Acting::Person(&me, roles), action).await? {
        Ok(t) => ctx
            .app
            .i18n
            .text(lang, "press-done", &[arg("no", t.no.to_string())]),
        Err(r) => refusal_text(ctx, lang, r),
    };
    ctx.answer(&p, Some(toast)).await
}

/// Prompts whoever holds the ticket now; with `history` the prompt carries what happened so far.
pub async fn prompt_holder(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    history: bool,
) -> Result<(), AppError> {
    let lang = Lang::from_tag(&village.lang);
    let requester = match people::get(&mut ctx.tx, t.requester).await? {
        Some(p) => html(&p.label()),
        None => "?".into(),
    };
    let lines = if history {
        history_lines(ctx, lang, t).await?
    } else {
        vec![]
    };
    let view = ctx.app.view(lang);
    let mut text = view.prompt(t, &requester, &lines);
    if t.category.is_sensitive() {
        text.push('\n');
        text.push_str(&view.t("prompt-sensitive", &[]));
    }
    match t.holder {
        Some(Holder::Person(p)) => {
            let private = people::get(&mut ctx.tx, p)
                .await?
                .is_some_and(|p| p.private_ok && p.tg_user_id.is_some());
            let text = if t.category.is_sensitive() && !private {
                let no = t.no.to_string();
                ctx.app
                    .i18n
                    .text(lang, "prompt-sensitive-group", &[arg("no", no)])
            } else {
                text
            };
            notify(ctx, village.chat_id, p, t, text, Purpose::Prompt, true).await
        }
        Some(Holder::Team(team)) => prompt_team(ctx, village, t, team, text, lang).await,
        None => Ok(()),
    }
}

/// A team ticket goes to the group (so any member can take it), mentioning the captain, with a
/// button per member for the captain to dispatch it.
async fn prompt_team(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    team: crate::domain::TeamId,
    text: String,
    lang: Lang,
) -> Result<(), AppError> {
    let name = grid::team(&mut ctx.tx, team)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let captain = match grid::captain_of(&mut ctx.tx, team).await? {
        Some(c) => people::get(&mut ctx.tx, c).await?,
        None => None,
    };
    let mut rows = vec![vec![ctx
        .app
        .view(lang)
        .button("button-take", Press::Accept(t.id))]];
    let members = grid::members(&mut ctx.tx, team).await?;
    let mut row: Vec<Button> = vec![];
    for member in members.into_iter().take(8) {
        if let Some(p) = people::get(&mut ctx.tx, member).await? {
            row.push(Button {
                text: format!("→ {}", p.label()),
                data: Press::Dispatch(t.id, member).encode(),
            });
        }
        if row.len() == 2 {
            rows.push(std::mem::take(&mut row));
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    let head = ctx.app.i18n.text(
        lang,
        "team-prompt",
        &[
            arg("team", html(&name)),
            arg("captain", captain.as_ref().map(mention).unwrap_or_default()),
        ],
    );
    let body = if t.category.is_sensitive() {
        ctx.app.i18n.text(
            lang,
            "team-prompt-sensitive",
            &[arg("no", t.no.to_string())],
        )
    } else {
        text
    };
    let out = Outgoing::Send {
        text: format!("{head}\n{body}"),
        reply_to: None,
        buttons: rows,
    };
    ctx.emit(village.chat_id, out, Some(t.id), Purpose::Prompt)
        .await
}

/// The ticket's history, one line per event.
pub async fn history_lines(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
) -> Result<Vec<String>, AppError> {
    let events = tickets::events(&mut ctx.tx, t.id).await?;
    let mut lines = vec![];
    for e in events {
        let actor = match e.actor_id {
            Some(id) => people::get(&mut ctx.tx, crate::domain::PersonId(id))
                .await?
                .map(|p| html(&p.label())),
            None => None,
        };
        let view = ctx.app.view(lang);
        let actor = actor.unwrap_or_else(|| view.t("actor-bot", &[]));
        let action = view.t(&format!("event-{}", e.action), &[]);
        let note = e
            .note
            .map(|n| format!(" — {}", html(&super::render::clip(&n, 200))))
            .unwrap_or_default();
        lines.push(format!("{} · {actor} · {action}{note}", view.time(e.at)));
    }
    Ok(lines)
}

/// The closure notice: a reply to the resident's original message with rating buttons; for
/// sensitive categories it goes privately to the requester where possible.
pub async fn post_closure(ctx: &mut Ctx<'_>, lang: Lang, t: &Ticket) -> Result<(), AppError> {
    let holder = holder_label(ctx, t.holder).await?;
    let requester = people::get(&mut ctx.tx, t.requester).await?;
    let view = ctx.app.view(lang);
    let buttons = view.rating_buttons(t);
    let note = t
        .last_note
        .as_deref()
        .map(|n| html(&super::render::clip(n, 600)))
        .unwrap_or_default();
    let args = [
        arg("no", t.no.to_string()),
        arg("holder", holder),
        arg("note", note),
    ];
    let private = requester
        .as_ref()
        .and_then(|p| p.private_ok.then_some(p.tg_user_id).flatten());
    let (chat, text, reply_to) = match (t.category.is_sensitive(), private) {
        (true, Some(user)) => (
            crate::domain::ChatId(user.0),
            view.t("closure", &args),
            None,
        ),
        (true, None) => (
            t.chat,
            view.t("closure-sensitive", &args),
            Some(t.source_message),
        ),
        (false, _) => (t.chat, view.t("closure", &args), Some(t.source_message)),
    };
    let out = Outgoing::Send {
        text,
        reply_to,
        buttons,
    };
    ctx.emit(chat, out, Some(t.id), Purpose::Closure).await?;
    let followers = super::ticket_admin::follower_mentions(ctx, t.id).await?;
    if !followers.is_empty() && !t.category.is_sensitive() {
        let no = t.no.to_string();
        let text = ctx.app.i18n.text(
            lang,
            "closure-followers",
            &[arg("no", no), arg("who", followers)],
        );
        ctx.send(t.chat, text, Some(t.source_message), vec![])
            .await?;
    }
    Ok(())
}
