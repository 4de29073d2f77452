//! The shell's one piece of state: the store, opened at start-up, and where the settings file is (both
//! paths resolved once, at start-up, by `run`; `desk_core::app` never looks for them itself). If the data file cannot be opened
//! (a newer version wrote it, it is damaged), the window still opens and every command answers with that
//! error, so the person sees what happened, and the data commands can recover from a backup.
//!
//! A bug that panics inside a command must not take the window or the data down with it: every call on
//! the store runs under `catch_unwind`, an SQLite transaction left open by the panic is rolled back, and
//! the command answers `internal` with the panic's message. The lock is never left poisoned (and a
//! poisoned one is recovered the same way), so the next command works on the same, consistent store.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use desk_core::{Error, ErrorPayload, Result, Store};

type Slot = std::result::Result<Store, ErrorPayload>;

/// The database the app works on, or why it could not be opened; and the person's settings file.
pub struct AppState {
    db_path: PathBuf,
    /// Where the settings file is, or why there is no such place (no configuration folder).
    settings_path: std::result::Result<PathBuf, ErrorPayload>,
    store: Mutex<Slot>,
}

fn open_checked(db_path: &Path) -> Slot {
    // `data::open_store` checks before it writes: header, schema, SQLite's quick check, a backup before a
    // migration, and only then WAL and the migration.
    desk_core::data::open_store(db_path).map_err(|e| e.payload())
}

/// What a panic said, for the `internal` error the UI shows.
pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

/// The `internal` error for a command that panicked.
pub fn panicked(panic: &(dyn Any + Send)) -> Error {
    Error::Internal(format!(
        "the command stopped on a bug ({}); the last completed change is kept",
        panic_message(panic)
    ))
}

/// Rolls back a transaction a panic left open, so the store takes the next command cleanly.
/// (`Store::write`'s transaction rolls back when dropped during unwinding; this is for anything else.)
fn roll_back_leftovers(slot: &mut Slot) {
    if let Ok(store) = slot {
        if !store.conn().is_autocommit() {
            let _ = store.conn().execute("ROLLBACK", []);
        }
    }
}

/// Runs `f`, turning a panic into an `internal` error.
fn contained<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| Err(panicked(&*panic)))
}

impl AppState {
    /// Opens and checks the database at `db_path`, keeping the error if that fails; the settings are
    /// read from and written to `settings_path`.
    pub fn open(db_path: PathBuf, settings_path: Result<PathBuf>) -> Self {
        let store = open_checked(&db_path);
        AppState {
            db_path,
            settings_path: settings_path.map_err(|e| e.payload()),
            store: Mutex::new(store),
        }
    }

    /// Where the data file is.
    pub fn db_path(&self) -> &PathBuf {
        &self.db_path
    }

    /// Where the settings file is; the error says why there is none.
    pub fn settings_path(&self) -> Result<&Path> {
        self.settings_path
            .as_deref()
            .map_err(|p| Error::Repeated(p.clone()))
    }

    /// The second clock chosen in the settings, if any (an unreadable settings file gives none).
    pub fn home_time_zone(&self) -> Option<String> {
        desk_core::app::data::home_time_zone(self.settings_path.as_deref().ok())
    }

    /// The member this laptop belongs to in `conference` ("You are" in the settings), if set.
    pub fn me(&self, conference: i64) -> Option<i64> {
        desk_core::app::data::me(self.settings_path.as_deref().ok(), conference)
    }

    /// The store's lock. A lock poisoned by a panic elsewhere is taken back: the store itself is
    /// consistent once any transaction the panic left open is rolled back.
    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.store.lock().unwrap_or_else(|poisoned| {
            self.store.clear_poison();
            let mut guard = poisoned.into_inner();
            roll_back_leftovers(&mut guard);
            guard
        })
    }

    /// Runs `f` on the store; the error of a failed open is repeated on each call. A panic in `f` is
    /// an `internal` error, and the store stays usable.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self.lock();
        let result = match guard.as_mut() {
            Ok(store) => contained(|| f(store)),
            Err(payload) => Err(Error::Repeated(payload.clone())),
        };
        roll_back_leftovers(&mut guard);
        result
    }

    /// Runs `f` on the store and the current conference's id (the app shows one conference at a time:
    /// the most recently created). An empty database answers `no_conference`.
    pub fn with_conference<T>(&self, f: impl FnOnce(&mut Store, i64) -> Result<T>) -> Result<T> {
        self.with(|store| {
            let conference = desk_core::app::conferences::resolve(store, None)?.id;
            f(store, conference)
        })
    }

    /// Runs `f` with the data file's path and the store or the reason it could not be opened (a panic
    /// is contained as in [`AppState::with`]).
    pub fn with_either<T>(
        &self,
        f: impl FnOnce(&Path, std::result::Result<&mut Store, &ErrorPayload>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock();
        let result = contained(|| f(&self.db_path, guard.as_mut().map_err(|e| &*e)));
        roll_back_leftovers(&mut guard);
        result
    }

    /// Recovers a data file that could not be opened from `source`, then opens the recovered file.
    pub fn recover(&self, source: &str) -> Result<String> {
        let mut guard = self.lock();
        if guard.is_ok() {
            return Err(Error::Invalid(
                "The data file is fine: use Restore from a copy instead.".into(),
            ));
        }
        let said = contained(|| desk_core::app::data::recover(&self.db_path, source))?;
        *guard = open_checked(&self.db_path);
        guard.as_ref().map_err(|p| Error::Repeated(p.clone()))?;
        Ok(said)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn a_lock_poisoned_by_a_panicking_thread_is_taken_back_with_its_transaction_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let state = std::sync::Arc::new(AppState::open(
            dir.path().join("desk.sqlite3"),
            Ok(dir.path().join("settings.json")),
        ));
        state
            .with(|s| desk_core::fixtures::sample::load(s).map(|_| ()))
            .unwrap();
        let title = || {
            state
                .with(|s| Ok(desk_core::app::conferences::current(s)?.map(|c| c.title)))
                .unwrap()
        };
        let before = title();
        let poisoner = std::sync::Arc::clone(&state);
        let joined = std::thread::spawn(move || {
            let guard = poisoner.lock();
            let store = guard.as_ref().unwrap();
            store.conn().execute("BEGIN", []).unwrap();
            store
                .conn()
                .execute("UPDATE conference SET title = 'Half-written'", [])
                .unwrap();
            panic!("a test panic while holding the store");
        })
        .join();
        assert!(joined.is_err(), "the thread panicked");
        assert!(state.store.is_poisoned(), "the lock was poisoned");
        assert_eq!(title(), before, "taken back, the open write rolled back");
        assert!(!state.store.is_poisoned(), "and no longer poisoned");
    }
}
