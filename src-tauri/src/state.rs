//! The shell's one piece of state: the store, opened at start-up, and where the settings file is (both
//! paths resolved once, at start-up, by `run`; `desk_core::app` never looks for them itself). If the data file cannot be opened
//! (a newer version wrote it, it is damaged), the window still opens and every command answers with that
//! error, so the person sees what happened, and the data commands can recover from a backup.
//!
//! The store may also be locked: an encrypted file not yet unlocked (or locked again), a first run, a
//! plain file from before encryption not yet asked about. Then there is no store at all, and every
//! command but the `security` ones answers `locked`; the security commands open and close the store
//! through [`AppState::with_security`].
//!
//! A bug that panics inside a command must not take the window or the data down with it: every call on
//! the store runs under `catch_unwind`, an SQLite transaction left open by the panic is rolled back, and
//! the command answers `internal` with the panic's message. The lock is never left poisoned (and a
//! poisoned one is recovered the same way), so the next command works on the same, consistent store.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use desk_core::app::security::{self, Place};
use desk_core::data::keyring::{KeyStore, SystemKeyring};
use desk_core::{Error, ErrorPayload, Result, Store};

/// The store: open, locked (none), or why it could not be opened.
enum Slot {
    Open(Store),
    Locked,
    Failed(ErrorPayload),
}

impl Slot {
    fn as_mut(&mut self) -> std::result::Result<&mut Store, Error> {
        match self {
            Slot::Open(store) => Ok(store),
            Slot::Locked => Err(Error::Locked),
            Slot::Failed(payload) => Err(Error::Repeated(payload.clone())),
        }
    }
}

/// The database the app works on, or why it could not be opened; and the person's settings file.
pub struct AppState {
    db_path: PathBuf,
    /// Where the settings file is, or why there is no such place (no configuration folder).
    settings_path: std::result::Result<PathBuf, ErrorPayload>,
    /// Where "remember on this laptop" keeps the passphrase.
    keyring: Box<dyn KeyStore>,
    /// The private folder opened packs are copied to, emptied on lock and exit.
    private_dir: PathBuf,
    store: Mutex<Slot>,
}

/// Opens the data file at start when no question is needed (`security::start`: plain by choice, or a
/// passphrase the keyring remembers); otherwise locked. `data::open_store` checks before it writes:
/// header, schema, SQLite's quick check, a backup before a migration, and only then WAL and the
/// migration.
fn open_checked(place: &Place<'_>) -> Slot {
    match security::start(place) {
        Ok(Some(store)) => Slot::Open(store),
        Ok(None) => Slot::Locked,
        Err(e) => Slot::Failed(e.payload()),
    }
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
    if let Slot::Open(store) = slot {
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
    /// Opens and checks the database at `db_path` when that needs no passphrase question (else it
    /// starts locked), keeping the error if that fails; the settings are read from and written to
    /// `settings_path`; "remember on this laptop" uses the system's keyring.
    pub fn open(db_path: PathBuf, settings_path: Result<PathBuf>) -> Self {
        Self::open_with(db_path, settings_path, Box::new(SystemKeyring))
    }

    /// [`AppState::open`] with another keyring (tests: one in memory, or none).
    pub fn open_with(
        db_path: PathBuf,
        settings_path: Result<PathBuf>,
        keyring: Box<dyn KeyStore>,
    ) -> Self {
        let settings_path = settings_path.map_err(|e| e.payload());
        let store = open_checked(&Place {
            db_path: &db_path,
            settings_path: settings_path.as_deref().ok(),
            keyring: &*keyring,
            private_dir: None,
        });
        AppState {
            db_path,
            settings_path,
            keyring,
            private_dir: desk_core::data::private::location(),
            store: Mutex::new(store),
        }
    }

    /// `locked` while the app is locked (for commands that do not touch the store but must not act
    /// before the passphrase is given).
    pub fn refuse_when_locked(&self) -> Result<()> {
        match &*self.lock() {
            Slot::Locked => Err(Error::Locked),
            _ => Ok(()),
        }
    }

    /// Runs a security operation: `f` gets where things are and the open store or none (`None` when
    /// locked or failed to open), and may open, close or replace it. A failed open stays failed
    /// while `f` leaves no store.
    pub fn with_security<T>(
        &self,
        f: impl FnOnce(&Place<'_>, &mut Option<Store>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock();
        let before = std::mem::replace(&mut *guard, Slot::Locked);
        let (mut store, failed) = match before {
            Slot::Open(store) => (Some(store), None),
            Slot::Locked => (None, None),
            Slot::Failed(payload) => (None, Some(payload)),
        };
        let place = Place {
            db_path: &self.db_path,
            settings_path: self.settings_path.as_deref().ok(),
            keyring: &*self.keyring,
            private_dir: Some(&self.private_dir),
        };
        let result = contained(|| f(&place, &mut store));
        *guard = match (store, failed) {
            (Some(store), _) => Slot::Open(store),
            (None, Some(payload)) => Slot::Failed(payload),
            (None, None) => Slot::Locked,
        };
        roll_back_leftovers(&mut guard);
        result
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
            Err(e) => Err(e),
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
    /// is contained as in [`AppState::with`]); locked answers `locked`.
    pub fn with_either<T>(
        &self,
        f: impl FnOnce(&Path, std::result::Result<&mut Store, &ErrorPayload>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock();
        let result = match &mut *guard {
            Slot::Open(store) => contained(|| f(&self.db_path, Ok(store))),
            Slot::Failed(payload) => {
                let payload = payload.clone();
                contained(|| f(&self.db_path, Err(&payload)))
            }
            Slot::Locked => Err(Error::Locked),
        };
        roll_back_leftovers(&mut guard);
        result
    }

    /// Recovers a data file that could not be opened from `source` (read with `key` when it is
    /// encrypted), then opens the recovered file (with that key).
    pub fn recover(
        &self,
        source: &str,
        key: Option<&desk_core::store::Passphrase>,
    ) -> Result<String> {
        let mut guard = self.lock();
        match &*guard {
            Slot::Open(_) => {
                return Err(Error::Invalid(
                    "The data file is fine: use Restore from a copy instead.".into(),
                ))
            }
            Slot::Locked => return Err(Error::Locked),
            Slot::Failed(_) => {}
        }
        let said = contained(|| desk_core::app::data::recover(&self.db_path, source, key))?;
        *guard = match desk_core::data::open_store(&self.db_path, key) {
            Ok(store) => Slot::Open(store),
            Err(e) => Slot::Failed(e.payload()),
        };
        guard.as_mut()?;
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
        let state = std::sync::Arc::new(AppState::open_with(
            dir.path().join("desk.sqlite3"),
            Ok(dir.path().join("settings.json")),
            Box::new(desk_core::data::keyring::NoKeyring),
        ));
        state.with_security(security::choose_no_passphrase).unwrap();
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
            let mut guard = poisoner.lock();
            let store = guard.as_mut().unwrap();
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
