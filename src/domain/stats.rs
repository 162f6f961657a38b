//! Service statistics over a period: received, resolved, on time, overdue, median time to
//! resolve, ratings, by category. Pure: the caller passes the tickets and the time.

use std::collections::BTreeMap;

use super::{Category, TicketState};

/// What statistics need of one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketFacts {
    pub category: Category,
    pub state: TicketState,
    pub created_at: i64,
    pub deadline_at: i64,
    pub resolved_at: Option<i64>,
    pub rating: Option<i64>,
}

/// Figures for one period `[from, to)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub received: usize,
    pub resolved: usize,
    pub resolved_on_time: usize,
    pub overdue_now: usize,
    /// Seconds, over tickets resolved in the period.
    pub median_resolve_secs: Option<i64>,
    pub ratings: usize,
    pub average_rating: Option<f64>,
    /// Received and resolved per category.
    pub by_category: BTreeMap<Category, (usize, usize)>,
}

impl Stats {
    /// Share of resolved tickets resolved by their deadline, in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.resolved > 0).then(|| 100.0 * self.resolved_on_time as f64 / self.resolved as f64)
    }
}

/// Computes the figures of `[from, to)`; "overdue now" is measured at `to`.
pub fn compute(tickets: &[TicketFacts], from: i64, to: i64) -> Stats {
    let mut s = Stats::default();
    let within = |t: i64| t >= from && t < to;
    let mut durations = vec![];
    let mut rating_sum = 0;
    for t in tickets {
        let entry = s.by_category.entry(t.category).or_insert((0, 0));
        if within(t.created_at) {
            s.received += 1;
            entry.0 += 1;
        }
        if let Some(r) = t.resolved_at.filter(|r| within(*r)) {
            s.resolved += 1;
            entry.1 += 1;
            if r <= t.deadline_at {
                s.resolved_on_time += 1;
            }
            durations.push(r - t.created_at);
            if let Some(stars) = t.rating {
                s.ratings += 1;
                rating_sum += stars;
            }
        }
        if t.state.is_open() && t.deadline_at < to {
            s.overdue_now += 1;
        }
    }
    s.by_category
        .retain(|_, (received, resolved)| *received + *resolved > 0);
    durations.sort_unstable();
    s.median_resolve_secs = match durations.len() {
        0 => None,
        n if n % 2 == 1 => Some(durations[n / 2]),
        n => Some((durations[n / 2 - 1] + durations[n / 2]) / 2),
    };
    s.average_rating = (s.ratings > 0).then(|| rating_sum as f64 / s.ratings as f64);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(
        category: Category,
        created: i64,
        deadline: i64,
        resolved: Option<i64>,
        rating: Option<i64>,
    ) -> TicketFacts {
        let state = if resolved.is_some() {
            TicketState::Closed
        } else {
            TicketState::Assigned
        };
        TicketFacts {
            category,
            state,
            created_at: created,
            deadline_at: deadline,
            resolved_at: resolved,
            rating,
        }
    }

    #[test]
    fn figures_by_hand() {
        let tickets = [
            t(Category::Repair, 100, 200, Some(150), Some(5)), // on time, 50s
            t(Category::Repair, 110, 200, Some(260), Some(2)), // late, 150s
            t(Category::Sanitation, 120, 300, Some(220), None), // on time, 100s
            t(Category::Hazard, 130, 140, None, None),         // open, overdue at 1000
            t(Category::Dispute, 5, 10, Some(50), Some(4)),    // before the period
        ];
        let s = compute(&tickets, 100, 1000);
        assert_eq!(s.received, 4);
        assert_eq!(s.resolved, 3);
        assert_eq!(s.resolved_on_time, 2);
        assert_eq!(s.overdue_now, 1);
        assert_eq!(s.median_resolve_secs, Some(100));
        assert_eq!(s.ratings, 2);
        assert_eq!(s.average_rating, Some(3.5));
        assert_eq!(s.by_category.get(&Category::Repair), Some(&(2, 2)));
        assert_eq!(s.by_category.get(&Category::Hazard), Some(&(1, 0)));
        assert!(!s.by_category.contains_key(&Category::Dispute));
        assert!(s
            .on_time_percent()
            .is_some_and(|p| (p - 66.666).abs() < 0.01));
    }

    #[test]
    fn even_counts_take_the_middle_two() {
        let tickets = [
            t(Category::Other, 0, 99, Some(10), None),
            t(Category::Other, 0, 99, Some(30), None),
        ];
        assert_eq!(compute(&tickets, 0, 100).median_resolve_secs, Some(20));
        assert_eq!(compute(&[], 0, 100), Stats::default());
    }
}
