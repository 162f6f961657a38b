//! The state machine, move by move.

use super::*;
use crate::domain::routing::{Holder, Level, Route};
use TicketState as S;

const ROUTE: Route = Route {
    holder: Holder::Person(PersonId(7)),
    level: Level::Grid,
};

/// The state-level table for an action that is not a pass-up at the top.
fn decide(state: TicketState, action: &Action, actor: &Actor) -> Result<Transition, Refusal> {
    super::decide(state, action, actor, false)
}

fn who(f: impl FnOnce(&mut Actor)) -> Actor {
    let mut a = Actor::default();
    f(&mut a);
    a
}

#[test]
fn happy_path_from_new_to_closed() {
    let holder = who(|a| a.assignee = true);
    let requester = who(|a| a.requester = true);
    let t = decide(S::New, &Action::Assign(ROUTE), &Actor::system()).map(|t| t.state);
    assert_eq!(t, Ok(S::Assigned));
    assert_eq!(
        decide(S::Assigned, &Action::Take, &holder).map(|t| t.state),
        Ok(S::InProgress)
    );
    assert_eq!(
        decide(S::InProgress, &Action::Done("fixed".into()), &holder).map(|t| t.state),
        Ok(S::Resolved)
    );
    let rated = decide(S::Resolved, &Action::Rate(5), &requester);
    assert_eq!(rated.as_ref().map(|t| t.state), Ok(S::Closed));
    assert_eq!(
        rated.map(|t| t.events[0].clone()),
        Ok(TicketEvent::Rated(5))
    );
}

#[test]
fn low_rating_reopens() {
    let requester = who(|a| a.requester = true);
    let t = decide(S::Resolved, &Action::Rate(2), &requester);
    assert_eq!(
        t,
        Ok(Transition {
            state: S::Assigned,
            events: vec![TicketEvent::Rated(2), TicketEvent::Reopened]
        })
    );
}

#[test]
fn only_the_requester_rates_and_only_one_to_five() {
    let cadre = who(|a| a.cadre = true);
    let requester = who(|a| a.requester = true);
    assert_eq!(
        decide(S::Resolved, &Action::Rate(5), &cadre),
        Err(Refusal::NotRequester)
    );
    for bad in [0, 6] {
        assert_eq!(
            decide(S::Resolved, &Action::Rate(bad), &requester),
            Err(Refusal::BadRating)
        );
    }
    assert_eq!(
        decide(S::Closed, &Action::Rate(4), &requester),
        Err(Refusal::WrongState(S::Closed))
    );
}

#[test]
fn strangers_cannot_touch_a_ticket() {
    let stranger = Actor::default();
    for action in [
        Action::Take,
        Action::Done(String::new()),
        Action::Assign(ROUTE),
        Action::Cancel,
        Action::Reopen,
        Action::Close(String::new()),
        Action::Note("x".into()),
    ] {
        assert_eq!(
            decide(S::Assigned, &action, &stranger),
            Err(Refusal::NotAllowed),
            "{action:?}"
        );
    }
}

#[test]
fn pass_up_climbs_until_the_top() {
    let holder = who(|a| a.assignee = true);
    let up = Action::PassUp("too big".into());
    assert_eq!(
        decide(S::InProgress, &up, &holder).map(|t| t.state),
        Ok(S::Assigned)
    );
    assert_eq!(
        super::decide(S::Assigned, &up, &holder, true),
        Err(Refusal::AtTop)
    );
}

#[test]
fn final_states_refuse_everything_but_reopen() {
    let cadre = who(|a| {
        a.cadre = true;
        a.requester = true
    });
    for state in [S::Closed, S::Cancelled] {
        assert!(decide(state, &Action::Done(String::new()), &cadre).is_err());
        assert!(decide(state, &Action::Cancel, &cadre).is_err());
    }
    assert_eq!(
        decide(S::Closed, &Action::Reopen, &cadre).map(|t| t.state),
        Ok(S::Assigned)
    );
    assert!(decide(S::Cancelled, &Action::Reopen, &cadre).is_err());
}

#[test]
fn team_members_take_and_captains_dispatch() {
    let member = who(|a| a.team_member = true);
    let captain = who(|a| {
        a.team_member = true;
        a.captain = true
    });
    assert_eq!(
        decide(S::Assigned, &Action::Take, &member).map(|t| t.state),
        Ok(S::InProgress)
    );
    assert_eq!(
        decide(S::Assigned, &Action::Dispatch(PersonId(8)), &member),
        Err(Refusal::NotAllowed)
    );
    assert!(decide(S::Assigned, &Action::Dispatch(PersonId(8)), &captain).is_ok());
}

