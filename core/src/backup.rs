//! Copies of the data, so that nothing a delegate typed is lost to a broken laptop, a bad restore or a
//! damaged file. Copies are made with SQLite's online backup API (consistent while the app writes), into a
//! temporary file renamed into place, so a copy on disk is always complete. A damaged data file is never
//! overwritten: recovery moves it aside and puts a copy in its place.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::store::LATEST_VERSION;
use crate::{Error, Result, Store};

/// How many rotating backups are kept.
pub const KEEP: usize = 10;
/// The folder, beside the data file, that holds the rotating backups.
pub const DIR_NAME: &str = "backups";
const PREFIX: &str = "desk-";
const SUFFIX: &str = ".sqlite3";

/// One backup on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupFile {
    pub file_name: String,
    pub path: String,
    pub size_bytes: u64,
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

/// The rotating-backup folder for a data file.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(DIR_NAME)
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Io { context, source }
}

/// Copies the open database to `dest` (complete or not at all).
pub fn save_copy(store: &Store, dest: &Path) -> Result<()> {
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(io(format!("Could not create the folder {}", dir.display())))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "copy".into());
    let partial = dir.join(format!(".{name}.partial"));
    let _ = std::fs::remove_file(&partial);
    let copied = copy_into_new_file(store.conn(), &partial);
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, dest).map_err(io(format!("Could not write {}", dest.display())))
}

fn copy_into_new_file(from: &Connection, to_path: &Path) -> Result<()> {
    let mut to = Connection::open(to_path)?;
    {
        let backup = Backup::new(from, &mut to)?;
        run(&backup)?;
    }
    // The copy is a self-contained file: no WAL beside it to lose.
    to.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    Ok(())
}

fn run(backup: &Backup<'_, '_>) -> Result<()> {
    loop {
        match backup.step(256)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock: wait briefly and carry on.
            _ => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

/// Takes a rotating backup into `dir` and keeps the newest `keep`; returns the new one.
pub fn rotate(store: &Store, dir: &Path, keep: usize) -> Result<BackupFile> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    // A zero-padded counter keeps several backups in one second in name (= time) order.
    // It continues from the highest one of this second, even if older ones were pruned.
    let same_second = format!("{PREFIX}{stamp}-");
    let n = list(dir)?
        .iter()
        .filter_map(|b| {
            b.file_name
                .strip_prefix(&same_second)?
                .strip_suffix(SUFFIX)?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0)
        + 1;
    let path = dir.join(format!("{same_second}{n:03}{SUFFIX}"));
    save_copy(store, &path)?;
    for old in list(dir)?.into_iter().skip(keep.max(1)) {
        std::fs::remove_file(&old.path)
            .map_err(io(format!("Could not remove the old backup {}", old.path)))?;
    }
    list(dir)?
        .into_iter()
        .find(|b| Path::new(&b.path) == path)
        .ok_or_else(|| Error::Internal(format!("backup {} vanished", path.display())))
}

/// The rotating backups in `dir`, newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(format!("Could not read {}", dir.display()))(e)),
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && name.ends_with(SUFFIX) {
            let size_bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            files.push(BackupFile {
                path: entry.path().display().to_string(),
                file_name: name,
                size_bytes,
            });
        }
    }
    // The names carry a UTC timestamp, so the name order is the time order.
    files.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(files)
}

/// Opens a copy read-only without touching it (no WAL, no -shm written beside it).
fn open_untouched(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "{} does not exist.",
            path.display()
        )));
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Ok(Connection::open_with_flags(uri, flags)?)
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

