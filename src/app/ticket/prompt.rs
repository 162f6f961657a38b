//! Prompts whoever holds a ticket: a person privately or with a mention in the group; a team in the
//! group, with a button per member for the captain to dispatch it.

use super::history::history_lines;
use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Button, Outgoing, Purpose};
use crate::app::outbox::press::Press;
use crate::app::reach::{self, Notice};
use crate::app::render::text::{html, mention};
use crate::app::render::ticket::InGroup;
use crate::domain::routing::Holder;
use crate::domain::{TeamId, Ticket};
use crate::i18n::{arg, Lang};
use crate::store::villages::Village;
use crate::store::{grid, people};

/// Prompts whoever holds the ticket now; with `history` the prompt carries what happened so far.
pub async fn prompt_holder(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    history: bool,
) -> Result<(), AppError> {
    let lang = village.lang;
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
    if t.is_private() {
        text.push('\n');
        text.push_str(&view.t("prompt-sensitive", &[]));
    }
    match t.holder {
        Some(Holder::Person(p)) => {
            let Some(holder) = people::get(&mut ctx.tx, p).await? else {
                return Ok(());
            };
            let text = match reach::private_chat(&holder) {
                Some(_) => text,
                None => view.in_group(t, InGroup::Prompt, text),
            };
            let notice = Notice {
                person: p,
                group: village.chat_id,
                ticket: t.id,
                text,
                buttons: view.prompt_buttons(t),
                purpose: Purpose::Prompt,
            };
            reach::notify_person(ctx, &holder, notice).await
        }
        Some(Holder::Team(team)) => prompt_team(ctx, village, t, team, text).await,
        None => Ok(()),
    }
}

/// A team ticket goes to the group (so any member can take it), mentioning the captain.
async fn prompt_team(
    ctx: &mut Ctx<'_>,
    village: &Village,
    t: &Ticket,
    team: TeamId,
    text: String,
) -> Result<(), AppError> {
    let lang = village.lang;
    let (head, buttons) = team_call(ctx, lang, t, team).await?;
    let view = ctx.app.view(lang);
    let body = view.in_group(t, InGroup::TeamPrompt, text);
    let out = Outgoing::Send {
        text: format!("{head}\n{body}"),
        reply_to: None,
        buttons,
    };
    ctx.emit(village.chat_id, out, Some(t.id), Purpose::Prompt)
        .await
}

/// The call to a team in the group (its captain mentioned) and its buttons.
pub async fn team_call(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
    team: TeamId,
) -> Result<(String, Vec<Vec<Button>>), AppError> {
    let name = grid::team(&mut ctx.tx, team)
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let captain = match grid::captain_of(&mut ctx.tx, team).await? {
        Some(c) => people::get(&mut ctx.tx, c).await?,
        None => None,
    };
    let buttons = team_buttons(ctx, lang, t, team).await?;
    let head = ctx.app.view(lang).t(
        "team-prompt",
        &[
            arg("team", html(&name)),
            arg("captain", captain.as_ref().map(mention).unwrap_or_default()),
        ],
    );
    Ok((head, buttons))
}

/// "Take it" for any member, and a button per member (two a row, eight at most) for the captain.
async fn team_buttons(
    ctx: &mut Ctx<'_>,
    lang: Lang,
    t: &Ticket,
    team: TeamId,
) -> Result<Vec<Vec<Button>>, AppError> {
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
    Ok(rows)
}
