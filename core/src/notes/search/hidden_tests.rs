//! The filters' hidden words (`hidden`, schema v11) on real stores: a person's typed words never find a
//! note by them nor see them in a snippet, and after every kind of write (a note re-tagged, moved to
//! another session, deleted; a session moved to another day; a block's sub-element re-parented or
//! deleted; changes merged from another laptop) a filtered search finds exactly the notes a brute-force
//! filter, written here in Rust over the tables, keeps.

use super::*;
use crate::domain::NoteKind;
use crate::exchange;
use crate::fixtures::testutil;
use crate::notes::{self, NewNote};
use crate::programme::editing::{self, SessionFields};
use crate::taxonomy::{self, NewBlock};
use crate::time;
use crate::Store;
use chrono::NaiveDate;

/// The word every note of these tests holds, searched with each filter.
const WORD: &str = "delegation";

/// A note as the brute force sees it.
struct Row {
    id: String,
    session: Option<i64>,
    author: Option<i64>,
    kind: String,
    /// Each tagged block and its parent.
    blocks: Vec<(i64, Option<i64>)>,
    countries: Vec<String>,
    /// The conference day of its session's start, or of its writing for a corridor note.
    day: String,
}

/// A note's id, session, author, kind and the instant its day is counted from.
type BaseRow = (String, Option<i64>, Option<i64>, String, String);

