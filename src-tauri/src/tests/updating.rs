//! An older version's data file at start, on the mock runtime: the app starts `updating` without a
//! byte written, every command touching the data answers `updating` (at once, also while the update
//! runs), and `wait_for_data` opens it (checked, backed up, migrated) and answers the status; a file
//! the update refuses ends as a failed open, with its error and the recovery path.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use desk_core::store::{Step, LATEST_VERSION};
use serde_json::json;
use tauri::Manager;

use super::{harness_on, invoke, rusqlite_conn, Harness};
use crate::AppState;

/// The app on a data file of the previous schema version holding the sample.
fn on_older_file() -> (Harness, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    desk_core::fixtures::older::sample_file(&path, LATEST_VERSION - 1).unwrap();
    (harness_on(dir, path.clone()), path)
}

fn version(path: &Path) -> i64 {
    rusqlite_conn(path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

fn kept_before_migration(path: &Path) -> usize {
    let dir = desk_core::data::backup::backups_dir(path);
    desk_core::data::backup::list(&dir)
        .unwrap_or_default()
        .iter()
        .filter(|b| b.kind == desk_core::data::backup::Kind::BeforeMigration)
        .count()
}

fn state(h: &Harness) -> AppState {
    h._app.state::<AppState>().inner().clone()
}

#[test]
fn an_older_file_starts_updating_untouched_and_opens_migrated_when_the_page_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    desk_core::fixtures::older::sample_file(&path, LATEST_VERSION - 1).unwrap();
    let before = std::fs::read(&path).unwrap();
    let h = harness_on(dir, path.clone());
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "nothing written before the window"
    );
    let status = invoke(&h, "security_status", json!({})).unwrap();
    assert_eq!(status["state"], "updating", "{status}");
    assert_eq!(status["encrypted"], false, "{status}");
    for (command, args) in [
        ("current_conference", json!({})),
        ("list_sessions", json!({})),
        ("data_health", json!({})),
        ("data_status", json!({})),
        ("choose_no_passphrase", json!({})),
        ("lock", json!({})),
    ] {
        let err = invoke(&h, command, args).unwrap_err();
        assert_eq!(err["code"], "updating", "{command}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains("being updated"),
            "{command} says why: {err}"
        );
    }
    let status = invoke(&h, "wait_for_data", json!({ "progress": "__CHANNEL__:9" })).unwrap();
    assert_eq!(status["state"], "unlocked", "{status}");
    assert_eq!(version(&path), LATEST_VERSION, "migrated");
    assert_eq!(kept_before_migration(&path), 1, "a copy kept before it");
    let sessions = invoke(&h, "list_sessions", json!({})).unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 15, "the data kept");
    assert_eq!(
        invoke(&h, "data_health", json!({})).unwrap()["state"],
        "ok",
        "checked whole before the migration: nothing left to check"
    );
    assert_eq!(
        invoke(&h, "wait_for_data", json!({ "progress": "__CHANNEL__:9" })).unwrap()["state"],
        "unlocked",
        "asked again, it answers at once"
    );
}

#[test]
fn commands_answer_updating_at_once_while_the_update_runs() {
    let (h, path) = on_older_file();
    // Another program reads the file in a transaction: the update checks and copies it, then waits
    // (SQLite's busy wait, up to 5 s) for the lock it needs to migrate.
    let (hold, held) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let holder_path = path.clone();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite_conn(&holder_path);
        conn.execute("BEGIN", []).unwrap();
        let _: i64 = conn
            .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
            .unwrap();
        hold.send(()).unwrap();
        // Bounded only so that a test that went wrong fails instead of hanging.
        released.recv_timeout(Duration::from_secs(60)).unwrap();
        conn.execute("ROLLBACK", []).unwrap();
    });
    held.recv().unwrap();
    let waiter_state = state(&h);
    let waiter = std::thread::spawn(move || {
        let mut steps = Vec::new();
        let status = waiter_state.wait_for_data(|step| steps.push(step));
        (status, steps)
    });
    // The copy before the migration is taken: the update is under way, at the migration.
    while kept_before_migration(&path) == 0 {
        std::thread::yield_now();
    }
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert_eq!(err["code"], "updating", "{err}");
    assert_eq!(
        invoke(&h, "security_status", json!({})).unwrap()["state"],
        "updating"
    );
    assert!(state(&h).is_opening(), "the update is still under way");
    // Released within milliseconds of the copy, well inside SQLite's 5 s wait.
    release.send(()).unwrap();
    holder.join().unwrap();
    let (status, steps) = waiter.join().unwrap();
    let status = status.expect("the wait answers the status");
    assert_eq!(
        steps,
        [Step::Checking, Step::KeepingCopy, Step::Migrating],
        "the waiter that ran the update heard its steps"
    );
    assert_eq!(status.state, desk_core::app::security::LockState::Unlocked);
    assert_eq!(version(&path), LATEST_VERSION, "migrated");
    assert_eq!(
        invoke(&h, "list_sessions", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        15
    );
}

#[test]
fn the_background_work_updates_the_file_when_the_page_does_not_ask() {
    let (h, path) = on_older_file();
    let state = state(&h);
    state.settle_opening(Duration::ZERO);
    assert!(!state.is_opening(), "done");
    assert_eq!(version(&path), LATEST_VERSION, "migrated");
    assert_eq!(
        state.check_pending(),
        Some(desk_core::app::data::Health::Ok),
        "sound: the start backup follows"
    );
    assert_eq!(
        invoke(&h, "wait_for_data", json!({ "progress": "__CHANNEL__:9" })).unwrap()["state"],
        "unlocked"
    );
}

#[test]
fn an_older_file_that_fails_its_update_ends_failed_with_its_error_and_the_recovery_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    desk_core::fixtures::older::sample_file(&path, LATEST_VERSION - 1).unwrap();
    desk_core::fixtures::damage::damage_a_data_page(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let h = harness_on(dir, path.clone());
    assert_eq!(
        invoke(&h, "security_status", json!({})).unwrap()["state"],
        "updating",
        "the damage is only found by the check, after the window is up"
    );
    let status = invoke(&h, "wait_for_data", json!({ "progress": "__CHANNEL__:9" })).unwrap();
    assert_eq!(
        status["state"], "unlocked",
        "plain by choice: the page opens the data and meets the error: {status}"
    );
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert_eq!(err["code"], "database", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("untouched"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "not migrated, not written"
    );
    let data = invoke(&h, "data_status", json!({})).unwrap();
    assert_eq!(
        data["problem"]["code"], "database",
        "the recovery view has the problem: {data}"
    );
}
