//! Notes: save (create, then update while autosaving), read, list, history, search, the building-block
//! matrix, the reference countries, the session to write in right now, the daily report built from
//! the notes, and deleting a note (by its author) with all that is kept of it.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::notes::history::{self, Version};
use crate::notes::matrix::{self, Matrix};
use crate::notes::page::{self, NotePage};
use crate::notes::report::{self, DailyReport};
use crate::notes::search::{self, Hit, Query};
use crate::notes::{self, Deleted, NewNote, Note};
use crate::programme::conference;
use crate::programme::sessions::{self, Session};
use crate::taxonomy::reference::{self, Country};
use crate::{domain::SessionKind, time, Error, Result, Store};

mod views;
pub use views::{
    notes_view, search_view, Follow, ListAsk, ListPage, NotesView, NotesViewAsk, SearchView,
};

/// A note as the app's composer sends it: without `id` a new note is created, with one it is updated.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NoteDraft {
    pub id: Option<String>,
    pub session_id: Option<i64>,
    pub author_id: Option<i64>,
    pub body: String,
    pub blocks: Vec<String>,
    /// `observation` when absent.
    pub kind: Option<String>,
    pub countries: Vec<String>,
}

/// Creates or updates a note; when this returns it is committed to disk (synchronous=FULL).
pub fn save_note(store: &mut Store, conference: i64, draft: NoteDraft) -> Result<Note> {
    let c = conference::get(store.conn(), conference)?;
    let new = NewNote {
        session_id: draft.session_id,
        author_id: draft.author_id,
        body: draft.body,
        blocks: draft.blocks,
        kind: match draft.kind.as_deref().filter(|k| !k.trim().is_empty()) {
            Some(k) => k.parse()?,
            None => Default::default(),
        },
        countries: draft.countries,
    };
    match draft.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => notes::update(store, &c, id, &new),
        None => notes::add(store, &c, &new),
    }
}

/// One note of the conference.
pub fn get_note(store: &Store, conference: i64, id: &str) -> Result<Note> {
    let c = conference::get(store.conn(), conference)?;
    notes::get(store.conn(), &c, id)
}

/// The conference's notes (one session's when given), newest first.
pub fn list_notes(store: &Store, conference: i64, session_id: Option<i64>) -> Result<Vec<Note>> {
    let c = conference::get(store.conn(), conference)?;
    notes::list(store.conn(), &c, session_id)
}

/// One page of [`list_notes`]: at most `limit` notes from position `offset` (0 = newest), with the
/// list's total (the app's Notes view shows a window of the list and asks for what scrolls into it).
pub fn note_page(
    store: &Store,
    conference: i64,
    session_id: Option<i64>,
    offset: usize,
    limit: usize,
) -> Result<NotePage> {
    let c = conference::get(store.conn(), conference)?;
    page::page(store.conn(), &c, session_id, offset, limit)
}

/// Rewrites a note's text, keeping everything else and the old text in its history (`desk notes edit`).
pub fn rewrite_note(store: &mut Store, conference: i64, id: &str, body: String) -> Result<Note> {
    let c = conference::get(store.conn(), conference)?;
    let n = notes::get(store.conn(), &c, id)?;
    let new = NewNote {
        session_id: n.session_id,
        author_id: n.author_id,
        body,
        blocks: n.blocks,
        kind: n.kind,
        countries: n.countries,
    };
    notes::update(store, &c, id, &new)
}

/// Deletes a note with its history and search-index row, in one transaction. `asking` is the member this
/// laptop belongs to (the front end reads it from the settings, or `desk notes delete --as` names it):
/// a note with an author may be deleted only by that author (else `invalid_input`); one without, by anyone.
pub fn delete_note(
    store: &mut Store,
    conference: i64,
    id: &str,
    asking: Option<i64>,
) -> Result<Deleted> {
    let c = conference::get(store.conn(), conference)?;
    notes::delete(store, &c, id, asking)
}

/// A note's earlier versions, newest first.
pub fn note_history(store: &Store, conference: i64, id: &str) -> Result<Vec<Version>> {
    let c = conference::get(store.conn(), conference)?;
    history::versions(store.conn(), &c, id)
}

/// Full-text search with filters.
pub fn search_notes(store: &Store, conference: i64, query: &Query) -> Result<Vec<Hit>> {
    let c = conference::get(store.conn(), conference)?;
    search::search(store.conn(), &c, query)
}

/// The building-block matrix by `sessions` or `countries`.
pub fn block_matrix(store: &Store, conference: i64, by: &str) -> Result<Matrix> {
    let c = conference::get(store.conn(), conference)?;
    matrix::build(store.conn(), &c, by.parse()?)
}

/// The 57 participating States, then the 11 Partners for Co-operation.
pub fn list_countries() -> Result<Vec<Country>> {
    let list = reference::osce_states()?;
    Ok(list
        .participating_states
        .into_iter()
        .chain(list.partners)
        .collect())
}

/// The session to write in now (quick capture): the one running, else the next one today (conference
/// time), else none. Breaks do not count.
pub fn session_now(store: &Store, conference: i64) -> Result<Option<Session>> {
    let c = conference::get(store.conn(), conference)?;
    let list = sessions::list(store.conn(), &c, None)?;
    session_at(list, Utc::now(), c.tz()?)
}

/// A day's report: the draft from the notes and the saved edit, if any.
pub fn get_report(store: &Store, conference: i64, day: &str) -> Result<DailyReport> {
    let c = conference::get(store.conn(), conference)?;
    report::get(store.conn(), &c, time::parse_date("day", day)?)
}

