//! Putting a copy in place of the data, so that nothing is lost by doing it. A restore reads the copy
//! once, checked (a Delegation Desk file, sound, with exactly our schema: no foreign triggers or views),
//! keeps the current data as `before-restore-...` (never rotated away), and only then replaces the
//! content in one step. Recovery from a file that cannot be opened builds the copy beside it first, keeps
//! the damaged file under another name (with its `-wal`/`-shm`), then renames the copy into place: at
//! no moment is there no data file, and a crash leaves either the old file or the new one.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::retention::take;
use super::{backups_dir, describe_store, guard, write_copy, BackupFile, Kind, Summary};
use crate::store::{file_state, FileState, Passphrase};
use crate::{Error, Result, Store};

/// What a restore did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Restored {
    /// What the data now holds.
    pub summary: Summary,
    /// The backup of the data it replaced (`before-restore-...`, never rotated away).
    pub kept: BackupFile,
}

/// The key to read the copy at `source` with: `given`, else the data file's own (`ours`). A copy made
/// with another passphrase, and none given, is `passphrase_needed`; a given one that does not open it
/// `wrong_passphrase`.
pub(crate) fn copy_key<'a>(
    source: &Path,
    given: Option<&'a Passphrase>,
    ours: Option<&'a Passphrase>,
) -> Result<Option<&'a Passphrase>> {
    if file_state(source)? != FileState::Encrypted {
        return Ok(None);
    }
    match (given, ours) {
        (Some(key), _) => Ok(Some(key)),
        (None, Some(ours)) => match super::open_copy(source, Some(ours)) {
            Err(e) if e.code() == crate::ErrorCode::WrongPassphrase => {
                Err(Error::PassphraseNeeded(format!(
                    "{} was made with another passphrase than the data file's: give the passphrase                      it was made with. Nothing was changed.",
                    source.display()
                )))
            }
            _ => Ok(Some(ours)),
        },
        (None, None) => Err(Error::PassphraseNeeded(format!(
            "{} cannot be used without a passphrase: it is encrypted (or not a Delegation Desk data \
             file). Give the passphrase it was made with. Nothing was changed.",
            source.display()
        ))),
    }
}

