//! The data and the app itself: what the app says about itself, where the data lives, rotating backups,
//! "Save a copy of the data…", "Restore from a copy…" (with a preview naming what will be replaced),
//! recovery when the data file cannot be opened, and the person's settings. The front end says where the
//! data file and the settings file are; nothing here looks for them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::data::backup::{self, BackupFile, Summary};
use crate::data::settings::{self, Settings};
use crate::store::Passphrase;
use crate::{Error, ErrorCode, ErrorPayload, Result, Store};

/// What the app says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
}

/// The app's version and where its data file is (`db_path`: the file the front end opened, or tried to).
pub fn info(db_path: &Path) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: db_path.display().to_string(),
    }
}

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
    auto_backup_at(store.generation()?, store, db_path, schedule)
}

/// [`auto_backup`] copying from `reader` (a read connection: the copy does not hold up a save), with
/// `generation` read on the writer ([`Store::generation`]; a reader's own changes with every reader).
pub fn auto_backup_at(
    generation: String,
    reader: &Store,
    db_path: &Path,
    schedule: &mut backup::Schedule,
) -> Result<Option<BackupFile>> {
    let store = reader;
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

/// Describes the copy at `path` (read with `key`, else with the data file's passphrase) and what it
/// would replace; an encrypted copy made with another passphrase answers `passphrase_needed`.
pub fn preview_restore(
    store: Option<&Store>,
    path: &str,
    key: Option<&Passphrase>,
) -> Result<RestorePreview> {
    backup::check_restore_source(store.and_then(Store::path), Path::new(path))?;
    let key = backup::copy_key(Path::new(path), key, store.and_then(Store::key))?;
    let copy = backup::describe(Path::new(path), key)?;
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

/// "Restore from a copy…": replaces the data with the copy at `path` (read with `key`, else with the
/// data file's passphrase: `passphrase_needed` when it was made with another, `wrong_passphrase` when
/// `key` does not open it), backing up the current data first. The data stays encrypted with the data
/// file's passphrase.
pub fn restore_copy(
    store: &mut Store,
    db_path: &Path,
    path: &str,
    key: Option<&Passphrase>,
) -> Result<Summary> {
    backup::restore(store, Path::new(path), &backup::backups_dir(db_path), key).map(|r| r.summary)
}

/// Recovers a data file that could not be opened from the copy or backup at `source` (read with
/// `key` when encrypted); the damaged file is moved aside, never overwritten. Returns a sentence
/// saying where it went.
pub fn recover(db_path: &Path, source: &str, key: Option<&Passphrase>) -> Result<String> {
    Ok(match backup::recover(db_path, Path::new(source), key)? {
        Some(aside) => format!("The damaged file was kept as {}.", aside.display()),
        None => format!("The copy was put in place as {}.", db_path.display()),
    })
}

/// A copy of the data written where the command line was told.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    pub path: String,
    pub size_bytes: u64,
}

/// Saves a copy of the data to `dest` (any path but the data file itself and its companions).
pub fn copy_data(store: &Store, dest: &Path) -> Result<Copied> {
    backup::save_copy(store, dest)?;
    Ok(Copied {
        path: dest.display().to_string(),
        size_bytes: std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0),
    })
}

/// The backups folder beside the data file at `db_path`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    backup::backups_dir(db_path)
}

/// The backups beside the data file at `db_path`, newest first.
pub fn list_backups(db_path: &Path) -> Result<Vec<BackupFile>> {
    backup::list(&backup::backups_dir(db_path))
}

/// What [`restore_file`] did.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// What the data now holds.
    pub summary: Summary,
    /// The backup of the replaced data (`before-restore-...`); `null` when the data file could not be
    /// opened and was kept aside instead.
    pub kept: Option<BackupFile>,
    /// Where a data file that could not be opened was kept; `null` otherwise.
    pub damaged_kept_as: Option<String>,
}

/// Replaces the data file at `db_path` (opened with `key`) with the copy at `file` (read with
/// `file_key`, else with `key`), keeping the current data first as a backup; a data file that cannot be
/// opened (damaged, not ours) is kept under another name instead, as the app's recovery does, never
/// overwritten (`desk restore`).
pub fn restore_file(
    db_path: &Path,
    key: Option<&Passphrase>,
    file: &Path,
    file_key: Option<&Passphrase>,
) -> Result<RestoreReport> {
    match crate::data::open_store(db_path, key) {
        Ok(mut store) => {
            let done = backup::restore(&mut store, file, &backup::backups_dir(db_path), file_key)?;
            Ok(RestoreReport {
                summary: done.summary,
                kept: Some(done.kept),
                damaged_kept_as: None,
            })
        }
        Err(e) if e.code() == ErrorCode::Database && db_path.is_file() => {
            let aside = backup::recover(db_path, file, file_key.or(key))?;
            let store = crate::data::open_store(db_path, file_key.or(key))?;
            Ok(RestoreReport {
                summary: backup::describe_store(&store)?,
                kept: None,
                damaged_kept_as: aside.map(|p| p.display().to_string()),
            })
        }
        Err(e) => Err(e),
    }
}

