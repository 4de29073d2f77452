//! The exchange's promises on real SQLite stores: replicas converge whatever the order, duplication
//! and routing of the changes (a property test over random operations), nothing typed is lost, and a
//! bad file is refused with nothing applied.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rusqlite::types::Value;

use super::*;
use crate::app::{actions, notes as app_notes, pack, planner, programme};
use crate::fixtures::testutil;
use crate::programme::editing::SessionFields;
use crate::store::changes::TRAVELLING;

/// A delegation of `n` in-memory laptops: the first loads the sample conference and makes the copy
/// the others join from. The temporary folder holds the copies' work files.
pub(crate) fn delegation(n: usize) -> (tempfile::TempDir, Vec<Store>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, conference) = testutil::sample();
    let (header, plain) = copy_unsealed(&mut first, conference.id, "Coordinator").unwrap();
    let mut laptops = vec![first];
    for i in 1..n {
        let mut store = Store::open_in_memory().unwrap();
        join_unsealed(
            &mut store,
            &header,
            &plain,
            "copy",
            &format!("Laptop {i}"),
            &dir.path().join(format!("backups-{i}")),
        )
        .unwrap();
        laptops.push(store);
    }
    (dir, laptops, conference.id)
}

/// What `from` would send to `to` (precisely, or everything not known to be everywhere).
pub(super) fn file_from(laptops: &mut [Store], from: usize, to: usize, precise: bool) -> Opened {
    let target = precise.then(|| laptop_of(&laptops[to]).unwrap().laptop);
    match send_unsealed(&mut laptops[from], target.as_deref()) {
        Ok(opened) => opened,
        // `to` never sent anything to `from`: everything.
        Err(_) => send_unsealed(&mut laptops[from], None).unwrap(),
    }
}

