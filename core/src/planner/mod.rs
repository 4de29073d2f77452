//! The planner decides who covers which session. This module holds the assignment rules (a member and
//! a session of the same conference, no one assigned to a break, one role per member and session), the
//! delegation's priorities and locks; [`coverage`], [`conflicts`] and [`autoplan`] look at the whole plan.

pub mod autoplan;
pub mod conflicts;
pub mod coverage;
pub mod model;
#[cfg(test)]
pub(crate) mod testkit;

use rusqlite::params;

use crate::domain::{Priority, Role, SessionKind};
use crate::programme::conference;
use crate::programme::sessions::{self, Session};
use crate::{delegation::members, time, Error, Result, Store};

/// Puts `member_id` on `session_id` with `role` (changing the role if already assigned); returns the
/// session as it now is.
pub fn assign(store: &mut Store, session_id: i64, member_id: i64, role: Role) -> Result<Session> {
    let conference_id = store.write(|tx| {
        let (conference_id, kind, title) = sessions::owner(tx, session_id)?;
        let (member_conference, name) = members::owner(tx, member_id)?;
        if member_conference != conference_id {
            return Err(Error::Invalid(format!("{name} belongs to another conference than \"{title}\".")));
        }
        if kind == SessionKind::Break {
            return Err(Error::Invalid(format!("\"{title}\" is a break: nobody is assigned to breaks.")));
        }
        tx.execute(
            "INSERT INTO assignment (session_id, member_id, role, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id, member_id) DO UPDATE SET role = excluded.role, origin = 'manual'",
            params![session_id, member_id, role, time::now_stored()],
        )?;
        Ok(conference_id)
    })?;
    session_view(store, conference_id, session_id)
}

/// Takes `member_id` off `session_id`; returns the session as it now is.
pub fn unassign(store: &mut Store, session_id: i64, member_id: i64) -> Result<Session> {
    let conference_id = store.write(|tx| {
        let (conference_id, _, title) = sessions::owner(tx, session_id)?;
        let (_, name) = members::owner(tx, member_id)?;
        let removed = tx.execute(
            "DELETE FROM assignment WHERE session_id = ?1 AND member_id = ?2",
            [session_id, member_id],
        )?;
        if removed == 0 {
            return Err(Error::NotFound(format!(
                "{name} is not assigned to \"{title}\"."
            )));
        }
        Ok(conference_id)
    })?;
    session_view(store, conference_id, session_id)
}

/// Sets a session's priority and wanted head-count (`None`: the priority's default, 1 for must and
/// should, 0 otherwise); returns the session as it now is.
pub fn set_priority(
    store: &mut Store,
    session_id: i64,
    priority: Priority,
    need: Option<i64>,
) -> Result<Session> {
    if let Some(n) = need {
        if !(0..=1000).contains(&n) {
            return Err(Error::invalid(
                "need",
                format!("{n} is not a head-count from 0 to 1000"),
            ));
        }
    }
    let conference_id = store.write(|tx| {
        let (conference_id, _, _) = sessions::owner(tx, session_id)?;
        tx.execute(
            "UPDATE session SET priority = ?1, need = ?2 WHERE id = ?3",
            params![priority, need, session_id],
        )?;
        Ok(conference_id)
    })?;
    session_view(store, conference_id, session_id)
}

/// Locks (or unlocks) a member's assignment to a session, so that the auto-planner keeps it whatever
/// it is asked; returns the session as it now is.
pub fn set_lock(
    store: &mut Store,
    session_id: i64,
    member_id: i64,
    locked: bool,
) -> Result<Session> {
    let conference_id = store.write(|tx| {
        let (conference_id, _, title) = sessions::owner(tx, session_id)?;
        let (_, name) = members::owner(tx, member_id)?;
        let changed = tx.execute(
            "UPDATE assignment SET locked = ?1 WHERE session_id = ?2 AND member_id = ?3",
            params![locked, session_id, member_id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(format!(
                "{name} is not assigned to \"{title}\": only an assignment can be locked."
            )));
        }
        Ok(conference_id)
    })?;
    session_view(store, conference_id, session_id)
}

