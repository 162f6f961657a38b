//! A village's care round, fired by its `care_round` timer: each household whose visit fell due is
//! reminded to its chief, reminded again as overdue, then passed to the duty cadre; everything one
//! person hears in a round comes as one message. The round sets the timer of the next one.

use std::collections::BTreeMap;

use crate::app::context::{AppError, Ctx};
use crate::app::outbox::message::{Outgoing, Purpose};
use crate::app::reach;
use crate::app::render::text::mention;
use crate::domain::care::Stage;
use crate::domain::timers::JobKind;
use crate::domain::{PersonId, VillageId};
use crate::i18n::arg;
use crate::store::care::{self, CareHousehold};
use crate::store::jobs::{self, NewJob};
use crate::store::villages::{self, Village};
use crate::store::{grid, people};

/// Sets the village's next round for the soonest step due (a round already set for that moment
/// stays; one set for another moment finds nothing and sets the next).
pub async fn schedule(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let grace = ctx.app.settings.care.grace.as_secs();
    let Some(at) = care::next_step_at(&mut ctx.tx, village, grace).await? else {
        return Ok(());
    };
    let kind = JobKind::CareRound.key();
    let key = format!("{kind}:{village}:{at}");
    let job = NewJob {
        kind,
        village,
        ticket: None,
        due_at: at,
        stamp: at,
        key: &key,
    };
    if jobs::schedule(&mut ctx.tx, job, ctx.now).await? {
        ctx.scheduled += 1;
    }
    Ok(())
}

/// What one person is told in a round, in the order the households fell due.
type Told = BTreeMap<PersonId, Vec<String>>;

/// Takes every due step of the village's care households and tells whom each concerns.
pub async fn run(ctx: &mut Ctx<'_>, village: VillageId) -> Result<(), AppError> {
    let plan = ctx.app.settings.care;
    let Some(v) = villages::by_id(&mut ctx.tx, village).await? else {
        return Ok(());
    };
    let due = care::due(&mut ctx.tx, village, ctx.now, plan.grace.as_secs()).await?;
    let mut told = Told::new();
    for h in &due {
        let Some(step) = plan.step(h.stage, h.due_at, ctx.now) else {
            continue;
        };
        care::set_stage(&mut ctx.tx, village, h.person, step).await?;
        let chief = match h.neighbourhood {
            Some(n) => grid::chief_of(&mut ctx.tx, n).await?,
            None => None,
        };
        let now_at = CareHousehold {
            stage: step,
            ..h.clone()
        };
        let line = super::view::line(ctx, v.lang, &now_at).await?;
        let to = match step {
            Stage::Escalated => v.duty_cadre,
            _ => chief.or(v.duty_cadre),
        };
        if let Some(to) = to {
            told.entry(to).or_default().push(line);
        }
        if step == Stage::Escalated {
            let detail = format!("{} overdue since {}", h.person, h.due_at);
            ctx.audit(Some(village), None, "care_escalated", &detail, true)
                .await?;
        }
    }
    for (person, lines) in told {
        tell(ctx, &v, person, &lines).await?;
    }
    schedule(ctx, village).await
}

/// One message for one person: privately the households and how to record a visit; in the group
/// (no private chat) only a mention asking them to open one, since care data stays private.
async fn tell(
    ctx: &mut Ctx<'_>,
    v: &Village,
    person: PersonId,
    lines: &[String],
) -> Result<(), AppError> {
    let Some(p) = people::get(&mut ctx.tx, person).await? else {
        return Ok(());
    };
    let view = ctx.app.view(v.lang);
    let count = arg("count", lines.len() as i64);
    let (chat, text, purpose) = match reach::private_chat(&p) {
        Some(chat) => {
            let head = view.t("visit-reminder-head", &[count]);
            let tail = view.t(
                if lines.len() == 1 {
                    "visit-reminder-tail-one"
                } else {
                    "visit-reminder-tail-several"
                },
                &[],
            );
            let text = format!("{head}\n{}\n\n{tail}", lines.join("\n"));
            (chat, text, Purpose::Visit)
        }
        None => {
            let text = view.t("visit-reminder-group", &[arg("who", mention(&p)), count]);
            (v.chat_id, text, Purpose::Info)
        }
    };
    let out = Outgoing::Send {
        text,
        reply_to: None,
        buttons: vec![],
    };
    ctx.emit(chat, out, None, purpose).await
}
