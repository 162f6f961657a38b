//! What a ticket's life earns, event by event.

use super::*;
use crate::domain::routing::Level;
use crate::domain::{Category, ChatId, MessageId, TicketId, TicketNo, TicketState, VillageId};

const CHIEF: PersonId = PersonId(5);
const MEMBER: PersonId = PersonId(6);

fn ticket(tier: Tier, deadline_at: i64, resolved_at: Option<i64>) -> Ticket {
    Ticket {
        id: TicketId(42),
        village: VillageId(1),
        no: TicketNo::new(1).expect("ticket number"),
        requester: PersonId(9),
        chat: ChatId(-1),
        source_message: MessageId(1),
        body: "路灯坏了".into(),
        category: Category::Repair,
        tier,
        urgent: false,
        location: None,
        state: TicketState::InProgress,
        level: Level::Grid,
        holder: Some(Holder::Person(CHIEF)),
        last_note: None,
        deadline_at,
        created_at: 0,
        resolved_at,
        closed_at: None,
        rating: None,
        card_message: None,
    }
}

fn change<'a>(
    before: &'a Ticket,
    after: &'a Ticket,
    events: &'a [TicketEvent],
    by: Option<PersonId>,
) -> Change<'a> {
    Change {
        before,
        after,
        events,
        by,
        completer: Some(CHIEF),
    }
}

fn sum(awards: &[Award]) -> i64 {
    awards.iter().map(|a| a.delta).sum()
}

#[test]
fn completion_earns_by_tier_with_a_bonus_for_time() {
    let rules = PointsRules::default();
    let before = ticket(Tier::Complex, 100, None);
    let after = ticket(Tier::Complex, 100, Some(90));
    let events = [TicketEvent::Resolved("修好了".into())];
    let awards = earned(&rules, change(&before, &after, &events, Some(MEMBER)));
    assert_eq!(sum(&awards), rules.complex + rules.on_time);
    assert!(
        awards.iter().all(|a| a.person == MEMBER),
        "the one who did it"
    );
    assert_eq!(awards[0].once_key.as_deref(), Some("done:42"));
    let late = ticket(Tier::Complex, 100, Some(101));
    let awards = earned(&rules, change(&before, &late, &events, Some(MEMBER)));
    assert_eq!(sum(&awards), rules.complex, "no bonus after the deadline");
}

#[test]
fn ratings_and_reopening() {
    let rules = PointsRules::default();
    let t = ticket(Tier::Simple, 100, Some(90));
    let good = [TicketEvent::Rated(5), TicketEvent::Closed(String::new())];
    let awards = earned(&rules, change(&t, &t, &good, Some(PersonId(9))));
    assert_eq!(awards.len(), 1);
    assert_eq!(
        (awards[0].person, awards[0].delta),
        (CHIEF, rules.good_rating)
    );
    let bad = [TicketEvent::Rated(1), TicketEvent::Reopened];
    let awards = earned(&rules, change(&t, &t, &bad, Some(PersonId(9))));
    assert_eq!(sum(&awards), -rules.reopened);
    let cadre_reopens = [TicketEvent::Reopened];
    assert!(earned(&rules, change(&t, &t, &cadre_reopens, Some(PersonId(2)))).is_empty());
    let three = [TicketEvent::Rated(3), TicketEvent::Closed(String::new())];
    assert!(earned(&rules, change(&t, &t, &three, None)).is_empty());
}

#[test]
fn only_the_deadline_costs_the_holder() {
    let rules = PointsRules::default();
    let t = ticket(Tier::Simple, 100, None);
    let up = [TicketEvent::Escalated("overdue".into())];
    let awards = earned(&rules, change(&t, &t, &up, None));
    assert_eq!((awards[0].person, awards[0].delta), (CHIEF, -rules.late));
    assert!(
        earned(&rules, change(&t, &t, &up, Some(CHIEF))).is_empty(),
        "passing a ticket up oneself is no lateness"
    );
}

#[test]
fn switched_off_or_zero_gives_nothing() {
    let off = PointsRules {
        enabled: false,
        ..PointsRules::default()
    };
    let before = ticket(Tier::Simple, 100, None);
    let after = ticket(Tier::Simple, 100, Some(90));
    let events = [TicketEvent::Resolved(String::new())];
    assert!(earned(&off, change(&before, &after, &events, Some(CHIEF))).is_empty());
    let zero = PointsRules {
        on_time: 0,
        ..PointsRules::default()
    };
    assert_eq!(
        earned(&zero, change(&before, &after, &events, Some(CHIEF))).len(),
        1
    );
    assert_eq!(PointsRules { late: -1, ..zero }.invalid(), Some("late"));
}
