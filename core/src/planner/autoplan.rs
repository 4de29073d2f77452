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

use std::collections::{BTreeMap, BTreeSet};

use good_lp::{
    microlp, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable,
};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::conflicts::and_list;
use super::coverage::Count;
use super::model::{clock_and_day, day_words, wanted, Snapshot};
use crate::domain::{AssignmentOrigin, Priority};
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, Session};
use crate::{time, Error, Result, Store};

/// Value of one person placed on a should session.
const W_SHOULD: f64 = 10_000.0;
/// Value of each building block a member knows that the session deals with (at most `MAX_MATCHES`).
const W_MATCH: f64 = 100.0;
const MAX_MATCHES: usize = 3;
/// Cost of each session of load a member already has when given one more.
const W_LOAD: f64 = 10.0;
/// Load counted by the balance term at most (keeps the penalty below a should placement).
const MAX_COUNTED_LOAD: usize = 200;

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

/// The working state: who is where, per member, as planning goes on.
struct Plan<'a> {
    snap: &'a Snapshot,
    /// Session indices per member (plannable sessions only).
    busy: Vec<Vec<usize>>,
    /// Members per session index.
    on: Vec<Vec<usize>>,
    /// Existing assignments the planner may drop, as (session index, member index).
    removable: BTreeSet<(usize, usize)>,
}