#[test]
fn state_keys_round_trip() {
    for s in TicketState::ALL {
        assert_eq!(s.key().parse::<TicketState>(), Ok(s));
    }
}

#[test]
fn the_follow_up_question_reopens_or_confirms() {
    let requester = who(|a| a.requester = true);
    let no = Action::FollowUp { still_fixed: false };
    let yes = Action::FollowUp { still_fixed: true };
    assert_eq!(
        decide(S::Closed, &no, &requester).map(|t| t.state),
        Ok(S::Assigned)
    );
    assert_eq!(
        decide(S::Closed, &yes, &requester).map(|t| t.events),
        Ok(vec![TicketEvent::Confirmed])
    );
    let cadre = who(|a| a.cadre = true);
    assert_eq!(decide(S::Closed, &no, &cadre), Err(Refusal::NotRequester));
    assert!(decide(S::Cancelled, &no, &requester).is_err());
}

#[test]
fn only_cadres_retier_and_merge_open_tickets() {
    let cadre = who(|a| a.cadre = true);
    let holder = who(|a| a.assignee = true);
    let retier = Action::Retier(crate::domain::Tier::Complex);
    assert_eq!(
        decide(S::InProgress, &retier, &cadre).map(|t| t.state),
        Ok(S::InProgress)
    );
    assert_eq!(
        decide(S::InProgress, &retier, &holder),
        Err(Refusal::NotAllowed)
    );
    assert!(decide(S::Closed, &retier, &cadre).is_err());
    let merge = Action::Merge("#3".into());
    assert_eq!(
        decide(S::Assigned, &merge, &cadre).map(|t| t.state),
        Ok(S::Cancelled)
    );
    assert!(decide(S::Resolved, &merge, &cadre).is_err());
}

mod applying {
    use super::*;
    use crate::domain::routing::RoutingFacts;
    use crate::domain::{Category, ChatId, MessageId, TeamId, TicketId, TicketNo, VillageId};

    const CHIEF: PersonId = PersonId(1);
    const CADRE: PersonId = PersonId(2);
    const TOWNSHIP: PersonId = PersonId(3);
    const HOUR: i64 = 3600;

    mod corrections;

    fn ticket(state: TicketState, holder: Holder) -> Ticket {
        Ticket {
            id: TicketId(1),
            village: VillageId(1),
            no: TicketNo::new(1).expect("ticket number"),
            requester: PersonId(9),
            chat: ChatId(-1),
            source_message: MessageId(1),
            body: "路灯坏了".into(),
            category: Category::Repair,
            tier: Tier::Simple,
            urgent: false,
            location: None,
            state,
            level: Level::Grid,
            holder: Some(holder),
            last_note: None,
            deadline_at: 24 * HOUR,
            created_at: 0,
            resolved_at: None,
            closed_at: None,
            rating: None,
            card_message: None,
        }
    }

    fn run(t: &Ticket, action: Action, actor: Actor, now: i64) -> Result<Applied, Refusal> {
        let ladder = RoutingFacts {
            duty_cadre: Some(CADRE),
            township_cadre: Some(TOWNSHIP),
            ..RoutingFacts::default()
        };
        let c = Circumstances {
            actor,
            deadlines: &Deadlines::default(),
            ladder: &ladder,
        };
        apply(t, &action, &c, now)
    }

    #[test]
    fn passing_up_gives_the_next_step_a_full_window_and_stops_at_the_top() {
        let t = ticket(S::InProgress, Holder::Person(CHIEF));
        let up = run(&t, Action::PassUp("big".into()), Actor::system(), 30 * HOUR);
        let up = up.expect("climbs").ticket;
        assert_eq!(
            (up.holder, up.level, up.state),
            (Some(Holder::Person(CADRE)), Level::Village, S::Assigned)
        );
        assert_eq!(up.deadline_at, 54 * HOUR);
        let top = run(
            &up,
            Action::PassUp(String::new()),
            Actor::system(),
            60 * HOUR,
        );
        let top = top.expect("climbs").ticket;
        assert_eq!(top.level, Level::Township);
        assert_eq!(
            run(&top, Action::PassUp(String::new()), Actor::system(), 0),
            Err(Refusal::AtTop)
        );
    }

