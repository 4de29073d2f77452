//! Searching notes, tested on notes written into a real store: diacritics, prefixes, what else is
//! searched, ranking, snippets, query syntax that must never be an error, filters, edits, and a file
//! of an older version whose notes are indexed on upgrade. Kept beside the search, not in it,
//! because the tests are longer than the code.

use super::*;
use crate::domain::NoteKind;
use crate::notes::{self, NewNote};
use crate::taxonomy::blocks;
use crate::{fixtures::testutil, Store};
use rusqlite::Connection;

fn add(store: &mut Store, c: &Conference, body: &str, f: impl FnOnce(&mut NewNote)) -> Note {
    let mut new = NewNote {
        body: body.into(),
        ..Default::default()
    };
    f(&mut new);
    notes::add(store, c, &new).unwrap()
}

fn find(store: &Store, c: &Conference, text: &str) -> Vec<String> {
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
    .map(|h| h.note.body)
    .collect()
}

#[test]
fn words_are_found_without_their_diacritics() {
    let (mut store, c) = testutil::sample();
    add(
        &mut store,
        &c,
        "Siobhán from the Irish rapporteur office spoke.",
        |_| {},
    );
    add(&mut store, &c, "Shelters funded.", |n| {
        n.countries = vec!["Türkiye".into()]
    });
    assert_eq!(
        find(&store, &c, "Siobhan"),
        vec!["Siobhán from the Irish rapporteur office spoke."]
    );
    assert_eq!(
        find(&store, &c, "turkiye"),
        vec!["Shelters funded."],
        "via the country tag"
    );
    assert_eq!(find(&store, &c, "TÜRKIYE").len(), 1);
}

#[test]
fn every_term_is_a_prefix_and_all_are_required() {
    let (mut store, c) = testutil::sample();
    add(
        &mut store,
        &c,
        "Identification indicators for labour exploitation.",
        |_| {},
    );
    add(&mut store, &c, "Identification of children.", |_| {});
    assert_eq!(find(&store, &c, "ident").len(), 2);
    assert_eq!(
        find(&store, &c, "ident lab"),
        vec!["Identification indicators for labour exploitation."]
    );
    assert!(find(&store, &c, "identx").is_empty());
}

#[test]
fn session_titles_authors_and_block_names_are_searched_too() {
    let (mut store, c) = testutil::sample();
    let panel = testutil::session_id(&store, &c, "Panel 2");
    let maren = testutil::member_id(&store, &c, "Maren");
    add(&mut store, &c, "Short.", |n| {
        n.session_id = Some(panel);
        n.author_id = Some(maren);
        n.blocks = vec!["nrm".into()];
    });
    assert_eq!(find(&store, &c, "maren").len(), 1, "the author");
    assert_eq!(
        find(&store, &c, "referral mechanism").len(),
        1,
        "the block's name"
    );
    assert_eq!(find(&store, &c, "panel").len(), 1, "the session's title");
}

#[test]
fn the_best_match_comes_first() {
    let (mut store, c) = testutil::sample();
    add(&mut store, &c, "Shelters. Long note about many other things: budgets, staff, training, law reform, data, cooperation, outreach.", |_| {});
    add(&mut store, &c, "Shelters shelters shelters.", |_| {});
    add(&mut store, &c, "Nothing relevant here.", |_| {});
    let found = find(&store, &c, "shelter");
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[0], "Shelters shelters shelters.",
        "bm25: more and denser hits rank first"
    );
}

