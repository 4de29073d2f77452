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
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::planner::{self, testkit};
    use crate::{fixtures::testutil, Store};
    use rusqlite::params;

    fn kinds(list: &[Conflict]) -> Vec<ConflictKind> {
        list.iter().map(|c| c.kind).collect()
    }

    /// The sample with its must sessions made should, so that only the conflicts a test makes remain.
    fn covered_sample() -> (Store, crate::programme::conference::Conference) {
        let (store, conference) = testutil::sample();
        store
            .conn()
            .execute(
                "UPDATE session SET priority = 'should' WHERE priority = 'must'",
                [],
            )
            .unwrap();
        (store, conference)
    }

    fn found(
        store: &Store,
        conference: &crate::programme::conference::Conference,
    ) -> Vec<Conflict> {
        conflicts(&testkit::snapshot(store, conference))
    }

    #[test]
    fn a_member_in_the_side_event_and_panel_3_at_once_is_told_in_one_sentence() {
        let (mut store, c) = covered_sample();
        let panel = testutil::session_id(&store, &c, "Panel 3");
        let side = testutil::session_id(&store, &c, "Side event (illustrative): Online");
        let zoe = testutil::member_id(&store, &c, "Zoë");
        planner::assign(&mut store, panel, zoe, Role::Attend).unwrap();
        planner::assign(&mut store, side, zoe, Role::Attend).unwrap();
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::Overlap], "{list:#?}");
        let message = &list[0].message;
        assert!(
            message.starts_with("Zoë Achterberg is in two sessions at once on Wed 19 April: "),
            "{message}"
        );
        assert!(
            message.contains("(14:30-16:00)") && message.contains("(14:30-15:30)"),
            "both sessions with their Vienna times: {message}"
        );
        assert_eq!(list[0].cells.len(), 2, "both cells are marked");
        assert_eq!(list[0].member_id, Some(zoe));
    }

    #[test]
    fn back_to_back_sessions_are_not_a_conflict() {
        let (mut store, c) = covered_sample();
        let panel1 = testutil::session_id(&store, &c, "Panel 1");
        let opening = testutil::session_id(&store, &c, "High-level opening");
        store
            .conn()
            .execute(
                "UPDATE session SET ends_at = (SELECT starts_at FROM session WHERE id = ?1) WHERE id = ?2",
                [panel1, opening],
            )
            .unwrap();
        let elena = testutil::member_id(&store, &c, "Elena");
        planner::assign(&mut store, opening, elena, Role::Attend).unwrap();
        planner::assign(&mut store, panel1, elena, Role::Attend).unwrap();
        assert_eq!(found(&store, &c), vec![], "one ends as the other starts");
    }

    #[test]
    fn overlap_is_judged_in_absolute_time_not_by_the_wall_clock() {
        // A session stored at 12:00Z ends at 14:00 Vienna time; another starting 13:00 Vienna overlaps it.
        let (mut store, c) = covered_sample();
        let panel1 = testutil::session_id(&store, &c, "Panel 1");
        let side = testutil::session_id(&store, &c, "Side event (illustrative): Labour");
        store
            .conn()
            .execute(
                "UPDATE session SET starts_at = '2023-04-18T11:00:00Z', ends_at = '2023-04-18T12:00:00Z' WHERE id = ?1",
                [side],
            )
            .unwrap();
        let samuel = testutil::member_id(&store, &c, "Samuel");
        planner::assign(&mut store, panel1, samuel, Role::Attend).unwrap();
        planner::assign(&mut store, side, samuel, Role::Attend).unwrap();
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::Overlap], "{list:#?}");
        assert!(
            list[0].message.contains("(13:00-14:00)"),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn a_member_assigned_before_they_arrive_is_told_when_they_arrive() {
        let (mut store, c) = covered_sample();
        let opening = testutil::session_id(&store, &c, "High-level opening");
        let dalia = testutil::member_id(&store, &c, "Dalia");
        store
            .conn()
            .execute(
                "UPDATE member SET arrives_at = '2023-04-18T11:00:00Z' WHERE id = ?1",
                [dalia],
            )
            .unwrap();
        planner::assign(&mut store, opening, dalia, Role::Attend).unwrap();
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::Unavailable]);
        assert!(
            list[0]
                .message
                .ends_with("but only arrives on Tue 18 April at 13:00."),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn a_member_assigned_after_they_leave_is_told_when_they_leave() {
        let (mut store, c) = covered_sample();
        let closing = testutil::session_id(&store, &c, "Closing");
        let maren = testutil::member_id(&store, &c, "Maren");
        store
            .conn()
            .execute(
                "UPDATE member SET departs_at = '2023-04-19T12:00:00Z' WHERE id = ?1",
                [maren],
            )
            .unwrap();
        planner::assign(&mut store, closing, maren, Role::Attend).unwrap();
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::Unavailable]);
        assert!(
            list[0].message.contains("leaves on Wed 19 April at 14:00"),
            "{}",
            list[0].message
        );
    }

    #[test]
    fn more_sessions_in_a_day_than_the_maximum_lists_them() {
        let (mut store, c) = covered_sample();
        let lukasz = testutil::member_id(&store, &c, "Łukasz");
        store
            .conn()
            .execute("UPDATE member SET max_per_day = 1 WHERE id = ?1", [lukasz])
            .unwrap();
        for title in ["Panel 2", "Closing"] {
            let s = testutil::session_id(&store, &c, title);
            planner::assign(&mut store, s, lukasz, Role::Attend).unwrap();
        }
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::DailyMax], "{list:#?}");
        assert!(
            list[0].message.starts_with(
                "Łukasz Brandt has 2 sessions on Wed 19 April, more than their maximum of 1: "
            ),
            "{}",
            list[0].message
        );
        assert_eq!(list[0].cells.len(), 2);
    }

    #[test]
    fn an_uncovered_must_session_is_a_conflict_without_cells() {
        let (store, c) = testutil::sample();
        let list = found(&store, &c);
        assert!(!list.is_empty());
        assert!(list
            .iter()
            .all(|x| x.kind == ConflictKind::MustUncovered && x.cells.is_empty()));
        assert!(
            list.iter().any(|x| x.message.contains("Panel 3")
                && x.message
                    .ends_with("is a must and nobody is assigned to it.")),
            "{list:#?}"
        );
    }

    #[test]
    fn more_people_than_needed_and_anyone_on_a_skip_session_are_over_covered() {
        let (mut store, c) = covered_sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let side = testutil::session_id(&store, &c, "Side event (illustrative): Labour");
        planner::set_priority(&mut store, side, Priority::Skip, None).unwrap();
        let (a, b) = (
            testutil::member_id(&store, &c, "Elena"),
            testutil::member_id(&store, &c, "Samuel"),
        );
        planner::assign(&mut store, panel, a, Role::Lead).unwrap();
        planner::assign(&mut store, panel, b, Role::Attend).unwrap();
        planner::assign(&mut store, side, b, Role::Attend).unwrap();
        let list = found(&store, &c);
        assert_eq!(
            kinds(&list),
            vec![ConflictKind::OverCovered, ConflictKind::OverCovered]
        );
        assert!(
            list[0]
                .message
                .contains("is marked skip, yet Samuel Okafor is assigned"),
            "{}",
            list[0].message
        );
        assert!(
            list[1].message.contains("has 2 people (Elena Vasquez-Hartley and Samuel Okafor), more than the 1 person it needs."),
            "{}",
            list[1].message
        );
    }

    #[test]
    fn an_assignment_on_a_cancelled_session_is_a_conflict_and_nothing_else() {
        let (mut store, c) = covered_sample();
        let panel = testutil::session_id(&store, &c, "Panel 3");
        let side = testutil::session_id(&store, &c, "Side event (illustrative): Online");
        let zoe = testutil::member_id(&store, &c, "Zoë");
        planner::assign(&mut store, panel, zoe, Role::Attend).unwrap();
        planner::assign(&mut store, side, zoe, Role::Attend).unwrap();
        store
            .conn()
            .execute(
                "UPDATE session SET status = 'cancelled' WHERE id = ?1",
                [side],
            )
            .unwrap();
        let list = found(&store, &c);
        assert_eq!(
            kinds(&list),
            vec![ConflictKind::Cancelled],
            "no overlap with a cancelled session"
        );
        assert!(list[0]
            .message
            .ends_with("was cancelled, but Zoë Achterberg is still assigned to it."));
    }

    #[test]
    fn a_flag_set_by_a_re_import_is_shown_as_a_conflict() {
        let (mut store, c) = covered_sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let dalia = testutil::member_id(&store, &c, "Dalia");
        planner::assign(&mut store, panel, dalia, Role::Attend).unwrap();
        store
            .conn()
            .execute(
                "UPDATE assignment SET flag = 'The session moved to 15:00.' WHERE session_id = ?1 AND member_id = ?2",
                params![panel, dalia],
            )
            .unwrap();
        let list = found(&store, &c);
        assert_eq!(kinds(&list), vec![ConflictKind::Flagged]);
        assert!(
            list[0].message.starts_with("Dalia Haddad's place at"),
            "{}",
            list[0].message
        );
        assert!(list[0]
            .message
            .ends_with("needs checking: The session moved to 15:00."));
    }

    #[test]
    fn lists_are_joined_the_way_people_write_them() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["A"])), "A");
        assert_eq!(and_list(&s(&["A", "B"])), "A and B");
        assert_eq!(and_list(&s(&["A", "B", "C"])), "A, B and C");
    }
}
