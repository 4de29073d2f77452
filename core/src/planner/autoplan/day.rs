//! One conference day's integer programme: the variables (who could go where), the objective's
//! weights in their strict order, the constraints (coverage capped at the need, one session of every
//! maximal set of overlapping ones, the daily maximum, the balance term), and the solve. The
//! reasoning behind the weights is in [`super`]'s documentation.

use std::collections::BTreeMap;

use good_lp::{
    microlp, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable,
};

use super::state::Plan;
use super::Stats;
use crate::domain::Priority;
use crate::planner::model::{wanted, Snapshot};
use crate::{Error, Result};

/// Value of one person placed on a should session.
const W_SHOULD: f64 = 10_000.0;
/// Value of each building block a member knows that the session deals with (at most `MAX_MATCHES`).
const W_MATCH: f64 = 100.0;
const MAX_MATCHES: usize = 3;
/// Cost of each session of load a member already has when given one more.
const W_LOAD: f64 = 10.0;
/// Load counted by the balance term at most (keeps the penalty below a should placement).
const MAX_COUNTED_LOAD: usize = 200;

/// Builds and solves one day's model; returns the (session, member) pairs chosen.
pub(super) fn solve_day(
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
