//! Opening a data file in an order that never harms it. First look at what is there (a folder, an empty
//! file, something that is not a regular file, a read-only file are refused by name); then read it
//! read-only: the header and schema version (a newer file is refused untouched), the schema (exactly
//! ours for that version), SQLite's `quick_check`; then, if a migration is pending, hand the read-only
//! connection to the caller's `before_migration` (the data layer keeps a backup there,
//! `backups/before-migration-vN-...`, never rotated away); only then switch it to WAL and migrate.
//! A new file is made whole beside its place and linked in, so a crash never leaves an empty file.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::key::{self, FileState, Passphrase};
use super::{
    configure, kdf, migrations::LATEST_VERSION, schema, schema_version, unreadable, Store,
};
use crate::{Error, Result};

/// When SQLite's `quick_check` of the whole file runs at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Before the file is opened for writing (the command line, restores: refused if damaged).
    Now,
    /// After, by the caller, on its own connection (the app: seconds on a large file must not stand
    /// before the window). A file that needs a migration is still checked first: nothing is written
    /// to a file before it is known sound.
    Later,
}

/// See the module's documentation: [`begin`], then [`Opening::finish`].
pub(super) fn open(
    path: &Path,
    key: Option<&Passphrase>,
    check: Check,
    before_migration: impl FnOnce(&Connection, i64) -> Result<()>,
) -> Result<Store> {
    begin(path, key)?.finish(check, |_| {}, before_migration)
}

/// Where the open of a file that needs a migration is (for the person waiting for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// SQLite's check of the whole file (seconds on a large one).
    Checking,
    /// The backup kept before the migration.
    KeepingCopy,
    /// The migration itself.
    Migrating,
}

/// A data file looked at but not yet opened for writing: found usable, keyed, and its schema version
/// read on a read-only connection (nothing written, nothing checked beyond that). Milliseconds, so the
/// app can tell at start whether the open will migrate (seconds on a large file) and leave that to
/// after its window is up. [`Opening::finish`] does the rest, in the order of the module's
/// documentation.
pub struct Opening {
    path: PathBuf,
    display: String,
    /// The passphrase of an encrypted file (`None`: a plain one).
    key: Option<Passphrase>,
    /// The key derived from it for this file, derived once here.
    file_key: Option<Passphrase>,
    /// The read-only connection the version was read on; the checks and the backup use it too.
    probe: Connection,
    version: i64,
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opening")
            .field("path", &self.path)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Looks at the file at `path` as [`Opening`] says (creating a new one, already at the latest
/// version, if there is none); refuses a folder, an empty or read-only file, an encrypted file
/// without its key or with a wrong one, and a file of a newer version, untouched.
pub(super) fn begin(path: &Path, key: Option<&Passphrase>) -> Result<Opening> {
    let display = path.display().to_string();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(Error::io(format!(
            "Could not create the data folder {}",
            dir.display()
        )))?;
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path, &display, key)?,
        Err(e) => return Err(Error::io(format!("Could not look at {display}"))(e)),
        Ok(meta) => refuse_unusable(&meta, &display)?,
    }
    // A plain file opens plain whatever key is given; an encrypted one needs its key.
    let key = match key::file_state(path)? {
        FileState::Encrypted => Some(key.ok_or_else(|| key::needed(&display))?),
        FileState::Plain | FileState::Missing => None,
    };
    // Derived once here; every connection to this file is keyed with the result (`kdf.rs`).
    let file_key = key.map(|k| kdf::file_key(path, k)).transpose()?;
    let probe = read_only_connection(path, file_key.as_ref())?;
    let version = schema_version(&probe, &display, key.is_some())?;
    Ok(Opening {
        path: path.to_path_buf(),
        display,
        key: key.cloned(),
        file_key,
        probe,
        version,
    })
}

impl Opening {
    /// The file's schema version as found (0: a database with no schema yet).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Whether [`Opening::finish`] will migrate the file (and so check it whole and back it up
    /// first): seconds on a large file.
    pub fn needs_migration(&self) -> bool {
        (1..LATEST_VERSION).contains(&self.version)
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The passphrase of an encrypted file (`None`: a plain one).
    pub fn key(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    /// Checks the file (SQLite's `quick_check` with [`Check::Now`], or whenever a migration is
    /// pending; the schema), hands the read-only connection to `before_migration` if a migration is
    /// pending, and only then opens the writer: WAL, the migration. When a migration is pending,
    /// `progress` hears each [`Step`] as it starts.
    pub fn finish(
        self,
        check: Check,
        mut progress: impl FnMut(Step),
        before_migration: impl FnOnce(&Connection, i64) -> Result<()>,
    ) -> Result<Store> {
        let migrating = self.needs_migration();
        let Opening {
            path,
            display,
            key,
            file_key,
            probe,
            version: _,
        } = self;
        if migrating {
            progress(Step::Checking);
        }
        let version = verified_content(&probe, &display, key.is_some(), check)?;
        if (1..LATEST_VERSION).contains(&version) {
            progress(Step::KeepingCopy);
            before_migration(&probe, version)?;
            progress(Step::Migrating);
        }
        drop(probe);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|e| unreadable(&display, e))?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(read_only(&display));
        }
        configure(conn, Some(path), key.as_ref(), file_key.as_ref())
    }
}

