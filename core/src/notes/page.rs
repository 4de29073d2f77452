//! One page of the notes list. At a hundred thousand notes the list cannot be read whole: the app's
//! Notes view asks for the rows it shows (a window of about a hundred) and the total, in one call, and
//! asks again as the list scrolls. Pages are by position in the list's order (newest first), so a
//! scroll bar dragged to any place costs one page, not everything above it.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{load_many, Note};
use crate::programme::conference::Conference;
use crate::{Error, Result};

/// The most notes one page may hold: more is a mistake of the caller, not a bigger page.
pub const MAX_PAGE: usize = 500;

/// Some consecutive notes of a list, where they start in it, and how many the whole list holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotePage {
    /// The notes from `offset` on, newest first, at most the `limit` asked for.
    pub notes: Vec<Note>,
    /// The position of the first note in the whole list (0 is the newest).
    pub offset: usize,
    /// How many notes the whole list holds (the conference's, or one session's).
    pub total: usize,
}

/// The notes from `offset` (0 = newest) on, at most `limit` of them, of the conference (or of one
/// session), in the order of [`super::list`], with the list's total.
pub fn page(
    conn: &Connection,
    conference: &Conference,
    session_id: Option<i64>,
    offset: usize,
    limit: usize,
) -> Result<NotePage> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::invalid(
            "limit",
            format!("a page holds 1 to {MAX_PAGE} notes, not {limit}"),
        ));
    }
    let total: i64 = conn.query_row(
        "SELECT count(*) FROM note WHERE conference_id = ?1 AND (?2 IS NULL OR session_id = ?2)",
        params![conference.id, session_id],
        |r| r.get(0),
    )?;
    let total = usize::try_from(total).unwrap_or(0);
    let offset = offset.min(total);
    let mut stmt = conn.prepare(
        "SELECT id FROM note WHERE conference_id = ?1 AND (?2 IS NULL OR session_id = ?2)
         ORDER BY created_at DESC, rowid DESC LIMIT ?3 OFFSET ?4",
    )?;
    let ids = stmt
        .query_map(
            params![
                conference.id,
                session_id,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(i64::MAX)
            ],
            |r| r.get::<_, String>(0),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(NotePage {
        notes: load_many(conn, conference, &ids)?,
        offset,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{synthetic_notes, testutil};
    use crate::notes::list;

    #[test]
    fn pages_in_a_row_are_the_whole_list_in_order() {
        let (mut store, conference) = testutil::sample();
        synthetic_notes::generate(&mut store, &conference, 250, 7).unwrap();
        let whole = list(store.conn(), &conference, None).unwrap();
        let mut paged = Vec::new();
        for offset in [0, 100, 200] {
            let p = page(store.conn(), &conference, None, offset, 100).unwrap();
            assert_eq!(p.total, whole.len(), "every page says the list's total");
            assert_eq!(p.offset, offset, "the page starts where it was asked");
            paged.extend(p.notes);
        }
        assert_eq!(paged, whole, "three pages are the list, note for note");
    }

    #[test]
    fn a_session_page_counts_only_that_sessions_notes_and_a_page_past_the_end_is_empty() {
        let (mut store, conference) = testutil::sample();
        synthetic_notes::generate(&mut store, &conference, 120, 3).unwrap();
        let all = list(store.conn(), &conference, None).unwrap();
        let session = all
            .iter()
            .find_map(|n| n.session_id)
            .expect("synthetic notes have sessions");
        let of_session = list(store.conn(), &conference, Some(session)).unwrap();
        let p = page(store.conn(), &conference, Some(session), 0, 500).unwrap();
        assert_eq!(p.total, of_session.len(), "the session's total");
        assert_eq!(p.notes, of_session, "the session's notes only");
        let past = page(store.conn(), &conference, None, 1_000_000, 50).unwrap();
        assert!(past.notes.is_empty(), "nothing past the end");
        assert_eq!(past.offset, all.len(), "the offset is kept inside the list");
    }

    #[test]
    fn a_page_of_none_or_too_many_notes_is_refused_by_name() {
        let (store, conference) = testutil::sample();
        for limit in [0, MAX_PAGE + 1] {
            let err = page(store.conn(), &conference, None, 0, limit).unwrap_err();
            assert!(
                err.to_string().contains("limit"),
                "the refusal names the field: {err}"
            );
        }
    }
}