impl<'a> Plan<'a> {
    fn new(snap: &'a Snapshot, options: Options) -> Plan<'a> {
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

    fn place(&mut self, i: usize, m: usize) {
        self.busy[m].push(i);
        self.on[i].push(m);
    }

    fn on_day(&self, m: usize, day: &str) -> usize {
        self.busy[m]
            .iter()
            .filter(|&&i| self.snap.sessions[i].day == day)
            .count()
    }

    fn clash(&self, m: usize, i: usize) -> Option<usize> {
        self.busy[m]
            .iter()
            .copied()
            .find(|&j| j != i && self.snap.overlap(i, j))
    }

    fn room_left(&self, m: usize, day: &str) -> Option<usize> {
        self.snap.members[m].max_per_day.map(|max| {
            usize::try_from(max)
                .unwrap_or(0)
                .saturating_sub(self.on_day(m, day))
        })
    }

    /// People session `i` still needs.
    fn missing(&self, i: usize) -> usize {
        let need = usize::try_from(self.snap.sessions[i].need).unwrap_or(0);
        need.saturating_sub(self.on[i].len())
    }

    /// Whether member `m` could be placed on session `i` without breaking a hard rule.
    fn could(&self, m: usize, i: usize) -> bool {
        !self.on[i].contains(&m)
            && self.snap.available(m, i)
            && self.clash(m, i).is_none()
            && self.room_left(m, &self.snap.sessions[i].day) != Some(0)
    }
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

/// Builds and solves one day's model; returns the (session, member) pairs chosen.
fn solve_day(
    plan: &Plan<'_>,
    day: &str,
    stats: &mut Stats,
    optimal: &mut bool,
) -> Result<Vec<(usize, usize)>> {
    let snap = plan.snap;
    let sessions: Vec<usize> = (0..snap.sessions.len())
        .filter(|&i| {
            snap.sessions[i].day == day
                && snap.plannable(i)
                && wanted(snap.sessions[i].priority)
                && plan.missing(i) > 0
        })
        .collect();
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let mut vars = ProblemVariables::new();
    // (session index, member index, variable, objective weight), by session then member.
    let mut x: Vec<(usize, usize, Variable)> = Vec::new();
    let mut weights: Vec<f64> = Vec::new();
    let members = snap.members.len().max(1) as f64;
    let should_slots: usize = sessions
        .iter()
        .filter(|&&i| snap.sessions[i].priority == Priority::Should)
        .map(|&i| plan.missing(i))
        .sum();
    // Per member: the most new sessions it can take today (a bound for the balance term).
    let mut most: Vec<usize> = vec![0; snap.members.len()];
    let mut by_member: Vec<Vec<usize>> = vec![Vec::new(); snap.members.len()];
    for m in 0..snap.members.len() {
        let mine: Vec<usize> = sessions
            .iter()
            .copied()
            .filter(|&i| plan.could(m, i))
            .collect();
        let free = max_disjoint(snap, &mine);
        most[m] = plan.room_left(m, day).map_or(free, |r| r.min(free));
        by_member[m] = mine;
    }
    let max_prior = (0..snap.members.len())
        .map(|m| plan.busy[m].len().min(MAX_COUNTED_LOAD))
        .max()
        .unwrap_or(0);
    let max_most = most.iter().copied().max().unwrap_or(0);
    let worst_penalty = W_LOAD * (max_prior + max_most) as f64;
    let best_should = W_SHOULD + W_MATCH * MAX_MATCHES as f64 + 1.0;
    let w_must = best_should * (should_slots + 1) as f64 + worst_penalty;
    let mut index: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &i in &sessions {
        let s = &snap.sessions[i];
        for m in 0..snap.members.len() {
            if most[m] == 0 || !by_member[m].contains(&i) {
                continue;
            }
            let member = &snap.members[m];
            let matches = s
                .blocks
                .iter()
                .filter(|b| member.expertise.contains(b))
                .count();
            let prior = plan.busy[m].len().min(MAX_COUNTED_LOAD) as f64;
            let w = if s.priority == Priority::Must {
                w_must
            } else {
                W_SHOULD
            } + W_MATCH * matches.min(MAX_MATCHES) as f64
                - W_LOAD * prior
                + 0.01 * (members - m as f64) / members;
            index.insert((i, m), x.len());
            x.push((i, m, vars.add(variable().binary())));
            weights.push(w);
        }
    }
    if x.is_empty() {
        return Ok(Vec::new());
    }
    // The balance term: y[m,k] >= (new load of m) - k, each costing W_LOAD, so that the k-th new
    // session of a member costs W_LOAD * (prior + k - 1) in all.
    let mut balance: Vec<(usize, usize, Variable)> = Vec::new();
    for (m, &k_max) in most.iter().enumerate() {
        for k in 1..k_max {
            balance.push((m, k, vars.add(variable().min(0.0))));
        }
    }
    let mut objective = Expression::from(0.0);
    for ((_, _, v), w) in x.iter().zip(&weights) {
        objective += *w * *v;
    }
    for (_, _, y) in &balance {
        objective -= W_LOAD * *y;
    }
    stats.days += 1;
    stats.variables += x.len() + balance.len();
    let mut model = vars.maximise(objective).using(microlp);
    let mut constraints = 0usize;
    let load = |m: usize| -> Expression {
        let mut e = Expression::from(0.0);
        for &i in &by_member[m] {
            if let Some(&k) = index.get(&(i, m)) {
                e += x[k].2;
            }
        }
        e
    };
    // Coverage capped at what each session still needs.
    for &i in &sessions {
        let ks: Vec<usize> = (0..snap.members.len())
            .filter_map(|m| index.get(&(i, m)).copied())
            .collect();
        if ks.len() > plan.missing(i) {
            let sum: Expression = ks.iter().map(|&k| x[k].2).sum();
            model.add_constraint(sum.leq(plan.missing(i) as f64));
            constraints += 1;
        }
    }
    // Never two sessions at once: one per maximal clique of overlapping sessions.
    let cliques = maximal_cliques(snap, &sessions);
    for (m, mine) in by_member.iter().enumerate() {
        for clique in &cliques {
            let ks: Vec<usize> = clique
                .iter()
                .filter_map(|&i| index.get(&(i, m)).copied())
                .collect();
            if ks.len() > 1 {
                let sum: Expression = ks.iter().map(|&k| x[k].2).sum();
                model.add_constraint(sum.leq(1.0));
                constraints += 1;
            }
        }
        // The daily maximum.
        if let Some(room) = plan.room_left(m, day) {
            if mine.len() > room {
                model.add_constraint(load(m).leq(room as f64));
                constraints += 1;
            }
        }
    }
    for &(m, k, y) in &balance {
        model.add_constraint((load(m) - k as f64).leq(y));
        constraints += 1;
    }
    stats.constraints += constraints;
    let solution = model.solve().map_err(|e| {
        Error::Internal(format!(
            "the planner's model for {day} could not be solved: {e}"
        ))
    })?;
    if !matches!(solution.status(), SolutionStatus::Optimal) {
        *optimal = false;
    }
    Ok(x.iter()
        .filter(|(_, _, v)| solution.value(*v) > 0.5)
        .map(|&(i, m, _)| (i, m))
        .collect())
}

/// The most sessions of `list` (by time) one person can attend: earliest end first.
fn max_disjoint(snap: &Snapshot, list: &[usize]) -> usize {
    let mut ends: Vec<(i64, i64)> = list
        .iter()
        .map(|&i| (snap.times[i].1, snap.times[i].0))
        .collect();
    ends.sort_unstable();
    let mut free_from = i64::MIN;
    let mut n = 0;
    for (end, start) in ends {
        if start >= free_from {
            n += 1;
            free_from = end;
        }
    }
    n
}

/// The maximal sets of mutually overlapping sessions among `list`. For intervals these are the sets
/// of sessions running at some session's start, kept when no session ends before the next start.
pub fn maximal_cliques(snap: &Snapshot, list: &[usize]) -> Vec<Vec<usize>> {
    let mut starts: Vec<i64> = list.iter().map(|&i| snap.times[i].0).collect();
    starts.sort_unstable();
    starts.dedup();
    let running = |t: i64| -> Vec<usize> {
        list.iter()
            .copied()
            .filter(|&i| snap.times[i].0 <= t && t < snap.times[i].1)
            .collect()
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (k, &t) in starts.iter().enumerate() {
        let now = running(t);
        if now.len() < 2 {
            continue;
        }
        let grows = starts
            .get(k + 1)
            .is_some_and(|&next| now.iter().all(|&i| snap.times[i].1 > next));
        if !grows {
            out.push(now);
        }
    }
    out
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

/// Why session `i` stays short: each member who is not on it, grouped by reason.
fn short(plan: &Plan<'_>, i: usize) -> Short {
    let snap = plan.snap;
    let s = &snap.sessions[i];
    let mut reasons: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for (m, member) in snap.members.iter().enumerate() {
        if plan.on[i].contains(&m) {
            continue;
        }
        let name = member.name.clone();
        let (arrives, departs) = snap.windows[m];
        let (start, end) = snap.times[i];
        let key = if arrives.is_some_and(|t| t > start) {
            let (clock, day) = clock_and_day(member.arrives_at.as_deref().unwrap_or(""));
            (3, format!("only arrives on {} at {clock}", day_words(&day)))
        } else if departs.is_some_and(|t| t < end) {
            let (clock, day) = clock_and_day(member.departs_at.as_deref().unwrap_or(""));
            (3, format!("leaves on {} at {clock}", day_words(&day)))
        } else if let Some(j) = plan.clash(m, i) {
            let o = &snap.sessions[j];
            let what = if plan.removable.contains(&(j, m))
                || !o.assignments.iter().any(|a| a.member_id == member.id)
            {
                "planned for"
            } else {
                "at"
            };
            (
                1,
                format!(
                    "{what} the parallel \u{201c}{}\u{201d} ({}-{}, {})",
                    o.title, o.start, o.end, o.priority
                ),
            )
        } else if plan.room_left(m, &s.day) == Some(0) {
            (
                2,
                format!(
                    "at their daily maximum of {}",
                    member.max_per_day.unwrap_or(0)
                ),
            )
        } else {
            (4, "free, yet not chosen".to_string())
        };
        reasons.entry(key).or_default().push(name);
    }
    let parts: Vec<String> = reasons
        .into_iter()
        .map(|((_, why), names)| {
            let verb = match (
                names.len(),
                why.starts_with("only") || why.starts_with("leaves"),
            ) {
                (_, true) => "",
                (1, false) => "is ",
                (_, false) => "are ",
            };
            format!("{} {verb}{why}", and_list(&names))
        })
        .collect();
    let assigned = plan.on[i].len();
    let why = if snap.members.is_empty() {
        "there is nobody in the delegation".to_string()
    } else if parts.is_empty() {
        "everyone in the delegation is already on it".to_string()
    } else {
        parts.join("; ")
    };
    Short {
        session_id: s.id,
        title: s.title.clone(),
        priority: s.priority,
        day: s.day.clone(),
        start: s.start.clone(),
        end: s.end.clone(),
        assigned,
        need: s.need,
        why: format!(
            "\u{201c}{}\u{201d} ({}, {} of {}) on {} {}-{}: {why}.",
            s.title,
            s.priority,
            assigned,
            s.need,
            day_words(&s.day),
            s.start,
            s.end
        ),
    }
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
