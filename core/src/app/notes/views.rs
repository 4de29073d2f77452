//! The Notes and Search views' first draw, each in one call. A view that asked for its sessions,
//! members, countries, the session on now, the note to open and the list's first page one command at
//! a time paid the bridge's round trip for each and drew only when the slowest came back; these calls
//! read it all in one go, on one read connection. The window keeps the session list and the countries
//! once it has them, so each call leaves out what the window already holds.

use serde::{Deserialize, Serialize};

use super::{get_note, list_countries, note_page, search_notes, session_now};
use crate::delegation::members::Member;
use crate::notes::page::NotePage;
use crate::notes::search::{Hit, Query};
use crate::notes::Note;
use crate::programme::sessions::Session;
use crate::taxonomy::reference::Country;
use crate::{Result, Store};

/// Which session's notes the Notes view's list starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Follow {
    /// The session given in [`ListAsk::session_id`] (none: every note of the conference).
    Given,
    /// The session on now (none on now: every note), as a quick note starts there.
    Now,
    /// The session of the note being opened (as the editor then shows it).
    Note,
}

/// The first page of the Notes view's list.
#[derive(Debug, Clone, Deserialize)]
pub struct ListAsk {
    pub follow: Follow,
    #[serde(default)]
    pub session_id: Option<i64>,
    pub limit: usize,
}

/// What the Notes view asks for when it opens.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NotesViewAsk {
    /// The programme's sessions (left out when the window holds them).
    pub with_sessions: bool,
    /// The reference countries (left out when the window holds them).
    pub with_countries: bool,
    /// The session on now.
    pub now: bool,
    /// The note to open in the editor.
    pub note_id: Option<String>,
    /// The list's first page.
    pub list: Option<ListAsk>,
}

/// The list's first page and whose notes it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    /// The session whose notes these are (none: every note of the conference).
    pub session_id: Option<i64>,
    #[serde(flatten)]
    pub page: NotePage,
}

/// Everything the Notes view draws first.
#[derive(Debug, Clone, Serialize)]
pub struct NotesView {
    pub sessions: Vec<Session>,
    pub members: Vec<Member>,
    pub countries: Vec<Country>,
    /// The member this laptop belongs to ("You are" in the settings), as the front end read it: the
    /// view offers deleting only their notes (the engine checks it again when a note is deleted).
    pub me: Option<i64>,
    pub now: Option<Session>,
    pub note: Option<Note>,
    pub list: Option<ListPage>,
}

/// The Notes view's first draw, in one call; `me` is handed back as [`NotesView::me`].
pub fn notes_view(
    store: &Store,
    conference: i64,
    home_zone: Option<&str>,
    me: Option<i64>,
    ask: &NotesViewAsk,
) -> Result<NotesView> {
    let sessions = if ask.with_sessions {
        crate::app::programme::list_sessions(store, conference, None, home_zone)?
    } else {
        Vec::new()
    };
    let members = crate::app::delegation::list_members(store, conference)?;
    let countries = if ask.with_countries {
        list_countries()?
    } else {
        Vec::new()
    };
    let now = if ask.now || matches!(&ask.list, Some(l) if l.follow == Follow::Now) {
        session_now(store, conference)?
    } else {
        None
    };
    let note = match ask.note_id.as_deref() {
        Some(id) => Some(get_note(store, conference, id)?),
        None => None,
    };
    let list = match &ask.list {
        Some(l) => {
            let session_id = match l.follow {
                Follow::Given => l.session_id,
                Follow::Now => now.as_ref().map(|s| s.id),
                Follow::Note => note.as_ref().map_or(l.session_id, |n| n.session_id),
            };
            let page = note_page(store, conference, session_id, 0, l.limit)?;
            Some(ListPage { session_id, page })
        }
        None => None,
    };
    Ok(NotesView {
        sessions,
        members,
        countries,
        me,
        now: if ask.now { now } else { None },
        note,
        list,
    })
}

/// Everything the Search view draws first: its filters' lists and the results of the search it shows.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    pub sessions: Vec<Session>,
    pub members: Vec<Member>,
    pub countries: Vec<Country>,
    pub hits: Vec<Hit>,
}

