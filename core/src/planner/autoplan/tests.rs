#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::domain::{AssignmentOrigin, Role};
use crate::fixtures::testutil;
use crate::planner::testkit::{self, M, S};
use crate::planner::{self, conflicts, coverage};
use Priority::{Must, Optional, Should};

const DAY1: &str = "2023-04-18";
const DAY2: &str = "2023-04-19";

fn proposal(store: &Store, c: &Conference, options: Options) -> Proposal {
    propose(&testkit::snapshot(store, c), options).unwrap()
}

fn pairs(p: &Proposal) -> Vec<(String, String)> {
    p.add
        .iter()
        .map(|a| (a.session_title.clone(), a.member_name.clone()))
        .collect()
}

fn pair(s: &str, m: &str) -> (String, String) {
    (s.to_string(), m.to_string())
}

/// The greedy a coordinator would do by hand: must sessions first, then should, each in time order,
/// each given the first member in delegation order who is free.
fn greedy(snap: &Snapshot) -> Vec<(usize, usize)> {
    let mut plan = Plan::new(snap, Options::default());
    let mut out = Vec::new();
    for priority in [Must, Should] {
        for i in 0..snap.sessions.len() {
            if !snap.plannable(i) || snap.sessions[i].priority != priority {
                continue;
            }
            for m in 0..snap.members.len() {
                if plan.missing(i) > 0 && plan.could(m, i) {
                    plan.place(i, m);
                    out.push((i, m));
                }
            }
        }
    }
    out
}

#[test]
fn the_solver_covers_every_must_session_where_first_fit_greedy_leaves_one_uncovered() {
    // Ann and Ben; Ben leaves at 10:15. First-fit gives the 09:00 session to Ann (first in the list),
    // then the 09:30 session overlaps Ann's and ends after Ben leaves: uncovered. The optimum sends
    // Ben to 09:00 and Ann to 09:30.
    let (store, c) = testkit::conference(
        &[
            S("Early briefing", DAY1, "09:00", "10:00", Must, &[]),
            S("Overlapping panel", DAY1, "09:30", "11:00", Must, &[]),
        ],
        &[M("Ann", &[], None), M("Ben", &[], None)],
    );
    store
        .conn()
        .execute(
            "UPDATE member SET departs_at = '2023-04-18T08:15:00Z' WHERE name = 'Ben'",
            [],
        )
        .unwrap();
    let snap = testkit::snapshot(&store, &c);
    let by_hand = greedy(&snap);
    assert_eq!(
        by_hand.len(),
        1,
        "greedy covers only one of the two must sessions"
    );
    let p = propose(&snap, Options::default()).unwrap();
    assert_eq!(
        pairs(&p),
        vec![
            pair("Early briefing", "Ben"),
            pair("Overlapping panel", "Ann")
        ],
        "the solver covers both"
    );
    assert_eq!(
        p.after.must,
        Count {
            covered: 2,
            total: 2
        }
    );
    assert!(p.optimal, "proven optimal");
    assert!(p.uncovered.is_empty());
}

#[test]
fn one_must_session_beats_two_should_sessions_it_overlaps() {
    let (store, c) = testkit::conference(
        &[
            S("Should one", DAY1, "10:00", "11:00", Should, &[]),
            S("The must", DAY1, "10:00", "12:00", Must, &[]),
            S("Should two", DAY1, "11:00", "12:00", Should, &[]),
        ],
        &[M("Ann", &[], None)],
    );
    let p = proposal(&store, &c, Options::default());
    assert_eq!(pairs(&p), vec![pair("The must", "Ann")]);
    assert_eq!(p.uncovered.len(), 2, "both should sessions are explained");
    assert!(
        p.uncovered[0]
            .why
            .contains("Ann is planned for the parallel \u{201c}The must\u{201d}"),
        "{}",
        p.uncovered[0].why
    );
}

#[test]
fn should_sessions_are_filled_once_must_sessions_are_covered() {
    let (store, c) = testkit::conference(
        &[
            S("The must", DAY1, "10:00", "11:00", Must, &[]),
            S("The should", DAY1, "10:00", "11:00", Should, &[]),
            S("The optional", DAY1, "12:00", "13:00", Optional, &[]),
        ],
        &[M("Ann", &[], None), M("Ben", &[], None)],
    );
    let p = proposal(&store, &c, Options::default());
    let titles: Vec<_> = p.add.iter().map(|a| a.session_title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["The must", "The should"],
        "optional sessions are never filled"
    );
}