    #[test]
    fn done_then_a_low_rating_reopens_with_a_fresh_deadline() {
        let holder = Actor {
            person: Some(CHIEF),
            assignee: true,
            ..Actor::default()
        };
        let t = ticket(S::InProgress, Holder::Person(CHIEF));
        let done = run(&t, Action::Done("换了灯泡".into()), holder, 5 * HOUR);
        let done = done.expect("done").ticket;
        assert_eq!(done.resolved_at, Some(5 * HOUR));
        assert_eq!(done.last_note.as_deref(), Some("换了灯泡"));
        let requester = Actor {
            requester: true,
            ..Actor::default()
        };
        let low = run(&done, Action::Rate(1), requester, 10 * HOUR).expect("rated");
        assert_eq!(
            low.events,
            vec![TicketEvent::Rated(1), TicketEvent::Reopened]
        );
        let low = low.ticket;
        assert_eq!(
            (low.state, low.rating, low.resolved_at),
            (S::Assigned, Some(1), None)
        );
        assert_eq!(low.deadline_at, 34 * HOUR);
        let high = run(&done, Action::Rate(5), requester, 10 * HOUR).expect("rated");
        assert_eq!(high.ticket.closed_at, Some(10 * HOUR));
        assert_eq!(high.ticket.resolved_at, Some(5 * HOUR));
    }

    #[test]
    fn closing_stamps_the_time_once_and_reopening_clears_it() {
        let cadre = Actor {
            cadre: true,
            ..Actor::default()
        };
        let t = ticket(S::Resolved, Holder::Person(CHIEF));
        let closed = run(&t, Action::Close(String::new()), cadre, 7 * HOUR);
        let closed = closed.expect("closed").ticket;
        assert_eq!(closed.closed_at, Some(7 * HOUR));
        let reopened = run(&closed, Action::Reopen, cadre, 8 * HOUR);
        let reopened = reopened.expect("reopened").ticket;
        assert_eq!((reopened.closed_at, reopened.resolved_at), (None, None));
        assert_eq!(reopened.deadline_at, 32 * HOUR);
    }

    #[test]
    fn a_new_tier_moves_the_deadline_from_the_same_start() {
        let cadre = Actor {
            cadre: true,
            ..Actor::default()
        };
        let t = ticket(S::Assigned, Holder::Person(CHIEF));
        let moved = run(&t, Action::Retier(Tier::Complex), cadre, 2 * HOUR);
        let moved = moved.expect("retiered").ticket;
        assert_eq!(
            (moved.tier, moved.deadline_at),
            (Tier::Complex, 7 * 24 * HOUR)
        );
    }

    #[test]
    fn a_member_who_takes_a_team_ticket_holds_it() {
        let member = Actor {
            person: Some(PersonId(5)),
            team_member: true,
            ..Actor::default()
        };
        let t = ticket(S::Assigned, Holder::Team(TeamId(4)));
        let taken = run(&t, Action::Take, member, HOUR).expect("taken");
        assert_eq!(taken.ticket.holder, Some(Holder::Person(PersonId(5))));
        assert_eq!(taken.ticket.state, S::InProgress);
        let dispatched = run(&t, Action::Dispatch(PersonId(6)), member, HOUR);
        assert_eq!(dispatched, Err(Refusal::NotAllowed));
        assert_eq!(t.holder, Some(Holder::Team(TeamId(4))));
    }

    #[test]
    fn private_matters_show_details_only_to_those_involved_in_private() {
        let mut t = ticket(S::Assigned, Holder::Person(CHIEF));
        let stranger = Actor::default();
        let requester = Actor {
            requester: true,
            ..Actor::default()
        };
        assert!(t.shows_details_to(&stranger, false));
        t.category = Category::Dispute;
        assert!(!t.shows_details_to(&stranger, true));
        assert!(!t.shows_details_to(&requester, false));
        assert!(t.shows_details_to(&requester, true));
    }

    #[test]
    fn duplicates_merge_only_into_another_open_ticket() {
        let main = ticket(S::InProgress, Holder::Person(CHIEF));
        let mut dup = main.clone();
        assert!(!main.takes_duplicate(&dup));
        dup.id = TicketId(2);
        assert!(main.takes_duplicate(&dup));
        let closed = ticket(S::Closed, Holder::Person(CHIEF));
        assert!(!closed.takes_duplicate(&dup));
    }
}