/// What the data file at `path` holds; refuses files that are not sound Delegation Desk data.
pub fn describe(path: &Path) -> Result<Summary> {
    let not_ours =
        |why: String| Error::Invalid(format!("{} cannot be used: {why}", path.display()));
    let conn = open_untouched(path)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| not_ours(format!("it is not a SQLite database ({e})")))?;
    if version > LATEST_VERSION {
        return Err(Error::NewerDatabase {
            path: path.display().to_string(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    if version < 1 {
        return Err(not_ours("it is not a Delegation Desk data file".into()));
    }
    check(&conn).map_err(|e| not_ours(e.to_string()))?;
    summarise(&conn, version)
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

/// SQLite's own consistency check; an error lists what it found.
pub fn check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA quick_check")?;
    let findings = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if findings.len() == 1 && findings[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Unreadable(format!(
            "the data file is damaged: {}",
            findings.join("; ")
        )))
    }
}

/// Replaces the open database's content with the copy at `source`, after taking a backup of the
/// current content into `backup_dir`. Returns what the database now holds.
pub fn restore(store: &mut Store, source: &Path, backup_dir: &Path) -> Result<Summary> {
    describe(source)?;
    rotate(store, backup_dir, KEEP)?;
    let from = open_untouched(source)?;
    store.replace_with(&from)?;
    describe_store(store)
}

/// Recovers from a data file that cannot be opened: moves it aside (never overwriting or deleting it)
/// and puts the copy at `source` in its place. Returns where the damaged file now is.
pub fn recover(db_path: &Path, source: &Path) -> Result<PathBuf> {
    describe(source)?;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = db_path.with_file_name(format!(
        "{}.damaged-{stamp}",
        db_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "desk.sqlite3".into())
    ));
    if db_path.exists() {
        std::fs::rename(db_path, &aside).map_err(io(format!(
            "Could not move the damaged file {} aside",
            db_path.display()
        )))?;
        for ext in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{ext}", db_path.display()));
            if side.exists() {
                let _ = std::fs::rename(&side, PathBuf::from(format!("{}{ext}", aside.display())));
            }
        }
    }
    let partial = db_path.with_file_name(".restore.partial");
    std::fs::copy(source, &partial).map_err(io(format!("Could not copy {}", source.display())))?;
    std::fs::rename(&partial, db_path)
        .map_err(io(format!("Could not write {}", db_path.display())))?;
    Ok(aside)
}

/// When to take the next rotating backup: at start, then every `every` while the data changes.
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

    /// Whether a backup is due: none taken yet, or `every` has passed and the data changed since.
    pub fn due(&self, now: std::time::Instant, mark: &str) -> bool {
        match &self.last {
            None => true,
            Some((at, last_mark)) => now.duration_since(*at) >= self.every && last_mark != mark,
        }
    }

    /// Records a backup taken at `now` of the data in state `mark`.
    pub fn taken(&mut self, now: std::time::Instant, mark: String) {
        self.last = Some((now, mark));
    }
}

