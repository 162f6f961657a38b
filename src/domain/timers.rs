//! What timers a ticket needs now (reminders, escalation, rating follow-up, "still fixed?"), and
//! whether a timer set earlier still applies. Pure: the scheduler stores and fires them.

use super::{Category, Span, TicketState};

/// Kinds of timed work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// A reminder to the holder at a fraction of the deadline.
    Remind,
    /// An urgent ticket's reminder, every `urgent_every` until it is done.
    UrgentRemind,
    /// The deadline passed: one step up the ladder.
    Escalate,
    /// A resolved ticket is still unrated.
    RateRemind,
    /// A resolved ticket nobody rated closes itself.
    AutoClose,
    /// Ask the requester whether the fix held.
    StillFixed,
    /// The morning digest of a village (group and chiefs).
    Digest,
    /// The weekly evaluation report to a village's cadres.
    Weekly,
    /// A village's care visits that fell due: reminders to chiefs, escalations to the cadre.
    CareRound,
}

impl JobKind {
    pub const ALL: [JobKind; 9] = [
        JobKind::Remind,
        JobKind::UrgentRemind,
        JobKind::Escalate,
        JobKind::RateRemind,
        JobKind::AutoClose,
        JobKind::StillFixed,
        JobKind::Digest,
        JobKind::Weekly,
        JobKind::CareRound,
    ];

    pub fn key(self) -> &'static str {
        match self {
            JobKind::Remind => "remind",
            JobKind::UrgentRemind => "urgent_remind",
            JobKind::Escalate => "escalate",
            JobKind::RateRemind => "rate_remind",
            JobKind::AutoClose => "auto_close",
            JobKind::StillFixed => "still_fixed",
            JobKind::Digest => "digest",
            JobKind::Weekly => "weekly",
            JobKind::CareRound => "care_round",
        }
    }

    pub fn from_key(key: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether firing it sends a message that quiet hours hold back (unless the ticket is urgent).
    pub fn speaks(self) -> bool {
        !matches!(self, JobKind::AutoClose)
    }
}

/// Reminders of one urgent window at most (a window far longer than the interval is a mistake,
/// not a reason to write thousands of timers).
const MAX_URGENT_REMINDERS: i64 = 48;

/// The configured timings.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerPlan {
    /// Fractions of the deadline window at which the holder is reminded.
    pub remind_at: Vec<f64>,
    /// How often the holder of an urgent ticket is reminded.
    pub urgent_every: Span,
    pub rating_reminder: Span,
    pub auto_close: Span,
    pub still_fixed: Span,
}

/// What the planner needs to know of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketTimes {
    pub state: TicketState,
    pub category: Category,
    pub urgent: bool,
    pub deadline_at: i64,
    /// The length of the current deadline window (the tier's time).
    pub window: Span,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// One timer to set: `stamp` ties it to the ticket moment it was planned for, so a later change
/// (new deadline, reopened, rated) makes it void.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedJob {
    pub kind: JobKind,
    pub due_at: i64,
    pub stamp: i64,
    /// Distinguishes reminders of one deadline (per mille of the window).
    pub part: i64,
}

/// Categories whose fixes are checked again after a while (FixMyStreet's questionnaire).
pub fn checks_back(c: Category) -> bool {
    matches!(
        c,
        Category::Repair | Category::Sanitation | Category::Hazard
    )
}

/// The timers a ticket needs in its current state.
pub fn plan(t: &TicketTimes, p: &TimerPlan) -> Vec<PlannedJob> {
    let mut jobs = vec![];
    let job = |kind, due_at, stamp, part| PlannedJob {
        kind,
        due_at,
        stamp,
        part,
    };
    match t.state {
        TicketState::New | TicketState::Assigned | TicketState::InProgress => {
            let window = t.window.as_secs();
            let start = t.deadline_at - window;
            if t.urgent {
                // Every `urgent_every` from the window's start until the deadline.
                let every = p.urgent_every.as_secs().max(1);
                for k in 1..=((window - 1).max(0) / every).min(MAX_URGENT_REMINDERS) {
                    jobs.push(job(
                        JobKind::UrgentRemind,
                        start + k * every,
                        t.deadline_at,
                        k,
                    ));
                }
            } else {
                for f in p.remind_at.iter().filter(|f| (0.0..1.0).contains(*f)) {
                    let part = (f * 1000.0).round() as i64;
                    jobs.push(job(
                        JobKind::Remind,
                        start + window * part / 1000,
                        t.deadline_at,
                        part,
                    ));
                }
            }
            jobs.push(job(JobKind::Escalate, t.deadline_at, t.deadline_at, 0));
        }
        TicketState::Resolved => {
            if let Some(r) = t.resolved_at {
                jobs.push(job(
                    JobKind::RateRemind,
                    r + p.rating_reminder.as_secs(),
                    r,
                    0,
                ));
                jobs.push(job(JobKind::AutoClose, r + p.auto_close.as_secs(), r, 0));
            }
        }
        TicketState::Closed => {
            if let (Some(c), Some(_)) = (t.closed_at, t.resolved_at) {
                if checks_back(t.category) {
                    jobs.push(job(JobKind::StillFixed, c + p.still_fixed.as_secs(), c, 0));
                }
            }
        }
        TicketState::Cancelled => {}
    }
    jobs
}

