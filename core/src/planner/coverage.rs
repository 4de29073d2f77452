//! Coverage: of the sessions the delegation must or should attend, how many have the people they need,
//! per conference day and overall, and which do not. Cancelled sessions and breaks are left out.

use serde::{Deserialize, Serialize};

use super::model::{wanted, Snapshot};
use crate::domain::Priority;

/// Covered out of total, for one priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub covered: usize,
    pub total: usize,
}

/// A must or should session with fewer people than it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncovered {
    pub session_id: i64,
    pub title: String,
    pub priority: Priority,
    pub day: String,
    pub start: String,
    pub end: String,
    /// How many are assigned.
    pub assigned: usize,
    /// How many it needs.
    pub need: i64,
}

/// One conference day's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCoverage {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub must: Count,
    pub should: Count,
    /// The must sessions first, then should, each by time.
    pub uncovered: Vec<Uncovered>,
}

/// Coverage per day and overall (`desk coverage --json`, app `coverage`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub days: Vec<DayCoverage>,
    pub must: Count,
    pub should: Count,
    /// How many must and should sessions are not covered.
    pub uncovered: usize,
}

/// How many people a session has, counting every assignment on it.
pub fn assigned(snapshot: &Snapshot, i: usize) -> usize {
    snapshot.sessions[i].assignments.len()
}

/// The coverage of a snapshot.
pub fn coverage(snapshot: &Snapshot) -> Coverage {
    let mut days: Vec<DayCoverage> = snapshot
        .conference
        .days
        .iter()
        .map(|d| DayCoverage {
            day: d.clone(),
            must: Count::default(),
            should: Count::default(),
            uncovered: Vec::new(),
        })
        .collect();
    for (i, s) in snapshot.sessions.iter().enumerate() {
        if !snapshot.plannable(i) || !wanted(s.priority) {
            continue;
        }
        // A session outside the conference's dates (an import can do that) still gets a day.
        let at = match days.iter().position(|d| d.day == s.day) {
            Some(at) => at,
            None => {
                days.push(DayCoverage {
                    day: s.day.clone(),
                    must: Count::default(),
                    should: Count::default(),
                    uncovered: Vec::new(),
                });
                days.len() - 1
            }
        };
        let day = &mut days[at];
        let count = if s.priority == Priority::Must {
            &mut day.must
        } else {
            &mut day.should
        };
        count.total += 1;
        let n = assigned(snapshot, i);
        if i64::try_from(n).unwrap_or(i64::MAX) >= s.need {
            count.covered += 1;
        } else {
            day.uncovered.push(Uncovered {
                session_id: s.id,
                title: s.title.clone(),
                priority: s.priority,
                day: s.day.clone(),
                start: s.start.clone(),
                end: s.end.clone(),
                assigned: n,
                need: s.need,
            });
        }
    }
    days.sort_by(|a, b| a.day.cmp(&b.day));
    for d in &mut days {
        d.uncovered.sort_by_key(|u| u.priority); // stable: by time within a priority
    }
    let sum = |f: fn(&DayCoverage) -> Count| {
        days.iter().map(f).fold(Count::default(), |a, c| Count {
            covered: a.covered + c.covered,
            total: a.total + c.total,
        })
    };
    let (must, should) = (sum(|d| d.must), sum(|d| d.should));
    Coverage {
        uncovered: days.iter().map(|d| d.uncovered.len()).sum(),
        days,
        must,
        should,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::fixtures::testutil;
    use crate::planner::{self, testkit};

    #[test]
    fn the_untouched_sample_has_every_must_and_should_session_uncovered() {
        let (store, conference) = testutil::sample();
        let c = coverage(&testkit::snapshot(&store, &conference));
        assert_eq!(c.days.len(), 2, "one entry per conference day");
        assert_eq!(c.must.covered, 0);
        assert!(c.must.total >= 4, "the sample has must sessions: {c:?}");
        assert_eq!(c.uncovered, c.must.total + c.should.total);
        let first = &c.days[1].uncovered[0];
        assert_eq!(
            first.priority,
            Priority::Must,
            "must sessions are listed first"
        );
    }

    #[test]
    fn a_session_is_covered_once_it_has_the_people_it_needs() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 3");
        let zoe = testutil::member_id(&store, &conference, "Zoë");
        let maren = testutil::member_id(&store, &conference, "Maren");
        planner::set_priority(&mut store, panel, Priority::Must, Some(2)).unwrap();
        planner::assign(&mut store, panel, zoe, Role::Attend).unwrap();
        let c = coverage(&testkit::snapshot(&store, &conference));
        let open = c.days[1]
            .uncovered
            .iter()
            .find(|u| u.session_id == panel)
            .expect("one of two is not covered");
        assert_eq!((open.assigned, open.need), (1, 2));
        planner::assign(&mut store, panel, maren, Role::Notes).unwrap();
        let c = coverage(&testkit::snapshot(&store, &conference));
        assert!(
            c.days[1].uncovered.iter().all(|u| u.session_id != panel),
            "two of two is covered"
        );
    }

    #[test]
    fn a_cancelled_session_does_not_count() {
        let (store, conference) = testutil::sample();
        let before = coverage(&testkit::snapshot(&store, &conference)).must.total;
        let panel = testutil::session_id(&store, &conference, "Panel 3");
        store
            .conn()
            .execute(
                "UPDATE session SET status = 'cancelled' WHERE id = ?1",
                [panel],
            )
            .unwrap();
        let after = coverage(&testkit::snapshot(&store, &conference)).must.total;
        assert_eq!(after, before - 1);
    }
}
