//! Conflicts: what is wrong with the plan as it stands, each with a kind the UI can branch on, the
//! sessions and member involved, the grid cells to mark, and a sentence a person understands.
//!
//! The rules: a member in two overlapping sessions (in absolute time; back-to-back is fine), assigned
//! outside their arrival/departure, more sessions in a conference day than their maximum, a must
//! session without the people it needs, a session with more people than it needs (or anyone on a skip
//! session), anyone on a cancelled session, and an assignment a re-import flagged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::model::{clock_and_day, day_words, session_words, Snapshot};
use crate::domain::{Priority, SessionStatus};

/// What kind of conflict (stable codes, see `docs/ipc.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// A member is in two sessions at once.
    Overlap,
    /// A member is assigned before they arrive or after they leave.
    Unavailable,
    /// A member has more sessions in a day than their maximum.
    DailyMax,
    /// A must session has fewer people than it needs.
    MustUncovered,
    /// A session has more people than it needs, or anyone on a skip session.
    OverCovered,
    /// Someone is assigned to a cancelled session.
    Cancelled,
    /// A programme change broke an assignment (set by re-imports).
    Flagged,
}

/// One grid cell: a member on a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub session_id: i64,
    pub member_id: i64,
}

/// A conflict, with its sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The conference day it is on, `YYYY-MM-DD`.
    pub day: String,
    /// The sessions involved, by time.
    pub session_ids: Vec<i64>,
    /// The member involved, if it is about one member.
    pub member_id: Option<i64>,
    /// The grid cells to mark (empty for a session-level conflict such as an uncovered session).
    pub cells: Vec<Cell>,
    /// The sentence.
    pub message: String,
}

