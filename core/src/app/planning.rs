//! The app's planning commands: priorities and locks, coverage, conflicts, and the auto-planner's
//! proposal and its application. The proposal travels to the window and back: `apply_plan` writes it
//! as shown (never a different plan), and refuses it if the plan changed since (see `autoplan::apply`).

use crate::planner::autoplan::{self, Applied, Options, Proposal};
use crate::planner::conflicts::{self, Conflict};
use crate::planner::coverage::{self, Coverage};
use crate::planner::model::Snapshot;
use crate::programme::sessions::Session;
use crate::{planner, programme::conference, Result, Store};

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

fn snapshot(store: &Store) -> Result<Snapshot> {
    let c = conference::select(store.conn(), None)?;
    Snapshot::load(store.conn(), &c)
}

/// Coverage of the current conference, per day and overall.
pub fn coverage(store: &Store) -> Result<Coverage> {
    Ok(coverage::coverage(&snapshot(store)?))
}

/// The current conference's conflicts, by day and time.
pub fn conflicts(store: &Store) -> Result<Vec<Conflict>> {
    Ok(conflicts::conflicts(&snapshot(store)?))
}

/// The auto-planner's proposal for the current conference; nothing is written.
pub fn propose_plan(store: &Store, replace_auto: bool) -> Result<Proposal> {
    autoplan::propose(&snapshot(store)?, Options { replace_auto })
}

/// Writes a proposal made by `propose_plan`.
pub fn apply_plan(store: &mut Store, proposal: &Proposal) -> Result<Applied> {
    let c = conference::select(store.conn(), None)?;
    autoplan::apply(store, &c, proposal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{app, ErrorCode};

    #[test]
    fn the_app_proposes_applies_and_then_sees_every_must_session_covered() {
        let mut store = Store::open_in_memory().unwrap();
        app::load_sample(&mut store).unwrap();
        assert!(coverage(&store).unwrap().uncovered > 0);
        assert!(
            !conflicts(&store).unwrap().is_empty(),
            "uncovered must sessions"
        );
        let proposal = propose_plan(&store, false).unwrap();
        assert!(!proposal.add.is_empty());
        let applied = apply_plan(&mut store, &proposal).unwrap();
        assert_eq!(applied.added, proposal.add.len());
        let c = coverage(&store).unwrap();
        assert_eq!(c.must.covered, c.must.total);
        assert_eq!(
            conflicts(&store).unwrap(),
            vec![],
            "a plan made by the solver has no conflict"
        );
    }

    #[test]
    fn a_bad_priority_word_is_refused_naming_the_field() {
        let mut store = Store::open_in_memory().unwrap();
        app::load_sample(&mut store).unwrap();
        let err = set_priority(&mut store, 2, "urgent", None).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().starts_with("priority:"), "{err}");
    }
}