#[test]
fn the_member_who_knows_the_building_blocks_is_preferred() {
    let (store, c) = testkit::conference(
        &[S("Law panel", DAY1, "10:00", "11:00", Must, &["law"])],
        &[M("Ann", &["data"], None), M("Ben", &["law", "nrm"], None)],
    );
    let p = proposal(&store, &c, Options::default());
    assert_eq!(pairs(&p), vec![pair("Law panel", "Ben")]);
    assert_eq!(p.add[0].matches, vec!["law".to_string()]);
}

#[test]
fn the_load_is_balanced_rather_than_piled_on_the_first_member() {
    let (store, c) = testkit::conference(
        &[
            S("Morning", DAY1, "09:00", "10:00", Must, &[]),
            S("Midday", DAY1, "11:00", "12:00", Must, &[]),
            S("Afternoon", DAY1, "14:00", "15:00", Must, &[]),
            S("Late", DAY1, "16:00", "17:00", Must, &[]),
        ],
        &[M("Ann", &[], None), M("Ben", &[], None)],
    );
    let p = proposal(&store, &c, Options::default());
    let ann = p.add.iter().filter(|a| a.member_name == "Ann").count();
    assert_eq!(
        (ann, p.add.len() - ann),
        (2, 2),
        "two each: {:?}",
        pairs(&p)
    );
}

#[test]
fn the_daily_maximum_and_overlaps_are_never_broken() {
    let (mut store, c) = testkit::conference(
        &[
            S("A", DAY1, "09:00", "10:00", Must, &[]),
            S("B", DAY1, "10:00", "11:00", Must, &[]),
            S("C", DAY1, "11:00", "12:00", Must, &[]),
            S("D", DAY1, "11:30", "12:30", Must, &[]),
        ],
        &[M("Ann", &[], Some(2))],
    );
    let p = proposal(&store, &c, Options::default());
    assert_eq!(
        p.add.len(),
        2,
        "Ann's maximum is two a day: {:?}",
        pairs(&p)
    );
    assert_eq!(p.uncovered.len(), 2);
    assert!(
        p.uncovered
            .iter()
            .any(|u| u.why.contains("Ann is at their daily maximum of 2")),
        "{:#?}",
        p.uncovered
    );
    apply(&mut store, &c, &p).unwrap();
    let list = conflicts::conflicts(&testkit::snapshot(&store, &c));
    assert!(
        list.iter()
            .all(|x| x.kind == conflicts::ConflictKind::MustUncovered),
        "the plan breaks no hard rule: {list:#?}"
    );
}

#[test]
fn a_manual_assignment_stays_and_counts_toward_coverage_and_the_daily_maximum() {
    let (mut store, c) = testkit::conference(
        &[
            S("Panel", DAY1, "10:00", "11:00", Must, &[]),
            S("Parallel", DAY1, "10:30", "11:30", Must, &[]),
            S("Later", DAY1, "12:00", "13:00", Must, &[]),
        ],
        &[M("Ann", &[], Some(1)), M("Ben", &[], None)],
    );
    let later = testutil::session_id(&store, &c, "Later");
    let ann = testutil::member_id(&store, &c, "Ann");
    planner::assign(&mut store, later, ann, Role::Lead).unwrap();
    let p = proposal(&store, &c, Options::default());
    // Ann is at her maximum with the manual assignment: Ben takes one of the two parallel sessions.
    assert_eq!(p.add.len(), 1, "{:?}", pairs(&p));
    assert_eq!(p.add[0].member_name, "Ben");
    assert!(p.remove.is_empty());
    assert_eq!(p.after.must.covered, 2, "the manual one counts");
    assert_eq!(
        p.uncovered.len(),
        1,
        "one of the parallel sessions stays open"
    );
    assert!(
        p.uncovered[0]
            .why
            .contains("Ann is at their daily maximum of 1"),
        "{}",
        p.uncovered[0].why
    );
}

