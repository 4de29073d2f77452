//! The matrix's counts kept by the store's triggers (schema v10) against a straightforward recount from
//! the notes' rows, after random writes of every kind the store sees: notes added, edited, retagged,
//! moved and deleted through the notes' code; tags and countries written directly (as an exchange merge
//! or an import writes rows), duplicates ignored, tags changed in place; blocks given another parent;
//! sessions deleted under their notes; a whole conference deleted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use super::*;
use crate::fixtures::testutil;
use crate::notes::{self, NewNote};
use crate::Store;

/// Per (axis, column, block) and per (axis, column): the notes, counted from the rows themselves.
type Cells = BTreeMap<(String, String, i64), i64>;
type Columns = BTreeMap<(String, String), i64>;

/// The counts as a recount from notes, tags, countries and blocks gives them.
fn recount(conn: &Connection, conference_id: i64) -> (Cells, Columns) {
    let effective = "SELECT note_id, block_id FROM note_block
                     UNION
                     SELECT t.note_id, b.parent_id FROM note_block t
                     JOIN building_block b ON b.id = t.block_id WHERE b.parent_id IS NOT NULL";
    let mut cells = Cells::new();
    for (axis, column, join) in [
        (
            "session",
            "coalesce(CAST(n.session_id AS TEXT), 'none')",
            "",
        ),
        (
            "country",
            "c.name",
            "JOIN note_country c ON c.note_id = n.id",
        ),
    ] {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT {column}, e.block_id, count(*) FROM ({effective}) e
                 JOIN note n ON n.id = e.note_id {join}
                 WHERE n.conference_id = ?1 GROUP BY 1, 2"
            ))
            .unwrap();
        let rows = stmt
            .query_map([conference_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get(2)?))
            })
            .unwrap();
        for row in rows {
            let (col, block, n) = row.unwrap();
            cells.insert((axis.to_string(), col, block), n);
        }
    }
    let mut columns = Columns::new();
    for (axis, sql) in [
        (
            "session",
            "SELECT coalesce(CAST(session_id AS TEXT), 'none'), count(*) FROM note
             WHERE conference_id = ?1 GROUP BY 1",
        ),
        (
            "country",
            "SELECT c.name, count(*) FROM note_country c JOIN note n ON n.id = c.note_id
             WHERE n.conference_id = ?1 GROUP BY 1",
        ),
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([conference_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))
            .unwrap();
        for row in rows {
            let (col, n) = row.unwrap();
            columns.insert((axis.to_string(), col), n);
        }
    }
    (cells, columns)
}

