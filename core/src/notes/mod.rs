//! Notes: what delegates write in the room or in the corridor, tied to a session (or not), to an author,
//! to the building blocks it informs and the countries it is about. Ids are UUIDs because notes are
//! written offline on many laptops. An edit never loses anything: the state it replaces is kept in
//! [`history`], in the same transaction. The full-text index ([`search`]) is kept in step by triggers.
//! Its author can [`delete`] a note, and then nothing of it is kept: not its history, not its index row.
//!
//! What the notes lead to lives beside them: the follow-up [`actions`] they raise, the [`matrix`] of
//! sessions by building block, and the [`report`] of what was learned.

pub mod actions;
mod deletion;
pub mod history;
pub mod matrix;
pub mod page;
pub mod report;
pub mod search;

use std::collections::HashMap;

pub use deletion::{delete, Deleted};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{
    delegation::members,
    programme::sessions,
    taxonomy::{blocks, reference},
    text, time, Error, Result, Store,
};

/// The longest note accepted, in characters: far beyond any session, short of an accident.
pub const MAX_BODY_CHARS: usize = 200_000;
/// The longest free country or organisation entry, in characters.
pub const MAX_COUNTRY_CHARS: usize = 120;

/// A note as the app and `desk notes list --json` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: String,
    pub session_id: Option<i64>,
    pub session_title: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub body: String,
    /// Codes of the building blocks the note is tagged with, in taxonomy order.
    pub blocks: Vec<String>,
    /// RFC 3339 in the conference's time zone.
    pub created_at: String,
    /// RFC 3339 in the conference's time zone.
    pub updated_at: String,
    /// What the note records.
    pub kind: NoteKind,
    /// The countries or organisations it is about, as entered (reference names are canonical).
    pub countries: Vec<String>,
    /// The conference day it belongs to: its session's day, else the day it was written.
    pub day: String,
    /// How many earlier versions are kept.
    pub versions: i64,
}

/// What it takes to write (or rewrite) a note.
#[derive(Debug, Clone, Default)]
pub struct NewNote {
    pub session_id: Option<i64>,
    pub author_id: Option<i64>,
    pub body: String,
    pub blocks: Vec<String>,
    pub kind: NoteKind,
    /// Reference names or ISO codes ("Türkiye", "tr") or free entries ("IOM").
    pub countries: Vec<String>,
}

/// A country entry as stored: the canonical name, and the ISO code for a reference State or Partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryTag {
    pub name: String,
    pub iso2: Option<String>,
}

/// Turns what was typed into country tags: reference names and ISO codes are matched without regard to
/// case or diacritics ("turkiye", "TR"), anything else is kept as a free entry.
pub fn country_tags(entries: &[String]) -> Result<Vec<CountryTag>> {
    let list = reference::osce_states()?;
    let all: Vec<_> = list
        .participating_states
        .iter()
        .chain(&list.partners)
        .collect();
    let mut out: Vec<CountryTag> = Vec::new();
    for entry in entries {
        let e = entry.trim();
        if e.is_empty() {
            continue;
        }
        if e.chars().count() > MAX_COUNTRY_CHARS {
            return Err(Error::invalid(
                "countries",
                format!("\"{e}\" is longer than {MAX_COUNTRY_CHARS} characters"),
            ));
        }
        let folded = text::fold(e);
        let tag = match all.iter().find(|c| {
            text::fold(&c.name) == folded || (e.len() == 2 && c.iso2.eq_ignore_ascii_case(e))
        }) {
            Some(c) => CountryTag {
                name: c.name.clone(),
                iso2: Some(c.iso2.clone()),
            },
            None => CountryTag {
                name: e.to_string(),
                iso2: None,
            },
        };
        if !out
            .iter()
            .any(|t| text::fold(&t.name) == text::fold(&tag.name))
        {
            out.push(tag);
        }
    }
    Ok(out)
}