#[test]
fn replace_auto_drops_unlocked_auto_assignments_and_keeps_locked_ones() {
    let (mut store, c) = testkit::conference(
        &[
            S("Panel", DAY1, "10:00", "11:00", Must, &["law"]),
            S("Side", DAY1, "12:00", "13:00", Must, &["law"]),
        ],
        &[M("Ann", &[], None), M("Ben", &["law"], None)],
    );
    let (panel, side) = (
        testutil::session_id(&store, &c, "Panel"),
        testutil::session_id(&store, &c, "Side"),
    );
    let ann = testutil::member_id(&store, &c, "Ann");
    for s in [panel, side] {
        store
            .conn()
            .execute(
                "INSERT INTO assignment (session_id, member_id, role, created_at, origin) VALUES (?1, ?2, 'attend', 'x', 'auto')",
                params![s, ann],
            )
            .unwrap();
    }
    planner::set_lock(&mut store, side, ann, true).unwrap();
    let kept = proposal(&store, &c, Options::default());
    assert!(
        kept.add.is_empty() && kept.remove.is_empty(),
        "without replace_auto nothing changes"
    );
    let p = proposal(&store, &c, Options { replace_auto: true });
    assert_eq!(pairs(&p), vec![pair("Panel", "Ben")], "Ben knows the law");
    let removed: Vec<_> = p
        .remove
        .iter()
        .map(|r| (r.session_title.as_str(), r.member_name.as_str()))
        .collect();
    assert_eq!(removed, vec![("Panel", "Ann")], "the locked one stays");
    let applied = apply(&mut store, &c, &p).unwrap();
    assert_eq!((applied.added, applied.removed), (1, 1));
    let panel_now = applied.sessions.iter().find(|s| s.id == panel).unwrap();
    assert_eq!(panel_now.assignments.len(), 1);
    assert_eq!(
        (
            panel_now.assignments[0].member_name.as_str(),
            panel_now.assignments[0].origin,
            panel_now.assignments[0].role
        ),
        ("Ben", AssignmentOrigin::Auto, Role::Attend)
    );
}

#[test]
fn the_same_plan_comes_out_every_time() {
    let (store, c) = testutil::sample();
    let a = proposal(&store, &c, Options::default());
    let b = proposal(&store, &c, Options::default());
    assert_eq!(a, b);
    assert_eq!(
        a.after.must.covered, a.after.must.total,
        "the sample's must sessions can all be covered"
    );
}

#[test]
fn panel_3_short_of_people_says_who_is_at_the_parallel_side_event() {
    let (mut store, c) = testutil::sample();
    let panel = testutil::session_id(&store, &c, "Panel 3");
    let side = testutil::session_id(&store, &c, "Side event (illustrative): Online");
    planner::set_priority(&mut store, panel, Must, Some(7)).unwrap();
    let zoe = testutil::member_id(&store, &c, "Zoë");
    planner::assign(&mut store, side, zoe, Role::Attend).unwrap();
    let p = proposal(&store, &c, Options::default());
    let short = p
        .uncovered
        .iter()
        .find(|u| u.session_id == panel)
        .expect("7 is more than 6 members");
    assert_eq!(short.assigned, 5);
    assert!(short.why.starts_with("\u{201c}Panel 3"), "{}", short.why);
    assert!(
        short.why.contains(
            "(must, 5 of 7) on Wed 19 April 14:30-16:00: Zoë Achterberg is at the parallel"
        ),
        "{}",
        short.why
    );
}

#[test]
fn applying_a_proposal_made_before_a_change_is_refused() {
    let (mut store, c) = testutil::sample();
    let p = proposal(&store, &c, Options::default());
    let panel = testutil::session_id(&store, &c, "Panel 1");
    planner::set_priority(&mut store, panel, Should, None).unwrap();
    let err = apply(&mut store, &c, &p).unwrap_err();
    assert!(err.to_string().contains("propose a plan again"), "{err}");
}

#[test]
fn applying_writes_auto_attend_assignments_and_covers_the_must_sessions() {
    let (mut store, c) = testutil::sample();
    let (p, applied) = plan(&mut store, &c, Options::default()).unwrap();
    assert_eq!(applied.added, p.add.len());
    let snap = testkit::snapshot(&store, &c);
    let cov = coverage::coverage(&snap);
    assert_eq!(cov.must.covered, cov.must.total);
    assert!(snap
        .sessions
        .iter()
        .flat_map(|s| &s.assignments)
        .all(|a| a.origin == AssignmentOrigin::Auto && a.role == Role::Attend));
    let again = proposal(&store, &c, Options::default());
    assert!(
        again.add.is_empty(),
        "nothing left to do: {:?}",
        pairs(&again)
    );
}

#[test]
fn maximal_cliques_of_overlapping_sessions() {
    let (store, c) = testkit::conference(
        &[
            S("A", DAY2, "09:00", "11:00", Must, &[]),
            S("B", DAY2, "10:00", "12:00", Must, &[]),
            S("C", DAY2, "10:30", "11:30", Must, &[]),
            S("D", DAY2, "11:00", "12:00", Must, &[]),
            S("E", DAY2, "12:00", "13:00", Must, &[]),
        ],
        &[],
    );
    let snap = testkit::snapshot(&store, &c);
    let all: Vec<usize> = (0..5).collect();
    assert_eq!(
        maximal_cliques(&snap, &all),
        vec![vec![0, 1, 2], vec![1, 2, 3]]
    );
}
