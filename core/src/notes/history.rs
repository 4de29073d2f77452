//! A note's history: every state an edit replaced, with when it was written and when it was replaced, so
//! nothing a delegate wrote is lost by a later edit (or by an autosave of a half-deleted paragraph).

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{time, Error, Result};

/// A note's state as stored, for comparing and keeping.
#[derive(Debug, Clone)]
pub(crate) struct State {
    pub body: String,
    pub kind: NoteKind,
    pub session_id: Option<i64>,
    pub author_id: Option<i64>,
    pub block_ids: Vec<i64>,
    pub blocks: Vec<String>,
    pub countries: Vec<String>,
    pub updated_at: String,
}

/// An earlier version of a note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// 1 for the first version written, counting up.
    pub number: i64,
    pub body: String,
    pub kind: NoteKind,
    pub session_id: Option<i64>,
    pub session_title: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub blocks: Vec<String>,
    pub countries: Vec<String>,
    /// When this version was saved (RFC 3339, conference time).
    pub written_at: String,
    /// When the edit that replaced it was saved.
    pub replaced_at: String,
}

/// The note's current state.
pub(crate) fn current_state(tx: &Transaction<'_>, id: &str) -> Result<State> {
    let (body, kind, session_id, author_id, updated_at) = tx.query_row(
        "SELECT body, kind, session_id, author_id, updated_at FROM note WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, NoteKind>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, String>(4)?,
            ))
        },
    )?;
    let mut stmt = tx.prepare(
        "SELECT b.id, b.code FROM note_block nb JOIN building_block b ON b.id = nb.block_id
         LEFT JOIN building_block p ON p.id = b.parent_id WHERE nb.note_id = ?1
         ORDER BY coalesce(p.position, b.position), coalesce(p.id, b.id), b.parent_id IS NOT NULL, b.position",
    )?;
    let pairs = stmt
        .query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt =
        tx.prepare("SELECT name FROM note_country WHERE note_id = ?1 ORDER BY position")?;
    let countries = stmt
        .query_map([id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(State {
        body,
        kind,
        session_id,
        author_id,
        block_ids: pairs.iter().map(|p| p.0).collect(),
        blocks: pairs.into_iter().map(|p| p.1).collect(),
        countries,
        updated_at,
    })
}

/// Keeps `before` as a version of note `id`, replaced at `now`.
pub(crate) fn keep(tx: &Transaction<'_>, id: &str, before: &State, now: &str) -> Result<()> {
    let json =
        |v: &Vec<String>| serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string()));
    tx.execute(
        "INSERT INTO note_version (id, note_id, body, kind, session_id, author_id, blocks, countries, written_at,
                                   replaced_at, position)
         VALUES (?10, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                 (SELECT coalesce(max(position), 0) + 1 FROM note_version WHERE note_id = ?1))",
        params![
            id,
            before.body,
            before.kind,
            before.session_id,
            before.author_id,
            json(&before.blocks)?,
            json(&before.countries)?,
            before.updated_at,
            now,
            crate::store::new_id()
        ],
    )?;
    Ok(())
}

/// The earlier versions of a note, newest first. A note never edited has none.
pub fn versions(conn: &Connection, conference: &Conference, id: &str) -> Result<Vec<Version>> {
    // Refuses an id of another conference, or none, with the usual message.
    super::get(conn, conference, id)?;
    let tz = conference.tz()?;
    let mut stmt = conn.prepare(
        "SELECT v.body, v.kind, v.session_id, s.title, v.author_id, m.name, v.blocks, v.countries,
                v.written_at, v.replaced_at
         FROM note_version v LEFT JOIN session s ON s.id = v.session_id LEFT JOIN member m ON m.id = v.author_id
         WHERE v.note_id = ?1 ORDER BY v.replaced_at, v.position, v.id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let parse = |i: usize, what: &str| -> Result<Vec<String>> {
            let raw: String = r.get(i)?;
            serde_json::from_str(&raw).map_err(|e| {
                Error::Internal(format!("note {id}: stored {what} are not a JSON list: {e}"))
            })
        };
        out.push(Version {
            number: out.len() as i64 + 1,
            body: r.get(0)?,
            kind: r.get(1)?,
            session_id: r.get(2)?,
            session_title: r.get(3)?,
            author_id: r.get(4)?,
            author_name: r.get(5)?,
            blocks: parse(6, "blocks")?,
            countries: parse(7, "countries")?,
            written_at: time::local_stored(tz, &r.get::<_, String>(8)?)?.rfc3339,
            replaced_at: time::local_stored(tz, &r.get::<_, String>(9)?)?.rfc3339,
        });
    }
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;
    use crate::notes::{self, NewNote};

    fn note(body: &str, blocks: &[&str]) -> NewNote {
        NewNote {
            body: body.into(),
            blocks: blocks.iter().map(|b| b.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn every_edit_keeps_the_state_it_replaced() {
        let (mut store, conference) = testutil::sample();
        let first = notes::add(&mut store, &conference, &note("First draft.", &["nrm"])).unwrap();
        notes::update(
            &mut store,
            &conference,
            &first.id,
            &note("Second draft.", &["nrm", "law"]),
        )
        .unwrap();
        let last = notes::update(
            &mut store,
            &conference,
            &first.id,
            &note("Final.", &["law"]),
        )
        .unwrap();
        assert_eq!(last.body, "Final.");
        assert_eq!(last.versions, 2);
        let history = versions(store.conn(), &conference, &first.id).unwrap();
        let bodies: Vec<_> = history.iter().map(|v| v.body.as_str()).collect();
        assert_eq!(
            bodies,
            vec!["Second draft.", "First draft."],
            "newest first, nothing lost"
        );
        assert_eq!(
            history[0].blocks,
            vec!["nrm", "law"],
            "the tags of that version"
        );
        assert_eq!(history[1].number, 1);
        assert_eq!(
            history[1].written_at, first.updated_at,
            "when that version was saved"
        );
    }

    #[test]
    fn saving_the_same_content_again_adds_no_version() {
        let (mut store, conference) = testutil::sample();
        let n = notes::add(&mut store, &conference, &note("Same.", &["nrm"])).unwrap();
        let again =
            notes::update(&mut store, &conference, &n.id, &note("Same.", &["nrm"])).unwrap();
        assert_eq!(again.updated_at, n.updated_at);
        assert!(versions(store.conn(), &conference, &n.id)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_refused_edit_leaves_the_note_and_its_history_alone() {
        let (mut store, conference) = testutil::sample();
        let n = notes::add(&mut store, &conference, &note("Kept.", &[])).unwrap();
        assert!(notes::update(&mut store, &conference, &n.id, &note(" ", &[])).is_err());
        assert!(notes::update(&mut store, &conference, &n.id, &note("x", &["nope"])).is_err());
        assert_eq!(
            notes::get(store.conn(), &conference, &n.id).unwrap().body,
            "Kept."
        );
        assert!(versions(store.conn(), &conference, &n.id)
            .unwrap()
            .is_empty());
        let err = versions(store.conn(), &conference, "no-such-note").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }
}