/// The Search view's first draw, in one call (the sessions and countries left out when the window
/// holds them).
pub fn search_view(
    store: &Store,
    conference: i64,
    home_zone: Option<&str>,
    with_sessions: bool,
    with_countries: bool,
    query: &Query,
) -> Result<SearchView> {
    let sessions = if with_sessions {
        crate::app::programme::list_sessions(store, conference, None, home_zone)?
    } else {
        Vec::new()
    };
    Ok(SearchView {
        sessions,
        members: crate::app::delegation::list_members(store, conference)?,
        countries: if with_countries {
            list_countries()?
        } else {
            Vec::new()
        },
        hits: search_notes(store, conference, query)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;
    use crate::app::notes::{save_note, NoteDraft};
    use crate::ErrorCode;

    fn sample() -> (Store, i64) {
        let mut store = Store::open_in_memory().unwrap();
        let id = load_sample(&mut store).unwrap().conference.id;
        (store, id)
    }

    fn write(store: &mut Store, c: i64, session_id: Option<i64>, body: &str) -> Note {
        let draft = NoteDraft {
            session_id,
            body: body.into(),
            ..Default::default()
        };
        save_note(store, c, draft).unwrap()
    }

    #[test]
    fn the_notes_views_one_call_answers_what_its_separate_calls_did() {
        let (mut store, c) = sample();
        let sessions = crate::app::programme::list_sessions(&store, c, None, None).unwrap();
        let first = sessions[0].id;
        write(&mut store, c, Some(first), "on the first session");
        write(&mut store, c, None, "a corridor note");
        let ask = NotesViewAsk {
            with_sessions: true,
            with_countries: true,
            now: true,
            note_id: None,
            list: Some(ListAsk {
                follow: Follow::Given,
                session_id: Some(first),
                limit: 100,
            }),
        };
        let view = notes_view(&store, c, None, None, &ask).unwrap();
        assert_eq!(
            view.sessions, sessions,
            "the same sessions as list_sessions"
        );
        assert_eq!(
            view.members,
            crate::app::delegation::list_members(&store, c).unwrap()
        );
        assert_eq!(view.countries.len(), list_countries().unwrap().len());
        assert_eq!(view.now, session_now(&store, c).unwrap());
        let list = view.list.expect("the list's first page was asked for");
        assert_eq!(list.session_id, Some(first));
        assert_eq!(
            list.page,
            note_page(&store, c, Some(first), 0, 100).unwrap(),
            "the same page as note_page"
        );
        assert_eq!(list.page.total, 1, "only the first session's note");
    }

    #[test]
    fn the_notes_view_leaves_out_what_the_window_holds() {
        let (store, c) = sample();
        let view = notes_view(&store, c, None, None, &NotesViewAsk::default()).unwrap();
        assert!(view.sessions.is_empty() && view.countries.is_empty());
        assert!(view.note.is_none() && view.list.is_none() && view.now.is_none());
        assert!(!view.members.is_empty(), "the members always come");
    }

    #[test]
    fn opening_a_note_lists_the_notes_of_its_session() {
        let (mut store, c) = sample();
        let second = crate::app::programme::list_sessions(&store, c, None, None).unwrap()[1].id;
        let note = write(&mut store, c, Some(second), "to open");
        write(&mut store, c, None, "a corridor note");
        let ask = NotesViewAsk {
            note_id: Some(note.id.clone()),
            list: Some(ListAsk {
                follow: Follow::Note,
                session_id: None,
                limit: 100,
            }),
            ..Default::default()
        };
        let view = notes_view(&store, c, None, None, &ask).unwrap();
        assert_eq!(view.note.as_ref().map(|n| &n.id), Some(&note.id));
        let list = view.list.unwrap();
        assert_eq!(list.session_id, Some(second), "the opened note's session");
        assert_eq!(list.page.notes.len(), 1, "{:?}", list.page.notes);
    }

    #[test]
    fn opening_a_note_that_is_gone_is_not_found() {
        let (store, c) = sample();
        let ask = NotesViewAsk {
            note_id: Some("123".into()),
            ..Default::default()
        };
        let err = notes_view(&store, c, None, None, &ask).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    }

    #[test]
    fn the_search_views_one_call_answers_what_its_separate_calls_did() {
        let (mut store, c) = sample();
        write(&mut store, c, None, "referral mechanism in Moldova");
        write(&mut store, c, None, "nothing to find here");
        let query = Query {
            text: "referral".into(),
            ..Default::default()
        };
        let view = search_view(&store, c, None, true, true, &query).unwrap();
        assert_eq!(view.hits, search_notes(&store, c, &query).unwrap());
        assert_eq!(view.hits.len(), 1, "only the note that says it");
        assert!(!view.sessions.is_empty() && !view.countries.is_empty());
        let lean = search_view(&store, c, None, false, false, &query).unwrap();
        assert!(lean.sessions.is_empty() && lean.countries.is_empty());
    }
}