fn session_view(store: &Store, conference_id: i64, session_id: i64) -> Result<Session> {
    let conference = conference::get(store.conn(), conference_id)?;
    sessions::get(store.conn(), &conference, session_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixtures::testutil, ErrorCode};

    #[test]
    fn assigning_a_member_shows_them_on_the_session_with_their_role() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 2");
        let police = testutil::member_id(&store, &conference, "Zoë");
        let session = assign(&mut store, panel, police, Role::Lead).unwrap();
        assert_eq!(session.assignments.len(), 1);
        assert_eq!(
            (
                session.assignments[0].member_id,
                session.assignments[0].role
            ),
            (police, Role::Lead)
        );
    }

    #[test]
    fn assigning_again_changes_the_role_instead_of_duplicating() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 2");
        let member = testutil::member_id(&store, &conference, "Łukasz");
        assign(&mut store, panel, member, Role::Attend).unwrap();
        let session = assign(&mut store, panel, member, Role::Notes).unwrap();
        assert_eq!(
            session.assignments.len(),
            1,
            "one assignment per member and session"
        );
        assert_eq!(session.assignments[0].role, Role::Notes);
    }

    #[test]
    fn nobody_is_assigned_to_a_break() {
        let (mut store, conference) = testutil::sample();
        let lunch = testutil::session_id(&store, &conference, "Coffee break");
        let member = testutil::member_id(&store, &conference, "Samuel");
        let err = assign(&mut store, lunch, member, Role::Attend).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().contains("is a break"), "{err}");
    }

    #[test]
    fn a_member_of_another_conference_cannot_be_assigned() {
        let (mut store, conference) = testutil::sample();
        let other = testutil::second_conference_with_member(&mut store, "Visitor");
        let panel = testutil::session_id(&store, &conference, "Panel 3");
        let err = assign(&mut store, panel, other, Role::Attend).unwrap_err();
        assert!(err.to_string().contains("another conference"), "{err}");
    }

    #[test]
    fn unassigning_removes_the_member_and_unassigning_twice_says_so() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 1");
        let member = testutil::member_id(&store, &conference, "Maren");
        assign(&mut store, panel, member, Role::Attend).unwrap();
        assert!(unassign(&mut store, panel, member)
            .unwrap()
            .assignments
            .is_empty());
        let err = unassign(&mut store, panel, member).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    }

    #[test]
    fn setting_a_priority_with_a_need_and_back_to_the_default() {
        let (mut store, conference) = testutil::sample();
        let side = testutil::session_id(&store, &conference, "Side event (illustrative): Online");
        let s = set_priority(&mut store, side, Priority::Must, Some(2)).unwrap();
        assert_eq!((s.priority, s.need, s.need_set), (Priority::Must, 2, true));
        let s = set_priority(&mut store, side, Priority::Skip, None).unwrap();
        assert_eq!(
            (s.priority, s.need, s.need_set),
            (Priority::Skip, 0, false),
            "no need given: the priority's default"
        );
        let err = set_priority(&mut store, side, Priority::Must, Some(-1)).unwrap_err();
        assert!(err.to_string().starts_with("need:"), "{err}");
    }

    #[test]
    fn locking_an_assignment_marks_it_and_locking_a_missing_one_says_so() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 1");
        let member = testutil::member_id(&store, &conference, "Maren");
        let err = set_lock(&mut store, panel, member, true).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
        assign(&mut store, panel, member, Role::Attend).unwrap();
        let s = set_lock(&mut store, panel, member, true).unwrap();
        assert!(s.assignments[0].locked, "locked");
        let s = set_lock(&mut store, panel, member, false).unwrap();
        assert!(!s.assignments[0].locked, "unlocked again");
    }

    #[test]
    fn unknown_sessions_and_members_are_not_found() {
        let (mut store, conference) = testutil::sample();
        let member = testutil::member_id(&store, &conference, "Dalia");
        assert_eq!(
            assign(&mut store, 99_999, member, Role::Attend)
                .unwrap_err()
                .code(),
            ErrorCode::NotFound
        );
        let panel = testutil::session_id(&store, &conference, "Panel 1");
        assert_eq!(
            assign(&mut store, panel, 99_999, Role::Attend)
                .unwrap_err()
                .code(),
            ErrorCode::NotFound
        );
    }
}
