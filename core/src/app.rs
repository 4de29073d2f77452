//! The operations the desktop app offers, one function each, so that every Tauri command in the shell
//! is a single call over the engine. They act on the current conference (the most recently created),
//! as the app shows one conference at a time. The contract is `docs/ipc.md`.

pub mod agenda;
pub mod conferences;
pub mod data;
pub mod editing;
pub mod followup;
pub mod import;
pub mod notebook;
pub mod pack;
pub mod planning;
pub mod taxonomy;

use serde::{Deserialize, Serialize};

use crate::delegation::members::Member;
use crate::notes::{NewNote, Note};
use crate::programme::conference::{self, Conference};
use crate::programme::sessions::Session;
use crate::taxonomy::blocks::Block;
use crate::{
    delegation::members, fixtures::sample, notes, planner, programme::sessions, taxonomy::blocks,
    Result, Store,
};

/// What the app says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
}

/// The app's version and where its data file is.
pub fn info(store: &Store) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: store
            .path()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
    }
}

/// The current conference, or `None` on an empty database (the app then shows its welcome).
pub fn current_conference(store: &Store) -> Result<Option<Conference>> {
    conference::current_opt(store.conn())
}

/// Loads the sample conference (nothing changes if it is already there).
pub fn load_sample(store: &mut Store) -> Result<Conference> {
    Ok(sample::load(store)?.conference)
}

/// The current conference's sessions, by start time.
pub fn list_sessions(store: &Store) -> Result<Vec<Session>> {
    let c = conference::select(store.conn(), None)?;
    let list = sessions::list(store.conn(), &c, None)?;
    // The second clock is a display preference; an unreadable settings file must not hide the agenda.
    let home = crate::data::paths::settings_path()
        .and_then(|p| crate::data::settings::load(&p))
        .ok()
        .and_then(|s| s.home_time_zone);
    match home {
        Some(zone) if zone != c.time_zone => sessions::with_home_times(list, &zone),
        _ => Ok(list),
    }
}

/// The current delegation.
pub fn list_members(store: &Store) -> Result<Vec<Member>> {
    let c = conference::select(store.conn(), None)?;
    members::list(store.conn(), c.id)
}

/// The current conference's building blocks.
pub fn list_blocks(store: &Store) -> Result<Vec<Block>> {
    let c = conference::select(store.conn(), None)?;
    blocks::list(store.conn(), c.id)
}

/// Assigns a member to a session with a role (`lead`, `attend`, `speak`, `notes`).
pub fn assign(store: &mut Store, session_id: i64, member_id: i64, role: &str) -> Result<Session> {
    planner::assign(store, session_id, member_id, role.parse()?)
}

/// Takes a member off a session.
pub fn unassign(store: &mut Store, session_id: i64, member_id: i64) -> Result<Session> {
    planner::unassign(store, session_id, member_id)
}

/// A note as the app sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoteInput {
    pub session_id: Option<i64>,
    pub author_id: Option<i64>,
    pub body: String,
    #[serde(default)]
    pub blocks: Vec<String>,
}

/// Saves a note in the current conference; it is on disk when this returns.
pub fn add_note(store: &mut Store, input: NoteInput) -> Result<Note> {
    let c = conference::select(store.conn(), None)?;
    let new = NewNote {
        session_id: input.session_id,
        author_id: input.author_id,
        body: input.body,
        blocks: input.blocks,
        ..Default::default()
    };
    notes::add(store, &c, &new)
}

/// The current conference's notes (one session's when given), newest first.
pub fn list_notes(store: &Store, session_id: Option<i64>) -> Result<Vec<Note>> {
    let c = conference::select(store.conn(), None)?;
    notes::list(store.conn(), &c, session_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn on_an_empty_database_there_is_no_current_conference_and_lists_say_so() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(
            current_conference(&store).unwrap(),
            None,
            "the app shows its welcome"
        );
        assert_eq!(
            list_sessions(&store).unwrap_err().code(),
            ErrorCode::NoConference
        );
    }

    #[test]
    fn the_app_flow_loads_assigns_and_notes_on_the_current_conference() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap();
        assert_eq!(
            current_conference(&store).unwrap().map(|x| x.id),
            Some(c.id)
        );
        let panel = list_sessions(&store)
            .unwrap()
            .into_iter()
            .find(|s| s.title.starts_with("Panel 3"))
            .unwrap();
        let member = list_members(&store).unwrap().remove(0);
        let s = assign(&mut store, panel.id, member.id, "lead").unwrap();
        assert_eq!(s.assignments[0].member_name, member.name);
        assert_eq!(
            assign(&mut store, panel.id, member.id, "boss")
                .unwrap_err()
                .code(),
            ErrorCode::Invalid
        );
        let note = add_note(
            &mut store,
            NoteInput {
                session_id: Some(panel.id),
                body: "Law covers demand.".into(),
                blocks: vec!["law".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(list_notes(&store, Some(panel.id)).unwrap(), vec![note]);
        assert_eq!(
            list_blocks(&store).unwrap().len(),
            18,
            "13 blocks and the referral mechanism's 5 sub-elements"
        );
    }
}
