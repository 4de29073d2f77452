//! The order of checks at open, and files that are not ours, on real files in temporary folders.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::*;
use crate::fixtures::damage::damage_a_data_page;
use crate::store::{probe, LATEST_VERSION};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    (dir, path)
}

/// A version 1 file with one conference, in the rollback-journal mode version 1 files could have.
fn version_1_file(path: &Path) {
    let conn = Connection::open(path).unwrap();
    #[allow(clippy::disallowed_methods)] // building a v1 file by hand
    conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    for i in 0..200 {
        conn.execute(
            "INSERT INTO conference (title, time_zone, starts_on, ends_on, created_at) VALUES (?1, 'UTC', '2022-01-01', '2022-01-02', 'x')",
            [format!("Old conference {i} {}", "padding ".repeat(40))],
        )
        .unwrap();
    }
}

/// Overwrites one page in the middle of the file, keeping the header sound.
fn damage_a_page(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() >= 4096 * 6, "a file of a few pages");
    let page = (bytes.len() / 4096 / 2) * 4096;
    bytes[page..page + 4096].fill(0x5a);
    std::fs::write(path, bytes).unwrap();
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", path.display()))
}

#[test]
fn a_pending_migration_is_backed_up_before_the_file_is_changed() {
    let (_dir, path) = temp_db();
    version_1_file(&path);
    let original = std::fs::read(&path).unwrap();
    let store = open_store(&path, None).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "migrated");
    let kept = backup::list(&backup::backups_dir(&path)).unwrap();
    assert_eq!(kept.len(), 1, "one backup before the migration: {kept:?}");
    assert_eq!(kept[0].kind, backup::Kind::BeforeMigration);
    assert!(
        kept[0].file_name.starts_with("before-migration-v1-"),
        "{}",
        kept[0].file_name
    );
    let copy = Connection::open(&kept[0].path).unwrap();
    let (version, conferences): (i64, i64) = copy
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM conference",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (version, conferences),
        (1, 200),
        "the backup is the version 1 file as it was"
    );
    assert_ne!(
        std::fs::read(&path).unwrap(),
        original,
        "the live file moved on"
    );
    drop(store);
    drop(open_store(&path, None).unwrap());
    assert_eq!(
        backup::list(&backup::backups_dir(&path)).unwrap().len(),
        1,
        "no migration pending, no backup taken at open"
    );
}

#[test]
fn a_damaged_old_file_is_refused_before_it_is_switched_to_wal_backed_up_or_migrated() {
    let (_dir, path) = temp_db();
    version_1_file(&path);
    damage_a_page(&path);
    let before = std::fs::read(&path).unwrap();
    let err = open_store(&path, None).unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "not one byte changed"
    );
    assert!(!beside(&path, "-wal").exists(), "never switched to WAL");
    assert!(
        backup::list(&backup::backups_dir(&path))
            .unwrap()
            .is_empty(),
        "no backup of a damaged file"
    );
}

fn assert_refused_untouched(path: &Path, what: &str) {
    let before = std::fs::read(path).ok();
    let err = open_store(path, None).expect_err(what).to_string();
    assert!(
        err.contains(&path.display().to_string()),
        "{what}: the error names the file: {err}"
    );
    let probed = probe(path).expect_err(what).to_string();
    assert!(!probed.is_empty(), "{what}: probe refuses it too");
    let described = backup::describe(path, None).expect_err(what).to_string();
    assert!(
        described.contains(&path.display().to_string()),
        "{what}: describe names the file: {described}"
    );
    assert_eq!(
        std::fs::read(path).ok(),
        before,
        "{what}: not one byte changed"
    );
    assert!(!beside(path, "-wal").exists(), "{what}: no WAL started");
    assert!(
        !backup::backups_dir(path).exists(),
        "{what}: no backup of a file that is not ours"
    );
}

#[test]
fn files_that_are_not_ours_are_refused_clearly_and_left_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let case = |name: &str| {
        let sub = dir.path().join(name);
        std::fs::create_dir(&sub).unwrap();
        sub.join("desk.sqlite3")
    };

    let random = case("random");
    let bytes: Vec<u8> = (0u32..20_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, bytes).unwrap();
    assert_refused_untouched(&random, "random bytes");

    let other_app = case("other-app");
    {
        let conn = Connection::open(&other_app).unwrap();
        conn.execute(
            "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)",
            [],
        )
        .unwrap();
        conn.execute("INSERT INTO photos (path) VALUES ('holiday.jpg')", [])
            .unwrap();
    }
    assert_refused_untouched(&other_app, "another program's SQLite file");
    let err = open_store(&other_app, None).unwrap_err().to_string();
    assert!(err.contains("not a Delegation Desk data file"), "{err}");

    let other_with_version = case("other-versioned");
    {
        let conn = Connection::open(&other_with_version).unwrap();
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)", [])
            .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
    }
    assert_refused_untouched(
        &other_with_version,
        "another program's file with a user_version",
    );

    let empty = case("empty");
    std::fs::write(&empty, b"").unwrap();
    assert_refused_untouched(&empty, "a zero-length file");
    assert!(open_store(&empty, None)
        .unwrap_err()
        .to_string()
        .contains("empty"));

    let damaged = case("damaged");
    {
        let mut store = open_store(&dir.path().join("sound.sqlite3"), None).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        backup::save_copy(&store, &damaged).unwrap();
    }
    damage_a_data_page(&damaged).unwrap();
    assert_refused_untouched(&damaged, "our header with damaged pages");

    let read_only = case("read-only");
    {
        let store = open_store(&dir.path().join("sound.sqlite3"), None).unwrap();
        backup::save_copy(&store, &read_only).unwrap();
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&read_only).unwrap();
    let err = open_store(&read_only, None).unwrap_err().to_string();
    assert!(
        err.contains("read-only") && err.contains("read-only/desk.sqlite3"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&read_only).unwrap(),
        before,
        "a read-only file is untouched"
    );
    assert!(!beside(&read_only, "-wal").exists());

    let folder = case("folder");
    std::fs::create_dir(&folder).unwrap();
    let err = open_store(&folder, None).unwrap_err().to_string();
    assert!(err.contains("is a folder"), "{err}");
    assert!(backup::describe(&folder, None).is_err() && probe(&folder).is_err());
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        0,
        "nothing was written into the folder"
    );
}

