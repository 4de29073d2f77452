//! The planner: who covers what. Assignments, priorities and locks, coverage, conflicts, and the
//! auto-planner's proposal and its application. The proposal travels to the window and back: `apply_plan` writes it
//! as shown (never a different plan), and refuses it if the plan changed since (see `autoplan::apply`).

use crate::delegation::members::Member;
use crate::planner::autoplan::{self, Applied, Options, Proposal};
use crate::planner::conflicts::{self, Conflict};
use crate::planner::coverage::{self, Coverage};
use crate::planner::model::Snapshot;
use crate::programme::sessions::Session;
use crate::{planner, programme::conference, Result, Store};
use serde::Serialize;

// Assignments, priorities and locks name their session by id, which names its conference too.

/// Assigns a member to a session with a role (`lead`, `attend`, `speak`, `notes`).
pub fn assign(store: &mut Store, session_id: i64, member_id: i64, role: &str) -> Result<Session> {
    planner::assign(store, session_id, member_id, role.parse()?)
}

/// Takes a member off a session.
pub fn unassign(store: &mut Store, session_id: i64, member_id: i64) -> Result<Session> {
    planner::unassign(store, session_id, member_id)
}

/// Sets a session's priority (`must`, `should`, `optional`, `skip`) and wanted head-count (`None`: the
/// priority's default).
pub fn set_priority(
    store: &mut Store,
    session_id: i64,
    priority: &str,
    need: Option<i64>,
) -> Result<Session> {
    planner::set_priority(store, session_id, priority.parse()?, need)
}

/// Locks or unlocks an assignment against the auto-planner.
pub fn set_lock(
    store: &mut Store,
    session_id: i64,
    member_id: i64,
    locked: bool,
) -> Result<Session> {
    planner::set_lock(store, session_id, member_id, locked)
}

fn snapshot(store: &Store, conference: i64) -> Result<Snapshot> {
    let c = conference::get(store.conn(), conference)?;
    Snapshot::load(store.conn(), &c)
}

/// Coverage of the conference, per day and overall.
pub fn coverage(store: &Store, conference: i64) -> Result<Coverage> {
    Ok(coverage::coverage(&snapshot(store, conference)?))
}

/// The conference's conflicts, by day and time.
pub fn conflicts(store: &Store, conference: i64) -> Result<Vec<Conflict>> {
    Ok(conflicts::conflicts(&snapshot(store, conference)?))
}

/// The conflicts and the coverage from one look at the plan: what the Plan grid asks again after each
/// change (one call and one snapshot where it made two of each).
#[derive(Debug, Clone, Serialize)]
pub struct Checks {
    pub conflicts: Vec<Conflict>,
    pub coverage: Coverage,
}

/// The plan's [`Checks`].
pub fn checks(store: &Store, conference: i64) -> Result<Checks> {
    let snap = snapshot(store, conference)?;
    Ok(Checks {
        conflicts: conflicts::conflicts(&snap),
        coverage: coverage::coverage(&snap),
    })
}

/// Everything the Plan grid draws first, in one call: the sessions (times in `home_zone` too, as
/// `list_sessions` gives them; left empty when the window already holds them), the members and the
/// [`Checks`].
#[derive(Debug, Clone, Serialize)]
pub struct PlanGrid {
    pub sessions: Vec<Session>,
    pub members: Vec<Member>,
    pub conflicts: Vec<Conflict>,
    pub coverage: Coverage,
}

/// The Plan grid's first draw.
pub fn plan_grid(
    store: &Store,
    conference: i64,
    home_zone: Option<&str>,
    with_sessions: bool,
) -> Result<PlanGrid> {
    let sessions = if with_sessions {
        super::programme::list_sessions(store, conference, None, home_zone)?
    } else {
        Vec::new()
    };
    let members = super::delegation::list_members(store, conference)?;
    let Checks {
        conflicts,
        coverage,
    } = checks(store, conference)?;
    Ok(PlanGrid {
        sessions,
        members,
        conflicts,
        coverage,
    })
}

/// The auto-planner's proposal for the conference; nothing is written.
pub fn propose_plan(store: &Store, conference: i64, replace_auto: bool) -> Result<Proposal> {
    autoplan::propose(&snapshot(store, conference)?, Options { replace_auto })
}

/// Writes a proposal made by `propose_plan` (refused if the plan changed since).
pub fn apply_plan(store: &mut Store, conference: i64, proposal: &Proposal) -> Result<Applied> {
    let c = conference::get(store.conn(), conference)?;
    autoplan::apply(store, &c, proposal)
}

/// Proposes and writes a plan in one go (the command line's `desk plan --auto`); answers with the
/// proposal that was written.
pub fn auto_plan(store: &mut Store, conference: i64, replace_auto: bool) -> Result<Proposal> {
    let c = conference::get(store.conn(), conference)?;
    Ok(autoplan::plan(store, &c, Options { replace_auto })?.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{app, ErrorCode};

    #[test]
    fn the_app_proposes_applies_and_then_sees_every_must_session_covered() {
        let mut store = Store::open_in_memory().unwrap();
        let id = app::conferences::load_sample(&mut store)
            .unwrap()
            .conference
            .id;
        assert!(coverage(&store, id).unwrap().uncovered > 0);
        assert!(
            !conflicts(&store, id).unwrap().is_empty(),
            "uncovered must sessions"
        );
        let proposal = propose_plan(&store, id, false).unwrap();
        assert!(!proposal.add.is_empty());
        let applied = apply_plan(&mut store, id, &proposal).unwrap();
        assert_eq!(applied.added, proposal.add.len());
        let c = coverage(&store, id).unwrap();
        assert_eq!(c.must.covered, c.must.total);
        assert_eq!(
            conflicts(&store, id).unwrap(),
            vec![],
            "a plan made by the solver has no conflict"
        );
    }

    #[test]
    fn the_plan_grids_one_call_answers_what_its_four_calls_did() {
        let mut store = Store::open_in_memory().unwrap();
        let id = app::conferences::load_sample(&mut store)
            .unwrap()
            .conference
            .id;
        let grid = plan_grid(&store, id, None, true).unwrap();
        assert_eq!(
            grid.sessions,
            app::programme::list_sessions(&store, id, None, None).unwrap()
        );
        assert_eq!(
            grid.members,
            app::delegation::list_members(&store, id).unwrap()
        );
        assert!(
            !grid.conflicts.is_empty(),
            "the sample's uncovered must sessions are conflicts"
        );
        assert_eq!(grid.conflicts, conflicts(&store, id).unwrap());
        assert_eq!(grid.coverage, coverage(&store, id).unwrap());
        assert!(
            plan_grid(&store, id, None, false)
                .unwrap()
                .sessions
                .is_empty(),
            "the sessions left out when the window holds them"
        );
        // After a change, the checks come again from one snapshot, as the two calls had them.
        let session = grid
            .sessions
            .iter()
            .find(|s| s.kind != crate::domain::SessionKind::Break)
            .unwrap();
        assign(&mut store, session.id, grid.members[0].id, "attend").unwrap();
        let after = checks(&store, id).unwrap();
        assert_eq!(after.conflicts, conflicts(&store, id).unwrap());
        assert_eq!(after.coverage, coverage(&store, id).unwrap());
    }

    #[test]
    fn a_bad_priority_word_is_refused_naming_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        app::conferences::load_sample(&mut store).unwrap();
        let err = set_priority(&mut store, 2, "urgent", None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().starts_with("priority:"), "{err}");
    }
}
