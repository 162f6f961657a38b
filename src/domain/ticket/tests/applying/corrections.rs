//! Urgency and corrections of intake, move by move: who may, what the deadline becomes.

use super::*;

#[test]
fn urgency_shortens_the_deadline_and_only_a_cadre_or_chief_drops_it() {
    let holder = Actor {
        person: Some(CHIEF),
        assignee: true,
        ..Actor::default()
    };
    let cadre = Actor {
        person: Some(CADRE),
        cadre: true,
        ..Actor::default()
    };
    let resident = Actor {
        requester: true,
        ..Actor::default()
    };
    let t = ticket(S::Assigned, Holder::Person(CHIEF));
    assert_eq!(
        run(&t, Action::Urgency(true), resident, HOUR),
        Err(Refusal::NotAllowed)
    );
    let on = run(&t, Action::Urgency(true), holder, HOUR).expect("raised");
    assert_eq!(on.events, vec![TicketEvent::Urgency(true)]);
    let on = on.ticket;
    assert!(on.urgent);
    assert_eq!((on.deadline_at, on.state), (3 * HOUR, S::Assigned));
    assert_eq!(
        run(&on, Action::Urgency(true), cadre, HOUR),
        Err(Refusal::AlreadyThere)
    );
    assert_eq!(
        run(&on, Action::Urgency(false), holder, HOUR),
        Err(Refusal::NotAllowed)
    );
    let off = run(&on, Action::Urgency(false), cadre, 2 * HOUR).expect("dropped");
    assert!(!off.ticket.urgent);
    assert_eq!(
        off.ticket.deadline_at,
        25 * HOUR,
        "the tier's window from the mark"
    );
    // An urgent ticket passed up gets the urgent window, not the tier's.
    let up = run(
        &on,
        Action::PassUp(String::new()),
        Actor::system(),
        3 * HOUR,
    );
    assert_eq!(up.expect("climbs").ticket.deadline_at, 5 * HOUR);
    let done = ticket(S::Resolved, Holder::Person(CHIEF));
    assert!(matches!(
        run(&done, Action::Urgency(true), cadre, HOUR),
        Err(Refusal::WrongState(_))
    ));
}

#[test]
fn corrections_by_those_who_handle_it() {
    let chief = Actor {
        person: Some(CHIEF),
        neighbourhood_chief: true,
        ..Actor::default()
    };
    let resident = Actor {
        requester: true,
        ..Actor::default()
    };
    let member = Actor {
        team_member: true,
        ..Actor::default()
    };
    let t = ticket(S::Assigned, Holder::Person(CHIEF));
    for who in [resident, member] {
        assert_eq!(
            run(&t, Action::Recategorize(Category::Hazard), who, HOUR),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            run(&t, Action::NotARequest, who, HOUR),
            Err(Refusal::NotAllowed)
        );
    }
    let moved = run(&t, Action::Recategorize(Category::Hazard), chief, HOUR).expect("moved");
    assert_eq!(
        moved.events,
        vec![TicketEvent::Recategorized("hazard".into())]
    );
    assert_eq!(
        (moved.ticket.category, moved.ticket.state),
        (Category::Hazard, S::Assigned)
    );
    assert_eq!(
        run(
            &moved.ticket,
            Action::Recategorize(Category::Hazard),
            chief,
            HOUR
        ),
        Err(Refusal::AlreadyThere)
    );
    let gone = run(&t, Action::NotARequest, chief, HOUR).expect("withdrawn");
    assert_eq!(gone.events, vec![TicketEvent::Dismissed]);
    assert_eq!(gone.ticket.state, S::Cancelled);
    assert!(matches!(
        run(&gone.ticket, Action::NotARequest, chief, HOUR),
        Err(Refusal::WrongState(_))
    ));
}
