//! Two laptops adding a building block with the same code converge, whatever the order the changes
//! come in: the block with the smaller id keeps the code, the other gets one derived from its id, and
//! the notes tagged with either keep their tags (docs/exchange.md, rule 6).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::{assert_same, delegation, pass};
use super::*;
use crate::app::{notes as app_notes, taxonomy};

fn block(store: &Store, name: &str) -> (i64, String) {
    store
        .conn()
        .query_row(
            "SELECT id, code FROM building_block WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_else(|e| panic!("no block named {name}: {e}"))
}

fn tagged(store: &Store, note: &str) -> Vec<i64> {
    let mut stmt = store
        .conn()
        .prepare("SELECT block_id FROM note_block WHERE note_id = ?1 ORDER BY block_id")
        .unwrap();
    stmt.query_map([note], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn two_laptops_adding_a_block_with_the_same_code_converge_in_either_order() {
    for first in [0, 1] {
        let (_dir, mut laptops, c) = delegation(3);
        let mut notes = Vec::new();
        for (i, name) in [
            (0, "Side events (coordinator)"),
            (1, "Side events (deputy)"),
        ] {
            taxonomy::add_block(&mut laptops[i], c, "side-events", name, "", None).unwrap();
            let note = app_notes::save_note(
                &mut laptops[i],
                c,
                app_notes::NoteDraft {
                    body: format!("Tagged on laptop {i}"),
                    blocks: vec!["side-events".into()],
                    ..Default::default()
                },
            )
            .unwrap();
            notes.push(note.id);
        }
        let (a, b) = (
            block(&laptops[0], "Side events (coordinator)").0,
            block(&laptops[1], "Side events (deputy)").0,
        );
        let (winner, loser) = if a < b { (a, b) } else { (b, a) };
        // Laptop 2 hears from both, in one order or the other; then everyone from everyone.
        pass(&mut laptops, first, 2);
        pass(&mut laptops, 1 - first, 2);
        pass(&mut laptops, first, 1 - first);
        pass(&mut laptops, 1 - first, first);
        pass(&mut laptops, 2, 0);
        pass(&mut laptops, 2, 1);
        for (i, store) in laptops.iter().enumerate() {
            let codes: Vec<(i64, String)> = {
                let mut stmt = store
                    .conn()
                    .prepare("SELECT id, code FROM building_block WHERE id IN (?1, ?2) ORDER BY id")
                    .unwrap();
                stmt.query_map([winner, loser], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap()
            };
            assert_eq!(
                codes.len(),
                2,
                "laptop {i} (first {first}) holds both blocks: {codes:?}"
            );
            let code_of = |id: i64| codes.iter().find(|(b, _)| *b == id).unwrap().1.clone();
            assert_eq!(
                code_of(winner),
                "side-events",
                "laptop {i} (first {first}): the block with the smaller id keeps the code"
            );
            assert_eq!(
                code_of(loser),
                crate::store::changes::codes::derived("side-events", loser),
                "laptop {i} (first {first}): the other gets the code derived from its id"
            );
            assert_eq!(
                tagged(store, &notes[0]),
                [a],
                "laptop {i}: the coordinator's note keeps its tag"
            );
            assert_eq!(
                tagged(store, &notes[1]),
                [b],
                "laptop {i}: the deputy's note keeps its tag"
            );
        }
        assert_same(&laptops, first as u64);
    }
}

#[test]
fn the_next_block_gets_the_code_back_when_the_block_keeping_it_is_deleted() {
    let (_dir, mut laptops, c) = delegation(2);
    taxonomy::add_block(&mut laptops[0], c, "side-events", "Coordinator's", "", None).unwrap();
    taxonomy::add_block(&mut laptops[1], c, "side-events", "Deputy's", "", None).unwrap();
    pass(&mut laptops, 0, 1);
    pass(&mut laptops, 1, 0);
    let (a, b) = (
        block(&laptops[0], "Coordinator's").0,
        block(&laptops[0], "Deputy's").0,
    );
    let (keeper, other) = if a < b {
        ("Coordinator's", "Deputy's")
    } else {
        ("Deputy's", "Coordinator's")
    };
    let keeper_code = block(&laptops[0], keeper).1;
    assert_eq!(keeper_code, "side-events", "the smaller id keeps the code");
    let deleting = if keeper == "Coordinator's" { 0 } else { 1 };
    taxonomy::delete_block(&mut laptops[deleting], c, "side-events").unwrap();
    pass(&mut laptops, deleting, 1 - deleting);
    for (i, store) in laptops.iter().enumerate() {
        assert_eq!(
            block(store, other).1,
            "side-events",
            "laptop {i}: the other block takes the code back once the keeper is gone"
        );
    }
    assert_same(&laptops, 0);
}