/// Replaces the open database's content with the copy at `source` (read with `source_key`, else with
/// the data file's own passphrase), after keeping the current content in `backup_dir` as a
/// `before-restore-...` backup. The content is encrypted with the data file's passphrase whatever
/// the copy's was: a copy with another key, or a plain one, is first converted beside it.
pub fn restore(
    store: &mut Store,
    source: &Path,
    backup_dir: &Path,
    source_key: Option<&Passphrase>,
) -> Result<Restored> {
    guard::check_restore_source(store.path(), source)?;
    let key = copy_key(source, source_key, store.key())?;
    let (checked, _) = super::open_copy(source, key)?;
    // SQLCipher copies pages between an encrypted and a plain file only through an export: a copy
    // whose encryption differs from the data file's is converted first, in a private temporary file.
    let mut from = Some(checked);
    let converted = if key.is_some() != store.is_encrypted() {
        from = None;
        let dir = backup_dir;
        std::fs::create_dir_all(dir).map_err(Error::io(format!(
            "Could not create the backups folder {}",
            dir.display()
        )))?;
        let temp = dir.join(format!(".restore-{}.converting", uuid::Uuid::new_v4()));
        let made = crate::data::encryption::export(source, key, &temp, store.key());
        if let Err(e) = made {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
        Some(TempFile(temp))
    } else {
        None
    };
    let from = match (&converted, from) {
        (Some(temp), _) => super::open_copy(&temp.0, store.key())?.0,
        (None, Some(from)) => from,
        (None, None) => return Err(Error::Internal("no copy to restore from".into())),
    };
    let done = replace_from(store, &from, &source.display().to_string(), backup_dir);
    drop(from);
    drop(converted);
    done
}

/// Replaces the open database's content with the checked database open on `from` (plain or with the
/// data file's key), after keeping the current content in `backup_dir` as a `before-restore-...`
/// backup. `display` names the copy in messages.
pub(crate) fn replace_from(
    store: &mut Store,
    from: &rusqlite::Connection,
    display: &str,
    backup_dir: &Path,
) -> Result<Restored> {
    let page_size = |c: &rusqlite::Connection| -> Result<i64> {
        // SQLCipher answers an encrypted file's page size as text.
        let v: rusqlite::types::Value = c.pragma_query_value(None, "page_size", |r| r.get(0))?;
        Ok(match v {
            rusqlite::types::Value::Integer(n) => n,
            rusqlite::types::Value::Text(t) => t.trim().parse().unwrap_or(0),
            _ => 0,
        })
    };
    let (theirs, ours) = (page_size(from)?, page_size(store.conn())?);
    if theirs != ours {
        // SQLite cannot copy pages of another size into a file in WAL mode.
        return Err(Error::Invalid(format!(
            "{display} uses {theirs}-byte pages and the data file {ours}-byte pages, so it cannot be \
             restored in place. Nothing was changed."
        )));
    }
    let kept = take(
        store.conn(),
        backup_dir,
        Kind::BeforeRestore,
        0,
        store.key(),
    )?;
    store.replace_with(from)?;
    Ok(Restored {
        summary: describe_store(store)?,
        kept,
    })
}

/// A temporary file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Keeps the database on `from` (read-only, about to be migrated from `version`) as a
/// `before-migration-vN-...` backup beside `db_path`, encrypted with `key` (the file's own).
pub(crate) fn keep_before_migration(
    from: &rusqlite::Connection,
    db_path: &Path,
    version: i64,
    key: Option<&Passphrase>,
) -> Result<BackupFile> {
    take(
        from,
        &backups_dir(db_path),
        Kind::BeforeMigration,
        version,
        key,
    )
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Recovers from a data file that cannot be opened: keeps it (never overwriting or deleting it) and
/// puts the checked copy at `source` (read with `key` when it is encrypted; it stays encrypted with
/// it) in its place. Returns where the damaged file was kept, if there was one.
pub fn recover(db_path: &Path, source: &Path, key: Option<&Passphrase>) -> Result<Option<PathBuf>> {
    guard::check_restore_source(Some(db_path), source)?;
    let key = copy_key(source, key, None)?;
    let (from, _) = super::open_copy(source, key)?;
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{} is not a file name", db_path.display())))?;
    let dir = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let incoming = dir.join(format!(".{name}.{}.restore", uuid::Uuid::new_v4()));
    write_copy(&from, &incoming, key)?;
    drop(from);
    let placed = put_in_place(db_path, &incoming, &name);
    let _ = std::fs::remove_file(&incoming);
    placed
}

fn put_in_place(db_path: &Path, incoming: &Path, name: &str) -> Result<Option<PathBuf>> {
    let mut aside = None;
    if std::fs::symlink_metadata(db_path).is_ok() {
        let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
        let kept = db_path.with_file_name(format!("{name}.damaged-{stamp}"));
        // A second name for the damaged file first, so it is never without one.
        if std::fs::hard_link(db_path, &kept).is_err() {
            std::fs::copy(db_path, &kept).map_err(Error::io(format!(
                "Could not keep the damaged file {} as {}",
                db_path.display(),
                kept.display()
            )))?;
        }
        crate::data::modes::restrict_file(&kept)?;
        // Its journal goes with it: left beside the new file, SQLite would apply it to the copy.
        for side in ["-wal", "-shm", "-journal"] {
            let from = sibling(db_path, side);
            if from.exists() {
                std::fs::rename(&from, sibling(&kept, side)).map_err(Error::io(format!(
                    "Could not move {} aside",
                    from.display()
                )))?;
            }
        }
        aside = Some(kept);
    }
    std::fs::rename(incoming, db_path)
        .map_err(Error::io(format!("Could not write {}", db_path.display())))?;
    super::sync_dir(db_path);
    Ok(aside)
}
