//! Copies of the data, so that nothing a delegate typed is lost to a broken laptop, a bad restore or a
//! damaged file. Copies are made with SQLite's online backup API (consistent while the app writes), into a
//! temporary file renamed into place, so a copy on disk is always complete. A damaged data file is never
//! overwritten: recovery keeps it under another name and puts a copy in its place. The folder's names
//! are in `names.rs`, what rotation keeps in `retention.rs`, restores in `restore.rs`, the refusals
//! that protect the live file in `guard.rs`, and the "has anything changed" fingerprint in `mark.rs`.

pub(crate) mod guard;
mod mark;
mod names;
mod restore;
mod retention;

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use serde::Serialize;

use crate::store::Passphrase;
use crate::{Error, Result, Store};

pub(crate) use guard::check_restore_source;
pub use names::{list, Kind};
pub(crate) use restore::replace_from;
pub(crate) use restore::{copy_key, keep_before_migration};
pub use restore::{recover, restore, Restored};
pub use retention::{prune, rotate, rotate_if_changed, Retention, FLOOR_DAYS, KEEP};

/// SQLite's own consistency check; an error lists what it found.
pub use crate::store::check;

/// The folder, beside the data file, that holds the backups.
pub const DIR_NAME: &str = "backups";

/// One backup on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub file_name: String,
    pub path: String,
    pub size_bytes: u64,
    /// Why it was taken; only `regular` backups are ever rotated away.
    pub kind: Kind,
    /// When (RFC 3339, UTC), from its name.
    pub taken_at: String,
}

/// What a data file holds, to say what a restore would replace and with what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub schema_version: i64,
    pub conferences: Vec<String>,
    pub sessions: i64,
    pub members: i64,
    pub notes: i64,
}

impl Summary {
    /// "2 conferences (A; B), 15 sessions, 6 members, 12 notes".
    pub fn sentence(&self) -> String {
        let names = if self.conferences.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.conferences.join("; "))
        };
        format!(
            "{} conference{}{names}, {} sessions, {} members, {} notes",
            self.conferences.len(),
            if self.conferences.len() == 1 { "" } else { "s" },
            self.sessions,
            self.members,
            self.notes
        )
    }
}

/// The backups folder for a data file.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(DIR_NAME)
}

/// Makes a rename in `path`'s folder durable (Unix; elsewhere the rename is what there is).
pub(crate) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
}

/// "Save a copy of the data…": copies the open database to `dest` (complete or not at all). Refuses
/// the data file itself (by any path), its `-wal`/`-shm`, and a backup's name in the backups folder.
/// The copy is encrypted with the data file's own passphrase (plain when the data file is).
pub fn save_copy(store: &Store, dest: &Path) -> Result<()> {
    guard::check_copy_target(store.path(), dest)?;
    write_copy(store.conn(), dest, store.key())
}

/// Copies the database on `from` to `dest` through a temporary file beside it, renamed into place;
/// encrypted with `key` (SQLCipher re-encrypts each page as it is copied), plain with `None`.
pub(crate) fn write_copy(from: &Connection, dest: &Path, key: Option<&Passphrase>) -> Result<()> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(Error::io(format!(
        "Could not create the folder {}",
        dir.display()
    )))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "copy".into());
    let partial = dir.join(format!(".{name}.{}.partial", uuid::Uuid::new_v4()));
    let copied = copy_into_new_file(from, &partial, key)
        .and_then(|()| crate::data::modes::restrict_file(&partial))
        .and_then(|()| {
            std::fs::rename(&partial, dest)
                .map_err(Error::io(format!("Could not write {}", dest.display())))
        });
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(format!("{}-journal", partial.display()));
    }
    sync_dir(dest);
    copied
}

