//! What the search does to stay fast at 100,000 notes, tested on real stores: only the newest matches
//! are scored, long prefixes become the words they start, narrow filters are read first. Each must give
//! the same notes as the plain way, except the one documented change (a word in more notes than
//! [`CANDIDATES`] is ranked among its newest matches).

use super::expression::{plan, Planned, MAX_WORDS};
use super::*;
use crate::fixtures::{synthetic_notes, testutil};
use crate::notes::{self, NewNote};
use crate::Store;

fn add(store: &mut Store, c: &Conference, body: &str) -> Note {
    notes::add(
        store,
        c,
        &NewNote {
            body: body.into(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn bodies(hits: Vec<Hit>) -> Vec<String> {
    hits.into_iter().map(|h| h.note.body).collect()
}

fn text(t: &str) -> Query {
    Query {
        text: t.into(),
        ..Default::default()
    }
}

#[test]
fn a_word_in_more_notes_than_are_scored_is_ranked_among_its_newest_matches() {
    let (mut store, c) = testutil::sample();
    add(&mut store, &c, "Shelters shelters shelters.");
    for i in 0..4 {
        add(
            &mut store,
            &c,
            &format!("Shelters, among budgets, staff, training and law reform ({i})."),
        );
    }
    let q = Query {
        limit: Some(2),
        ..text("shelters")
    };
    let all = Effort {
        candidates: 5,
        ..Effort::default()
    };
    let found = bodies(search_with(store.conn(), &c, &q, all).unwrap());
    assert_eq!(
        found[0], "Shelters shelters shelters.",
        "with every match scored, the best comes first however old"
    );
    let newest = Effort {
        candidates: 3,
        ..Effort::default()
    };
    let found = bodies(search_with(store.conn(), &c, &q, newest).unwrap());
    assert_eq!(found.len(), 2, "still as many hits as asked: {found:?}");
    assert!(
        found.iter().all(|b| b.starts_with("Shelters, among")),
        "only the newest three matches were scored, and the oldest, best one is not among them: {found:?}"
    );
}

#[test]
fn a_long_plain_prefix_becomes_the_words_it_starts() {
    let (mut store, c) = testutil::sample();
    add(&mut store, &c, "Identification indicators.");
    add(&mut store, &c, "Victims identified early.");
    add(&mut store, &c, "Identity papers withheld.");
    let Planned::Run(expr) = plan(store.conn(), "IDENTIF").unwrap() else {
        panic!("a prefix of indexed words runs")
    };
    assert_eq!(
        expr, "(\"identification\" OR \"identified\")",
        "lower-cased, the index's words in order"
    );
    assert_eq!(find(&store, &c, "IDENTIF").len(), 2);
    assert_eq!(find(&store, &c, "ident").len(), 3);
    assert_eq!(
        plan(store.conn(), "identx").unwrap(),
        Planned::NoMatch,
        "a prefix that starts no word matches nothing"
    );
    assert!(find(&store, &c, "identx").is_empty());
    assert_eq!(
        plan(store.conn(), "ide paper").unwrap(),
        Planned::Run("\"ide\"* AND \"papers\"".into()),
        "three letters stay a prefix (FTS5 has them in its prefix index)"
    );
}

#[test]
fn a_prefix_with_other_letters_or_too_many_words_stays_an_fts_prefix() {
    let (mut store, c) = testutil::sample();
    for i in 0..=MAX_WORDS {
        add(&mut store, &c, &format!("Wordy{i:02} note."));
    }
    add(&mut store, &c, "Siobhán spoke; Schutzunterkünfte funded.");
    assert_eq!(
        plan(store.conn(), "wordy").unwrap(),
        Planned::Run("\"wordy\"*".into()),
        "more than MAX_WORDS words"
    );
    assert_eq!(
        search(
            store.conn(),
            &c,
            &Query {
                limit: Some(100),
                ..text("wordy")
            }
        )
        .unwrap()
        .len(),
        MAX_WORDS + 1
    );
    assert_eq!(
        plan(store.conn(), "Schutzunterkü").unwrap(),
        Planned::Run("\"Schutzunterkü\"*".into()),
        "only ASCII is folded here as the tokenizer folds it"
    );
    assert_eq!(
        plan(store.conn(), "Schutzunterk").unwrap(),
        Planned::Run("\"schutzunterkunfte\"".into()),
        "an ASCII prefix of a word the tokenizer folded"
    );
    assert_eq!(find(&store, &c, "Schutzunterkü").len(), 1);
    assert_eq!(find(&store, &c, "SIOBHÁ").len(), 1);
    assert_eq!(
        find(&store, &c, "siobha").len(),
        1,
        "ASCII finds the folded word"
    );
}

fn find(store: &Store, c: &Conference, t: &str) -> Vec<String> {
    bodies(search(store.conn(), c, &text(t)).unwrap())
}

/// Sets a filter on a query.
type SetFilter = Box<dyn Fn(&mut Query)>;

#[test]
fn reading_a_narrow_filter_first_finds_the_same_notes_in_the_same_order() {
    let (mut store, c) = testutil::sample();
    synthetic_notes::generate(&mut store, &c, 400, 11).unwrap();
    let session = testutil::session_id(&store, &c, "Panel 2");
    let maren = testutil::member_id(&store, &c, "Maren");
    let first_day = c.starts_on.clone();
    let filters: Vec<(&str, SetFilter)> = vec![
        (
            "block",
            Box::new(|q: &mut Query| q.block = Some("nrm".into())),
        ),
        (
            "session",
            Box::new(move |q: &mut Query| q.session_id = Some(session)),
        ),
        (
            "author",
            Box::new(move |q: &mut Query| q.author_id = Some(maren)),
        ),
        (
            "country",
            Box::new(|q: &mut Query| q.country = Some("gr".into())),
        ),
        (
            "day",
            Box::new(move |q: &mut Query| q.day = Some(first_day.clone())),
        ),
        (
            "a day without notes",
            Box::new(|q: &mut Query| q.day = Some("2001-01-01".into())),
        ),
        (
            "author and country",
            Box::new(move |q: &mut Query| {
                q.author_id = Some(maren);
                q.country = Some("Türkiye".into());
            }),
        ),
    ];
    let mut compared = 0;
    for t in [
        "",
        "the",
        "victims",
        "siobhan",
        "ident",
        "referral mechanism",
        "la ley",
    ] {
        for (name, f) in &filters {
            let mut q = Query {
                limit: Some(1000),
                ..text(t)
            };
            f(&mut q);
            let ids = |narrow_first, hidden_words| -> Vec<String> {
                let effort = Effort {
                    candidates: 1000,
                    narrow_first,
                    hidden_words,
                    wide_blocks: hidden_words,
                };
                search_with(store.conn(), &c, &q, effort)
                    .unwrap()
                    .into_iter()
                    .map(|h| h.note.id)
                    .collect()
            };
            let first = ids(true, false);
            assert_eq!(first, ids(false, false), "{t:?} with the {name} filter");
            assert_eq!(
                ids(true, true),
                first,
                "{t:?} with the {name} filter given to the index as its hidden words"
            );
            compared += first.len();
        }
    }
    assert!(compared > 200, "the comparison found notes: {compared}");
}

#[test]
fn the_word_list_lives_in_the_connection_not_in_the_encrypted_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    let key = crate::store::Passphrase::new("correct horse battery staple");
    {
        let mut store = crate::data::open_store(&path, Some(&key)).unwrap();
        let c = crate::fixtures::sample::load(&mut store)
            .unwrap()
            .conference;
        add(&mut store, &c, "Identification indicators.");
        assert_eq!(find(&store, &c, "identif").len(), 1);
        let in_file: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'note_fts_words'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(in_file, 0, "the vocabulary table is in temp only");
    }
    let store = crate::data::open_store(&path, Some(&key)).unwrap();
    let c = crate::programme::conference::select(store.conn(), None).unwrap();
    assert_eq!(
        find(&store, &c, "identif").len(),
        1,
        "the file reopens (its schema is still exactly ours) and searches again"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("desk.sqlite3") && !n.starts_with("backups"))
        .collect();
    assert!(
        names.is_empty(),
        "no index file beside the store: {names:?}"
    );
}
