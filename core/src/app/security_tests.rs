//! The security operations on real files, with a keyring in memory (no test depends on a running
//! Secret Service).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::security::*;
use crate::data::keyring::{KeyStore, MemoryKeyring, NoKeyring};
use crate::store::{file_state, FileState, Passphrase};
use crate::{ErrorCode, Store};

struct Laptop {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    settings: std::path::PathBuf,
    private: std::path::PathBuf,
    keyring: MemoryKeyring,
}

impl Laptop {
    fn new() -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        Laptop {
            db: dir.path().join("data").join("desk.sqlite3"),
            settings: dir.path().join("config").join("settings.json"),
            private: dir.path().join("private"),
            _dir: dir,
            keyring: MemoryKeyring::default(),
        }
    }

    fn place(&self) -> Place<'_> {
        Place {
            db_path: &self.db,
            settings_path: Some(&self.settings),
            keyring: &self.keyring,
            private_dir: Some(&self.private),
            check: crate::store::Check::Now,
        }
    }
}

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s)
}

fn notes(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_first_run_with_a_passphrase_creates_an_encrypted_file_and_locking_closes_it() {
    let laptop = Laptop::new();
    let place = laptop.place();
    let mut slot = None;
    assert_eq!(status(&place, None).unwrap().state, LockState::FirstRun);
    assert!(start(&place).unwrap().is_none(), "a first run asks");
    let err = create_passphrase(&place, &mut slot, &pass("short"), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
    assert!(
        !laptop.db.exists(),
        "nothing created for a refused passphrase"
    );
    let s = create_passphrase(&place, &mut slot, &pass("a long passphrase"), false).unwrap();
    assert_eq!(
        s,
        SecurityStatus {
            state: LockState::Unlocked,
            encrypted: true,
            keyring: false,
            lock_after_minutes: Some(15)
        }
    );
    assert_eq!(file_state(&laptop.db).unwrap(), FileState::Encrypted);
    let s = lock(&place, &mut slot).unwrap();
    assert_eq!(s.state, LockState::Locked);
    assert!(slot.is_none(), "the connection is closed");
    assert!(start(&place).unwrap().is_none(), "nothing remembered: ask");
    let err = unlock(&place, &mut slot, &pass("the wrong one"), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    assert!(slot.is_none());
    let s = unlock(&place, &mut slot, &pass("a long passphrase"), false).unwrap();
    assert_eq!(s.state, LockState::Unlocked);
}

#[test]
fn a_remembered_passphrase_opens_the_file_at_start_until_it_is_forgotten() {
    let laptop = Laptop::new();
    let place = laptop.place();
    let mut slot = None;
    let s = create_passphrase(&place, &mut slot, &pass("remember me please"), true).unwrap();
    assert!(s.keyring, "remembered");
    lock(&place, &mut slot).unwrap();
    let store = start(&place)
        .unwrap()
        .expect("opened with the remembered key");
    assert!(store.is_encrypted());
    let s = forget_passphrase(&place, Some(&store)).unwrap();
    assert!(!s.keyring, "forgotten");
    drop(store);
    assert!(start(&place).unwrap().is_none(), "asks again");
}

#[test]
fn no_keyring_on_the_laptop_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let place = Place {
        db_path: &db,
        settings_path: None,
        keyring: &NoKeyring,
        private_dir: None,
        check: crate::store::Check::Now,
    };
    let mut slot = None;
    let s = create_passphrase(&place, &mut slot, &pass("no keyring here"), true).unwrap();
    assert_eq!(s.state, LockState::Unlocked);
    assert!(!s.keyring, "remember just did not happen");
}

#[test]
fn no_passphrase_by_choice_keeps_a_plain_file_and_is_not_asked_again() {
    let laptop = Laptop::new();
    let place = laptop.place();
    let mut slot = None;
    let s = choose_no_passphrase(&place, &mut slot).unwrap();
    assert_eq!((s.state, s.encrypted), (LockState::Unlocked, false));
    assert_eq!(file_state(&laptop.db).unwrap(), FileState::Plain);
    let s = lock(&place, &mut slot).unwrap();
    assert_eq!(s.state, LockState::Unlocked, "nothing to lock");
    assert!(slot.is_some(), "still open");
    drop(slot);
    assert!(
        start(&place).unwrap().is_some(),
        "opens at start without asking"
    );
}

#[test]
fn a_plain_file_from_before_is_an_upgrade_and_is_encrypted_with_its_notes() {
    let laptop = Laptop::new();
    let place = laptop.place();
    {
        let mut store = crate::data::open_store(&laptop.db, None).unwrap();
        let c = crate::fixtures::sample::load(&mut store)
            .unwrap()
            .conference;
        crate::fixtures::synthetic_notes::generate(&mut store, &c, 20, 7).unwrap();
    }
    let before = notes(&crate::data::open_store(&laptop.db, None).unwrap());
    assert!(before >= 20, "the notes were written");
    assert_eq!(status(&place, None).unwrap().state, LockState::Upgrade);
    let mut slot = None;
    let s = create_passphrase(&place, &mut slot, &pass("upgrade passphrase"), false).unwrap();
    assert_eq!((s.state, s.encrypted), (LockState::Unlocked, true));
    assert_eq!(notes(slot.as_ref().unwrap()), before, "nothing lost");
}

#[test]
fn changing_removing_and_setting_the_passphrase() {
    let laptop = Laptop::new();
    let place = laptop.place();
    let mut slot = None;
    create_passphrase(&place, &mut slot, &pass("first passphrase"), true).unwrap();
    let err = change_passphrase(
        &place,
        &mut slot,
        &pass("not the first"),
        &pass("second passphrase"),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    change_passphrase(
        &place,
        &mut slot,
        &pass("first passphrase"),
        &pass("second passphrase"),
    )
    .unwrap();
    assert_eq!(
        laptop
            .keyring
            .get(&laptop.db)
            .map(|k| k.expose().to_string())
            .as_deref(),
        Some("second passphrase"),
        "the remembered key follows the change"
    );
    lock(&place, &mut slot).unwrap();
    slot = None;
    let err = unlock(&place, &mut slot, &pass("first passphrase"), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "the old one: {err}");
    unlock(&place, &mut slot, &pass("second passphrase"), false).unwrap();
    let s = remove_passphrase(&place, &mut slot, &pass("second passphrase")).unwrap();
    assert_eq!(
        (s.state, s.encrypted, s.keyring),
        (LockState::Unlocked, false, false)
    );
    assert_eq!(file_state(&laptop.db).unwrap(), FileState::Plain);
    let s = set_passphrase(&place, &mut slot, &pass("third passphrase"), false).unwrap();
    assert_eq!((s.state, s.encrypted), (LockState::Unlocked, true));
    assert_eq!(file_state(&laptop.db).unwrap(), FileState::Encrypted);
}

#[test]
fn locking_empties_the_private_folder_of_opened_packs() {
    let laptop = Laptop::new();
    let place = laptop.place();
    let mut slot = None;
    create_passphrase(&place, &mut slot, &pass("a long passphrase"), false).unwrap();
    let copy = crate::data::private::write(
        &laptop.private,
        "briefing-pack-v1.pdf",
        b"%PDF-1.7 restricted",
    )
    .unwrap();
    assert!(copy.exists(), "the opened copy is in the private folder");
    lock(&place, &mut slot).unwrap();
    assert!(!copy.exists(), "the copy is removed on lock");
    let left: Vec<_> = std::fs::read_dir(&laptop.private).unwrap().collect();
    assert!(
        left.is_empty(),
        "the private folder is empty after the lock: {left:?}"
    );
}
