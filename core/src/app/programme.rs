//! The programme: the conference's sessions, listed (with a second clock in the person's home zone when
//! they set one) and edited by hand. Each edit answers with the session as it now is.

use chrono::NaiveDate;

use crate::domain::SessionStatus;
use crate::programme::conference;
use crate::programme::editing::{self, DeletedSession, SessionFields};
use crate::programme::sessions::{self, Session};
use crate::{Result, Store};

/// The conference's sessions by start time (one day's when `day` is given). With a `home_zone` other
/// than the conference's, each session also carries its times in that zone.
pub fn list_sessions(
    store: &Store,
    conference: i64,
    day: Option<NaiveDate>,
    home_zone: Option<&str>,
) -> Result<Vec<Session>> {
    let c = conference::get(store.conn(), conference)?;
    let list = sessions::list(store.conn(), &c, day)?;
    match home_zone {
        Some(zone) if zone != c.time_zone => sessions::with_home_times(list, zone),
        _ => Ok(list),
    }
}

/// One session of the conference.
pub fn get_session(store: &Store, conference: i64, session_id: i64) -> Result<Session> {
    let c = conference::get(store.conn(), conference)?;
    sessions::get(store.conn(), &c, session_id)
}

/// Adds a session typed by the coordinator; answers with it.
pub fn add_session(store: &mut Store, conference: i64, fields: &SessionFields) -> Result<Session> {
    let c = conference::get(store.conn(), conference)?;
    let id = editing::add_session(store, &c, fields)?;
    sessions::get(store.conn(), &c, id)
}

/// Changes the given fields of a session; answers with it.
pub fn edit_session(
    store: &mut Store,
    conference: i64,
    session_id: i64,
    fields: &SessionFields,
) -> Result<Session> {
    let c = conference::get(store.conn(), conference)?;
    editing::edit_session(store, &c, session_id, fields)?;
    sessions::get(store.conn(), &c, session_id)
}

/// Deletes a session without notes; answers with what went with it.
pub fn delete_session(
    store: &mut Store,
    conference: i64,
    session_id: i64,
) -> Result<DeletedSession> {
    let c = conference::get(store.conn(), conference)?;
    editing::delete_session(store, &c, session_id)
}

/// Cancels (`cancelled`) or restores (`scheduled`) a session; answers with it.
pub fn set_session_status(
    store: &mut Store,
    conference: i64,
    session_id: i64,
    status: &str,
) -> Result<Session> {
    let status: SessionStatus = status.parse()?;
    let c = conference::get(store.conn(), conference)?;
    editing::set_status(store, &c, session_id, status)?;
    sessions::get(store.conn(), &c, session_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;
    use crate::ErrorCode;

    #[test]
    fn the_app_adds_edits_cancels_and_deletes_a_side_event() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let fields: SessionFields = serde_json::from_value(serde_json::json!({
            "title": "Side event: shelters", "date": "2023-04-19", "start": "12:00", "end": "12:45",
            "room": "Ratsaal", "speakers": ["Ana Lima"]
        }))
        .unwrap();
        let s = add_session(&mut store, c, &fields).unwrap();
        assert_eq!(
            (s.start.as_str(), s.end.as_str(), s.room.as_str()),
            ("12:00", "12:45", "Ratsaal")
        );
        let moved = edit_session(
            &mut store,
            c,
            s.id,
            &SessionFields {
                start: Some("12:30".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(moved.end, "13:15", "moved with its length");
        let cancelled = set_session_status(&mut store, c, s.id, "cancelled").unwrap();
        assert_eq!(cancelled.status, SessionStatus::Cancelled);
        assert_eq!(
            set_session_status(&mut store, c, s.id, "gone")
                .unwrap_err()
                .code(),
            ErrorCode::Invalid
        );
        assert_eq!(
            delete_session(&mut store, c, s.id).unwrap().title,
            "Side event: shelters"
        );
    }
}
