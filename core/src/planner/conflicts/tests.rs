//! The plan's conflicts, tested on the sample conference in a real store, one test per kind of
//! conflict (overlaps, arrival and departure, the daily maximum, coverage, cancelled sessions, flags
//! from a re-import). Kept beside the checks, not in them, because the tests are as long as the code.

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

fn found(store: &Store, conference: &crate::programme::conference::Conference) -> Vec<Conflict> {
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
