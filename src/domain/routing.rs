//! Who holds a ticket: first routing (chief → team → duty cadre) and the escalation ladder.

use serde::{Deserialize, Serialize};

use super::ids::{PersonId, TeamId};

/// The person or team responsible for a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Holder {
    Person(PersonId),
    Team(TeamId),
}

/// A step of the escalation ladder: "small things do not leave the group, big things do not leave
/// the village".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// A neighbourhood chief or a volunteer team.
    Grid,
    /// The village committee (its duty cadre).
    Village,
    /// The township.
    Township,
}

impl Level {
    pub fn key(self) -> &'static str {
        match self {
            Level::Grid => "grid",
            Level::Village => "village",
            Level::Township => "township",
        }
    }

    pub fn as_i64(self) -> i64 {
        match self {
            Level::Grid => 0,
            Level::Village => 1,
            Level::Township => 2,
        }
    }

    pub fn from_i64(n: i64) -> Level {
        match n {
            i64::MIN..=0 => Level::Grid,
            1 => Level::Village,
            _ => Level::Township,
        }
    }
}

/// Where a ticket goes and at which level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub holder: Holder,
    pub level: Level,
}

/// What the village knows about a requester and a category when routing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoutingFacts {
    /// The chief of the requester's registered neighbourhood.
    pub chief: Option<PersonId>,
    /// A volunteer team that serves the ticket's category.
    pub team: Option<TeamId>,
    pub duty_cadre: Option<PersonId>,
    pub township_cadre: Option<PersonId>,
}

/// First routing of a new ticket: chief of the neighbourhood, else team, else duty cadre.
pub fn route_ticket(facts: &RoutingFacts) -> Option<Route> {
    if let Some(chief) = facts.chief {
        return Some(Route {
            holder: Holder::Person(chief),
            level: Level::Grid,
        });
    }
    if let Some(team) = facts.team {
        return Some(Route {
            holder: Holder::Team(team),
            level: Level::Grid,
        });
    }
    escalate(Level::Grid, None, facts)
}

/// A route a cadre chooses by hand: a chief or team is the grid, the duty cadre the village.
pub fn route_to(holder: Holder, duty_cadre: Option<PersonId>) -> Route {
    let level = match holder {
        Holder::Person(p) if Some(p) == duty_cadre => Level::Village,
        _ => Level::Grid,
    };
    Route { holder, level }
}

/// The next holder above `level`, skipping steps with nobody in them and the current holder;
/// `None` at the top of the ladder, so escalation can never loop.
pub fn escalate(level: Level, current: Option<Holder>, facts: &RoutingFacts) -> Option<Route> {
    let ladder = [
        (Level::Village, facts.duty_cadre),
        (Level::Township, facts.township_cadre),
    ];
    ladder
        .into_iter()
        .filter(|(step, _)| *step > level)
        .find_map(|(step, who)| {
            let holder = Holder::Person(who?);
            (Some(holder) != current).then_some(Route {
                holder,
                level: step,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHIEF: PersonId = PersonId(1);
    const CADRE: PersonId = PersonId(2);
    const TOWNSHIP: PersonId = PersonId(3);
    const TEAM: TeamId = TeamId(9);

    #[test]
    fn chief_first_then_team_then_cadre() {
        let mut f = RoutingFacts {
            chief: Some(CHIEF),
            team: Some(TEAM),
            duty_cadre: Some(CADRE),
            township_cadre: None,
        };
        assert_eq!(
            route_ticket(&f).map(|r| r.holder),
            Some(Holder::Person(CHIEF))
        );
        f.chief = None;
        assert_eq!(route_ticket(&f).map(|r| r.holder), Some(Holder::Team(TEAM)));
        f.team = None;
        let r = route_ticket(&f);
        assert_eq!(
            r.map(|r| (r.holder, r.level)),
            Some((Holder::Person(CADRE), Level::Village))
        );
        f.duty_cadre = None;
        assert_eq!(route_ticket(&f), None);
    }

    #[test]
    fn escalation_climbs_and_stops_at_the_top() {
        let f = RoutingFacts {
            duty_cadre: Some(CADRE),
            township_cadre: Some(TOWNSHIP),
            ..RoutingFacts::default()
        };
        let up = escalate(Level::Grid, Some(Holder::Person(CHIEF)), &f);
        assert_eq!(up.map(|r| r.level), Some(Level::Village));
        let up = escalate(Level::Village, Some(Holder::Person(CADRE)), &f);
        assert_eq!(up.map(|r| r.holder), Some(Holder::Person(TOWNSHIP)));
        assert_eq!(
            escalate(Level::Township, Some(Holder::Person(TOWNSHIP)), &f),
            None
        );
    }

    #[test]
    fn escalation_skips_empty_steps_and_never_returns_to_the_same_holder() {
        let f = RoutingFacts {
            duty_cadre: Some(CADRE),
            ..RoutingFacts::default()
        };
        assert_eq!(escalate(Level::Village, None, &f), None);
        assert_eq!(escalate(Level::Grid, Some(Holder::Person(CADRE)), &f), None);
        let f = RoutingFacts {
            township_cadre: Some(TOWNSHIP),
            ..RoutingFacts::default()
        };
        assert_eq!(
            escalate(Level::Grid, None, &f).map(|r| r.level),
            Some(Level::Township)
        );
    }

    #[test]
    fn levels_round_trip() {
        for l in [Level::Grid, Level::Village, Level::Township] {
            assert_eq!(Level::from_i64(l.as_i64()), l);
        }
    }
}
