//! The auto-planner's working state: who is where, per member and per session, as the days are
//! planned one after another, and the hard rules asked of it (overlaps, arrival and departure, the
//! daily maximum). Shared by the day's model ([`super::day`]) and the explanation of what stays
//! short ([`super::short`]).

use std::collections::BTreeSet;

use super::Options;
use crate::domain::AssignmentOrigin;
use crate::planner::model::Snapshot;

/// The working state: who is where, per member, as planning goes on.
pub(super) struct Plan<'a> {
    pub(super) snap: &'a Snapshot,
    /// Session indices per member (plannable sessions only).
    pub(super) busy: Vec<Vec<usize>>,
    /// Members per session index.
    pub(super) on: Vec<Vec<usize>>,
    /// Existing assignments the planner may drop, as (session index, member index).
    pub(super) removable: BTreeSet<(usize, usize)>,
}

impl<'a> Plan<'a> {
    pub(super) fn new(snap: &'a Snapshot, options: Options) -> Plan<'a> {
        let mut plan = Plan {
            snap,
            busy: vec![Vec::new(); snap.members.len()],
            on: vec![Vec::new(); snap.sessions.len()],
            removable: BTreeSet::new(),
        };
        for (i, s) in snap.sessions.iter().enumerate() {
            for a in &s.assignments {
                let Some(m) = snap.member_index(a.member_id) else {
                    continue;
                };
                if options.replace_auto && a.origin == AssignmentOrigin::Auto && !a.locked {
                    plan.removable.insert((i, m));
                    continue;
                }
                if snap.plannable(i) {
                    plan.place(i, m);
                }
            }
        }
        plan
    }

    pub(super) fn place(&mut self, i: usize, m: usize) {
        self.busy[m].push(i);
        self.on[i].push(m);
    }

    pub(super) fn on_day(&self, m: usize, day: &str) -> usize {
        self.busy[m]
            .iter()
            .filter(|&&i| self.snap.sessions[i].day == day)
            .count()
    }

    pub(super) fn clash(&self, m: usize, i: usize) -> Option<usize> {
        self.busy[m]
            .iter()
            .copied()
            .find(|&j| j != i && self.snap.overlap(i, j))
    }

    pub(super) fn room_left(&self, m: usize, day: &str) -> Option<usize> {
        self.snap.members[m].max_per_day.map(|max| {
            usize::try_from(max)
                .unwrap_or(0)
                .saturating_sub(self.on_day(m, day))
        })
    }

    /// People session `i` still needs.
    pub(super) fn missing(&self, i: usize) -> usize {
        let need = usize::try_from(self.snap.sessions[i].need).unwrap_or(0);
        need.saturating_sub(self.on[i].len())
    }

    /// Whether member `m` could be placed on session `i` without breaking a hard rule.
    pub(super) fn could(&self, m: usize, i: usize) -> bool {
        !self.on[i].contains(&m)
            && self.snap.available(m, i)
            && self.clash(m, i).is_none()
            && self.room_left(m, &self.snap.sessions[i].day) != Some(0)
    }
}