/// The person's settings, from the settings file at `settings_path` (missing: the defaults).
pub fn get_settings(settings_path: &Path) -> Result<Settings> {
    settings::load(settings_path)
}

/// Saves the person's settings; a new data location takes effect at the next start. The passphrase
/// choice is kept as it is (only the security operations change it).
pub fn save_settings(settings_path: &Path, new: &Settings) -> Result<Settings> {
    let kept = settings::load(settings_path)
        .map(|s| s.passphrase)
        .unwrap_or(None);
    let new = Settings {
        passphrase: kept,
        ..new.clone()
    };
    settings::save(settings_path, &new)?;
    settings::load(settings_path)
}

/// The second clock the person chose in the settings at `settings_path`, if any. It is a display
/// preference: an unreadable settings file (or none) must not hide the agenda, so it gives `None`.
pub fn home_time_zone(settings_path: Option<&Path>) -> Option<String> {
    settings_path
        .and_then(|p| settings::load(p).ok())
        .and_then(|s| s.home_time_zone)
}

/// The member the laptop belongs to in `conference` ("You are" in the settings at `settings_path`), if
/// set. It only widens what may be deleted to that member's notes, so an unreadable settings file (or
/// none) gives `None`.
pub fn me(settings_path: Option<&Path>, conference: i64) -> Option<i64> {
    settings_path
        .and_then(|p| settings::load(p).ok())
        .and_then(|s| s.me_in(conference))
}

/// What the app's check of its data file, run after the window is up, has found so far
/// (`data_health`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Health {
    /// The check is running (seconds on a large file).
    Checking,
    /// SQLite's `quick_check` found nothing wrong.
    Ok,
    /// It found damage, or could not run: `message` says what, naming the file.
    Problem { message: String },
}

/// SQLite's `quick_check` of the whole data file, on `reader` (see [`Store::check_integrity`]).
pub fn check_health(reader: &Store) -> Health {
    match reader.check_integrity() {
        Ok(()) => Health::Ok,
        Err(e) => Health::Problem {
            message: e.to_string(),
        },
    }
}

/// The check of the data file on one of `readers`' connections. A page so damaged that the check
/// cannot even start (reading the schema fails with `SQLITE_CORRUPT` or `SQLITE_NOTADB`) is damage
/// too, said as such and naming the file; any other failure as it is.
pub fn check_health_on(readers: &crate::store::Readers) -> Health {
    match readers.with(|r| Ok(check_health(r))) {
        Ok(health) => health,
        Err(e) => Health::Problem {
            message: match e {
                Error::Database(db)
                    if matches!(
                        db.sqlite_error_code(),
                        Some(
                            rusqlite::ErrorCode::DatabaseCorrupt
                                | rusqlite::ErrorCode::NotADatabase
                        )
                    ) =>
                {
                    format!(
                        "{}: the data file is damaged ({db}). Restore it from a backup (Settings, Data).",
                        readers.path().display()
                    )
                }
                other => other.to_string(),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_of_a_healthy_file_says_where_it_is_and_what_it_holds() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let mut store = crate::data::open_store(&db, None).unwrap();
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
        let mut store = crate::data::open_store(&db, None).unwrap();
        let copy = dir.path().join("empty-copy.sqlite3");
        save_copy(&store, &copy.display().to_string()).unwrap();
        crate::fixtures::sample::load(&mut store).unwrap();
        let preview = preview_restore(Some(&store), &copy.display().to_string(), None).unwrap();
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

    #[test]
    fn settings_are_read_and_written_only_where_the_front_end_says() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(get_settings(&path).unwrap(), Settings::default());
        assert_eq!(home_time_zone(Some(&path)), None);
        let saved = save_settings(
            &path,
            &Settings {
                home_time_zone: Some("America/New_York".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(saved.home_time_zone.as_deref(), Some("America/New_York"));
        assert_eq!(
            home_time_zone(Some(&path)).as_deref(),
            Some("America/New_York"),
            "the second clock comes from the file given"
        );
        std::fs::write(&path, "{ not json").unwrap();
        assert_eq!(
            home_time_zone(Some(&path)),
            None,
            "an unreadable settings file hides only the second clock"
        );
        assert_eq!(home_time_zone(None), None);
        assert_eq!(
            me(Some(&path), 1),
            None,
            "nor says who the laptop belongs to"
        );
        let saved = save_settings(
            &path,
            &Settings {
                me: [(1, 5)].into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(saved.me_in(1), Some(5));
        assert_eq!(me(Some(&path), 1), Some(5), "\"You are\", for conference 1");
        assert_eq!(me(Some(&path), 2), None, "and for no other");
        assert_eq!(me(None, 1), None);
    }
}