/// Keeps the edited report of a day (an empty text returns to the draft).
pub fn save_report(
    store: &mut Store,
    conference: i64,
    day: &str,
    body: &str,
) -> Result<DailyReport> {
    let c = conference::get(store.conn(), conference)?;
    report::save(store, &c, time::parse_date("day", day)?, body)
}

/// [`session_now`] at a given instant.
fn session_at(
    list: Vec<Session>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Option<Session>> {
    let parse = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| Error::Internal(format!("session time {s}: {e}")))
    };
    let today = now.with_timezone(&tz).format("%Y-%m-%d").to_string();
    let mut next: Option<(DateTime<Utc>, Session)> = None;
    for s in list {
        if s.kind == SessionKind::Break {
            continue;
        }
        let (start, end) = (parse(&s.starts_at)?, parse(&s.ends_at)?);
        if start <= now && now < end {
            return Ok(Some(s));
        }
        if start > now && s.day == today && next.as_ref().is_none_or(|(t, _)| start < *t) {
            next = Some((start, s));
        }
    }
    Ok(next.map(|(_, s)| s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::conferences::load_sample;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn quick_capture_picks_the_running_session_else_the_next_today_else_none() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference;
        let list = || sessions::list(store.conn(), &c, None).unwrap();
        let tz = c.tz().unwrap();
        let running = session_at(list(), at("2023-04-19T11:30:00+02:00"), tz)
            .unwrap()
            .unwrap();
        assert!(running.title.starts_with("Panel 2"), "{}", running.title);
        let early = session_at(list(), at("2023-04-18T07:00:00+02:00"), tz)
            .unwrap()
            .unwrap();
        assert_eq!(
            early.start, "10:00",
            "the next one today, not the registration break"
        );
        assert!(
            session_at(list(), at("2023-04-19T23:00:00+02:00"), tz)
                .unwrap()
                .is_none(),
            "nothing left today"
        );
        assert!(session_at(list(), at("2023-04-25T11:30:00+02:00"), tz)
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_note_page_is_the_start_of_the_list_with_its_total() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        for body in ["first", "second", "third"] {
            let draft = NoteDraft {
                body: body.into(),
                ..Default::default()
            };
            save_note(&mut store, c, draft).unwrap();
        }
        let all = list_notes(&store, c, None).unwrap();
        let p = note_page(&store, c, None, 1, 1).unwrap();
        assert_eq!(p.total, all.len(), "the page tells the whole list's size");
        assert_eq!(p.notes, all[1..2].to_vec(), "the second note, alone");
        assert!(
            note_page(&store, c + 1000, None, 0, 10).is_err(),
            "no page of a conference that does not exist"
        );
    }

    #[test]
    fn the_composer_creates_then_updates_the_same_note() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference.id;
        let first = save_note(
            &mut store,
            c,
            NoteDraft {
                body: "Draft".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let second = save_note(
            &mut store,
            c,
            NoteDraft {
                id: Some(first.id.clone()),
                body: "Draft, longer".into(),
                kind: Some("question".into()),
                countries: vec!["tr".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(second.id, first.id);
        assert_eq!(second.countries, vec!["Türkiye"]);
        assert_eq!(note_history(&store, c, &first.id).unwrap().len(), 1);
        assert_eq!(
            list_notes(&store, c, None).unwrap().len(),
            1,
            "one note, not two"
        );
        assert_eq!(list_countries().unwrap().len(), 68);
    }

    #[test]
    fn a_note_deleted_by_its_author_is_gone_from_the_matrix_the_report_and_the_next_pack() {
        let mut store = Store::open_in_memory().unwrap();
        let c = load_sample(&mut store).unwrap().conference;
        let panel = sessions::list(store.conn(), &c, None)
            .unwrap()
            .into_iter()
            .find(|s| s.title.starts_with("Panel 2"))
            .unwrap();
        let maren = crate::app::delegation::list_members(&store, c.id)
            .unwrap()
            .into_iter()
            .find(|m| m.name.starts_with("Maren"))
            .unwrap()
            .id;
        let note = save_note(
            &mut store,
            c.id,
            NoteDraft {
                session_id: Some(panel.id),
                author_id: Some(maren),
                body: "Quokkaborough funds shelters.".into(),
                blocks: vec!["law".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let options = crate::pack::PackOptions {
            sections: crate::pack::parse_sections("briefs,blocks").unwrap(),
            member_id: None,
            paper: crate::pack::parse_paper("a4").unwrap(),
            marking: None,
            justify: true,
        };
        let in_pack = |store: &Store| {
            let doc = crate::pack::document(store.conn(), &c, &options, 1, Utc::now()).unwrap();
            format!("{doc:?}").contains("Quokkaborough")
        };
        let law_cells = |store: &Store| -> i64 {
            let m = block_matrix(store, c.id, "sessions").unwrap();
            m.count("law", &panel.id.to_string())
        };
        let in_report = |store: &Store| {
            get_report(store, c.id, &panel.day)
                .unwrap()
                .generated
                .contains("Quokkaborough")
        };
        assert!(in_pack(&store) && in_report(&store), "there before");
        assert_eq!(law_cells(&store), 1);

        let refused = delete_note(&mut store, c.id, &note.id, None).unwrap_err();
        assert_eq!(refused.code(), crate::ErrorCode::Invalid, "{refused}");
        let gone = delete_note(&mut store, c.id, &note.id, Some(maren)).unwrap();
        assert_eq!(gone.id, note.id);
        assert!(!in_pack(&store), "not in a pack generated after");
        assert!(!in_report(&store), "not in the day's report");
        assert_eq!(law_cells(&store), 0, "not counted in the matrix");
        assert_eq!(
            get_note(&store, c.id, &note.id).unwrap_err().code(),
            crate::ErrorCode::NotFound
        );
    }
}