/// Every travelling table's rows, sorted, as text: what "the same content" means.
pub(super) fn content(store: &Store) -> Vec<(String, Vec<String>)> {
    TRAVELLING
        .iter()
        .map(|table| {
            // The versions the merge keeps where two edits met are compared as texts (`texts`).
            let filter = if *table == "note_version" {
                " WHERE position >= 0"
            } else {
                ""
            };
            let mut stmt = store
                .conn()
                .prepare(&format!("SELECT * FROM {table}{filter}"))
                .unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let values: Vec<Value> =
                        (0..n).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
                    Ok(format!("{values:?}"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (table.to_string(), rows)
        })
        .collect()
}

/// Every text each note ever had here (its versions and its current text), by note.
pub(super) fn texts(store: &Store) -> Vec<(String, String)> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT v.note_id, v.body FROM note_version v JOIN note n ON n.id = v.note_id
             UNION SELECT id, body FROM note ORDER BY 1, 2",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

pub(super) fn assert_same(laptops: &[Store], seed: u64) {
    let held = |store: &Store| -> Vec<(String, i64, String)> {
        let mut stmt = store
            .conn()
            .prepare("SELECT origin, seq, hlc FROM exchange_change ORDER BY origin, seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let first_held = held(&laptops[0]);
    for (i, other) in laptops.iter().enumerate().skip(1) {
        let theirs = held(other);
        let only_0: Vec<_> = first_held.iter().filter(|c| !theirs.contains(c)).collect();
        let only_i: Vec<_> = theirs.iter().filter(|c| !first_held.contains(c)).collect();
        assert!(
            only_0.is_empty() && only_i.is_empty(),
            "seed {seed}: laptops 0 and {i} do not hold the same changes:\n only on 0: {only_0:?}\n only on {i}: {only_i:?}"
        );
    }
    let first_kept = kept_texts(&laptops[0]);
    for (i, other) in laptops.iter().enumerate().skip(1) {
        assert_eq!(
            first_kept,
            kept_texts(other),
            "seed {seed}: laptop {i} has other texts in the briefs' and reports' histories"
        );
    }
    let first_texts = texts(&laptops[0]);
    for (i, other) in laptops.iter().enumerate().skip(1) {
        assert_eq!(
            first_texts,
            texts(other),
            "seed {seed}: laptop {i} lacks or has more of the notes' texts"
        );
    }
    let first = content(&laptops[0]);
    for (i, other) in laptops.iter().enumerate().skip(1) {
        for ((table, a), (_, b)) in first.iter().zip(content(other)) {
            let only_a: Vec<&String> = a.iter().filter(|r| !b.contains(r)).take(3).collect();
            let only_b: Vec<&String> = b.iter().filter(|r| !a.contains(r)).take(3).collect();
            assert!(
                only_a.is_empty() && only_b.is_empty(),
                "seed {seed}: table {table} differs between laptop 0 and laptop {i}:\n only on 0: {only_a:?}\n only on {i}: {only_b:?}"
            );
        }
    }
}

/// Every row of the briefs' and daily reports' histories (the texts kept where two edits met).
pub(super) fn kept_texts(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT id, 0, session_id, field, body, written_at FROM session_brief_version",
        "SELECT id, conference_id, day, '', body, written_at FROM daily_report_version",
    ] {
        let mut stmt = store.conn().prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| {
                let values: Vec<Value> =
                    (0..6).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
                Ok(format!("{values:?}"))
            })
            .unwrap();
        out.extend(rows.map(|r| r.unwrap()));
    }
    out.sort();
    out
}

/// A small seeded generator (xorshift), so a failing run can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

fn ids(store: &Store, sql: &str) -> Vec<i64> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn note_ids(store: &Store) -> Vec<(String, Option<i64>)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id, author_id FROM note ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// One random thing a delegate does on `store`. Refusals (a rule of the app) are part of the game.
fn act(store: &mut Store, conference: i64, rng: &mut Rng, step: usize) {
    let sessions = ids(store, "SELECT id FROM session ORDER BY id");
    let members = ids(store, "SELECT id FROM member ORDER BY id");
    let blocks = ["nc", "nrm", "law", "rapporteur", "side", "extra"];
    let words = [
        "shelter",
        "referral",
        "labour",
        "data",
        "funding",
        "survivors",
        "courts",
    ];
    let text = |rng: &mut Rng| {
        (0..4)
            .map(|_| *rng.pick(&words).unwrap())
            .collect::<Vec<_>>()
            .join(" ")
            + &format!(" #{step}")
    };
    let _ = match rng.below(13) {
        0 | 1 => app_notes::save_note(
            store,
            conference,
            app_notes::NoteDraft {
                session_id: rng.pick(&sessions).copied(),
                author_id: rng.pick(&members).copied(),
                body: text(rng),
                blocks: vec![rng.pick(&blocks).unwrap().to_string()],
                ..Default::default()
            },
        )
        .map(|_| ()),
        2 | 3 => match rng.pick(&note_ids(store)).cloned() {
            Some((id, _)) => app_notes::rewrite_note(store, conference, &id, text(rng)).map(|_| ()),
            None => Ok(()),
        },
        4 => match rng.pick(&note_ids(store)).cloned() {
            Some((id, author)) => {
                let n = app_notes::get_note(store, conference, &id).unwrap();
                app_notes::save_note(
                    store,
                    conference,
                    app_notes::NoteDraft {
                        id: Some(id),
                        session_id: n.session_id,
                        author_id: author,
                        body: n.body,
                        blocks: vec![rng.pick(&blocks).unwrap().to_string()],
                        kind: Some("good-practice".into()),
                        countries: vec!["Austria".into()],
                    },
                )
                .map(|_| ())
            }
            None => Ok(()),
        },
        5 => match rng.pick(&note_ids(store)).cloned() {
            Some((id, author)) => {
                app_notes::delete_note(store, conference, &id, author).map(|_| ())
            }
            None => Ok(()),
        },
        6 => {
            let (s, m) = (rng.pick(&sessions).copied(), rng.pick(&members).copied());
            match (s, m) {
                (Some(s), Some(m)) if rng.below(3) == 0 => {
                    planner::unassign(store, s, m).map(|_| ())
                }
                (Some(s), Some(m)) => {
                    let role = *rng.pick(&["lead", "attend", "speak", "notes"]).unwrap();
                    planner::assign(store, s, m, role).map(|_| ())
                }
                _ => Ok(()),
            }
        }
        7 => match rng.pick(&sessions).copied() {
            Some(s) => {
                let p = *rng.pick(&["must", "should", "optional", "skip"]).unwrap();
                planner::set_priority(store, s, p, None).map(|_| ())
            }
            None => Ok(()),
        },
        8 => {
            let fields = SessionFields {
                title: Some(format!("Side event {step}")),
                date: Some("2023-04-18".into()),
                start: Some(format!("{:02}:{:02}", 9 + rng.below(8), 15 * rng.below(4))),
                duration: Some(45),
                room: Some(format!("Room {}", rng.below(5))),
                ..Default::default()
            };
            if rng.below(2) == 0 || sessions.is_empty() {
                programme::add_session(store, conference, &fields).map(|_| ())
            } else {
                let s = *rng.pick(&sessions).unwrap();
                let moved = SessionFields {
                    title: None,
                    ..fields
                };
                programme::edit_session(store, conference, s, &moved).map(|_| ())
            }
        }
        // Briefs of the first three sessions only, so that laptops often edit the same brief at once.
        9 => match rng.pick(&sessions[..sessions.len().min(3)]).copied() {
            Some(s) => {
                let mut change = crate::programme::briefs::BriefChange::default();
                match rng.below(3) {
                    0 => change.objectives = Some(text(rng)),
                    1 => change.points = Some(text(rng)),
                    _ => change.lines = Some(text(rng)),
                }
                pack::save_brief(store, conference, s, &change).map(|_| ())
            }
            None => Ok(()),
        },
        10 => {
            let open = ids(store, "SELECT id FROM follow_up ORDER BY id");
            if rng.below(2) == 0 && !open.is_empty() {
                let id = *rng.pick(&open).unwrap();
                actions::set_action_done(store, conference, id, rng.below(2) == 0).map(|_| ())
            } else {
                let owner = rng.pick(&members).copied();
                actions::add_action(store, conference, &text(rng), owner, None, None).map(|_| ())
            }
        }
        // Blocks added with codes other laptops may be adding at the same time.
        12 => {
            let code = *rng.pick(&["side", "extra"]).unwrap();
            crate::app::taxonomy::add_block(store, conference, code, &text(rng), "", None)
                .map(|_| ())
        }
        _ => {
            let day = *rng.pick(&["2023-04-18", "2023-04-19"]).unwrap();
            app_notes::save_report(store, conference, day, &text(rng)).map(|_| ())
        }
    };
}

#[test]
fn replicas_that_received_the_same_changes_hold_the_same_content_whatever_the_order() {
    for seed in [0x9e37_79b9_7f4a_7c15_u64, 42, 7, 1234567, 99] {
        let mut rng = Rng(seed);
        let n = 3 + rng.below(3);
        let (_dir, mut laptops, conference) = delegation(n);
        let mut kept_files: Vec<(usize, Opened)> = Vec::new();
        for step in 0..120 {
            let who = rng.below(n);
            act(&mut laptops[who], conference, &mut rng, step);
            if rng.below(4) == 0 {
                // A partial exchange: one file from one laptop to another, sometimes delivered twice,
                // sometimes kept and delivered late (after newer ones).
                let (from, to) = (rng.below(n), rng.below(n));
                if from != to {
                    let file = file_from(&mut laptops, from, to, rng.below(2) == 0);
                    apply(&mut laptops[to], std::slice::from_ref(&file)).unwrap();
                    if rng.below(3) == 0 {
                        apply(&mut laptops[to], std::slice::from_ref(&file)).unwrap();
                    }
                    kept_files.push((rng.below(n), file));
                }
            }
            if rng.below(10) == 0 {
                if let Some((to, file)) = kept_files.pop() {
                    if file.header.laptop != laptop_of(&laptops[to]).unwrap().laptop {
                        apply(&mut laptops[to], &[file]).unwrap();
                    }
                }
            }
        }
        // The full exchange: every laptop sends to every other, twice round.
        for _ in 0..2 {
            for from in 0..n {
                for to in 0..n {
                    if from != to {
                        let file = file_from(&mut laptops, from, to, false);
                        apply(&mut laptops[to], &[file]).unwrap();
                    }
                }
            }
        }
        assert_same(&laptops, seed);
    }
}

pub(super) fn write_note(store: &mut Store, conference: i64, body: &str) -> String {
    app_notes::save_note(
        store,
        conference,
        app_notes::NoteDraft {
            body: body.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

pub(super) fn pass(laptops: &mut [Store], from: usize, to: usize) -> Vec<Received> {
    let file = send_unsealed(&mut laptops[from], None).unwrap();
    apply(&mut laptops[to], &[file]).unwrap()
}

#[test]
fn a_note_edited_on_two_laptops_keeps_both_texts_and_is_marked() {
    let (_dir, mut laptops, c) = delegation(2);
    let id = write_note(&mut laptops[0], c, "First words");
    pass(&mut laptops, 0, 1);
    app_notes::rewrite_note(&mut laptops[0], c, &id, "Coordinator's text".into()).unwrap();
    app_notes::rewrite_note(&mut laptops[1], c, &id, "Delegate's text".into()).unwrap();
    let report = pass(&mut laptops, 1, 0);
    pass(&mut laptops, 0, 1);
    assert_eq!(
        report[0].tally.conflicts_kept, 1,
        "the two edits are reported: {report:?}"
    );
    let current = app_notes::get_note(&laptops[0], c, &id).unwrap().body;
    assert_eq!(
        current,
        app_notes::get_note(&laptops[1], c, &id).unwrap().body,
        "both laptops show the same current text"
    );
    assert_eq!(
        current, "Delegate's text",
        "the later edit (by clock) is the current text"
    );
    for store in &laptops {
        let history: Vec<String> = app_notes::note_history(store, c, &id)
            .unwrap()
            .into_iter()
            .map(|v| v.body)
            .collect();
        assert!(
            history.contains(&"Coordinator's text".to_string()),
            "the other text is kept in the history: {history:?}"
        );
        assert!(history.contains(&"First words".to_string()), "{history:?}");
        assert_eq!(
            status(store).unwrap().notes_edited_in_two_places,
            std::slice::from_ref(&id),
            "marked on both laptops"
        );
    }
    seen(&mut laptops[0], &id).unwrap();
    assert!(
        status(&laptops[0])
            .unwrap()
            .notes_edited_in_two_places
            .is_empty(),
        "looked at"
    );
    assert_eq!(
        seen(&mut laptops[0], &id).unwrap_err().code(),
        crate::ErrorCode::NotFound
    );
    assert_same(&laptops, 0);
}

#[test]
fn an_edit_and_a_delete_at_once_keep_the_note_in_either_order() {
    for edit_first in [true, false] {
        let (_dir, mut laptops, c) = delegation(3);
        let id = write_note(&mut laptops[0], c, "To be kept");
        pass(&mut laptops, 0, 1);
        pass(&mut laptops, 0, 2);
        app_notes::delete_note(&mut laptops[1], c, &id, None).unwrap();
        app_notes::rewrite_note(&mut laptops[2], c, &id, "Edited meanwhile".into()).unwrap();
        let (a, b) = if edit_first { (2, 1) } else { (1, 2) };
        pass(&mut laptops, a, 0);
        pass(&mut laptops, b, 0);
        pass(&mut laptops, 0, 1);
        pass(&mut laptops, 0, 2);
        for (i, store) in laptops.iter().enumerate() {
            let note = app_notes::get_note(store, c, &id).unwrap_or_else(|e| {
                panic!("laptop {i} lost the note (edit first: {edit_first}): {e}")
            });
            assert_eq!(note.body, "Edited meanwhile", "laptop {i}");
        }
        assert_same(&laptops, u64::from(edit_first));
    }
}

#[test]
fn receiving_the_same_changes_twice_changes_nothing() {
    let (_dir, mut laptops, c) = delegation(2);
    write_note(&mut laptops[0], c, "Once only");
    let file = send_unsealed(&mut laptops[0], None).unwrap();
    let first = apply(&mut laptops[1], std::slice::from_ref(&file)).unwrap();
    let before = content(&laptops[1]);
    let second = apply(&mut laptops[1], std::slice::from_ref(&file)).unwrap();
    assert_eq!(first[0].tally.notes, 1, "{first:?}");
    assert_eq!(
        second[0].tally.changes, 0,
        "nothing new the second time: {second:?}"
    );
    assert!(
        second[0].tally.duplicates >= 1,
        "recognised as held: {second:?}"
    );
    assert_eq!(content(&laptops[1]), before, "the content did not change");
    // And a laptop's own changes coming back are echoes.
    let back = send_unsealed(&mut laptops[1], None).unwrap();
    let echo = apply(&mut laptops[0], &[back]).unwrap();
    assert_eq!(echo[0].tally.changes, 0, "{echo:?}");
}

#[test]
fn new_rows_get_random_ids_and_a_copy_shares_the_coordinator_s() {
    let (_dir, mut laptops, c) = delegation(2);
    let old_session: i64 = laptops[0]
        .conn()
        .query_row("SELECT min(id) FROM session", [], |r| r.get(0))
        .unwrap();
    let fields = SessionFields {
        title: Some("Announced on the day".into()),
        date: Some("2023-04-18".into()),
        start: Some("13:00".into()),
        duration: Some(30),
        ..Default::default()
    };
    let a = programme::add_session(&mut laptops[0], c, &fields).unwrap();
    let b = programme::add_session(&mut laptops[1], c, &fields).unwrap();
    assert_ne!(
        a.id, b.id,
        "two laptops adding a session give it different ids"
    );
    assert!(
        a.id > 1 << 20 && b.id > 1 << 20,
        "drawn at random: {} {}",
        a.id,
        b.id
    );
    assert!(
        laptops[1]
            .conn()
            .query_row(
                "SELECT count(*) FROM session WHERE id = ?1",
                [old_session],
                |r| r.get::<_, i64>(0)
            )
            .unwrap()
            == 1,
        "the replica has the coordinator's session ids"
    );
    pass(&mut laptops, 0, 1);
    pass(&mut laptops, 1, 0);
    assert_same(&laptops, 0);
    let both: i64 = laptops[0]
        .conn()
        .query_row(
            "SELECT count(*) FROM session WHERE title = 'Announced on the day'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(both, 2, "both sessions arrived on both laptops");
}

#[test]
fn a_sealed_file_round_trips_and_every_damaged_or_foreign_file_is_refused_with_nothing_applied() {
    let (dir, mut laptops, c) = delegation(2);
    write_note(&mut laptops[0], c, "Sealed note");
    let pass_ok = Passphrase::new("delegation phrase said aloud");
    let (bytes, sent) = send(&mut laptops[0], None, &pass_ok).unwrap();
    assert!(sent.changes >= 1);
    let me = laptop_of(&laptops[1]).unwrap();
    let before = content(&laptops[1]);
    let refused = |bytes: &[u8], phrase: &Passphrase| -> String {
        open_for(&me, bytes, "f.desk-exchange", phrase)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let wrong = refused(&bytes, &Passphrase::new("another phrase entirely"));
    assert!(wrong.contains("passphrase"), "{wrong}");
    let cut = refused(&bytes[..bytes.len() - 40], &pass_ok);
    assert!(cut.contains("damaged"), "truncated: {cut}");
    let mut tampered = bytes.clone();
    let at = tampered.len() - 100;
    tampered[at] ^= 1;
    assert!(
        refused(&tampered, &pass_ok).contains("damaged"),
        "a flipped bit is refused"
    );
    let foreign = refused(b"PK\x03\x04 a zip file", &pass_ok);
    assert!(
        foreign.contains("not a Delegation Desk exchange file"),
        "{foreign}"
    );
    let newer = String::from_utf8_lossy(&bytes).replacen("\"version\":1", "\"version\":2", 1);
    let newer = refused(newer.as_bytes(), &pass_ok);
    assert!(newer.contains("newer version"), "{newer}");
    assert_eq!(
        content(&laptops[1]),
        before,
        "nothing was applied by any refused file"
    );
    // Another delegation's file.
    let (_d2, others, _) = delegation(1);
    let mut other = others.into_iter().next().unwrap();
    write_note(&mut other, c, "Elsewhere");
    let (theirs, _) = send(&mut other, None, &pass_ok).unwrap();
    assert!(refused(&theirs, &pass_ok).contains("another delegation"));
    // The good file goes in.
    let opened = open_for(&me, &bytes, "f.desk-exchange", &pass_ok).unwrap();
    let got = apply(&mut laptops[1], &[opened]).unwrap();
    assert_eq!(got[0].tally.notes, 1, "{got:?}");
    drop(dir);
}

#[test]
fn the_fuzz_body_applies_a_real_payload_and_refuses_a_cut_one_without_panicking() {
    let (_dir, mut laptops, c) = delegation(1);
    write_note(&mut laptops[0], c, "Seed note");
    let opened = send_unsealed(&mut laptops[0], None).unwrap();
    let mut input = b"DELEGATION-DESK-EXCHANGE\n{\"version\":1}\n\n".to_vec();
    input.extend(file::encode_changes(&opened.changes).unwrap());
    if let Some(path) = std::env::var_os("DESK_WRITE_FUZZ_SEED") {
        std::fs::write(path, &input).unwrap();
    }
    crate::fixtures::fuzzing::exchange_file(&input);
    for cut in [1, 7, 30, input.len() / 2] {
        crate::fixtures::fuzzing::exchange_file(&input[..input.len() - cut]);
    }
    let framed = file::encode_changes(&opened.changes).unwrap();
    assert_eq!(
        file::decode_changes(&framed, "f").unwrap(),
        opened.changes,
        "the framing reads back what it wrote"
    );
    let err = file::decode_changes(&framed[..framed.len() - 3], "f.desk-exchange").unwrap_err();
    assert!(err.to_string().contains("f.desk-exchange"), "{err}");
}