/// Every conflict of a snapshot, by day and time, then kind.
pub fn conflicts(snap: &Snapshot) -> Vec<Conflict> {
    let mut out: Vec<(i64, Conflict)> = Vec::new();
    // Each member's sessions, by time (sessions are loaded in time order).
    let mut by_member: Vec<Vec<usize>> = vec![Vec::new(); snap.members.len()];
    let member_at: BTreeMap<i64, usize> = snap
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    for (i, s) in snap.sessions.iter().enumerate() {
        let start = snap.times[i].0;
        for a in &s.assignments {
            let cell = Cell {
                session_id: s.id,
                member_id: a.member_id,
            };
            if let Some(flag) = &a.flag {
                out.push((
                    start,
                    Conflict {
                        kind: ConflictKind::Flagged,
                        day: s.day.clone(),
                        session_ids: vec![s.id],
                        member_id: Some(a.member_id),
                        cells: vec![cell],
                        message: format!(
                            "{}'s place at {} on {} needs checking: {}",
                            a.member_name,
                            session_words(s),
                            day_words(&s.day),
                            flag.trim_end_matches('.')
                        ) + ".",
                    },
                ));
            }
            if s.status == SessionStatus::Cancelled {
                out.push((
                    start,
                    Conflict {
                        kind: ConflictKind::Cancelled,
                        day: s.day.clone(),
                        session_ids: vec![s.id],
                        member_id: Some(a.member_id),
                        cells: vec![cell],
                        message: format!(
                            "{} on {} was cancelled, but {} is still assigned to it.",
                            session_words(s),
                            day_words(&s.day),
                            a.member_name
                        ),
                    },
                ));
                continue;
            }
            if !snap.plannable(i) {
                continue;
            }
            if let Some(&m) = member_at.get(&a.member_id) {
                by_member[m].push(i);
            }
        }
        if snap.plannable(i) {
            session_rules(snap, i, start, &mut out);
        }
    }
    for (m, list) in by_member.iter().enumerate() {
        member_rules(snap, m, list, &mut out);
    }
    out.sort_by(|(ta, a), (tb, b)| {
        (&a.day, ta, a.kind, &a.session_ids, a.member_id).cmp(&(
            &b.day,
            tb,
            b.kind,
            &b.session_ids,
            b.member_id,
        ))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

/// Under- and over-coverage of session `i`.
fn session_rules(snap: &Snapshot, i: usize, start: i64, out: &mut Vec<(i64, Conflict)>) {
    let s = &snap.sessions[i];
    let n = i64::try_from(s.assignments.len()).unwrap_or(i64::MAX);
    let when = format!("{} on {}", session_words(s), day_words(&s.day));
    let names = || {
        s.assignments
            .iter()
            .map(|a| a.member_name.clone())
            .collect::<Vec<_>>()
    };
    let cells = || {
        s.assignments
            .iter()
            .map(|a| Cell {
                session_id: s.id,
                member_id: a.member_id,
            })
            .collect::<Vec<_>>()
    };
    let conflict = |kind, cells, message| Conflict {
        kind,
        day: s.day.clone(),
        session_ids: vec![s.id],
        member_id: None,
        cells,
        message,
    };
    if s.priority == Priority::Must && n < s.need {
        let message = if n == 0 {
            format!("{when} is a must and nobody is assigned to it.")
        } else {
            format!(
                "{when} is a must and has {n} of the {} people it needs ({}).",
                s.need,
                and_list(&names())
            )
        };
        out.push((
            start,
            conflict(ConflictKind::MustUncovered, vec![], message),
        ));
    }
    if s.priority == Priority::Skip && n > 0 {
        let who = names();
        let verb = if who.len() == 1 { "is" } else { "are" };
        let message = format!(
            "{when} is marked skip, yet {} {verb} assigned to it.",
            and_list(&who)
        );
        out.push((start, conflict(ConflictKind::OverCovered, cells(), message)));
    } else if s.need > 0 && n > s.need {
        let people = if s.need == 1 { "person" } else { "people" };
        let message = format!(
            "{when} has {n} people ({}), more than the {} {people} it needs.",
            and_list(&names()),
            s.need
        );
        out.push((start, conflict(ConflictKind::OverCovered, cells(), message)));
    }
}

/// Overlaps, availability and the daily maximum of member `m`, whose sessions are `list` (by time).
fn member_rules(snap: &Snapshot, m: usize, list: &[usize], out: &mut Vec<(i64, Conflict)>) {
    let member = &snap.members[m];
    let cell = |i: usize| Cell {
        session_id: snap.sessions[i].id,
        member_id: member.id,
    };
    for (k, &a) in list.iter().enumerate() {
        // Sessions are by start: once one starts after `a` ends, none later overlaps it.
        for &b in &list[k + 1..] {
            if snap.times[b].0 >= snap.times[a].1 {
                break;
            }
            if !snap.overlap(a, b) {
                continue;
            }
            let (sa, sb) = (&snap.sessions[a], &snap.sessions[b]);
            out.push((
                snap.times[a].0,
                Conflict {
                    kind: ConflictKind::Overlap,
                    day: sa.day.clone(),
                    session_ids: vec![sa.id, sb.id],
                    member_id: Some(member.id),
                    cells: vec![cell(a), cell(b)],
                    message: format!(
                        "{} is in two sessions at once on {}: {} and {}.",
                        member.name,
                        day_words(&sa.day),
                        session_words(sa),
                        session_words(sb)
                    ),
                },
            ));
        }
        if !snap.available(m, a) {
            let s = &snap.sessions[a];
            let (arrives, departs) = snap.windows[m];
            let (start, end) = snap.times[a];
            let why = if arrives.is_some_and(|t| t > start) {
                let (clock, day) = clock_and_day(member.arrives_at.as_deref().unwrap_or(""));
                format!("only arrives on {} at {clock}", day_words(&day))
            } else if departs.is_some_and(|t| t < end) {
                let (clock, day) = clock_and_day(member.departs_at.as_deref().unwrap_or(""));
                format!("leaves on {} at {clock}", day_words(&day))
            } else {
                "is not there".to_string()
            };
            out.push((
                start,
                Conflict {
                    kind: ConflictKind::Unavailable,
                    day: s.day.clone(),
                    session_ids: vec![s.id],
                    member_id: Some(member.id),
                    cells: vec![cell(a)],
                    message: format!(
                        "{} is assigned to {} on {} but {why}.",
                        member.name,
                        session_words(s),
                        day_words(&s.day)
                    ),
                },
            ));
        }
    }
    if let Some(max) = member.max_per_day {
        let mut per_day: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in list {
            per_day.entry(&snap.sessions[i].day).or_default().push(i);
        }
        for (day, sessions) in per_day {
            let n = i64::try_from(sessions.len()).unwrap_or(i64::MAX);
            if n <= max {
                continue;
            }
            let titles: Vec<String> = sessions
                .iter()
                .map(|&i| session_words(&snap.sessions[i]))
                .collect();
            out.push((
                snap.times[sessions[0]].0,
                Conflict {
                    kind: ConflictKind::DailyMax,
                    day: day.to_string(),
                    session_ids: sessions.iter().map(|&i| snap.sessions[i].id).collect(),
                    member_id: Some(member.id),
                    cells: sessions.iter().map(|&i| cell(i)).collect(),
                    message: format!(
                        "{} has {n} sessions on {}, more than their maximum of {max}: {}.",
                        member.name,
                        day_words(day),
                        and_list(&titles)
                    ),
                },
            ));
        }
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests;