/// Checks a note against its conference; returns the block ids and country tags to store.
fn validate(
    tx: &Transaction<'_>,
    conference: &Conference,
    new: &NewNote,
    keep_blocks: &[i64],
) -> Result<(Vec<i64>, Vec<CountryTag>)> {
    if new.body.trim().is_empty() {
        return Err(Error::invalid("text", "the note is empty"));
    }
    if new.body.chars().count() > MAX_BODY_CHARS {
        return Err(Error::invalid(
            "text",
            format!("the note is longer than {MAX_BODY_CHARS} characters"),
        ));
    }
    if let Some(session) = new.session_id {
        let (owner, _, title) = sessions::owner(tx, session)?;
        if owner != conference.id {
            return Err(Error::invalid(
                "session",
                format!("\"{title}\" is not in \"{}\"", conference.title),
            ));
        }
    }
    if let Some(author) = new.author_id {
        let (owner, name) = members::owner(tx, author)?;
        if owner != conference.id {
            return Err(Error::invalid(
                "author",
                format!(
                    "{name} is not in the delegation to \"{}\"",
                    conference.title
                ),
            ));
        }
    }
    let block_ids = blocks::ids_for_codes(tx, conference.id, &new.blocks, "block")?;
    let all = blocks::list(tx, conference.id)?;
    for id in &block_ids {
        if let Some(b) = all.iter().find(|b| b.id == *id && b.archived) {
            if !keep_blocks.contains(id) {
                return Err(Error::invalid(
                    "block",
                    format!(
                        "\"{}\" is archived: it stays on the notes that have it but takes no new ones",
                        b.code
                    ),
                ));
            }
        }
    }
    Ok((block_ids, country_tags(&new.countries)?))
}

fn write_tags(
    tx: &Transaction<'_>,
    id: &str,
    block_ids: &[i64],
    countries: &[CountryTag],
) -> Result<()> {
    tx.execute("DELETE FROM note_block WHERE note_id = ?1", [id])?;
    tx.execute("DELETE FROM note_country WHERE note_id = ?1", [id])?;
    let mut link = tx.prepare("INSERT INTO note_block (note_id, block_id) VALUES (?1, ?2)")?;
    for block in block_ids {
        link.execute(params![id, block])?;
    }
    let mut country = tx.prepare(
        "INSERT INTO note_country (note_id, name, iso2, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, c) in countries.iter().enumerate() {
        country.execute(params![id, c.name, c.iso2, i as i64])?;
    }
    Ok(())
}

/// Saves a new note in `conference`; when this returns, the note is on disk.
pub fn add(store: &mut Store, conference: &Conference, new: &NewNote) -> Result<Note> {
    let id = uuid::Uuid::new_v4().to_string();
    store.write(|tx| {
        let (block_ids, countries) = validate(tx, conference, new, &[])?;
        let now = time::now_stored();
        tx.execute(
            "INSERT INTO note (id, conference_id, session_id, author_id, body, kind, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![id, conference.id, new.session_id, new.author_id, new.body, new.kind, now],
        )?;
        write_tags(tx, &id, &block_ids, &countries)
    })?;
    get(store.conn(), conference, &id)
}

/// Rewrites a note; the state it replaces is kept as a version, in the same transaction. Saving the same
/// content again changes nothing (no version, same `updated_at`). On disk when this returns.
pub fn update(store: &mut Store, conference: &Conference, id: &str, new: &NewNote) -> Result<Note> {
    store.write(|tx| {
        let owner: Option<i64> = tx
            .query_row("SELECT conference_id FROM note WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if owner != Some(conference.id) {
            return Err(Error::NotFound(format!("No note with id {id}.")));
        }
        let before = history::current_state(tx, id)?;
        let (block_ids, countries) = validate(tx, conference, new, &before.block_ids)?;
        let after_blocks = blocks::list(tx, conference.id)?
            .into_iter()
            .filter(|b| block_ids.contains(&b.id))
            .map(|b| b.code)
            .collect::<Vec<_>>();
        let after_countries: Vec<String> = countries.iter().map(|c| c.name.clone()).collect();
        let unchanged = before.body == new.body
            && before.kind == new.kind
            && before.session_id == new.session_id
            && before.author_id == new.author_id
            && before.blocks == after_blocks
            && before.countries == after_countries;
        if unchanged {
            return Ok(());
        }
        let now = time::now_stored();
        history::keep(tx, id, &before, &now)?;
        tx.execute(
            "UPDATE note SET session_id = ?2, author_id = ?3, body = ?4, kind = ?5, updated_at = ?6 WHERE id = ?1",
            params![id, new.session_id, new.author_id, new.body, new.kind, now],
        )?;
        write_tags(tx, id, &block_ids, &countries)
    })?;
    get(store.conn(), conference, id)
}

