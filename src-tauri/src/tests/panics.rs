//! A command that panics, on the mock runtime: it answers `internal` with the panic's message, the
//! half-done write is rolled back, and the next commands work on the same store. The panicking
//! commands exist only in this test build (`commands/testing.rs`).

use serde_json::{json, Value};

use super::{app, invoke, Harness};

fn conference_title(h: &Harness) -> Value {
    invoke(h, "current_conference", json!({})).unwrap()["title"].clone()
}

fn assert_internal(err: &Value, says: &str) {
    assert_eq!(err["code"], "internal", "a panic answers internal: {err}");
    assert!(
        err["message"].as_str().unwrap().contains(says),
        "the message says what went wrong: {err}"
    );
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "exactly {{code, message}}: {err}"
    );
}

/// The store still reads and writes: the sessions are listed and a note is saved and found again.
fn assert_store_works(h: &Harness) {
    let sessions = invoke(h, "list_sessions", json!({})).expect("list_sessions after a panic");
    assert_eq!(sessions.as_array().unwrap().len(), 15, "{sessions}");
    let note = invoke(
        h,
        "save_note",
        json!({ "note": { "body": "written after the panic", "blocks": [] } }),
    )
    .expect("save_note after a panic");
    let again = invoke(h, "get_note", json!({ "id": note["id"] })).unwrap();
    assert_eq!(again["body"], "written after the panic");
}

#[test]
fn a_command_panicking_in_the_middle_of_a_write_answers_internal_and_changes_nothing() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let before = conference_title(&h);
    let err = invoke(&h, "panic_in_store", json!({ "raw": false })).unwrap_err();
    assert_internal(&err, "a test panic in the middle of a write");
    assert_eq!(
        conference_title(&h),
        before,
        "the half-done rename was rolled back"
    );
    assert_store_works(&h);
}

#[test]
fn a_panic_inside_a_transaction_begun_by_hand_is_rolled_back_too() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let before = conference_title(&h);
    let err = invoke(&h, "panic_in_store", json!({ "raw": true })).unwrap_err();
    assert_internal(&err, "a test panic in a transaction begun by hand");
    assert_eq!(conference_title(&h), before, "no transaction is left open");
    assert_store_works(&h);
    // Panicking again and again never wears the store out.
    for _ in 0..3 {
        invoke(&h, "panic_in_store", json!({ "raw": true })).unwrap_err();
    }
    assert_store_works(&h);
}

#[test]
fn a_panic_outside_the_store_answers_internal_and_the_next_command_works() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(&h, "panic_outside_store", json!({})).unwrap_err();
    assert_internal(&err, "a test panic outside the store");
    assert_store_works(&h);
}