/// A cheap fingerprint of what delegates change (notes, assignments, sessions), to tell whether the
/// data changed since the last backup.
pub fn change_mark(store: &Store) -> Result<String> {
    Ok(store.conn().query_row(
        "SELECT (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM note) || '|' ||
                (SELECT count(*) FROM assignment) || '|' || (SELECT count(*) FROM session) || '|' ||
                (SELECT count(*) FROM member)",
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{notes, sample};

    fn file_store(dir: &Path) -> Store {
        let mut store = Store::open(&dir.join("desk.sqlite3")).unwrap();
        sample::load(&mut store).unwrap();
        store
    }

    fn add_note(store: &mut Store, body: &str) {
        let c = crate::conference::select(store.conn(), None).unwrap();
        notes::add(
            store,
            &c,
            &notes::NewNote {
                body: body.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }

    #[test]
    fn a_saved_copy_holds_everything_and_opens_on_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(dir.path());
        add_note(&mut store, "kept in the copy");
        let copy = dir.path().join("elsewhere").join("copy.sqlite3");
        save_copy(&store, &copy).unwrap();
        let summary = describe(&copy).unwrap();
        assert_eq!(
            (summary.sessions, summary.members, summary.notes),
            (15, 6, 1),
            "{summary:?}"
        );
        assert!(
            !dir.path()
                .join("elsewhere")
                .join("copy.sqlite3-wal")
                .exists(),
            "the copy is self-contained"
        );
        assert!(
            !dir.path()
                .join("elsewhere")
                .join(".copy.sqlite3.partial")
                .exists(),
            "no partial file left"
        );
    }

    #[test]
    fn rotating_backups_keep_only_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let store = file_store(dir.path());
        let backups = backups_dir(&dir.path().join("desk.sqlite3"));
        let mut made = Vec::new();
        for _ in 0..5 {
            made.push(rotate(&store, &backups, 3).unwrap().file_name);
        }
        let kept: Vec<String> = list(&backups)
            .unwrap()
            .into_iter()
            .map(|b| b.file_name)
            .collect();
        assert_eq!(kept.len(), 3, "only the newest 3 are kept: {kept:?}");
        made.reverse();
        assert_eq!(
            kept,
            made[..3].to_vec(),
            "and they are the newest, newest first"
        );
    }

    #[test]
    fn restoring_a_copy_brings_back_its_content_after_backing_up_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(dir.path());
        let copy = dir.path().join("before.sqlite3");
        save_copy(&store, &copy).unwrap();
        add_note(&mut store, "written after the copy");
        let backups = dir.path().join(DIR_NAME);
        let now = restore(&mut store, &copy, &backups).unwrap();
        assert_eq!(now.notes, 0, "the copy had no notes");
        let safety = list(&backups).unwrap();
        assert_eq!(safety.len(), 1, "the replaced content was backed up first");
        assert_eq!(
            describe(Path::new(&safety[0].path)).unwrap().notes,
            1,
            "the backup holds the later note"
        );
        drop(store);
        let reopened = Store::open(&dir.path().join("desk.sqlite3")).unwrap();
        assert_eq!(
            describe_store(&reopened).unwrap().notes,
            0,
            "the restore is durable"
        );
    }

    #[test]
    fn a_file_that_is_not_ours_is_refused_before_anything_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(dir.path());
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
        let err = restore(&mut store, &junk, &dir.path().join(DIR_NAME)).unwrap_err();
        assert!(err.to_string().contains("cannot be used"), "{err}");
        assert_eq!(
            describe_store(&store).unwrap().sessions,
            15,
            "nothing was replaced"
        );
        let empty = dir.path().join("empty.sqlite3");
        Connection::open(&empty)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        assert!(describe(&empty)
            .unwrap_err()
            .to_string()
            .contains("not a Delegation Desk data file"));
    }

    #[test]
    fn recovering_a_damaged_file_moves_it_aside_and_never_overwrites_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        let store = file_store(dir.path());
        let backups = backups_dir(&db);
        let latest = rotate(&store, &backups, KEEP).unwrap();
        drop(store);
        let damaged = b"garbage that used to be a database".repeat(200);
        std::fs::write(&db, &damaged).unwrap();
        assert!(Store::open(&db).is_err(), "the damaged file does not open");
        let aside = recover(&db, Path::new(&latest.path)).unwrap();
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            damaged,
            "the damaged file is kept byte for byte"
        );
        let store = Store::open(&db).unwrap();
        assert_eq!(
            describe_store(&store).unwrap().sessions,
            15,
            "the backup is in place"
        );
    }

    #[test]
    fn a_backup_is_due_at_start_then_hourly_only_while_the_data_changes() {
        use std::time::{Duration, Instant};
        let hour = Duration::from_secs(3600);
        let mut schedule = Schedule::new(hour);
        let t0 = Instant::now();
        assert!(schedule.due(t0, "a"), "the first backup is due at once");
        schedule.taken(t0, "a".into());
        assert!(
            !schedule.due(t0 + Duration::from_secs(60), "b"),
            "not within the hour"
        );
        assert!(!schedule.due(t0 + hour, "a"), "not when nothing changed");
        assert!(schedule.due(t0 + hour, "b"), "due after an hour of changes");
    }

    #[test]
    fn the_change_mark_moves_when_a_note_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(dir.path());
        let before = change_mark(&store).unwrap();
        add_note(&mut store, "new");
        assert_ne!(change_mark(&store).unwrap(), before);
    }

    #[test]
    fn a_summary_reads_as_a_sentence() {
        let s = Summary {
            schema_version: 2,
            conferences: vec!["Alliance".into()],
            sessions: 15,
            members: 6,
            notes: 2,
        };
        assert_eq!(
            s.sentence(),
            "1 conference (Alliance), 15 sessions, 6 members, 2 notes"
        );
    }
}
