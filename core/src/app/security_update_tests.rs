//! The open at start of an older version's data file, on real files: looked at without a byte written
//! (milliseconds), then finished apart (checked, backed up, migrated), as the app does after its window
//! is up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use super::security::*;
use crate::data::backup;
use crate::data::keyring::{KeyStore, MemoryKeyring};
use crate::fixtures::damage::damage_a_data_page;
use crate::fixtures::older;
use crate::store::{Check, Passphrase, Step, LATEST_VERSION};
use crate::Store;

struct Laptop {
    _dir: tempfile::TempDir,
    db: PathBuf,
    settings: PathBuf,
    keyring: MemoryKeyring,
}

impl Laptop {
    /// A laptop where "no passphrase" was chosen, with a data file of schema `version`.
    fn plain_at(version: i64) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let laptop = Laptop {
            db: dir.path().join("desk.sqlite3"),
            settings: dir.path().join("settings.json"),
            _dir: dir,
            keyring: MemoryKeyring::default(),
        };
        std::fs::write(&laptop.settings, r#"{ "passphrase": false }"#).unwrap();
        older::sample_file(&laptop.db, version).unwrap();
        laptop
    }

    fn place(&self) -> Place<'_> {
        Place {
            db_path: &self.db,
            settings_path: Some(&self.settings),
            keyring: &self.keyring,
            private_dir: None,
            check: Check::Later,
        }
    }
}

/// The data file and anything SQLite keeps beside it, as bytes.
fn on_disk(path: &Path) -> (Vec<u8>, bool, bool) {
    let beside = |suffix: &str| PathBuf::from(format!("{}{suffix}", path.display())).exists();
    (
        std::fs::read(path).unwrap(),
        beside("-wal"),
        beside("-journal"),
    )
}

fn sessions(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_older_file_is_seen_to_need_a_migration_without_a_byte_written() {
    let laptop = Laptop::plain_at(LATEST_VERSION - 1);
    let before = on_disk(&laptop.db);
    let opening = Store::begin(&laptop.db, None).unwrap();
    assert!(opening.needs_migration(), "{opening:?}");
    assert_eq!(opening.version(), LATEST_VERSION - 1);
    drop(opening);
    assert_eq!(
        on_disk(&laptop.db),
        before,
        "the file and what is beside it unchanged"
    );
    assert!(
        backup::list(&backup::backups_dir(&laptop.db))
            .unwrap()
            .is_empty(),
        "no backup taken just to look"
    );
}

#[test]
fn a_current_file_needs_no_migration_and_opens_at_start_as_before() {
    let laptop = Laptop::plain_at(LATEST_VERSION);
    let opening = Store::begin(&laptop.db, None).unwrap();
    assert!(!opening.needs_migration(), "{opening:?}");
    drop(opening);
    match begin(&laptop.place()).unwrap() {
        Start::Open(store) => assert_eq!(sessions(&store), 15, "open, with its data"),
        other => panic!("a current file opens at once: {other:?}"),
    }
}

#[test]
fn an_older_plain_file_is_left_to_the_update_which_migrates_it_keeping_its_data_and_a_copy() {
    let laptop = Laptop::plain_at(LATEST_VERSION - 1);
    let before = on_disk(&laptop.db);
    let place = laptop.place();
    let Start::Update(update) = begin(&place).unwrap() else {
        panic!("an older file is left to the update");
    };
    assert_eq!(update.from_version(), LATEST_VERSION - 1);
    assert_eq!(on_disk(&laptop.db), before, "nothing written at start");
    let mut steps = Vec::new();
    let store = update
        .finish(&place, |step| steps.push(step))
        .unwrap()
        .expect("open");
    assert_eq!(
        steps,
        [Step::Checking, Step::KeepingCopy, Step::Migrating],
        "each step said as it starts"
    );
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "migrated");
    assert_eq!(sessions(&store), 15, "the data kept");
    let kept = backup::list(&backup::backups_dir(&laptop.db)).unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].kind, backup::Kind::BeforeMigration, "{kept:?}");
}

#[test]
fn an_older_encrypted_file_with_a_remembered_passphrase_is_left_to_the_update() {
    let laptop = Laptop::plain_at(LATEST_VERSION - 1);
    std::fs::write(&laptop.settings, r#"{ "passphrase": true }"#).unwrap();
    let key = Passphrase::new("correct horse battery");
    crate::data::encryption::encrypt_file(&laptop.db, &key).unwrap();
    laptop.keyring.set(&laptop.db, &key);
    let before = on_disk(&laptop.db);
    let place = laptop.place();
    let Start::Update(update) = begin(&place).unwrap() else {
        panic!("an older encrypted file is left to the update");
    };
    assert_eq!(on_disk(&laptop.db), before, "nothing written at start");
    let store = update.finish(&place, |_| {}).unwrap().expect("open");
    assert!(store.is_encrypted());
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "migrated");
    assert_eq!(sessions(&store), 15, "the data kept");
}

#[test]
fn an_older_file_damaged_is_refused_by_the_update_untouched() {
    let laptop = Laptop::plain_at(LATEST_VERSION - 1);
    damage_a_data_page(&laptop.db).unwrap();
    let before = on_disk(&laptop.db);
    let place = laptop.place();
    let Start::Update(update) = begin(&place).unwrap() else {
        panic!("the damage is only found by the check, after the window is up");
    };
    let mut steps = Vec::new();
    let err = update.finish(&place, |step| steps.push(step)).unwrap_err();
    assert_eq!(
        steps,
        [Step::Checking],
        "refused by the check, before any copy"
    );
    assert_eq!(err.code(), crate::ErrorCode::Database, "{err}");
    assert!(err.to_string().contains("untouched"), "{err}");
    assert_eq!(on_disk(&laptop.db), before, "not migrated, not written");
}