/// The counts the store keeps (rows of 0 left out; none may be below 0).
fn kept(conn: &Connection, conference_id: i64) -> (Cells, Columns) {
    let negative: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM matrix_cell WHERE notes < 0)
                  + (SELECT count(*) FROM matrix_column WHERE notes < 0)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(negative, 0, "no count below zero");
    let mut stmt = conn
        .prepare(
            "SELECT axis, col, block_id, notes FROM matrix_cell WHERE conference_id = ?1 AND notes > 0",
        )
        .unwrap();
    let cells = stmt
        .query_map([conference_id], |r| {
            Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<Cells>>()
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT axis, col, notes FROM matrix_column WHERE conference_id = ?1 AND notes > 0",
        )
        .unwrap();
    let columns = stmt
        .query_map([conference_id], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<Columns>>()
        .unwrap();
    (cells, columns)
}

fn assert_counts_match(store: &Store, conference_id: i64, after: &str) {
    let (cells, columns) = kept(store.conn(), conference_id);
    let (want_cells, want_columns) = recount(store.conn(), conference_id);
    assert_eq!(
        cells, want_cells,
        "every cell as a recount has it, after {after}"
    );
    assert_eq!(
        columns, want_columns,
        "every column's notes as a recount has them, after {after}"
    );
}

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

const COUNTRIES: &[&str] = &["Greece", "Türkiye", "IOM", "Austria", "ILO", "Moldova"];

/// A note's content drawn at random: blocks and sub-elements (a parent and its child at once, often),
/// a session or none, a few countries.
fn random_note(dice: &mut Dice, codes: &[String], sessions: &[i64]) -> NewNote {
    let blocks: Vec<String> = (0..dice.below(4))
        .map(|_| dice.pick(codes).clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let countries: Vec<String> = (0..dice.below(3))
        .map(|_| dice.pick(COUNTRIES).to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    NewNote {
        body: format!("note {}", dice.below(1_000_000)),
        session_id: if dice.below(4) == 0 {
            None
        } else {
            Some(*dice.pick(sessions))
        },
        blocks,
        countries,
        ..Default::default()
    }
}

fn note_ids(store: &Store, conference_id: i64) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT id FROM note WHERE conference_id = ?1 ORDER BY rowid")
        .unwrap();
    stmt.query_map([conference_id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn ids(store: &Store, sql: &str, conference_id: i64) -> Vec<i64> {
    let mut stmt = store.conn().prepare(sql).unwrap();
    stmt.query_map([conference_id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_kept_counts_equal_a_recount_after_random_writes_of_every_kind() {
    let (mut store, c) = testutil::sample();
    // The synthetic notes are written with INSERT OR IGNORE for their tags: ignored duplicates too.
    crate::fixtures::synthetic_notes::generate(&mut store, &c, 120, 5).unwrap();
    assert_counts_match(&store, c.id, "the synthetic notes");
    let codes: Vec<String> = blocks::list(store.conn(), c.id)
        .unwrap()
        .into_iter()
        .filter(|b| !b.archived)
        .map(|b| b.code)
        .collect();
    let block_ids = ids(
        &store,
        "SELECT id FROM building_block WHERE conference_id = ?1",
        c.id,
    );
    let sessions = ids(
        &store,
        "SELECT id FROM session WHERE conference_id = ?1 AND kind != 'break'",
        c.id,
    );
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for step in 0..300 {
        let notes = note_ids(&store, c.id);
        let op = dice.below(10);
        let what = match op {
            0 | 1 => {
                let new = random_note(&mut dice, &codes, &sessions);
                notes::add(&mut store, &c, &new).unwrap();
                "a note added"
            }
            2 | 3 => {
                let id = dice.pick(&notes).clone();
                let new = random_note(&mut dice, &codes, &sessions);
                notes::update(&mut store, &c, &id, &new).unwrap();
                "a note edited (body, session, tags, countries)"
            }
            4 => {
                let id = dice.pick(&notes).clone();
                store
                    .write(|tx| Ok(tx.execute("DELETE FROM note WHERE id = ?1", [&id])?))
                    .unwrap();
                "a note deleted (its tags and countries by cascade)"
            }
            5 => {
                let id = dice.pick(&notes).clone();
                let block = *dice.pick(&block_ids);
                store
                    .write(|tx| {
                        if tx.execute(
                            "DELETE FROM note_block WHERE note_id = ?1 AND block_id = ?2",
                            params![id, block],
                        )? == 0
                        {
                            tx.execute(
                                "INSERT OR IGNORE INTO note_block (note_id, block_id) VALUES (?1, ?2)",
                                params![id, block],
                            )?;
                        }
                        // A duplicate, ignored: changes nothing.
                        tx.execute(
                            "INSERT OR IGNORE INTO note_block (note_id, block_id)
                             SELECT note_id, block_id FROM note_block WHERE note_id = ?1",
                            [&id],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                "a tag written directly"
            }
            6 => {
                let id = dice.pick(&notes).clone();
                let country = dice.pick(COUNTRIES).to_string();
                let renamed = dice.pick(COUNTRIES).to_string();
                store
                    .write(|tx| {
                        if tx.execute(
                            "DELETE FROM note_country WHERE note_id = ?1 AND name = ?2",
                            params![id, country],
                        )? == 0
                        {
                            tx.execute(
                                "INSERT OR IGNORE INTO note_country (note_id, name, position) VALUES (?1, ?2, 9)",
                                params![id, country],
                            )?;
                        }
                        // A country renamed in place (an exchange could), unless the note has it already.
                        tx.execute(
                            "UPDATE OR IGNORE note_country SET name = ?2 WHERE note_id = ?1
                             AND name = (SELECT min(name) FROM note_country WHERE note_id = ?1)",
                            params![id, renamed],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                "a country written directly"
            }
            7 => {
                // A tag changed in place to another block (or moved to another note).
                let id = dice.pick(&notes).clone();
                let other = dice.pick(&notes).clone();
                let block = *dice.pick(&block_ids);
                store
                    .write(|tx| {
                        tx.execute(
                            "UPDATE OR IGNORE note_block SET block_id = ?2, note_id = ?3 WHERE note_id = ?1
                             AND block_id = (SELECT min(block_id) FROM note_block WHERE note_id = ?1)",
                            params![id, block, other],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                "a tag changed in place"
            }
            8 => {
                // A block given another parent, or none, or its old one back.
                let block = *dice.pick(&block_ids);
                let parents = ids(
                    &store,
                    "SELECT id FROM building_block WHERE conference_id = ?1 AND parent_id IS NULL",
                    c.id,
                );
                let has_children: bool = store
                    .conn()
                    .query_row(
                        "SELECT EXISTS (SELECT 1 FROM building_block WHERE parent_id = ?1)",
                        [block],
                        |r| r.get(0),
                    )
                    .unwrap();
                let parent = if dice.below(3) == 0 {
                    None
                } else {
                    Some(*dice.pick(&parents)).filter(|p| *p != block)
                };
                if !has_children {
                    store
                        .write(|tx| {
                            tx.execute(
                                "UPDATE building_block SET parent_id = ?2 WHERE id = ?1",
                                params![block, parent],
                            )?;
                            Ok(())
                        })
                        .unwrap();
                }
                "a block given another parent"
            }
            _ => {
                // A note moved to another session directly, or its session deleted under it.
                let id = dice.pick(&notes).clone();
                let session = *dice.pick(&sessions);
                store
                    .write(|tx| {
                        tx.execute(
                            "UPDATE note SET session_id = ?2 WHERE id = ?1",
                            params![id, session],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                "a note moved to another session"
            }
        };
        assert_counts_match(&store, c.id, &format!("step {step}: {what}"));
    }
    // A session deleted under its notes: they become corridor notes (ON DELETE SET NULL).
    let session = sessions[0];
    store
        .write(|tx| {
            tx.execute("DELETE FROM assignment WHERE session_id = ?1", [session])?;
            Ok(tx.execute("DELETE FROM session WHERE id = ?1", [session])?)
        })
        .unwrap();
    assert_counts_match(&store, c.id, "a session deleted under its notes");
    let m = build(store.conn(), &c, By::Sessions).unwrap();
    assert!(
        m.columns
            .iter()
            .any(|col| col.key == "none" && col.total > 0),
        "corridor notes are counted"
    );
}

#[test]
fn a_deleted_conference_leaves_no_counts_behind() {
    let (mut store, _) = testutil::sample();
    let other = store
        .write(|tx| {
            crate::programme::conference::create(
                tx,
                &crate::programme::conference::NewConference {
                    title: "Another conference".into(),
                    time_zone: "UTC".into(),
                    starts_on: "2024-01-01".into(),
                    ends_on: "2024-01-01".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let conference = crate::programme::conference::select(store.conn(), Some(other)).unwrap();
    notes::add(
        &mut store,
        &conference,
        &NewNote {
            body: "a corridor note".into(),
            countries: vec!["Greece".into()],
            ..Default::default()
        },
    )
    .unwrap();
    let held = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM matrix_cell WHERE conference_id = ?1)
                      + (SELECT count(*) FROM matrix_column WHERE conference_id = ?1)",
                [other],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(held(&store), 2, "its corridor column and its country's");
    // Its notes go by cascade (their trigger takes them out), then its rows of 0. Its sub-elements go
    // first: a parent block cascaded before its children would be refused (ON DELETE RESTRICT), and
    // the order of the cascade follows the blocks' random ids.
    store
        .write(|tx| {
            tx.execute(
                "DELETE FROM building_block WHERE conference_id = ?1 AND parent_id IS NOT NULL",
                [other],
            )?;
            Ok(tx.execute("DELETE FROM conference WHERE id = ?1", [other])?)
        })
        .unwrap();
    assert_eq!(
        held(&store),
        0,
        "nothing is left of a deleted conference's counts"
    );
}

#[test]
fn the_migration_counts_the_notes_a_file_already_has() {
    let (mut store, c) = testutil::sample();
    crate::fixtures::synthetic_notes::generate(&mut store, &c, 150, 3).unwrap();
    let (cells, columns) = kept(store.conn(), c.id);
    // Forget the counts, then run the migration's own backfill (its statements before the triggers).
    let migration = include_str!("../../../migrations/0010_matrix_counts.sql");
    let backfill: String = migration
        .split("-- A note written:")
        .next()
        .unwrap()
        // The index it drops is gone already.
        .replace("DROP INDEX note_matrix;", "")
        .replace(
            "CREATE TABLE matrix_cell",
            "CREATE TABLE IF NOT EXISTS matrix_cell",
        )
        .replace(
            "CREATE TABLE matrix_column",
            "CREATE TABLE IF NOT EXISTS matrix_column",
        );
    store
        .write(|tx| {
            tx.execute("DELETE FROM matrix_cell", [])?;
            tx.execute("DELETE FROM matrix_column", [])?;
            #[allow(clippy::disallowed_methods)] // the migration's own statements, as it runs them
            tx.execute_batch(&backfill)?;
            Ok(())
        })
        .unwrap();
    assert_counts_match(&store, c.id, "the migration's backfill");
    let (again_cells, again_columns) = kept(store.conn(), c.id);
    assert_eq!(
        (again_cells, again_columns),
        (cells, columns),
        "the backfill finds what the triggers kept"
    );
    assert!(
        recount(store.conn(), c.id).0.len() > 50,
        "the synthetic notes fill many cells"
    );
}

#[test]
fn the_matrix_read_from_the_kept_counts_equals_the_count_of_the_notes_tags() {
    let (mut store, c) = testutil::sample();
    crate::fixtures::synthetic_notes::generate(&mut store, &c, 200, 9).unwrap();
    let (want_cells, want_columns) = recount(store.conn(), c.id);
    for (by, axis) in [(By::Sessions, "session"), (By::Countries, "country")] {
        let m = build(store.conn(), &c, by).unwrap();
        let code_to_id: HashMap<String, i64> = blocks::list(store.conn(), c.id)
            .unwrap()
            .into_iter()
            .map(|b| (b.code, b.id))
            .collect();
        let got: Cells = m
            .cells
            .iter()
            .map(|cell| {
                (
                    (
                        axis.to_string(),
                        cell.column.clone(),
                        code_to_id[&cell.block],
                    ),
                    cell.count,
                )
            })
            .collect();
        let want: Cells = want_cells
            .iter()
            .filter(|((a, _, _), _)| a == axis)
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        assert_eq!(got, want, "the matrix's cells by {by:?}");
        for col in &m.columns {
            assert_eq!(
                col.total,
                want_columns
                    .get(&(axis.to_string(), col.key.clone()))
                    .copied()
                    .unwrap_or(0),
                "column {} by {by:?}",
                col.key
            );
        }
    }
}

#[test]
fn synthetic_notes_written_with_their_tags_first_are_counted_as_a_recount_has_them() {
    let (mut store, c) = testutil::sample();
    crate::fixtures::synthetic_notes::generate(&mut store, &c, 400, 11).unwrap();
    assert_counts_match(
        &store,
        c.id,
        "400 synthetic notes, each tagged before it is written",
    );
}