#[test]
fn a_data_file_with_a_foreign_trigger_is_refused_at_open_naming_it() {
    let (_dir, path) = temp_db();
    drop(open_store(&path, None).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute("CREATE VIEW later AS SELECT * FROM note", [])
        .unwrap();
    let err = open_store(&path, None).unwrap_err().to_string();
    assert!(err.contains("view \"later\""), "{err}");
}

#[test]
fn a_new_data_file_is_created_whole_with_nothing_left_beside_it() {
    let (dir, path) = temp_db();
    let store = open_store(&path, None).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    drop(store);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["desk.sqlite3"], "no temporary file and no backup");
    assert_eq!(
        probe(&path).unwrap(),
        LATEST_VERSION,
        "and it probes as ours"
    );
}

#[test]
fn every_store_connection_distrusts_the_schema_and_is_defensive() {
    let (_dir, path) = temp_db();
    for store in [
        open_store(&path, None).unwrap(),
        Store::open_in_memory().unwrap(),
    ] {
        let trusted: i64 = store
            .conn()
            .pragma_query_value(None, "trusted_schema", |r| r.get(0))
            .unwrap();
        assert_eq!(trusted, 0, "{store:?}: trusted_schema is off");
        assert!(
            store
                .conn()
                .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE)
                .unwrap(),
            "{store:?}: defensive mode is on"
        );
    }
}

#[test]
fn a_file_left_with_its_wal_by_a_crash_opens_with_every_saved_write() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live.sqlite3");
    let mut store = open_store(&live, None).unwrap();
    crate::fixtures::sample::load(&mut store).unwrap();
    store
        .conn()
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    store
        .write(|tx| Ok(tx.execute("UPDATE member SET name = 'Saved before the crash' WHERE id = (SELECT min(id) FROM member)", [])?))
        .unwrap();
    // What a crash leaves: the file and its WAL, as they are on disk while the writer still runs.
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    let path = crashed.join("desk.sqlite3");
    std::fs::copy(&live, &path).unwrap();
    std::fs::copy(beside(&live, "-wal"), beside(&path, "-wal")).unwrap();
    assert!(
        std::fs::metadata(beside(&path, "-wal")).unwrap().len() > 0,
        "the WAL holds the write"
    );
    drop(store);
    let reopened = open_store(&path, None).unwrap();
    let name: String = reopened
        .conn()
        .query_row("SELECT name FROM member ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        name, "Saved before the crash",
        "the acknowledged write is there"
    );
}

#[test]
fn the_app_s_open_leaves_the_integrity_check_to_a_reader_which_finds_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.sqlite3");
    {
        let mut store = open_store(&dir.path().join("sound.sqlite3"), None).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        backup::save_copy(&store, &damaged).unwrap();
    }
    damage_a_data_page(&damaged).unwrap();
    assert!(
        open_store(&damaged, None).is_err(),
        "checked now, the damaged file is refused"
    );
    let store = open_store_checking(&damaged, None, crate::store::Check::Later)
        .expect("checked later, it opens (nothing is migrated or written)");
    let health = crate::app::data::check_health_on(&store.readers().unwrap());
    match health {
        crate::app::data::Health::Problem { message } => {
            assert!(message.contains("damaged"), "{message}");
            assert!(
                message.contains("damaged.sqlite3"),
                "names the file: {message}"
            );
        }
        other => panic!("the reader's check finds the damage, not {other:?}"),
    }
}

#[test]
fn a_damaged_file_that_needs_a_migration_is_refused_even_when_checked_later() {
    let (_dir, path) = temp_db();
    version_1_file(&path);
    damage_a_page(&path);
    let before = std::fs::read(&path).unwrap();
    let err = open_store_checking(&path, None, crate::store::Check::Later).unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "not one byte changed"
    );
    assert!(
        backup::list(&backup::backups_dir(&path))
            .unwrap()
            .is_empty(),
        "no backup of a damaged file"
    );
}

#[test]
fn a_sound_file_checked_later_is_healthy_and_not_migrated_again() {
    let (_dir, path) = temp_db();
    drop(open_store(&path, None).unwrap());
    let store = open_store_checking(&path, None, crate::store::Check::Later).unwrap();
    assert_eq!(
        store.generation().unwrap().split('/').nth(1),
        Some("0"),
        "no row changed at open"
    );
    let health = crate::app::data::check_health_on(&store.readers().unwrap());
    assert_eq!(health, crate::app::data::Health::Ok);
}
