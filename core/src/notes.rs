//! Notes: what delegates write in the room or in the corridor, tied to a session (or not), to an author,
//! and to the building blocks it informs. Ids are UUIDs because notes are written offline on many laptops.

use std::collections::HashMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::conference::Conference;
use crate::{blocks, members, sessions, time, Error, Result, Store};

/// The longest note accepted, in characters: far beyond any session, short of an accident.
pub const MAX_BODY_CHARS: usize = 200_000;

/// A note as the app and `desk notes list --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: String,
    pub session_id: Option<i64>,
    pub session_title: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub body: String,
    /// Codes of the building blocks the note is tagged with.
    pub blocks: Vec<String>,
    /// RFC 3339 in the conference's time zone.
    pub created_at: String,
    /// RFC 3339 in the conference's time zone.
    pub updated_at: String,
}

/// What it takes to write a note.
#[derive(Debug, Clone, Default)]
pub struct NewNote {
    pub session_id: Option<i64>,
    pub author_id: Option<i64>,
    pub body: String,
    pub blocks: Vec<String>,
}

/// Saves a new note in `conference`; when this returns, the note is on disk.
pub fn add(store: &mut Store, conference: &Conference, new: &NewNote) -> Result<Note> {
    if new.body.trim().is_empty() {
        return Err(Error::invalid("text", "the note is empty"));
    }
    if new.body.chars().count() > MAX_BODY_CHARS {
        return Err(Error::invalid(
            "text",
            format!("the note is longer than {MAX_BODY_CHARS} characters"),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    store.write(|tx| {
        if let Some(session) = new.session_id {
            let (owner, _, title) = sessions::owner(tx, session)?;
            if owner != conference.id {
                return Err(Error::invalid("session", format!("\"{title}\" is not in \"{}\"", conference.title)));
            }
        }
        if let Some(author) = new.author_id {
            let (owner, name) = members::owner(tx, author)?;
            if owner != conference.id {
                return Err(Error::invalid("author", format!("{name} is not in the delegation to \"{}\"", conference.title)));
            }
        }
        let block_ids = blocks::ids_for_codes(tx, conference.id, &new.blocks, "block")?;
        let now = time::now_stored();
        tx.execute(
            "INSERT INTO note (id, conference_id, session_id, author_id, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![id, conference.id, new.session_id, new.author_id, new.body, now],
        )?;
        let mut link = tx.prepare("INSERT INTO note_block (note_id, block_id) VALUES (?1, ?2)")?;
        for block in block_ids {
            link.execute(params![id, block])?;
        }
        Ok(())
    })?;
    get(store.conn(), conference, &id)
}

/// The conference's notes, newest first; only one session's when `session_id` is given.
pub fn list(
    conn: &Connection,
    conference: &Conference,
    session_id: Option<i64>,
) -> Result<Vec<Note>> {
    load(conn, conference, session_id, None)
}

/// One note.
pub fn get(conn: &Connection, conference: &Conference, id: &str) -> Result<Note> {
    load(conn, conference, None, Some(id))?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("No note with id {id}.")))
}

fn load(
    conn: &Connection,
    conference: &Conference,
    session_id: Option<i64>,
    only: Option<&str>,
) -> Result<Vec<Note>> {
    let tz = conference.tz()?;
    let mut codes: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT nb.note_id, b.code FROM note_block nb JOIN building_block b ON b.id = nb.block_id
             JOIN note n ON n.id = nb.note_id
             WHERE n.conference_id = ?1 AND (?2 IS NULL OR n.session_id = ?2) AND (?3 IS NULL OR n.id = ?3)
             ORDER BY b.position",
        )?;
        let mut rows = stmt.query(params![conference.id, session_id, only])?;
        while let Some(r) = rows.next()? {
            codes.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT n.id, n.session_id, s.title, n.author_id, m.name, n.body, n.created_at, n.updated_at
         FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
         WHERE n.conference_id = ?1 AND (?2 IS NULL OR n.session_id = ?2) AND (?3 IS NULL OR n.id = ?3)
         ORDER BY n.created_at DESC, n.rowid DESC",
    )?;
    let mut rows = stmt.query(params![conference.id, session_id, only])?;
    let mut notes = Vec::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        notes.push(Note {
            blocks: codes.remove(&id).unwrap_or_default(),
            id,
            session_id: r.get(1)?,
            session_title: r.get(2)?,
            author_id: r.get(3)?,
            author_name: r.get(4)?,
            body: r.get(5)?,
            created_at: time::local_stored(tz, &r.get::<_, String>(6)?)?.rfc3339,
            updated_at: time::local_stored(tz, &r.get::<_, String>(7)?)?.rfc3339,
        });
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil;

    #[test]
    fn a_note_is_kept_with_its_session_author_and_blocks() {
        let (mut store, conference) = testutil::sample();
        let panel = testutil::session_id(&store, &conference, "Panel 2");
        let author = testutil::member_id(&store, &conference, "Maren");
        let new = NewNote {
            session_id: Some(panel),
            author_id: Some(author),
            body: "Rapporteur model: independent office reporting to parliament.".into(),
            blocks: vec!["rapporteur".into(), "data".into()],
        };
        let note = add(&mut store, &conference, &new).unwrap();
        assert_eq!(note.id.len(), 36, "a UUID");
        assert!(note
            .session_title
            .as_deref()
            .is_some_and(|t| t.starts_with("Panel 2")));
        assert_eq!(
            note.blocks,
            vec!["rapporteur", "data"],
            "blocks in taxonomy order"
        );
        assert!(
            note.created_at.ends_with("+01:00") || note.created_at.ends_with("+02:00"),
            "Vienna time: {}",
            note.created_at
        );
        assert_eq!(
            list(store.conn(), &conference, Some(panel)).unwrap(),
            vec![note]
        );
    }

    #[test]
    fn a_corridor_note_needs_no_session() {
        let (mut store, conference) = testutil::sample();
        let note = add(
            &mut store,
            &conference,
            &NewNote {
                body: "Met the NRM lead of a neighbour.".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(note.session_id, None);
        assert_eq!(list(store.conn(), &conference, None).unwrap().len(), 1);
    }

    #[test]
    fn an_empty_note_or_unknown_block_is_refused_and_nothing_is_written() {
        let (mut store, conference) = testutil::sample();
        let err = add(
            &mut store,
            &conference,
            &NewNote {
                body: "  \n ".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("text:"), "{err}");
        let bad = NewNote {
            body: "x".into(),
            blocks: vec!["nrm".into(), "nope".into()],
            ..Default::default()
        };
        let err = add(&mut store, &conference, &bad).unwrap_err();
        assert!(err.to_string().starts_with("block:"), "{err}");
        assert!(
            list(store.conn(), &conference, None).unwrap().is_empty(),
            "no half-written note"
        );
    }

    #[test]
    fn markup_in_a_note_is_stored_exactly_as_typed() {
        let (mut store, conference) = testutil::sample();
        let body = "<img src=x onerror=alert(1)> **bold** & <script>x</script>";
        let note = add(
            &mut store,
            &conference,
            &NewNote {
                body: body.into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            note.body, body,
            "user text is data: stored and returned verbatim"
        );
    }
}
