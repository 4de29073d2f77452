//! The change log stays small: this laptop's changes that no other laptop can have seen yet are
//! combined (an autosave every few seconds makes one change), and `send` reads only what the receiver
//! lacks (docs/exchange.md, "The log").
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::{assert_same, delegation, pass, write_note};
use super::*;
use crate::app::notes as app_notes;

fn log_rows(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM exchange_change", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_thousand_autosaves_of_one_note_leave_the_log_bounded_and_the_replicas_equal() {
    let (_dir, mut laptops, c) = delegation(2);
    let before = log_rows(&laptops[0]);
    let id = write_note(&mut laptops[0], c, "Draft");
    for i in 0..1000 {
        app_notes::rewrite_note(&mut laptops[0], c, &id, format!("Draft, autosave {i}")).unwrap();
    }
    let grown = log_rows(&laptops[0]) - before;
    let bytes: i64 = laptops[0]
        .conn()
        .query_row(
            "SELECT sum(length(changeset)) FROM exchange_change WHERE received_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let bound = bytes / crate::store::changes::COMBINE_LIMIT as i64 + 2;
    assert!(
        grown <= bound && grown < 20,
        "1,001 writes of one note before a send ({bytes} bytes) make at most {bound} changes, not {grown}"
    );
    let received = pass(&mut laptops, 0, 1);
    assert_eq!(
        received[0].tally.changes as i64, grown,
        "the combined changes arrive: {received:?}"
    );
    let history = app_notes::note_history(&laptops[1], c, &id).unwrap();
    assert_eq!(
        history.len(),
        1000,
        "every version written (the 1,000 texts replaced) arrives with the combined change"
    );
    assert_same(&laptops, 0);
    // Once sent, a change is never combined again: the next autosave is a change of its own, and it
    // arrives (it is not taken for one already held).
    app_notes::rewrite_note(&mut laptops[0], c, &id, "After the send".into()).unwrap();
    assert_eq!(
        log_rows(&laptops[0]),
        before + grown + 1,
        "a change already put in a file stays as it was sent"
    );
    pass(&mut laptops, 0, 1);
    assert_eq!(
        app_notes::get_note(&laptops[1], c, &id).unwrap().body,
        "After the send",
        "the edit after the send arrives"
    );
    assert_same(&laptops, 1);
}

#[test]
fn changes_are_not_combined_across_a_change_received_in_between() {
    let (_dir, mut laptops, c) = delegation(2);
    let id = write_note(&mut laptops[0], c, "First");
    write_note(&mut laptops[1], c, "From the other laptop");
    pass(&mut laptops, 1, 0);
    let before = log_rows(&laptops[0]);
    app_notes::rewrite_note(&mut laptops[0], c, &id, "Second".into()).unwrap();
    assert_eq!(
        log_rows(&laptops[0]),
        before + 1,
        "an edit made after receiving depends on what came in: a change of its own"
    );
    pass(&mut laptops, 0, 1);
    pass(&mut laptops, 1, 0);
    assert_same(&laptops, 0);
}

#[test]
fn send_lists_only_the_changes_the_receiver_lacks() {
    let (_dir, mut laptops, c) = delegation(2);
    write_note(
        &mut laptops[1],
        c,
        "So the coordinator knows what laptop 1 holds",
    );
    pass(&mut laptops, 1, 0);
    write_note(&mut laptops[0], c, "Old news");
    pass(&mut laptops, 0, 1);
    pass(&mut laptops, 1, 0);
    write_note(&mut laptops[0], c, "New today");
    let target = laptop_of(&laptops[1]).unwrap().laptop;
    let opened = send_unsealed(&mut laptops[0], Some(&target)).unwrap();
    assert_eq!(
        opened.changes.len(),
        1,
        "only the change laptop 1 did not hold: {:?}",
        opened.header.changes
    );
}