fn rows(store: &Store, c: &Conference) -> Vec<Row> {
    let tz = c.tz().unwrap();
    let conn = store.conn();
    let mut stmt = conn
        .prepare(
            "SELECT n.id, n.session_id, n.author_id, n.kind, coalesce(s.starts_at, n.created_at)
             FROM note n LEFT JOIN session s ON s.id = n.session_id WHERE n.conference_id = ?1",
        )
        .unwrap();
    let base: Vec<BaseRow> = stmt
        .query_map([c.id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    base.into_iter()
        .map(|(id, session, author, kind, at)| {
            let mut tags = conn
                .prepare(
                    "SELECT b.id, b.parent_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                     WHERE nb.note_id = ?1",
                )
                .unwrap();
            let blocks = tags
                .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let mut names = conn
                .prepare("SELECT name FROM note_country WHERE note_id = ?1")
                .unwrap();
            let countries = names
                .query_map([&id], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let day = time::local_stored(tz, &at).unwrap().day;
            Row {
                id,
                session,
                author,
                kind,
                blocks,
                countries,
                day,
            }
        })
        .collect()
}

fn block_id(store: &Store, c: &Conference, code: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM building_block WHERE conference_id = ?1 AND code = ?2",
            rusqlite::params![c.id, code],
            |r| r.get(0),
        )
        .unwrap()
}

/// The notes the brute force keeps for `q`'s filters, sorted by id.
fn brute(store: &Store, c: &Conference, q: &Query) -> Vec<String> {
    let block = q.block.as_deref().map(|code| block_id(store, c, code));
    let country = q.country.as_deref().map(|entry| {
        notes::country_tags(&[entry.to_string()])
            .unwrap()
            .pop()
            .unwrap()
            .name
    });
    let mut ids: Vec<String> = rows(store, c)
        .into_iter()
        .filter(|r| q.session_id.is_none_or(|s| r.session == Some(s)))
        .filter(|r| !q.no_session || r.session.is_none())
        .filter(|r| q.author_id.is_none_or(|a| r.author == Some(a)))
        .filter(|r| q.kind.as_deref().is_none_or(|k| r.kind == k))
        .filter(|r| q.day.as_deref().is_none_or(|d| r.day == d))
        .filter(|r| {
            block.is_none_or(|b| {
                r.blocks
                    .iter()
                    .any(|(id, parent)| *id == b || *parent == Some(b))
            })
        })
        .filter(|r| {
            country
                .as_deref()
                .is_none_or(|name| r.countries.iter().any(|n| n.eq_ignore_ascii_case(name)))
        })
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

/// Every filter the conference's data can ask for (each session, author, block, country, kind and
/// day, a corridor filter, and a few pairs), with a label.
fn every_filter(store: &Store, c: &Conference) -> Vec<(String, Query)> {
    let conn = store.conn();
    let list = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([c.id], |r| r.get::<_, rusqlite::types::Value>(0))
            .unwrap()
            .map(|v| match v.unwrap() {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    };
    let q = |label: String, f: &dyn Fn(&mut Query)| {
        let mut query = Query {
            text: WORD.into(),
            limit: Some(1000),
            ..Default::default()
        };
        f(&mut query);
        (label, query)
    };
    let mut out = vec![q("no session".into(), &|q| q.no_session = true)];
    for s in list("SELECT id FROM session WHERE conference_id = ?1") {
        let id: i64 = s.parse().unwrap();
        out.push(q(format!("session {s}"), &|q| q.session_id = Some(id)));
    }
    for a in list("SELECT id FROM member WHERE conference_id = ?1") {
        let id: i64 = a.parse().unwrap();
        out.push(q(format!("author {a}"), &|q| q.author_id = Some(id)));
    }
    for code in list("SELECT code FROM building_block WHERE conference_id = ?1") {
        out.push(q(format!("block {code}"), &|q| {
            q.block = Some(code.clone())
        }));
    }
    let countries = list(
        "SELECT DISTINCT c.name FROM note_country c JOIN note n ON n.id = c.note_id
         WHERE n.conference_id = ?1",
    );
    for name in countries {
        out.push(q(format!("country {name}"), &|q| {
            q.country = Some(name.clone())
        }));
        let upper = name.to_uppercase();
        out.push(q(format!("country {upper}"), &|q| {
            q.country = Some(upper.clone())
        }));
    }
    for kind in NoteKind::ALL {
        out.push(q(format!("kind {}", kind.as_str()), &|q| {
            q.kind = Some(kind.as_str().into())
        }));
    }
    let first = NaiveDate::parse_from_str(&c.starts_on, "%Y-%m-%d").unwrap();
    for offset in -1..=5 {
        let day = first
            .checked_add_signed(chrono::Duration::days(offset))
            .unwrap()
            .to_string();
        out.push(q(format!("day {day}"), &|q| q.day = Some(day.clone())));
    }
    let today = time::local_stored(c.tz().unwrap(), &time::now_stored())
        .unwrap()
        .day;
    out.push(q(format!("today {today}"), &|q| {
        q.day = Some(today.clone())
    }));
    let maren = testutil::member_id(store, c, "Maren");
    out.push(q("block nrm and author Maren".into(), &|q| {
        q.block = Some("nrm".into());
        q.author_id = Some(maren);
    }));
    out.push(q("country gr, kind commitment".into(), &|q| {
        q.country = Some("gr".into());
        q.kind = Some("commitment".into());
    }));
    out
}

/// Asserts that every filter finds what the brute force keeps, after `step`; the number of notes found.
fn agree(store: &Store, c: &Conference, step: &str) -> usize {
    let mut found = 0;
    let mut empty = 0;
    for (label, q) in every_filter(store, c) {
        let expected = brute(store, c, &q);
        // As searched, and with every block given to the index however many notes it has.
        for wide_blocks in [false, true] {
            let effort = Effort {
                wide_blocks,
                ..Effort::default()
            };
            let mut ids: Vec<String> = search_with(store.conn(), c, &q, effort)
                .unwrap()
                .into_iter()
                .map(|h| h.note.id)
                .collect();
            ids.sort();
            assert_eq!(
                ids, expected,
                "after {step}: \"{WORD}\" with the filter {label} finds what the brute force keeps \
                 (wide blocks given to the index: {wide_blocks})"
            );
        }
        let ids = expected;
        found += ids.len();
        empty += usize::from(ids.is_empty());
    }
    assert!(found > 0, "after {step}: the filters found notes");
    assert!(empty > 0, "after {step}: some filters keep none");
    found
}

/// Notes about `WORD` spread over sessions, authors, kinds, blocks and countries.
fn write_notes(store: &mut Store, c: &Conference, n: usize) -> Vec<Note> {
    let sessions: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM session WHERE conference_id = ?1 ORDER BY starts_at, id")
            .unwrap();
        stmt.query_map([c.id], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let members: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM member WHERE conference_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([c.id], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let blocks = ["nrm-identification", "nrm", "law", "nrm-justice", "council"];
    let countries = ["Greece", "Türkiye", "IOM", "Ireland"];
    (0..n)
        .map(|i| {
            let new = NewNote {
                body: format!("The {WORD} noted point {i}."),
                session_id: (i % 4 != 3).then(|| sessions[i % sessions.len()]),
                author_id: (i % 5 != 4).then(|| members[i % members.len()]),
                blocks: vec![blocks[i % blocks.len()].into()]
                    .into_iter()
                    .chain((i % 3 == 0).then(|| blocks[(i / 3) % blocks.len()].into()))
                    .collect::<std::collections::BTreeSet<String>>()
                    .into_iter()
                    .collect(),
                kind: NoteKind::ALL[i % NoteKind::ALL.len()],
                countries: (0..i % 3)
                    .map(|k| countries[(i + k) % countries.len()].into())
                    .collect(),
            };
            notes::add(store, c, &new).unwrap()
        })
        .collect()
}

fn draft(note: &Note) -> NewNote {
    NewNote {
        body: note.body.clone(),
        session_id: note.session_id,
        author_id: note.author_id,
        blocks: note.blocks.clone(),
        kind: note.kind,
        countries: note.countries.clone(),
    }
}

/// The hidden words of a note's index row.
fn hidden_words(store: &Store, note_id: &str) -> Vec<String> {
    let words: String = store
        .conn()
        .query_row(
            "SELECT f.filters FROM note_fts f JOIN note n ON n.rowid = f.rowid WHERE n.id = ?1",
            [note_id],
            |r| r.get(0),
        )
        .unwrap();
    words.split_whitespace().map(str::to_string).collect()
}

#[test]
fn typed_words_never_find_a_note_by_its_hidden_words_nor_show_them() {
    let (mut store, c) = testutil::sample();
    let note = write_notes(&mut store, &c, 1).remove(0);
    let session = note.session_id.unwrap();
    let author = note.author_id.unwrap();
    let words = hidden_words(&store, &note.id);
    let mark = hidden::MARK;
    assert!(
        words.contains(&format!("{mark}s{session}")) && words.contains(&format!("{mark}a{author}")),
        "the row holds its session's and author's words: {words:?}"
    );
    let unmarked: Vec<String> = words.iter().map(|w| w.replace(mark, "")).collect();
    let typed: Vec<String> = words
        .iter()
        .chain(&unmarked)
        .cloned()
        .chain(unmarked.iter().map(|w| w.chars().take(3).collect()))
        .chain([format!("x{mark}s{session}")])
        .collect();
    for t in &typed {
        assert!(
            find_ids(&store, &c, t).is_empty(),
            "typing {t:?} finds no note by its hidden words"
        );
    }
    let other = notes::add(
        &mut store,
        &c,
        &NewNote {
            body: format!("Someone wrote s{session} and a{author} in the text."),
            ..Default::default()
        },
    )
    .unwrap();
    for t in [format!("s{session}"), format!("a{author}")] {
        assert_eq!(
            find_ids(&store, &c, &t),
            vec![other.id.clone()],
            "{t:?} finds the note whose text holds it, and only that one"
        );
    }
    // Two filters give the hidden column two of the query's phrases: snippet() would choose it over
    // the body, which holds one; the snippet is made again from the typed words alone.
    for filters in [1, 2, 3] {
        let hits = search(
            store.conn(),
            &c,
            &Query {
                text: WORD.into(),
                session_id: Some(session),
                author_id: (filters >= 2).then_some(author),
                kind: (filters >= 3).then(|| note.kind.as_str().to_string()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(hits.len(), 1, "{filters} filters find the note");
        let shown: String = hits[0].snippet.iter().map(|s| s.text.as_str()).collect();
        assert!(
            shown.contains(WORD) && !shown.contains(mark),
            "with {filters} filters the snippet shows the text, never a hidden word: {shown:?}"
        );
        assert!(
            hits[0].snippet.iter().any(|s| s.hit && s.text == WORD),
            "the typed word is marked: {:?}",
            hits[0].snippet
        );
    }
}

fn find_ids(store: &Store, c: &Conference, text: &str) -> Vec<String> {
    search(
        store.conn(),
        c,
        &Query {
            text: text.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .into_iter()
    .map(|h| h.note.id)
    .collect()
}

#[test]
fn every_kind_of_write_keeps_filtered_search_equal_to_a_brute_force_filter() {
    let (mut store, c) = testutil::sample();
    let written = write_notes(&mut store, &c, 60);
    agree(&store, &c, "writing notes");
    let wide =
        |code: &str| hidden::wide_block(store.conn(), c.id, block_id(&store, &c, code)).unwrap();
    assert!(
        wide("nrm") && !wide("nrm-inclusion"),
        "the referral mechanism, with its sub-elements, is in more than a fifth of the notes; an unused block is not"
    );

    // Re-tagging notes: other blocks, other countries, another kind.
    for note in written.iter().step_by(7) {
        let mut new = draft(note);
        new.blocks = vec!["law".into(), "nrm-services".into()];
        new.countries = vec!["Albania".into()];
        new.kind = NoteKind::Question;
        notes::update(&mut store, &c, &note.id, &new).unwrap();
    }
    agree(&store, &c, "re-tagging notes");

    // A note moved to another session, and one to the corridor.
    let panel = testutil::session_id(&store, &c, "Panel 2");
    for (note, session) in written.iter().skip(1).step_by(11).zip([Some(panel), None]) {
        let mut new = draft(note);
        new.session_id = session;
        notes::update(&mut store, &c, &note.id, &new).unwrap();
    }
    agree(&store, &c, "changing notes' sessions");

    // A session moved to another day: its notes' day follows.
    let before = brute(
        &store,
        &c,
        &Query {
            session_id: Some(panel),
            ..Default::default()
        },
    );
    assert!(!before.is_empty(), "Panel 2 has notes");
    let last_day = c.ends_on.clone();
    editing::edit_session(
        &mut store,
        &c,
        panel,
        &SessionFields {
            date: Some(last_day.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let on_last_day = search(
        store.conn(),
        &c,
        &Query {
            text: WORD.into(),
            day: Some(last_day.clone()),
            limit: Some(1000),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        before
            .iter()
            .all(|id| on_last_day.iter().any(|h| &h.note.id == id)),
        "Panel 2's notes are found on {last_day} once it moved there"
    );
    agree(&store, &c, "moving a session to another day");
    // The same by a writer that sets the times only (the exchange, the shell): a day later.
    store
        .write(|tx| {
            tx.execute(
                "UPDATE session SET starts_at = strftime('%Y-%m-%dT%H:%M:%SZ', starts_at, '+1 day'),
                                    ends_at = strftime('%Y-%m-%dT%H:%M:%SZ', ends_at, '+1 day')
                 WHERE id = (SELECT session_id FROM note WHERE id = ?1)",
                [&written[0].id],
            )?;
            Ok(())
        })
        .unwrap();
    agree(&store, &c, "moving a session's times by SQL alone");

    // A sub-element given another parent (the exchange or the shell could), then deleted once no
    // note uses it.
    taxonomy::add(
        &mut store,
        c.id,
        &NewBlock {
            code: "nrm-hotlines".into(),
            name: "Hotlines".into(),
            description: String::new(),
            parent: Some("nrm".into()),
        },
    )
    .unwrap();
    let tagged: Vec<&Note> = written.iter().skip(2).step_by(9).collect();
    for note in &tagged {
        let mut new = draft(&notes::get(store.conn(), &c, &note.id).unwrap());
        new.blocks = vec!["nrm-hotlines".into()];
        notes::update(&mut store, &c, &note.id, &new).unwrap();
    }
    agree(&store, &c, "tagging notes with a new sub-element");
    let law = block_id(&store, &c, "law");
    let hotlines = block_id(&store, &c, "nrm-hotlines");
    store
        .write(|tx| {
            tx.execute(
                "UPDATE building_block SET parent_id = ?1 WHERE id = ?2",
                [law, hotlines],
            )?;
            Ok(())
        })
        .unwrap();
    agree(&store, &c, "giving a sub-element another parent");
    for note in &tagged {
        let mut new = draft(&notes::get(store.conn(), &c, &note.id).unwrap());
        new.blocks = vec!["council".into()];
        notes::update(&mut store, &c, &note.id, &new).unwrap();
    }
    taxonomy::delete(&mut store, c.id, "nrm-hotlines").unwrap();
    agree(&store, &c, "deleting a block's sub-element");

    // Deleted notes.
    for note in written.iter().skip(3).step_by(8) {
        notes::delete(&mut store, &c, &note.id, note.author_id).unwrap();
    }
    agree(&store, &c, "deleting notes");
}

#[test]
fn changes_merged_from_another_laptop_keep_filtered_search_equal_to_a_brute_force_filter() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, c) = testutil::sample();
    let (header, plain) = exchange::copy_unsealed(&mut first, c.id, "Coordinator").unwrap();
    let mut second = Store::open_in_memory().unwrap();
    exchange::join_unsealed(
        &mut second,
        &header,
        &plain,
        "copy",
        "Laptop 1",
        &dir.path().join("backups"),
    )
    .unwrap();
    let written = write_notes(&mut first, &c, 40);
    for note in written.iter().step_by(5) {
        let mut new = draft(note);
        new.blocks = vec!["nrm-justice".into()];
        new.countries = vec!["Greece".into(), "IOM".into()];
        new.session_id = None;
        notes::update(&mut first, &c, &note.id, &new).unwrap();
    }
    let panel = testutil::session_id(&first, &c, "Panel 2");
    editing::edit_session(
        &mut first,
        &c,
        panel,
        &SessionFields {
            date: Some(c.starts_on.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let file = exchange::send_unsealed(&mut first, None).unwrap();
    exchange::apply(&mut second, &[file]).unwrap();
    let here = crate::programme::conference::select(second.conn(), Some(c.id)).unwrap();
    let found = agree(
        &second,
        &here,
        "merging another laptop's notes, tags and session move",
    );
    assert_eq!(
        found,
        agree(&first, &c, "writing them on the first laptop"),
        "both laptops find as many notes"
    );
}