/// The conference's notes, newest first; only one session's when `session_id` is given.
pub fn list(
    conn: &Connection,
    conference: &Conference,
    session_id: Option<i64>,
) -> Result<Vec<Note>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM note WHERE conference_id = ?1 AND (?2 IS NULL OR session_id = ?2)
         ORDER BY created_at DESC, rowid DESC",
    )?;
    let ids = stmt
        .query_map(params![conference.id, session_id], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    load_many(conn, conference, &ids)
}

/// One note.
pub fn get(conn: &Connection, conference: &Conference, id: &str) -> Result<Note> {
    load_many(conn, conference, &[id.to_string()])?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("No note with id {id}.")))
}

/// These notes of the conference, in the order of `ids` (unknown ids are left out).
pub fn load_many(conn: &Connection, conference: &Conference, ids: &[String]) -> Result<Vec<Note>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let tz = conference.tz()?;
    let wanted = serde_json::to_string(ids).map_err(|e| Error::Internal(e.to_string()))?;
    let mut codes: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT nb.note_id, b.code FROM note_block nb JOIN building_block b ON b.id = nb.block_id
             LEFT JOIN building_block p ON p.id = b.parent_id
             WHERE nb.note_id IN (SELECT value FROM json_each(?1))
             ORDER BY coalesce(p.position, b.position), coalesce(p.id, b.id), b.parent_id IS NOT NULL, b.position",
        )?;
        let mut rows = stmt.query([&wanted])?;
        while let Some(r) = rows.next()? {
            codes.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut countries: HashMap<String, Vec<String>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT note_id, name FROM note_country WHERE note_id IN (SELECT value FROM json_each(?1))
             ORDER BY note_id, position",
        )?;
        let mut rows = stmt.query([&wanted])?;
        while let Some(r) = rows.next()? {
            countries.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT n.id, n.session_id, s.title, n.author_id, m.name, n.body, n.created_at, n.updated_at,
                n.kind, s.starts_at, (SELECT count(*) FROM note_version v WHERE v.note_id = n.id)
         FROM note n LEFT JOIN session s ON s.id = n.session_id LEFT JOIN member m ON m.id = n.author_id
         WHERE n.id IN (SELECT value FROM json_each(?1)) AND +n.conference_id = ?2",
    )?;
    let mut rows = stmt.query(params![wanted, conference.id])?;
    let mut by_id: HashMap<String, Note> = HashMap::new();
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let created = time::local_stored(tz, &r.get::<_, String>(6)?)?;
        let day = match r.get::<_, Option<String>>(9)? {
            Some(start) => time::local_stored(tz, &start)?.day,
            None => created.day.clone(),
        };
        by_id.insert(
            id.clone(),
            Note {
                blocks: codes.remove(&id).unwrap_or_default(),
                countries: countries.remove(&id).unwrap_or_default(),
                session_id: r.get(1)?,
                session_title: r.get(2)?,
                author_id: r.get(3)?,
                author_name: r.get(4)?,
                body: r.get(5)?,
                created_at: created.rfc3339,
                updated_at: time::local_stored(tz, &r.get::<_, String>(7)?)?.rfc3339,
                kind: r.get(8)?,
                day,
                versions: r.get(10)?,
                id,
            },
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

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
            ..Default::default()
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
        assert_eq!(note.day, "2023-04-19", "the session's day");
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

    #[test]
    fn countries_match_the_reference_list_loosely_and_free_entries_are_kept() {
        let tags = country_tags(&[
            "turkiye".into(),
            "TR".into(),
            " IOM ".into(),
            "".into(),
            "Mongolia".into(),
        ])
        .unwrap();
        let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["Türkiye", "IOM", "Mongolia"],
            "canonical, de-duplicated"
        );
        assert_eq!(tags[0].iso2.as_deref(), Some("TR"));
        assert_eq!(tags[1].iso2, None, "a free entry");
    }

    #[test]
    fn a_note_carries_its_kind_and_countries() {
        let (mut store, conference) = testutil::sample();
        let note = add(
            &mut store,
            &conference,
            &NewNote {
                body: "Will fund shelters.".into(),
                kind: NoteKind::Commitment,
                countries: vec!["greece".into(), "UNODC".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(note.kind, NoteKind::Commitment);
        assert_eq!(note.countries, vec!["Greece", "UNODC"]);
    }
}