/// Whether a timer set for `stamp` still applies to the ticket as it is now.
pub fn still_applies(kind: JobKind, stamp: i64, t: &TicketTimes) -> bool {
    match kind {
        JobKind::Escalate => t.state.is_open() && t.deadline_at == stamp,
        JobKind::Remind => t.state.is_open() && !t.urgent && t.deadline_at == stamp,
        JobKind::UrgentRemind => t.state.is_open() && t.urgent && t.deadline_at == stamp,
        JobKind::RateRemind | JobKind::AutoClose => {
            t.state == TicketState::Resolved && t.resolved_at == Some(stamp)
        }
        JobKind::StillFixed => t.state == TicketState::Closed && t.closed_at == Some(stamp),
        JobKind::Digest | JobKind::Weekly | JobKind::CareRound => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_() -> TimerPlan {
        TimerPlan {
            remind_at: vec![0.5, 0.9],
            urgent_every: Span::minutes(30),
            rating_reminder: Span::days(1),
            auto_close: Span::days(3),
            still_fixed: Span::days(7),
        }
    }

    fn open(urgent: bool) -> TicketTimes {
        TicketTimes {
            state: TicketState::Assigned,
            category: Category::Repair,
            urgent,
            deadline_at: 86_400,
            window: Span::hours(24),
            resolved_at: None,
            closed_at: None,
        }
    }

    #[test]
    fn open_tickets_get_reminders_and_an_escalation() {
        let jobs = plan(&open(false), &plan_());
        let at: Vec<(JobKind, i64)> = jobs.iter().map(|j| (j.kind, j.due_at)).collect();
        assert_eq!(
            at,
            vec![
                (JobKind::Remind, 43_200),
                (JobKind::Remind, 77_760),
                (JobKind::Escalate, 86_400)
            ]
        );
    }

    #[test]
    fn urgent_tickets_are_reminded_every_half_hour_until_done() {
        let mut t = open(true);
        t.window = Span::hours(2);
        t.deadline_at = 7_200;
        let at: Vec<(JobKind, i64)> = plan(&t, &plan_())
            .iter()
            .map(|j| (j.kind, j.due_at))
            .collect();
        assert_eq!(
            at,
            vec![
                (JobKind::UrgentRemind, 1_800),
                (JobKind::UrgentRemind, 3_600),
                (JobKind::UrgentRemind, 5_400),
                (JobKind::Escalate, 7_200)
            ]
        );
        t.state = TicketState::InProgress;
        assert!(still_applies(JobKind::UrgentRemind, 7_200, &t));
        assert!(!still_applies(JobKind::Remind, 7_200, &t));
        t.urgent = false;
        assert!(!still_applies(JobKind::UrgentRemind, 7_200, &t));
        t.state = TicketState::Resolved;
        assert!(!still_applies(JobKind::Escalate, 7_200, &t));
    }

    #[test]
    fn a_new_deadline_voids_old_timers() {
        let mut t = open(false);
        assert!(still_applies(JobKind::Escalate, 86_400, &t));
        t.deadline_at = 200_000;
        assert!(!still_applies(JobKind::Escalate, 86_400, &t));
        t.state = TicketState::Closed;
        assert!(!still_applies(JobKind::Remind, 200_000, &t));
    }

    #[test]
    fn resolved_and_closed_follow_ups() {
        let mut t = open(false);
        t.state = TicketState::Resolved;
        t.resolved_at = Some(1000);
        let kinds: Vec<_> = plan(&t, &plan_())
            .iter()
            .map(|j| (j.kind, j.due_at))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (JobKind::RateRemind, 1000 + 86_400),
                (JobKind::AutoClose, 1000 + 3 * 86_400)
            ]
        );
        t.state = TicketState::Closed;
        t.closed_at = Some(5000);
        assert_eq!(
            plan(&t, &plan_()).first().map(|j| j.kind),
            Some(JobKind::StillFixed)
        );
        t.category = Category::Dispute;
        assert!(
            plan(&t, &plan_()).is_empty(),
            "disputes are not asked about again"
        );
        t.category = Category::Repair;
        t.resolved_at = None;
        assert!(
            plan(&t, &plan_()).is_empty(),
            "closed without a fix: nothing to check"
        );
    }
}