#[test]
fn the_snippet_marks_the_hits_as_segments() {
    let (mut store, c) = testutil::sample();
    add(
        &mut store,
        &c,
        "The <b>national</b> coordinator met Siobhán.",
        |_| {},
    );
    let hits = search(
        store.conn(),
        &c,
        &Query {
            text: "siob".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let segs = &hits[0].snippet;
    assert!(
        segs.iter().any(|s| s.hit && s.text == "Siobhán"),
        "{segs:?}"
    );
    let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        joined, "The <b>national</b> coordinator met Siobhán.",
        "markup stays text"
    );
}

#[test]
fn fts_syntax_in_the_query_is_never_an_error() {
    let (mut store, c) = testutil::sample();
    add(
        &mut store,
        &c,
        "NEAR the border, \"quoted\" words and stars*.",
        |_| {},
    );
    for q in [
        "\"",
        "NEAR(",
        "*",
        "a OR",
        "AND",
        "(",
        ")",
        "col:x",
        "^",
        "-",
        "\"\"*",
        "NOT x",
        "NEAR(border quoted, 2)",
        "'",
    ] {
        let r = search(
            store.conn(),
            &c,
            &Query {
                text: q.into(),
                ..Default::default()
            },
        );
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert_eq!(find(&store, &c, "NEAR(").len(), 1, "NEAR is a word here");
    assert_eq!(find(&store, &c, "\"quoted").len(), 1);
}

#[test]
fn filters_narrow_the_results_and_work_without_text() {
    let (mut store, c) = testutil::sample();
    let panel = testutil::session_id(&store, &c, "Panel 2");
    let maren = testutil::member_id(&store, &c, "Maren");
    add(&mut store, &c, "Victims identified early.", |n| {
        n.session_id = Some(panel);
        n.blocks = vec!["nrm-identification".into()];
        n.countries = vec!["Greece".into()];
        n.kind = NoteKind::GoodPractice;
        n.author_id = Some(maren);
    });
    add(&mut store, &c, "Victims need lawyers.", |n| {
        n.blocks = vec!["law".into()]
    });
    let run = |q: Query| search(store.conn(), &c, &q).unwrap().len();
    let text = || "victims".to_string();
    assert_eq!(
        run(Query {
            text: text(),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        run(Query {
            text: text(),
            block: Some("nrm".into()),
            ..Default::default()
        }),
        1,
        "sub-elements count for their block"
    );
    assert_eq!(
        run(Query {
            text: text(),
            session_id: Some(panel),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        run(Query {
            text: text(),
            country: Some("gr".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        run(Query {
            text: text(),
            kind: Some("good-practice".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        run(Query {
            text: text(),
            author_id: Some(maren),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        run(Query {
            day: Some("2023-04-19".into()),
            ..Default::default()
        }),
        1,
        "Panel 2 is on the second day"
    );
    assert_eq!(
        run(Query {
            day: Some("2023-04-18".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        run(Query {
            block: Some("law".into()),
            ..Default::default()
        }),
        1,
        "filters alone"
    );
    assert_eq!(
        run(Query {
            text: text(),
            no_session: true,
            ..Default::default()
        }),
        1,
        "corridor notes only"
    );
    let err = search(
        store.conn(),
        &c,
        &Query {
            kind: Some("gossip".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("kind:"), "{err}");
}

#[test]
fn an_edit_is_searchable_at_once_and_the_old_text_is_not() {
    let (mut store, c) = testutil::sample();
    let n = add(&mut store, &c, "Draft about shelters.", |_| {});
    notes::update(
        &mut store,
        &c,
        &n.id,
        &NewNote {
            body: "Final about hotlines.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(find(&store, &c, "shelters").is_empty());
    assert_eq!(find(&store, &c, "hotlines").len(), 1);
}

#[test]
fn a_version_2_file_is_upgraded_with_its_notes_indexed_and_the_nrm_sub_elements() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        #[allow(clippy::disallowed_methods)] // building a v2 file by hand
        conn.execute_batch(concat!(
            include_str!("../../../migrations/0001_initial.sql"),
            include_str!("../../../migrations/0002_planning.sql"),
            "INSERT INTO conference (id, title, time_zone, starts_on, ends_on, created_at)
               VALUES (1, 'Old', 'Europe/Vienna', '2023-04-18', '2023-04-19', '2023-01-01T00:00:00Z');
             INSERT INTO building_block (id, conference_id, code, name, position)
               VALUES (1, 1, 'nrm', 'National referral mechanism', 1);
             INSERT INTO note (id, conference_id, body, created_at, updated_at)
               VALUES ('00000000-0000-4000-8000-000000000001', 1, 'Siobhán spoke before the upgrade.',
                       '2023-04-18T09:00:00Z', '2023-04-18T09:00:00Z');
             INSERT INTO note_block (note_id, block_id) VALUES ('00000000-0000-4000-8000-000000000001', 1);"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
    }
    let store = crate::data::open_store(&path, None).unwrap();
    let c = crate::programme::conference::select(store.conn(), None).unwrap();
    assert_eq!(
        find(&store, &c, "siobhan").len(),
        1,
        "the old note is in the index"
    );
    assert_eq!(
        find(&store, &c, "referral").len(),
        1,
        "with its block's name"
    );
    assert_eq!(
        search(
            store.conn(),
            &c,
            &Query {
                text: "siobhan".into(),
                block: Some("nrm".into()),
                day: Some("2023-04-18".into()),
                ..Default::default()
            }
        )
        .unwrap()
        .len(),
        1,
        "with the hidden words of its block and day (schema v11 rebuilt the index)"
    );
    let note = &search(store.conn(), &c, &Query::default()).unwrap()[0].note;
    assert_eq!(
        note.kind,
        NoteKind::Observation,
        "old notes are observations"
    );
    let codes: Vec<String> = blocks::list(store.conn(), c.id)
        .unwrap()
        .into_iter()
        .map(|b| b.code)
        .collect();
    assert_eq!(codes.len(), 6, "nrm and its five sub-elements: {codes:?}");
}
