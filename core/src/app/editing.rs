//! The app's hand editing of the programme and the delegation: one function per command, each acting on
//! the current conference and answering with the record as it now is.

use crate::delegation;
use crate::delegation::editing::{MemberFields, RemovedMember};
use crate::delegation::members::{self, Member};
use crate::domain::SessionStatus;
use crate::programme::conference;
use crate::programme::editing::{self, SessionFields};
use crate::programme::sessions::{self, Session};
use crate::{Error, Result, Store};

/// Adds a session typed by the coordinator; answers with it.
pub fn add_session(store: &mut Store, fields: &SessionFields) -> Result<Session> {
    let c = conference::select(store.conn(), None)?;
    let id = editing::add_session(store, &c, fields)?;
    sessions::get(store.conn(), &c, id)
}

/// Changes the given fields of a session; answers with it.
pub fn edit_session(store: &mut Store, session_id: i64, fields: &SessionFields) -> Result<Session> {
    let c = conference::select(store.conn(), None)?;
    editing::edit_session(store, &c, session_id, fields)?;
    sessions::get(store.conn(), &c, session_id)
}

/// Deletes a session without notes; answers with its title.
pub fn delete_session(store: &mut Store, session_id: i64) -> Result<String> {
    let c = conference::select(store.conn(), None)?;
    editing::delete_session(store, &c, session_id).map(|d| d.title)
}

/// Cancels (`cancelled`) or restores (`scheduled`) a session; answers with it.
pub fn set_session_status(store: &mut Store, session_id: i64, status: &str) -> Result<Session> {
    let status: SessionStatus = status.parse()?;
    let c = conference::select(store.conn(), None)?;
    editing::set_status(store, &c, session_id, status)?;
    sessions::get(store.conn(), &c, session_id)
}

/// Adds a member; answers with them.
pub fn add_member(store: &mut Store, fields: &MemberFields) -> Result<Member> {
    let c = conference::select(store.conn(), None)?;
    let id = delegation::editing::add_member(store, &c, fields)?;
    member(store, c.id, id)
}

/// Changes the given fields of a member; answers with them.
pub fn edit_member(store: &mut Store, member_id: i64, fields: &MemberFields) -> Result<Member> {
    let c = conference::select(store.conn(), None)?;
    delegation::editing::edit_member(store, &c, member_id, fields)?;
    member(store, c.id, member_id)
}

/// Removes a member with their assignments; their notes stay, without an author.
pub fn remove_member(store: &mut Store, member_id: i64) -> Result<RemovedMember> {
    let c = conference::select(store.conn(), None)?;
    delegation::editing::remove_member(store, &c, member_id)
}

fn member(store: &Store, conference_id: i64, id: i64) -> Result<Member> {
    members::list(store.conn(), conference_id)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| Error::NotFound(format!("No member with id {id}.")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::load_sample;
    use crate::ErrorCode;

    #[test]
    fn the_app_adds_edits_cancels_and_deletes_a_side_event() {
        let mut store = Store::open_in_memory().unwrap();
        load_sample(&mut store).unwrap();
        let fields: SessionFields = serde_json::from_value(serde_json::json!({
            "title": "Side event: shelters", "date": "2023-04-19", "start": "12:00", "end": "12:45",
            "room": "Ratsaal", "speakers": ["Ana Lima"]
        }))
        .unwrap();
        let s = add_session(&mut store, &fields).unwrap();
        assert_eq!(
            (s.start.as_str(), s.end.as_str(), s.room.as_str()),
            ("12:00", "12:45", "Ratsaal")
        );
        let moved = edit_session(
            &mut store,
            s.id,
            &SessionFields {
                start: Some("12:30".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(moved.end, "13:15", "moved with its length");
        let cancelled = set_session_status(&mut store, s.id, "cancelled").unwrap();
        assert_eq!(cancelled.status, SessionStatus::Cancelled);
        assert_eq!(
            set_session_status(&mut store, s.id, "gone")
                .unwrap_err()
                .code(),
            ErrorCode::Invalid
        );
        assert_eq!(
            delete_session(&mut store, s.id).unwrap(),
            "Side event: shelters"
        );
    }

    #[test]
    fn the_app_adds_edits_and_removes_a_member() {
        let mut store = Store::open_in_memory().unwrap();
        load_sample(&mut store).unwrap();
        let fields: MemberFields = serde_json::from_value(serde_json::json!({
            "name": "Ines Duarte", "languages": ["pt"], "max_per_day": "2", "arrives": "2023-04-18 12:00"
        }))
        .unwrap();
        let m = add_member(&mut store, &fields).unwrap();
        assert_eq!(m.max_per_day, Some(2));
        let edited = edit_member(
            &mut store,
            m.id,
            &MemberFields {
                max_per_day: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            (edited.max_per_day, edited.name.as_str()),
            (None, "Ines Duarte")
        );
        let removed = remove_member(&mut store, m.id).unwrap();
        assert_eq!(
            (removed.name.as_str(), removed.assignments),
            ("Ines Duarte", 0)
        );
    }
}