fn empty(display: &str) -> Error {
    Error::Unreadable(format!(
        "{display} is empty (0 bytes), so it holds no Delegation Desk data. Nothing was changed: \
         delete it to start afresh, or choose another file."
    ))
}

fn read_only(display: &str) -> Error {
    Error::Invalid(format!(
        "{display} is read-only: Delegation Desk needs to write to it. Nothing was changed; make it \
         writable or choose another file."
    ))
}

/// Refuses, by name and without touching it, what cannot be a data file to open.
fn refuse_unusable(meta: &std::fs::Metadata, display: &str) -> Result<()> {
    if meta.is_dir() {
        return Err(Error::Invalid(format!(
            "{display} is a folder, not a data file: give the path of the file itself (such as \
             {display}/desk.sqlite3)."
        )));
    }
    if !meta.is_file() {
        return Err(Error::Invalid(format!(
            "{display} is not a regular file (a device or a pipe?), so it cannot be a data file."
        )));
    }
    if meta.len() == 0 {
        return Err(empty(display));
    }
    if meta.permissions().readonly() {
        return Err(read_only(display));
    }
    Ok(())
}

/// Opens `path` read-only with `key` (`None`: a plain file), hardened, with a wait for another writer;
/// a file whose folder cannot hold SQLite's shared-memory file (read-only media) is read as immutable
/// instead.
pub(crate) fn read_only_connection(path: &Path, key: Option<&Passphrase>) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let display = path.display().to_string();
    let conn = Connection::open_with_flags(path, flags).map_err(|e| unreadable(&display, e))?;
    key::apply(&conn, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    schema::harden(&conn)?;
    match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::CannotOpen => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| unreadable(&display, e))?;
            key::apply(&conn, key)?;
            schema::harden(&conn)?;
            Ok(conn)
        }
        _ => Ok(conn),
    }
}

fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Reads the file at `path` (with `key`, `None` for a plain file) without writing to it and checks that
/// it is sound Delegation Desk data: returns the read-only connection and the schema version, or an
/// error naming the file (`passphrase_needed` for an encrypted file without a key, `wrong_passphrase`
/// for a key that does not read it).
pub(crate) fn verified(
    path: &Path,
    display: &str,
    key: Option<&Passphrase>,
) -> Result<(Connection, i64)> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == 0 => return Err(empty(display)),
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return Err(Error::Invalid(format!(
                "{display} is not a regular file, so it cannot be a data file."
            )))
        }
        Err(_) => return Err(Error::NotFound(format!("{display} does not exist."))),
    }
    if key.is_none() && key::file_state(path)? == FileState::Encrypted {
        return Err(key::needed(display));
    }
    let conn = read_only_connection(path, key)?;
    let version = verified_content(&conn, display, key.is_some(), Check::Now)?;
    Ok((conn, version))
}

/// The checks of [`verified`] on a database already open on `conn` (a copy received in memory):
/// ours, of a version this build reads, with exactly our schema. Returns its schema version.
pub(crate) fn verified_connection(conn: &Connection, display: &str) -> Result<i64> {
    verified_content(conn, display, false, Check::Now)
}

fn verified_content(conn: &Connection, display: &str, keyed: bool, check: Check) -> Result<i64> {
    let version = schema_version(conn, display, keyed)?;
    if version < 0
        || (version == 0 && !schema::is_empty(conn).map_err(|e| unreadable(display, e))?)
    {
        return Err(Error::Unreadable(format!(
            "{display} is a SQLite database, but not a Delegation Desk data file (another program's?). \
             It was left untouched."
        )));
    }
    if check == Check::Now || version < LATEST_VERSION {
        schema::check(conn).map_err(|e| match e {
            Error::Unreadable(why) => {
                Error::Unreadable(format!("{display}: {why}. It was left untouched."))
            }
            Error::Database(e) => unreadable(display, e),
            other => other,
        })?;
    }
    schema::verify(conn, version, display)?;
    Ok(version)
}

/// Makes a new, migrated data file at `path`: built under a temporary name beside it, then linked into
/// place only if nothing appeared there meanwhile (another process may have made it first).
fn create(path: &Path, display: &str, key: Option<&Passphrase>) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{display} is not a file name")))?;
    let temp = dir.join(format!(".{name}.{}.new", uuid::Uuid::new_v4()));
    let made = (|| -> Result<()> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&temp, flags)?;
        let store = configure(conn, Some(temp.clone()), key, key)?;
        store.close()
    })();
    let placed = made.and_then(|()| link_into_place(&temp, path, display));
    let _ = std::fs::remove_file(&temp);
    placed
}

fn link_into_place(temp: &Path, path: &Path, display: &str) -> Result<()> {
    match std::fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        // Another process made the file first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        // A file system without hard links: a rename, checked just before.
        Err(_) if !path.exists() => {
            std::fs::rename(temp, path).map_err(Error::io(format!("Could not create {display}")))
        }
        Err(_) => Ok(()),
    }
}
