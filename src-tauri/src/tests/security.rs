//! The locked state on the mock runtime: a first run and a locked file answer `locked` to every command
//! but the security ones; creating, locking and unlocking through the commands as the UI calls them.

use serde_json::json;

use super::{invoke, Harness};
use crate::AppState;

/// The app on a fresh profile (no settings yet, so nothing chosen), with `keyring`.
fn fresh_with(
    dir: tempfile::TempDir,
    keyring: Box<dyn desk_core::data::keyring::KeyStore>,
) -> Harness {
    let state = AppState::open_with(
        dir.path().join("desk.sqlite3"),
        Ok(dir.path().join("settings.json")),
        keyring,
    );
    Harness::on(dir, state)
}

fn fresh() -> Harness {
    fresh_with(
        tempfile::tempdir().unwrap(),
        Box::new(desk_core::data::keyring::NoKeyring),
    )
}

#[test]
fn a_first_run_is_locked_until_a_choice_is_made() {
    let h = fresh();
    let status = invoke(&h, "security_status", json!({})).unwrap();
    assert_eq!(status["state"], "first_run", "{status}");
    for command in [
        "current_conference",
        "list_sessions",
        "data_status",
        "save_settings",
    ] {
        let args = if command == "save_settings" {
            json!({ "settings": {} })
        } else {
            json!({})
        };
        let err = invoke(&h, command, args).unwrap_err();
        assert_eq!(err["code"], "locked", "{command}: {err}");
    }
    let status = invoke(&h, "choose_no_passphrase", json!({})).unwrap();
    assert_eq!(status["state"], "unlocked", "{status}");
    assert_eq!(status["encrypted"], false, "{status}");
    assert_eq!(
        invoke(&h, "current_conference", json!({})).unwrap(),
        serde_json::Value::Null,
        "the data is open"
    );
}

#[test]
fn a_passphrase_created_locks_and_unlocks_and_a_wrong_one_is_refused() {
    let h = fresh();
    let err = invoke(
        &h,
        "create_passphrase",
        json!({ "passphrase": "short", "remember": false }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    let status = invoke(
        &h,
        "create_passphrase",
        json!({ "passphrase": "a good passphrase", "remember": false }),
    )
    .unwrap();
    assert_eq!(status["state"], "unlocked", "{status}");
    assert_eq!(status["encrypted"], true, "{status}");
    assert_eq!(status["lock_after_minutes"], 15, "{status}");
    invoke(&h, "load_sample", json!({})).unwrap();
    let status = invoke(&h, "lock", json!({})).unwrap();
    assert_eq!(status["state"], "locked", "{status}");
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert_eq!(err["code"], "locked", "{err}");
    let err = invoke(
        &h,
        "unlock",
        json!({ "passphrase": "not it at all", "remember": false }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "wrong_passphrase", "{err}");
    assert!(
        !err["message"].as_str().unwrap().contains("not it at all"),
        "never in a message: {err}"
    );
    let status = invoke(
        &h,
        "unlock",
        json!({ "passphrase": "a good passphrase", "remember": false }),
    )
    .unwrap();
    assert_eq!(status["state"], "unlocked", "{status}");
    let sessions = invoke(&h, "list_sessions", json!({})).unwrap();
    assert_eq!(
        sessions.as_array().map(Vec::len),
        Some(15),
        "the data is back"
    );
}

/// The test's in-memory keyring, shared by the states a test opens; with `release`, its first answer
/// waits until the test lets it go, as a system keyring's own process may take its time.
struct TestKeyring {
    inner: std::sync::Arc<desk_core::data::keyring::MemoryKeyring>,
    release: std::sync::Mutex<Option<std::sync::mpsc::Receiver<()>>>,
}

impl TestKeyring {
    fn on(
        inner: &std::sync::Arc<desk_core::data::keyring::MemoryKeyring>,
        release: Option<std::sync::mpsc::Receiver<()>>,
    ) -> Box<Self> {
        Box::new(TestKeyring {
            inner: inner.clone(),
            release: std::sync::Mutex::new(release),
        })
    }
}

impl desk_core::data::keyring::KeyStore for TestKeyring {
    fn get(&self, p: &std::path::Path) -> Option<desk_core::store::Passphrase> {
        let first = self.release.lock().unwrap().take();
        if let Some(release) = first {
            let _ = release.recv();
        }
        self.inner.get(p)
    }
    fn set(&self, p: &std::path::Path, k: &desk_core::store::Passphrase) -> bool {
        self.inner.set(p, k)
    }
    fn forget(&self, p: &std::path::Path) {
        self.inner.forget(p)
    }
}

/// Encrypts the data file in `dir` with a passphrase `keyring` remembers.
fn remembered_passphrase(
    dir: &std::path::Path,
    keyring: &std::sync::Arc<desk_core::data::keyring::MemoryKeyring>,
) {
    let first = AppState::open_with(
        dir.join("desk.sqlite3"),
        Ok(dir.join("settings.json")),
        TestKeyring::on(keyring, None),
    );
    let status = first
        .with_security(|place, slot| {
            desk_core::app::security::create_passphrase(
                place,
                slot,
                &"remember this one".into(),
                true,
            )
        })
        .unwrap();
    assert!(status.keyring, "remembered");
}

#[test]
fn a_passphrase_remembered_in_the_keyring_opens_the_data_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let keyring = std::sync::Arc::new(desk_core::data::keyring::MemoryKeyring::default());
    remembered_passphrase(dir.path(), &keyring);
    let h = fresh_with(dir, TestKeyring::on(&keyring, None));
    let status = invoke(&h, "security_status", json!({})).unwrap();
    assert_eq!(status["state"], "unlocked", "opened at start: {status}");
    let status = invoke(&h, "forget_passphrase", json!({})).unwrap();
    assert_eq!(status["keyring"], false, "{status}");
}

#[test]
fn the_open_at_start_runs_beside_the_window_and_a_command_waits_for_it_rather_than_answering_locked(
) {
    let dir = tempfile::tempdir().unwrap();
    let keyring = std::sync::Arc::new(desk_core::data::keyring::MemoryKeyring::default());
    remembered_passphrase(dir.path(), &keyring);
    let (release, held) = std::sync::mpsc::channel();
    // Returns while the keyring still holds the open: the window is built meanwhile.
    let state = AppState::open_with(
        dir.path().join("desk.sqlite3"),
        Ok(dir.path().join("settings.json")),
        TestKeyring::on(&keyring, Some(held)),
    );
    let (answer, answered) = std::sync::mpsc::channel();
    let asking = state.clone();
    std::thread::spawn(move || {
        let _ = answer.send(asking.security_status().map(|s| s.state));
    });
    assert!(
        matches!(
            answered.try_recv(),
            Err(std::sync::mpsc::TryRecvError::Empty)
        ),
        "no answer while the open at start cannot have finished"
    );
    release.send(()).unwrap();
    let state_now = answered.recv().unwrap().unwrap();
    assert_eq!(
        serde_json::to_value(state_now).unwrap(),
        "unlocked",
        "answered after the open, with the store it opened"
    );
}