fn copy_into_new_file(from: &Connection, to_path: &Path, key: Option<&Passphrase>) -> Result<()> {
    let mut to = Connection::open(to_path)?;
    crate::store::apply_key(&to, key)?;
    crate::store::harden(&to)?;
    {
        let backup = Backup::new(from, &mut to)?;
        run(&backup)?;
    }
    // The copy is a self-contained file: no WAL beside it to lose.
    to.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    to.close().map_err(|(_, e)| Error::Database(e))
}

fn run(backup: &Backup<'_, '_>) -> Result<()> {
    let mut waits = 0;
    loop {
        match backup.step(256)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock: wait briefly and carry on, but not for ever.
            _ if waits < 500 => {
                waits += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => {
                return Err(Error::Invalid(
                    "Another program kept the data file busy for ten seconds; no copy was made."
                        .into(),
                ))
            }
        }
    }
}

/// What the data file at `path` holds (read with `key` when it is encrypted); refuses, untouched, files
/// that are not sound Delegation Desk data (not SQLite, another program's, damaged, newer, or with a
/// schema that is not exactly ours), and an encrypted one without its key (`passphrase_needed`) or with
/// another (`wrong_passphrase`).
pub fn describe(path: &Path, key: Option<&Passphrase>) -> Result<Summary> {
    let (conn, version) = open_copy(path, key)?;
    summarise(&conn, version)
}

/// Opens a copy to restore from, read-only and checked like [`describe`]; returns it and its version.
pub(crate) fn open_copy(path: &Path, key: Option<&Passphrase>) -> Result<(Connection, i64)> {
    let display = path.display().to_string();
    let key = match crate::store::file_state(path)? {
        crate::store::FileState::Encrypted => key,
        _ => None,
    };
    let (conn, version) = crate::store::verified(path, &display, key).map_err(|e| match e {
        Error::Unreadable(why) => Error::Invalid(format!("{display} cannot be used: {why}")),
        other => other,
    })?;
    if version < 1 {
        return Err(Error::Invalid(format!(
            "{display} cannot be used: it is not a Delegation Desk data file (an empty database)."
        )));
    }
    Ok((conn, version))
}

/// What the open database holds.
pub fn describe_store(store: &Store) -> Result<Summary> {
    summarise(store.conn(), store.schema_version()?)
}

fn summarise(conn: &Connection, schema_version: i64) -> Result<Summary> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let mut stmt = conn.prepare("SELECT title FROM conference ORDER BY id")?;
    let conferences = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Summary {
        schema_version,
        conferences,
        sessions: count("session")?,
        members: count("member")?,
        notes: count("note")?,
    })
}

/// When to take the next automatic backup: at start, then every `every` while the data changes.
#[derive(Debug, Clone)]
pub struct Schedule {
    every: std::time::Duration,
    last: Option<(std::time::Instant, String)>,
}

impl Schedule {
    /// A schedule that backs up at most once per `every`.
    pub fn new(every: std::time::Duration) -> Self {
        Schedule { every, last: None }
    }

    /// Whether a backup is due: none taken yet, or `every` has passed and the data changed since
    /// (`mark`: [`Store::generation`], which is cheap).
    pub fn due(&self, now: std::time::Instant, mark: &str) -> bool {
        match &self.last {
            None => true,
            Some((at, last_mark)) => {
                now.saturating_duration_since(*at) >= self.every && last_mark != mark
            }
        }
    }

    /// Records a backup considered at `now` of the data in state `mark`.
    pub fn taken(&mut self, now: std::time::Instant, mark: String) {
        self.last = Some((now, mark));
    }
}

/// A fingerprint of the whole content (every row of every table), to tell whether the data changed
/// since a backup; the same for a backup file is [`mark_of_file`].
pub fn change_mark(store: &Store) -> Result<String> {
    mark::of_connection(store.conn())
}

/// The content fingerprint of the backup or copy at `path` (read with `key` when it is encrypted),
/// comparable with [`change_mark`].
pub fn mark_of_file(path: &Path, key: Option<&Passphrase>) -> Result<String> {
    mark::of_file(path, key)
}

#[cfg(test)]
mod tests;
