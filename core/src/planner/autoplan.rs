//! The auto-planner: fills the gaps in the plan with an integer linear programme, solved exactly by a
//! pure-Rust branch and bound (`good_lp` over `microlp`), so the plan is optimal rather than greedy.
//!
//! One binary `x[s,m]` per session that still needs people and member who could go. Hard rules:
//! a member is in at most one session of every maximal set of mutually overlapping sessions (which,
//! for intervals, is exactly "never two at once"), within their arrival and departure, at most their
//! daily maximum per conference day, and a session gets no more than the people it still needs. Every
//! existing manual, locked (and, without `replace_auto`, earlier auto) assignment stays and counts
//! toward coverage, overlaps and the daily maximum.
//!
//! The objective, in strict order: each person placed on a must session is worth more than all
//! should placements of the day together (so one more must slot always beats any number of should);
//! a should placement is worth more than any preference; then expertise (building blocks the member
//! knows that the session deals with), then load balance (a convex piecewise penalty on each member's
//! total load, so the k-th session of a member costs more than the (k-1)-th), then a tiny tie-break
//! by delegation order. Optional and skip sessions are never filled.
//!
//! The problem is solved one conference day at a time, in order. All hard rules live within a day
//! (a day's maximum, overlaps, a need), so coverage is optimal for the whole conference; only the
//! balance across days is sequential (a day's penalty counts the load of the days planned before it).
//! Measured on the synthetic 600 x 40 (debug build, same optimum of 81/81 must and 137/137 should):
//! one model for the whole conference took 17 s of CPU, five day models 2.4 s; in release the per-day
//! solve takes about 0.7 s (`cargo bench -p desk-core --bench planning`).
//!
//! This file holds what the planner proposes and applies; [`state`] is the working state, [`day`]
//! one day's model and its solve, [`short`] the explanation of a session left short.

mod day;
mod short;
mod state;

use std::collections::BTreeSet;

use rusqlite::params;
use serde::{Deserialize, Serialize};

pub use day::maximal_cliques;
use day::solve_day;
use short::short;
use state::Plan;

use super::coverage::Count;
use super::model::{wanted, Snapshot};
use crate::domain::Priority;
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, Session};
use crate::{time, Error, Result, Store};

/// What the planner may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Drop earlier auto assignments that are not locked and plan those places again.
    pub replace_auto: bool,
}

/// One placement the proposal makes or undoes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub session_id: i64,
    pub member_id: i64,
    pub session_title: String,
    pub member_name: String,
    pub priority: Priority,
    pub day: String,
    pub start: String,
    pub end: String,
    /// The building blocks of the session the member knows.
    pub matches: Vec<String>,
}

/// A must or should session the plan leaves short, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Short {
    pub session_id: i64,
    pub title: String,
    pub priority: Priority,
    pub day: String,
    pub start: String,
    pub end: String,
    /// People it would have with the plan.
    pub assigned: usize,
    pub need: i64,
    /// The sentence: who could not go and why.
    pub why: String,
}

/// Must and should coverage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub must: Count,
    pub should: Count,
}

/// Size of the models solved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Conference days with something to plan (one model each).
    pub days: usize,
    pub variables: usize,
    pub constraints: usize,
}

/// What the auto-planner proposes (`propose_plan`, `desk plan --auto --json`); nothing is written
/// until it is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Fingerprint of the plan the proposal was made from; applying refuses a plan that changed since.
    pub basis: String,
    pub options: Options,
    /// New assignments (origin auto, role attend), by day and time.
    pub add: Vec<Placement>,
    /// Earlier auto assignments it drops (only with `replace_auto`).
    pub remove: Vec<Placement>,
    /// What stays uncovered, and why.
    pub uncovered: Vec<Short>,
    pub before: Totals,
    pub after: Totals,
    /// Whether every day's model was solved to proven optimality.
    pub optimal: bool,
    pub stats: Stats,
}

/// What applying a proposal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub added: usize,
    pub removed: usize,
    /// The sessions that changed, as they now are.
    pub sessions: Vec<Session>,
}

