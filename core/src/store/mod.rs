//! The store owns the one SQLite connection: it sets the pragmas that make a saved note survive a
//! power cut, applies the embedded migrations in one transaction at open, and refuses a file written by
//! a newer version, a damaged one or one that is not ours instead of damaging it (the order of checks
//! is in `open.rs`; what "ours" means in `schema.rs`). Every other module reads through [`Store::conn`]
//! and writes through [`Store::write`], which wraps the change in a transaction.

pub mod changes;
mod ids;
mod kdf;
mod key;
mod migrations;
mod open;
mod readers;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::{Error, Result};

pub use ids::{derived_id, new_id, MAX_ID};
pub(crate) use key::{apply as apply_key, wrong as wrong_passphrase};
pub use key::{file_state, FileState, Passphrase, MIN_CHARS};
pub use migrations::LATEST_VERSION;
pub(crate) use open::{read_only_connection, verified, verified_connection};
pub use open::{Check, Opening, Step};
pub use readers::{Access, Readers};
pub(crate) use schema::harden;
pub use schema::{check, is_damage};

/// Checks, without writing to it, that the file at `path` is sound Delegation Desk data this version
/// can open (header, schema version, `quick_check`, and a schema exactly ours); returns its schema
/// version. Pure apart from reading the file: suitable for fuzzing "opening a data file that is not ours".
pub fn probe(path: &Path) -> Result<i64> {
    verified(path, &path.display().to_string(), None).map(|(_, version)| version)
}

