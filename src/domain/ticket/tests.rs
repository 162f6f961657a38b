//! The state machine, move by move.

use super::*;
use TicketState as S;

fn who(f: impl FnOnce(&mut Actor)) -> Actor {
    let mut a = Actor::default();
    f(&mut a);
    a
}

#[test]
fn happy_path_from_new_to_closed() {
    let holder = who(|a| a.assignee = true);
    let requester = who(|a| a.requester = true);
    let t = decide(S::New, &Action::Assign, &Actor::system()).map(|t| t.state);
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
        Action::Assign,
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
    let up = |at_top| Action::PassUp {
        reason: "too big".into(),
        at_top,
    };
    assert_eq!(
        decide(S::InProgress, &up(false), &holder).map(|t| t.state),
        Ok(S::Assigned)
    );
    assert_eq!(decide(S::Assigned, &up(true), &holder), Err(Refusal::AtTop));
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
        decide(S::Assigned, &Action::Dispatch, &member),
        Err(Refusal::NotAllowed)
    );
    assert!(decide(S::Assigned, &Action::Dispatch, &captain).is_ok());
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
