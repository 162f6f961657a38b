//! Recording a care visit: `/visit <household> <note>`, or a reply (words or a photo) to a visit
//! reminder. The next visit falls due one interval later; a note that describes a need becomes a
//! ticket for the household, asked for by the chief on its behalf.

use super::find::{self, Found};
use super::round;
use crate::app::commands::args::{first_word, Asked};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::intake::open::open_ticket;
use crate::app::render::text::html;
use crate::domain::care::Stage;
use crate::domain::intake::{Certainty, MessageKind};
use crate::i18n::arg;
use crate::store::care::{self, CareHousehold, NewVisit};
use crate::store::grid;
use crate::store::people::{self, Person};
use crate::store::villages::{self, Village};

/// The longest visit note kept.
const MAX_NOTE: usize = 500;

/// `/visit <household> <note>`: the household by @username or by its name (which may hold spaces).
pub async fn visit(ctx: &mut Ctx<'_>, q: Asked<'_>, args: &str) -> Result<(), AppError> {
    if !q.m.private {
        return ctx.reply(q.m, q.lang, "care-private", &[]).await;
    }
    let mine = find::looked_after(ctx, q.village, q.me).await?;
    let args = args.trim();
    let by_name = mine
        .iter()
        .filter(|h| !h.name.is_empty() && args.starts_with(h.name.as_str()))
        .max_by_key(|h| h.name.len());
    let (h, note) = match by_name {
        Some(h) => (Some(h.clone()), args[h.name.len()..].trim()),
        None => {
            let (who, note) = first_word(args);
            (by_username(ctx, q, who, &mine).await?, note)
        }
    };
    let Some(h) = h else {
        let args = [arg("who", html(first_word(args).0))];
        return ctx.reply(q.m, q.lang, "care-not-yours", &args).await;
    };
    if note.is_empty() && q.m.photo().is_none() {
        return ctx.reply(q.m, q.lang, "usage-visit-hint", &[]).await;
    }
    record(ctx, q.village, &h, q.me, q.m, note).await
}

/// One of `mine` named by @username.
async fn by_username(
    ctx: &mut Ctx<'_>,
    q: Asked<'_>,
    who: &str,
    mine: &[CareHousehold],
) -> Result<Option<CareHousehold>, AppError> {
    if !who.starts_with('@') {
        return Ok(None);
    }
    Ok(match find::household(ctx, q.village, who).await? {
        Found::One(p) => mine.iter().find(|h| h.person == p.id).cloned(),
        Found::Nobody | Found::Several => None,
    })
}

/// A reply in private chat to a visit reminder records the visit it names (or the only one due).
/// Returns false when the message is no such reply.
pub async fn on_reply(ctx: &mut Ctx<'_>, m: &ChatMessage, me: &Person) -> Result<bool, AppError> {
    let (true, Some(to)) = (m.private, m.reply_to) else {
        return Ok(false);
    };
    if !care::is_visit_prompt(&mut ctx.tx, m.chat.0, to.0).await? {
        return Ok(false);
    }
    let mut due: Vec<(Village, CareHousehold)> = vec![];
    for id in grid::villages_of(&mut ctx.tx, me.id).await? {
        let Some(v) = villages::by_id(&mut ctx.tx, id).await? else {
            continue;
        };
        for h in find::looked_after(ctx, &v, me).await? {
            due.push((v.clone(), h));
        }
    }
    let text = m.text.trim();
    let named: Vec<usize> = (0..due.len())
        .filter(|i| !due[*i].1.name.is_empty() && text.contains(due[*i].1.name.as_str()))
        .collect();
    let pick = match named.as_slice() {
        [one] => Some(*one),
        [] => {
            let waiting: Vec<usize> = (0..due.len())
                .filter(|i| due[*i].1.stage > Stage::Waiting)
                .collect();
            (waiting.len() == 1).then(|| waiting[0])
        }
        _ => None,
    };
    let lang = ctx.private_lang(&m.from);
    let Some(i) = pick else {
        ctx.reply(m, lang, "visit-which", &[]).await?;
        return Ok(true);
    };
    let (v, h) = due.swap_remove(i);
    let note = text.strip_prefix(h.name.as_str()).unwrap_or(text).trim();
    record(ctx, &v, &h, me, m, note).await?;
    Ok(true)
}

/// Records the visit, starts the next interval, answers with when it falls due, and opens a ticket
/// when the note describes a need.
async fn record(
    ctx: &mut Ctx<'_>,
    v: &Village,
    h: &CareHousehold,
    me: &Person,
    m: &ChatMessage,
    note: &str,
) -> Result<(), AppError> {
    if note.chars().count() > MAX_NOTE {
        let args = [arg("max", MAX_NOTE as i64)];
        return ctx.reply(m, v.lang, "visit-too-long", &args).await;
    }
    let plan = ctx.app.settings.care;
    let next = plan.due_after(h.level, ctx.now);
    let visit = NewVisit {
        village: v.id,
        person: h.person,
        visitor: Some(me.id),
        note,
        photo: m.photo(),
        due_at: h.due_at,
        next_due_at: next,
    };
    care::record_visit(&mut ctx.tx, visit, ctx.now).await?;
    let on_time = plan.on_time(h.due_at, ctx.now);
    let detail = format!("{} visited (on time: {on_time})", h.person);
    ctx.audit(Some(v.id), Some(me), "visit", &detail, true)
        .await?;
    round::schedule(ctx, v.id).await?;
    let view = ctx.app.view(v.lang);
    let args = [arg("who", html(&h.name)), arg("next", view.time(next))];
    ctx.reply(m, v.lang, "visit-recorded", &args).await?;
    need_to_ticket(ctx, v, h, m, note).await
}

/// A note like "他家水管坏了" or "needs a doctor": a ticket for the household, filed by the chief.
async fn need_to_ticket(
    ctx: &mut Ctx<'_>,
    v: &Village,
    h: &CareHousehold,
    m: &ChatMessage,
    note: &str,
) -> Result<(), AppError> {
    let c = ctx.app.intake.classify(note);
    if c.kind != MessageKind::Request || c.certainty() == Certainty::Low {
        return Ok(());
    }
    let Some(household) = people::get(&mut ctx.tx, h.person).await? else {
        return Ok(());
    };
    let source = ChatMessage {
        text: note.to_string(),
        ..m.clone()
    };
    if let Some(no) = open_ticket(ctx, v, &household, &source, &c).await? {
        let args = [arg("no", no.to_string()), arg("who", html(&h.name))];
        ctx.reply(m, v.lang, "visit-ticket", &args).await?;
    }
    Ok(())
}