/// An open Delegation Desk database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The passphrase the file is encrypted with (`None`: a plain file), for the copies made of it.
    key: Option<Passphrase>,
    /// The key derived from it for this file (`kdf.rs`), for more connections to the same file.
    file_key: Option<Passphrase>,
    /// This file's laptop id once it is a laptop of a delegation: then every write is recorded.
    laptop: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` with `key` (a new file is created encrypted
    /// when one is given; a plain file opens without one and ignores it; an encrypted file without
    /// one is refused `passphrase_needed`, with the wrong one `wrong_passphrase`, untouched), checked
    /// read-only first; if a migration is
    /// pending, `before_migration` is given that read-only connection and the file's schema version
    /// before anything is written (the data layer takes its backup there); then configured and
    /// migrated. A file that is not sound Delegation Desk data is refused untouched (see
    /// `store/open.rs` for the order).
    /// With [`Check::Later`], SQLite's `quick_check` of a file that needs no migration is left to the
    /// caller ([`Store::check_integrity`], on a reader, after the window is up).
    pub fn open_with(
        path: &Path,
        key: Option<&Passphrase>,
        check: Check,
        before_migration: impl FnOnce(&Connection, i64) -> Result<()>,
    ) -> Result<Store> {
        open::open(path, key, check, before_migration)
    }

    /// The first step of [`Store::open_with`], cheap (milliseconds, whatever the file's size): looks at
    /// the file at `path` and reads its schema version without writing anything, so the caller can
    /// tell whether the open will migrate ([`Opening::needs_migration`]) before it
    /// [finishes](Opening::finish) it.
    pub fn begin(path: &Path, key: Option<&Passphrase>) -> Result<Opening> {
        open::begin(path, key)
    }

    /// A new plain data file at `path` at the older schema `version` (the migrations up to it), open
    /// without migrating it further: for tests and benchmarks of what opening an older version's file
    /// does. The app and `desk` never make one.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<Store> {
        let flags =
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
        let mut conn = Connection::open_with_flags(path, flags)?;
        harden(&conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::apply_up_to(&mut conn, version, &path.display().to_string())?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            key: None,
            file_key: None,
            laptop: None,
        })
    }

    /// Opens a private in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        configure(Connection::open_in_memory()?, None, None, None)
    }

    /// SQLite's consistency check (`quick_check`) of the whole file, index included; an error naming the
    /// file lists what it found. Seconds on a large file: run it on a reader, off the window's path.
    pub fn check_integrity(&self) -> Result<()> {
        check(&self.conn).map_err(|e| match (e, &self.path) {
            (Error::Unreadable(why), Some(path)) => Error::Unreadable(format!(
                "{}: {why}. Restore it from a backup (Settings, Data).",
                path.display()
            )),
            (other, _) => other,
        })
    }

    /// Whether the file is encrypted (opened with a passphrase).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// The passphrase the file was opened with, for a copy encrypted with the same key.
    pub(crate) fn key(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// Re-encrypts every page of the open, encrypted file with `new` (`PRAGMA rekey`, in one step).
    /// A plain file is refused: encrypting one is a copy (`data::encryption`), not a rekey.
    pub fn rekey(&mut self, new: &Passphrase) -> Result<()> {
        if self.key.is_none() {
            return Err(Error::Invalid(
                "The data file is not encrypted, so it has no passphrase to change.".into(),
            ));
        }
        self.conn.pragma_update(None, "rekey", new.expose())?;
        // Prove the new key reads the file before calling it done.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
        if let Some(path) = &self.path {
            self.file_key = Some(kdf::file_key(path, new)?);
        }
        self.key = Some(new.clone());
        Ok(())
    }

    /// Closes the connection, reporting a failure to flush instead of ignoring it.
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| Error::Database(e))
    }

    /// A cheap token that changes whenever anything is committed to the file, by this connection or
    /// another process (`data_version` and this connection's change count).
    pub fn generation(&self) -> Result<String> {
        let other: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok(format!("{other}/{}", self.conn.total_changes()))
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Where the file is (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Replaces this database's whole content with `source`'s (SQLite's backup API, in one step as far
    /// as other readers can tell), then brings an older copy's schema up to date.
    pub(crate) fn replace_with(&mut self, source: &Connection) -> Result<()> {
        {
            let backup = rusqlite::backup::Backup::new(source, &mut self.conn)?;
            // Another process holding a lock is waited for, but not for ever.
            let mut waits = 0;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if waits < 250 => {
                        waits += 1;
                        std::thread::sleep(std::time::Duration::from_millis(20));
                    }
                    _ => {
                        return Err(Error::Invalid(
                            "Another program kept the data file busy; nothing was replaced. Close it and try again."
                                .into(),
                        ))
                    }
                }
            }
        }
        let display = self
            .path
            .as_ref()
            .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
        migrations::apply(&mut self.conn, &display)?;
        self.refresh_laptop()
    }

    /// Runs `f` in one immediate transaction: all of it is written, or none of it. On a laptop of a
    /// delegation the changes to the travelling tables are recorded in the same transaction
    /// (`changes.rs`), to be sent to the other laptops.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = match &self.laptop {
            Some(laptop) => {
                let session = changes::start(&tx)?;
                let value = f(&tx)?;
                changes::finish(&tx, session, laptop)?;
                value
            }
            None => f(&tx)?,
        };
        tx.commit()?;
        Ok(value)
    }

    /// Runs `f` in one immediate transaction without recording its changes: the exchange applying
    /// changes received from other laptops (they are kept as theirs, not as this laptop's).
    pub(crate) fn write_unrecorded<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Reads again whether this file is a laptop of a delegation (after joining or making a copy).
    pub(crate) fn refresh_laptop(&mut self) -> Result<()> {
        self.laptop = changes::laptop(&self.conn)?.map(|l| l.laptop);
        Ok(())
    }

    /// This file's laptop id, when it is a laptop of a delegation.
    pub fn laptop(&self) -> Option<&str> {
        self.laptop.as_deref()
    }
}

/// Configures the writer: `key` is the passphrase (kept for copies), `file_key` what keys this
/// connection (the key derived for the file, or the passphrase itself for a new file).
fn configure(
    conn: Connection,
    path: Option<PathBuf>,
    key: Option<&Passphrase>,
    file_key: Option<&Passphrase>,
) -> Result<Store> {
    // The key before anything reads the file.
    key::apply(&conn, file_key)?;
    // busy_timeout next: the app and `desk` may open the same file at once.
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    harden(&conn)?;
    let display = path
        .as_ref()
        .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string());
    // Reading the header before any write turns "not a database" into a clear error.
    let version = schema_version(&conn, &display, key.is_some())?;
    // Deleted text is overwritten, not left in free pages (or, encrypted, the WAL) to be read later.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // A 32 MB page cache (SQLite's default is 2 MB): SQLCipher decrypts and checks a page each time
    // it is read from the file (or the system's file cache), so the pages in use are kept here.
    conn.pragma_update(None, "cache_size", -32 * 1024)?;
    if path.is_some() {
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Internal(format!(
                "{display}: journal_mode stayed {mode}, WAL expected"
            )));
        }
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // FULL: a note the UI calls saved is on disk before the call returns.
    conn.pragma_update(None, "synchronous", "FULL")?;
    let mut store = Store {
        conn,
        path,
        key: key.cloned(),
        file_key: file_key.cloned(),
        laptop: None,
    };
    if version < LATEST_VERSION {
        migrations::apply(&mut store.conn, &display)?;
    }
    store.refresh_laptop()?;
    Ok(store)
}

/// The file's schema version, read before anything is written: a file that is not a database (or
/// not opened by this key) is a clear error, and one written by a newer version is refused.
fn schema_version(conn: &Connection, display: &str, keyed: bool) -> Result<i64> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| unreadable_keyed(display, e, keyed))?;
    if version > LATEST_VERSION {
        return Err(Error::NewerDatabase {
            path: display.to_string(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    Ok(version)
}

/// [`unreadable`], where a file opened with a key that SQLCipher cannot read is a wrong passphrase.
fn unreadable_keyed(path: &str, e: rusqlite::Error, keyed: bool) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(ref f, _)
            if keyed && f.code == rusqlite::ErrorCode::NotADatabase =>
        {
            key::wrong(path)
        }
        other => unreadable(path, other),
    }
}

fn unreadable(path: &str, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(ref f, _)
            if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) =>
        {
            Error::Unreadable(format!("{path} is not a Delegation Desk data file, or it is damaged ({e}). It was left untouched."))
        }
        other => Error::Database(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.sqlite3");
        (dir, path)
    }

    #[test]
    fn opening_an_empty_file_applies_every_migration() {
        let (_dir, path) = temp_db();
        let store = crate::data::open_store(&path, None).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            LATEST_VERSION,
            "migrated to the latest version"
        );
        let tables: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('conference','session','member','assignment','building_block','note')", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 6, "the v1 tables exist");
    }

    #[test]
    fn the_pragmas_make_saved_data_durable() {
        let (_dir, path) = temp_db();
        let store = crate::data::open_store(&path, None).unwrap();
        let get = |p: &str| -> String {
            store
                .conn()
                .pragma_query_value(None, p, |r| r.get::<_, rusqlite::types::Value>(0))
                .map(|v| format!("{v:?}"))
                .unwrap()
        };
        assert_eq!(get("journal_mode"), "Text(\"wal\")");
        assert_eq!(get("foreign_keys"), "Integer(1)");
        assert_eq!(get("synchronous"), "Integer(2)", "2 is FULL");
        assert_eq!(get("busy_timeout"), "Integer(5000)");
    }

    #[test]
    fn a_version_1_file_is_upgraded_in_place_keeping_its_data() {
        let (_dir, path) = temp_db();
        {
            let conn = Connection::open(&path).unwrap();
            #[allow(clippy::disallowed_methods)] // building a v1 file by hand
            conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
                .unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO conference (title, time_zone, starts_on, ends_on, created_at) VALUES ('Old', 'UTC', '2022-01-01', '2022-01-02', 'x')",
                [],
            )
            .unwrap();
        }
        let store = crate::data::open_store(&path, None).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let (title, source): (String, String) = store
            .conn()
            .query_row("SELECT title, source FROM conference", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(
            (title.as_str(), source.as_str()),
            ("Old", ""),
            "the row survived and got the new column's default"
        );
    }

    #[test]
    fn reopening_a_migrated_file_changes_nothing() {
        let (_dir, path) = temp_db();
        drop(crate::data::open_store(&path, None).unwrap());
        let store = crate::data::open_store(&path, None).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
        let (_dir, path) = temp_db();
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .unwrap();
            conn.execute("CREATE TABLE future (x)", []).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = crate::data::open_store(&path, None).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::NewerDatabase, "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the newer file was not modified"
        );
        assert!(
            !path.with_extension("sqlite3-wal").exists(),
            "no WAL was started on the newer file"
        );
    }

    #[test]
    fn a_file_that_is_not_a_database_gives_a_clear_error() {
        let (_dir, path) = temp_db();
        std::fs::write(
            &path,
            b"this is a text file, not SQLite, and it is long enough to have a header....",
        )
        .unwrap();
        let err = crate::data::open_store(&path, None).unwrap_err();
        assert!(
            err.to_string().contains("not a Delegation Desk data file"),
            "{err}"
        );
        assert!(
            std::fs::read(&path)
                .unwrap()
                .starts_with(b"this is a text file"),
            "left untouched"
        );
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<()> = store.write(|tx| {
            tx.execute(
                "INSERT INTO conference (title, time_zone, starts_on, ends_on, created_at) VALUES ('A', 'UTC', '2023-01-01', '2023-01-01', 'x')",
                [],
            )?;
            Err(Error::Invalid("second row refused".into()))
        });
        assert!(result.is_err());
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM conference", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "the first row was rolled back with the failed change");
    }
}
