//! The window never waits on the store, on the mock runtime: a read command answers while another
//! thread holds the writer in the middle of a write, and the integrity check that runs after the
//! window is up reports a sound file as `ok` and turns a damaged one into the recovery path.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;
use tauri::Manager;

use super::{harness_on, invoke};
use crate::AppState;

/// A sample data file at `path`, closed (its WAL folded in).
fn sample_file(path: &std::path::Path) {
    let mut store = desk_core::data::open_store(path, None).unwrap();
    desk_core::fixtures::sample::load(&mut store).unwrap();
    desk_core::app::data::backup_now(&store, path).unwrap();
    store.close().unwrap();
}

#[test]
fn a_read_command_answers_while_a_write_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    sample_file(&path);
    let h = harness_on(dir, path);
    let state = h._app.state::<AppState>().inner().clone();
    let (holding, held) = mpsc::channel();
    let (answered, release) = mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        state.with(|store| {
            store.write(|tx| {
                tx.execute("UPDATE conference SET title = 'Being renamed'", [])?;
                holding.send(()).unwrap();
                // Held until the read below has answered (a generous bound only so that a read
                // that waits for the writer fails the test instead of hanging it).
                Ok(release.recv_timeout(Duration::from_secs(120)).is_ok())
            })
        })
    });
    held.recv().unwrap();
    let sessions = invoke(&h, "list_sessions", json!({})).expect("read while the write is open");
    let conference = invoke(&h, "current_conference", json!({})).unwrap();
    answered.send(()).unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 15, "{sessions}");
    assert_ne!(
        conference["title"], "Being renamed",
        "the read sees the last committed state"
    );
    assert!(
        writer.join().unwrap().unwrap(),
        "the reads answered while the writer held its transaction"
    );
    assert_eq!(
        invoke(&h, "current_conference", json!({})).unwrap()["title"],
        "Being renamed",
        "committed, the change is read"
    );
}

#[test]
fn the_check_after_start_reports_a_sound_file_as_ok() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    sample_file(&path);
    let h = harness_on(dir, path);
    assert_eq!(
        invoke(&h, "data_health", json!({})).unwrap()["state"],
        "checking",
        "not checked before the window is up"
    );
    let state = h._app.state::<AppState>().inner().clone();
    assert_eq!(
        state.check_pending(),
        Some(desk_core::app::data::Health::Ok)
    );
    assert_eq!(invoke(&h, "data_health", json!({})).unwrap()["state"], "ok");
}

#[test]
fn damage_found_after_start_is_reported_and_recovered_from_the_latest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    sample_file(&path);
    // One data page near the middle overwritten: the header and schema still read, so the file opens.
    desk_core::fixtures::damage::damage_a_data_page(&path).unwrap();
    let h = harness_on(dir, path);
    let state = h._app.state::<AppState>().inner().clone();
    let found = state.check_pending();
    assert!(
        matches!(found, Some(desk_core::app::data::Health::Problem { .. })),
        "{found:?}"
    );
    let health = invoke(&h, "data_health", json!({})).unwrap();
    assert_eq!(health["state"], "problem", "{health}");
    assert!(
        health["message"].as_str().unwrap().contains("damaged"),
        "{health}"
    );
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("damaged"),
        "every command says so: {err}"
    );
    let status = invoke(&h, "data_status", json!({})).unwrap();
    let latest = status["backups"][0]["path"].as_str().unwrap().to_string();
    invoke(&h, "recover_data", json!({ "source": latest })).expect("recovered");
    assert_eq!(
        invoke(&h, "list_sessions", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        15
    );
    assert_eq!(invoke(&h, "data_health", json!({})).unwrap()["state"], "ok");
}
