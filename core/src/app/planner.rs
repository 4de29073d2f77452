//! The planner: who covers what. Assignments, priorities and locks, coverage, conflicts, and the
//! auto-planner's proposal and its application. The proposal travels to the window and back: `apply_plan` writes it
//! as shown (never a different plan), and refuses it if the plan changed since (see `autoplan::apply`).

use crate::planner::autoplan::{self, Applied, Options, Proposal};
use crate::planner::conflicts::{self, Conflict};
use crate::planner::coverage::{self, Coverage};
use crate::planner::model::Snapshot;
use crate::programme::sessions::Session;
use crate::{planner, programme::conference, Result, Store};

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
    fn a_bad_priority_word_is_refused_naming_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        app::conferences::load_sample(&mut store).unwrap();
        let err = set_priority(&mut store, 2, "urgent", None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().starts_with("priority:"), "{err}");
    }
}
