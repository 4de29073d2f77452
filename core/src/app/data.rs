//! Data safety as the app offers it: where the data lives, rotating backups, "Save a copy of the
//! data…", "Restore from a copy…" (with a preview naming what will be replaced) and recovery when the
//! data file cannot be opened at start.

use std::path::Path;

use serde::Serialize;

use crate::data::backup::{self, BackupFile, Summary};
use crate::data::paths;
use crate::data::settings::{self, Settings};
use crate::{Error, ErrorPayload, Result, Store};

/// Where the data is, its backups, and what is wrong with it, if anything.
#[derive(Debug, Clone, Serialize)]
pub struct DataStatus {
    pub db_path: String,
    pub backups_dir: String,
    /// Newest first.
    pub backups: Vec<BackupFile>,
    /// Why the data file could not be opened; `None` when it is fine.
    pub problem: Option<ErrorPayload>,
    /// What the open data file holds.
    pub summary: Option<Summary>,
}

/// The state of the data file at `db_path`, opened (`Ok`) or not (`Err` with the reason).
pub fn status(
    db_path: &Path,
    store: std::result::Result<&Store, &ErrorPayload>,
) -> Result<DataStatus> {
    let dir = backup::backups_dir(db_path);
    Ok(DataStatus {
        db_path: db_path.display().to_string(),
        backups_dir: dir.display().to_string(),
        backups: backup::list(&dir)?,
        problem: store.err().cloned(),
        summary: store.ok().map(backup::describe_store).transpose()?,
    })
}

/// The retention rule for `store` today (see `backup/retention.rs`).
fn retention(store: &Store) -> Result<backup::Retention> {
    backup::Retention::for_store(store, chrono::Utc::now().date_naive())
}

/// Takes a rotating backup now (asked for: taken even if nothing changed).
pub fn backup_now(store: &Store, db_path: &Path) -> Result<BackupFile> {
    backup::rotate(store, &backup::backups_dir(db_path), &retention(store)?)
}

/// The automatic backup, called at start and then every minute or so: when `schedule` says one is due
/// (at start; then after its interval, if anything was committed), takes one unless the data is the
/// same as in the newest backup. Returns the backup taken, if any.
pub fn auto_backup(
    store: &Store,
    db_path: &Path,
    schedule: &mut backup::Schedule,
) -> Result<Option<BackupFile>> {
    let generation = store.generation()?;
    let now = std::time::Instant::now();
    if !schedule.due(now, &generation) {
        return Ok(None);
    }
    let taken =
        backup::rotate_if_changed(store, &backup::backups_dir(db_path), &retention(store)?)?;
    schedule.taken(now, generation);
    Ok(taken)
}

fn data_file<'a>(field: &str, path: &'a str) -> Result<&'a Path> {
    let p = Path::new(path);
    let ok = p.is_absolute() && p.extension().is_some_and(|e| e == "sqlite3" || e == "db");
    if ok {
        Ok(p)
    } else {
        Err(Error::invalid(
            field,
            format!("\"{path}\" must be an absolute path ending in .sqlite3"),
        ))
    }
}

/// "Save a copy of the data…" to `dest` (an absolute `.sqlite3` path chosen in the save dialog).
pub fn save_copy(store: &Store, dest: &str) -> Result<String> {
    let path = data_file("path", dest)?;
    backup::save_copy(store, path)?;
    Ok(path.display().to_string())
}

/// What a restore would do, for the confirmation.
#[derive(Debug, Clone, Serialize)]
pub struct RestorePreview {
    pub copy: Summary,
    pub current: Option<Summary>,
    /// The confirmation sentence, naming what will be replaced and by what.
    pub message: String,
}

/// Describes the copy at `path` and what it would replace.
pub fn preview_restore(store: Option<&Store>, path: &str) -> Result<RestorePreview> {
    backup::check_restore_source(store.and_then(Store::path), Path::new(path))?;
    let copy = backup::describe(Path::new(path))?;
    let current = store.map(backup::describe_store).transpose()?;
    let message = match &current {
        Some(now) => format!(
            "Replace the current data ({}) with the copy {} ({})? The current data is backed up first.",
            now.sentence(),
            path,
            copy.sentence()
        ),
        None => format!("Put the copy {path} ({}) in place of the data file that could not be opened?", copy.sentence()),
    };
    Ok(RestorePreview {
        copy,
        current,
        message,
    })
}

/// "Restore from a copy…": replaces the data with the copy at `path`, backing up the current data first.
pub fn restore_copy(store: &mut Store, db_path: &Path, path: &str) -> Result<Summary> {
    backup::restore(store, Path::new(path), &backup::backups_dir(db_path)).map(|r| r.summary)
}

/// Recovers a data file that could not be opened from the copy or backup at `source`; the damaged file
/// is moved aside, never overwritten. Returns a sentence saying where it went.
pub fn recover(db_path: &Path, source: &str) -> Result<String> {
    Ok(match backup::recover(db_path, Path::new(source))? {
        Some(aside) => format!("The damaged file was kept as {}.", aside.display()),
        None => format!("The copy was put in place as {}.", db_path.display()),
    })
}

/// The person's settings.
pub fn get_settings() -> Result<Settings> {
    settings::load(&paths::settings_path()?)
}

/// Saves the person's settings; a new data location takes effect at the next start.
pub fn save_settings(new: &Settings) -> Result<Settings> {
    let path = paths::settings_path()?;
    settings::save(&path, new)?;
    settings::load(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_of_a_healthy_file_says_where_it_is_and_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let mut store = crate::data::open_store(&db).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        backup_now(&store, &db).unwrap();
        let s = status(&db, Ok(&store)).unwrap();
        assert_eq!(s.db_path, db.display().to_string());
        assert_eq!(s.backups.len(), 1);
        assert!(s.problem.is_none());
        assert_eq!(s.summary.map(|x| x.sessions), Some(15));
    }

    #[test]
    fn a_copy_must_be_an_absolute_sqlite3_path() {
        let store = Store::open_in_memory().unwrap();
        for bad in ["copy.sqlite3", "/tmp/copy.txt", "/etc/passwd"] {
            let err = save_copy(&store, bad).unwrap_err();
            assert!(err.to_string().starts_with("path:"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_restore_preview_names_what_is_replaced_and_by_what() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let mut store = crate::data::open_store(&db).unwrap();
        let copy = dir.path().join("empty-copy.sqlite3");
        save_copy(&store, &copy.display().to_string()).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        let preview = preview_restore(Some(&store), &copy.display().to_string()).unwrap();
        assert!(
            preview
                .message
                .contains("Replace the current data (1 conference (23rd Conference"),
            "{}",
            preview.message
        );
        assert!(
            preview.message.contains("0 conferences"),
            "{}",
            preview.message
        );
    }
}