/// Proposes a plan for the snapshot; writes nothing.
pub fn propose(snap: &Snapshot, options: Options) -> Result<Proposal> {
    let mut plan = Plan::new(snap, options);
    let before = totals(snap, |i| snap.sessions[i].assignments.len());
    let mut days: Vec<&str> = snap.sessions.iter().map(|s| s.day.as_str()).collect();
    days.dedup();
    let mut stats = Stats::default();
    let mut optimal = true;
    let mut chosen: BTreeSet<(usize, usize)> = BTreeSet::new();
    for day in days {
        let picked = solve_day(&plan, day, &mut stats, &mut optimal)?;
        for (i, m) in picked {
            plan.place(i, m);
            chosen.insert((i, m));
        }
    }
    let placement = |i: usize, m: usize| {
        let (s, member) = (&snap.sessions[i], &snap.members[m]);
        Placement {
            session_id: s.id,
            member_id: member.id,
            session_title: s.title.clone(),
            member_name: member.name.clone(),
            priority: s.priority,
            day: s.day.clone(),
            start: s.start.clone(),
            end: s.end.clone(),
            matches: s
                .blocks
                .iter()
                .filter(|b| member.expertise.contains(b))
                .cloned()
                .collect(),
        }
    };
    let existed = |i: usize, m: usize| {
        snap.sessions[i]
            .assignments
            .iter()
            .any(|a| a.member_id == snap.members[m].id)
    };
    let add = chosen
        .iter()
        .filter(|&&(i, m)| !existed(i, m))
        .map(|&(i, m)| placement(i, m))
        .collect();
    let remove = plan
        .removable
        .iter()
        .filter(|k| !chosen.contains(k))
        .map(|&(i, m)| placement(i, m))
        .collect();
    let after = totals(snap, |i| plan.on[i].len());
    let mut uncovered = (0..snap.sessions.len())
        .filter(|&i| snap.plannable(i) && wanted(snap.sessions[i].priority) && plan.missing(i) > 0)
        .map(|i| short(&plan, i))
        .collect::<Vec<_>>();
    uncovered.sort_by_key(|u| u.priority); // must first; stable, so by time within a priority
    Ok(Proposal {
        basis: basis(snap, options),
        options,
        add,
        remove,
        uncovered,
        before,
        after,
        optimal,
        stats,
    })
}

/// Must and should coverage with `people(i)` people on session `i`.
fn totals(snap: &Snapshot, people: impl Fn(usize) -> usize) -> Totals {
    let mut t = Totals::default();
    for (i, s) in snap.sessions.iter().enumerate() {
        if !snap.plannable(i) || !wanted(s.priority) {
            continue;
        }
        let c = if s.priority == Priority::Must {
            &mut t.must
        } else {
            &mut t.should
        };
        c.total += 1;
        if i64::try_from(people(i)).unwrap_or(i64::MAX) >= s.need {
            c.covered += 1;
        }
    }
    t
}

/// A fingerprint (FNV-1a, 64 bits) of everything the plan depends on.
fn basis(snap: &Snapshot, options: Options) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |text: &str| {
        for b in text.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(&format!("{} {}", snap.conference.id, options.replace_auto));
    for s in &snap.sessions {
        eat(&format!(
            "s {} {} {} {} {} {} {} {:?}",
            s.id, s.starts_at, s.ends_at, s.priority, s.need, s.status, s.kind, s.blocks
        ));
        for a in &s.assignments {
            eat(&format!("a {} {} {}", a.member_id, a.origin, a.locked));
        }
    }
    for m in &snap.members {
        eat(&format!(
            "m {} {:?} {:?} {:?} {:?}",
            m.id, m.arrives_at, m.departs_at, m.max_per_day, m.expertise
        ));
    }
    format!("{h:016x}")
}

/// Writes a proposal: drops its removals and adds its placements (origin auto, role attend), in one
/// transaction. A proposal made from a plan that has changed since is refused: propose again.
pub fn apply(store: &mut Store, conference: &Conference, proposal: &Proposal) -> Result<Applied> {
    let changed: BTreeSet<i64> = proposal
        .add
        .iter()
        .chain(&proposal.remove)
        .map(|p| p.session_id)
        .collect();
    store.write(|tx| {
        let snap = Snapshot::load(tx, conference)?;
        if basis(&snap, proposal.options) != proposal.basis {
            return Err(Error::Invalid(
                "The plan has changed since this proposal was made; propose a plan again.".into(),
            ));
        }
        for p in &proposal.remove {
            tx.execute(
                "DELETE FROM assignment WHERE session_id = ?1 AND member_id = ?2 AND origin = 'auto' AND locked = 0",
                params![p.session_id, p.member_id],
            )?;
        }
        let now = time::now_stored();
        for p in &proposal.add {
            tx.execute(
                "INSERT INTO assignment (session_id, member_id, role, created_at, origin) VALUES (?1, ?2, 'attend', ?3, 'auto')",
                params![p.session_id, p.member_id, now],
            )?;
        }
        Ok(())
    })?;
    let sessions = sessions::list(store.conn(), conference, None)?
        .into_iter()
        .filter(|s| changed.contains(&s.id))
        .collect();
    Ok(Applied {
        added: proposal.add.len(),
        removed: proposal.remove.len(),
        sessions,
    })
}

/// Proposes and applies at once (`desk plan --auto`).
pub fn plan(
    store: &mut Store,
    conference: &Conference,
    options: Options,
) -> Result<(Proposal, Applied)> {
    let snap = Snapshot::load(store.conn(), conference)?;
    let proposal = propose(&snap, options)?;
    let applied = apply(store, conference, &proposal)?;
    Ok((proposal, applied))
}

#[cfg(test)]
mod tests;
