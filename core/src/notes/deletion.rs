//! Deleting a note, with everything kept of it: its earlier versions, its tags and its row in the
//! search index go in the same transaction as the note, so once deleted it is in no search, matrix,
//! report or pack generated later, and (with `PRAGMA secure_delete=ON`, set when the data file is opened,
//! and the search index's own `secure-delete` option, set by migration 5) its text is overwritten in the
//! file rather than left in free pages. Follow-up actions made from it stay, no longer linked to it.
//!
//! Only the note's author may delete it, as this laptop says who its owner is ("You are" in Settings,
//! `desk notes delete --as`), or anyone when the note has no author. This is not a lock against someone
//! with the laptop (who could set "You are"); it keeps one delegate from deleting another's notes by
//! mistake.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::programme::conference::Conference;
use crate::{Error, Result, Store};

/// What a deletion removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deleted {
    pub id: String,
    /// How many earlier versions went with it.
    pub versions: i64,
}

/// Deletes note `id` of `conference`, with its history and index row, in one transaction; `asking` is
/// the member this laptop belongs to (`None`: not set). Refused (`invalid_input`, nothing changed) when
/// the note has an author other than `asking`.
pub fn delete(
    store: &mut Store,
    conference: &Conference,
    id: &str,
    asking: Option<i64>,
) -> Result<Deleted> {
    store.write(|tx| {
        let found: Option<(i64, Option<i64>, Option<String>)> = tx
            .query_row(
                "SELECT n.conference_id, n.author_id, m.name
                 FROM note n LEFT JOIN member m ON m.id = n.author_id WHERE n.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (author, name) = match found {
            Some((owner, author, name)) if owner == conference.id => (author, name),
            _ => return Err(Error::NotFound(format!("No note with id {id}."))),
        };
        if let Some(author) = author.filter(|a| Some(*a) != asking) {
            let by = name.unwrap_or_else(|| format!("member {author}"));
            let who = match asking {
                None => {
                    "this laptop does not say who you are (\"You are\" in Settings)".to_string()
                }
                Some(_) => "you are set as someone else on this laptop".to_string(),
            };
            return Err(Error::invalid(
                "note",
                format!("this note is by {by}: only its author can delete it, and {who}"),
            ));
        }
        let versions: i64 = tx.query_row(
            "SELECT count(*) FROM note_version WHERE note_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        // The note first: its trigger removes the index row, and the tags' triggers below then find no
        // note to index again. The rest does not rely on foreign keys being enforced.
        tx.execute("DELETE FROM note WHERE id = ?1", [id])?;
        tx.execute("DELETE FROM note_version WHERE note_id = ?1", [id])?;
        tx.execute("DELETE FROM note_block WHERE note_id = ?1", [id])?;
        tx.execute("DELETE FROM note_country WHERE note_id = ?1", [id])?;
        tx.execute(
            "UPDATE follow_up SET note_id = NULL WHERE note_id = ?1",
            params![id],
        )?;
        Ok(Deleted {
            id: id.to_string(),
            versions,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;
    use crate::notes::{self, search, NewNote};

    fn count(store: &Store, sql: &str, id: &str) -> i64 {
        store.conn().query_row(sql, [id], |r| r.get(0)).unwrap()
    }

    fn found(store: &Store, c: &Conference, text: &str) -> usize {
        let q = search::Query {
            text: text.into(),
            ..Default::default()
        };
        search::search(store.conn(), c, &q).unwrap().len()
    }

    #[test]
    fn a_deleted_note_takes_its_history_tags_and_index_row_with_it() {
        let (mut store, c) = testutil::sample();
        let maren = testutil::member_id(&store, &c, "Maren");
        let note = notes::add(
            &mut store,
            &c,
            &NewNote {
                author_id: Some(maren),
                body: "Quokkaborough screens labour cases.".into(),
                blocks: vec!["nrm".into()],
                countries: vec!["Greece".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let edited = NewNote {
            author_id: Some(maren),
            body: "Quokkaborough screens labour cases weekly.".into(),
            ..Default::default()
        };
        notes::update(&mut store, &c, &note.id, &edited).unwrap();
        let kept = NewNote {
            body: "Another note stays.".into(),
            ..Default::default()
        };
        let other = notes::add(&mut store, &c, &kept).unwrap();
        assert_eq!(found(&store, &c, "quokkaborough"), 1, "indexed before");

        let gone = delete(&mut store, &c, &note.id, Some(maren)).unwrap();
        assert_eq!(gone.versions, 1, "its earlier version went with it");
        for (table, sql) in [
            ("note", "SELECT count(*) FROM note WHERE id = ?1"),
            (
                "note_version",
                "SELECT count(*) FROM note_version WHERE note_id = ?1",
            ),
            (
                "note_block",
                "SELECT count(*) FROM note_block WHERE note_id = ?1",
            ),
            (
                "note_country",
                "SELECT count(*) FROM note_country WHERE note_id = ?1",
            ),
        ] {
            assert_eq!(count(&store, sql, &note.id), 0, "no row left in {table}");
        }
        let matches: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'quokkaborough'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(matches, 0, "a MATCH on the index finds nothing");
        assert_eq!(
            found(&store, &c, "quokkaborough"),
            0,
            "search finds nothing"
        );
        assert_eq!(
            notes::list(store.conn(), &c, None).unwrap(),
            vec![notes::get(store.conn(), &c, &other.id).unwrap()],
            "the other note stays"
        );
        let again = delete(&mut store, &c, &note.id, Some(maren)).unwrap_err();
        assert_eq!(again.code(), crate::ErrorCode::NotFound, "{again}");
    }

    #[test]
    fn another_author_s_note_is_refused_and_kept_whole() {
        let (mut store, c) = testutil::sample();
        let maren = testutil::member_id(&store, &c, "Maren");
        let lukasz = testutil::member_id(&store, &c, "Łukasz");
        let note = notes::add(
            &mut store,
            &c,
            &NewNote {
                author_id: Some(maren),
                body: "Maren's own note.".into(),
                ..Default::default()
            },
        )
        .unwrap();
        for asking in [Some(lukasz), None] {
            let err = delete(&mut store, &c, &note.id, asking).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::Invalid, "{err}");
            let text = err.to_string();
            assert!(
                text.starts_with("note:") && text.contains("only its author can delete it"),
                "{text}"
            );
            assert!(text.contains("Maren"), "the author is named: {text}");
        }
        assert_eq!(
            notes::get(store.conn(), &c, &note.id).unwrap().body,
            "Maren's own note.",
            "kept"
        );
    }

    #[test]
    fn a_note_without_an_author_may_be_deleted_by_anyone_but_not_from_another_conference() {
        let (mut store, c) = testutil::sample();
        let note = notes::add(
            &mut store,
            &c,
            &NewNote {
                body: "Corridor: nobody signed this.".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let mut elsewhere = c.clone();
        elsewhere.id += 1000;
        let err = delete(&mut store, &elsewhere, &note.id, None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NotFound, "{err}");
        delete(&mut store, &c, &note.id, None).unwrap();
        assert!(notes::list(store.conn(), &c, None).unwrap().is_empty());
    }

    #[test]
    fn a_follow_up_action_made_from_a_deleted_note_stays_unlinked() {
        let (mut store, c) = testutil::sample();
        let note = notes::add(
            &mut store,
            &c,
            &NewNote {
                body: "Ask Greece for the shelter figures.".into(),
                ..Default::default()
            },
        )
        .unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO follow_up (conference_id, note_id, title, created_at)
                 VALUES (?1, ?2, 'Shelter figures', '2023-04-18T10:00:00Z')",
                params![c.id, note.id],
            )
            .unwrap();
        delete(&mut store, &c, &note.id, None).unwrap();
        let link: Option<String> = store
            .conn()
            .query_row(
                "SELECT note_id FROM follow_up WHERE title = 'Shelter figures'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(link, None, "the action stays, unlinked");
    }

    #[test]
    fn a_deleted_note_s_text_is_gone_from_the_bytes_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.sqlite3");
        let mut store = crate::data::open_store(&path, None).unwrap();
        // What the data layer sets at open when the file is encrypted (crypt); set here so that this
        // test shows what deletion itself leaves behind.
        store
            .conn()
            .pragma_update(None, "secure_delete", "ON")
            .unwrap();
        let c = crate::fixtures::sample::load(&mut store)
            .unwrap()
            .conference;
        let secret = ["Zanzibarquokka", "Ωμέγαλεξη", "Тайнослово"];
        let note = notes::add(
            &mut store,
            &c,
            &NewNote {
                body: format!("{} said {} at the coffee break.", secret[0], secret[1]),
                blocks: vec!["nrm".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let edit = NewNote {
            body: format!("{} said {} and {}.", secret[0], secret[1], secret[2]),
            blocks: vec!["nrm".into()],
            ..Default::default()
        };
        notes::update(&mut store, &c, &note.id, &edit).unwrap();
        let on_disk = |store: &Store| -> Vec<u8> {
            store
                .conn()
                .pragma_update(None, "wal_checkpoint", "TRUNCATE")
                .unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(path.with_extension("sqlite3-wal")).unwrap_or_default());
            bytes
        };
        let holds =
            |bytes: &[u8], word: &str| bytes.windows(word.len()).any(|w| w == word.as_bytes());
        // The search index keeps its terms folded (lower case, no accents) and each after the part it
        // shares with the term before it: looked for without their first letters.
        let folded = ["zibarquokka", "γαλεξη", "нослово"];
        let before = on_disk(&store);
        for word in secret.iter().chain(&folded) {
            assert!(holds(&before, word), "{word} is in the file before");
        }
        delete(&mut store, &c, &note.id, None).unwrap();
        let after = on_disk(&store);
        for word in secret.iter().chain(&folded) {
            assert!(!holds(&after, word), "{word} is still in the file's bytes");
        }
    }
}
