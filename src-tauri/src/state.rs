//! The shell's one piece of state: the store, opened at start-up (on its own thread while the window is
//! built: `starting.rs`), and where the settings file is (both paths resolved once, at start-up, by
//! `run`; `desk_core::app` never looks for them itself). If the data file cannot be opened (a newer
//! version wrote it, it is damaged), the window still opens and every command answers with that error,
//! so the person sees what happened, and the data commands can recover from a backup.
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
//!
//! The window never waits on the store: every command that touches it is an `async` command whose
//! work runs on a blocking thread ([`AppState::run`], [`AppState::write`], [`AppState::read`]), not
//! on the window's main thread. Reads go to the store's own read connections (WAL, `store::Readers`),
//! so a search or a pack's content is read while a save is being written, and a save does not wait
//! for them; the one writer stays behind the lock. The integrity check of the whole file and the
//! start backup run after the window is up, on a reader (`lib.rs`, `upkeep`): what the check found is
//! [`AppState::health`]; a damaged file then answers every command as a file that failed to open.
//!
//! An older version's data file is not opened before the window either: the store starts `Opening`,
//! every command answers `updating`, and the open (check, backup, migration) runs once the page asks
//! for it or the background work does (`opening.rs`).

mod opening;
mod starting;

use std::any::Any;
use std::ops::Deref;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use desk_core::app::data::Health;
use desk_core::app::security::{self, Place};
use desk_core::data::keyring::{KeyStore, SystemKeyring};
use desk_core::store::{Check, Readers};
use desk_core::{Error, ErrorPayload, Result, Store};

/// The store: open, locked (none), being opened after the window came up (an older version's file,
/// migrated once: [`Shared::finish_opening`]), or why it could not be opened.
enum Slot {
    Open(Store),
    Locked,
    Opening,
    Failed(ErrorPayload),
}

impl Slot {
    fn as_mut(&mut self) -> std::result::Result<&mut Store, Error> {
        match self {
            Slot::Open(store) => Ok(store),
            Slot::Locked => Err(Error::Locked),
            Slot::Opening => Err(Error::Updating),
            Slot::Failed(payload) => Err(Error::Repeated(payload.clone())),
        }
    }
}

/// The shell's state, shared by the window's commands and the background work: a cheap handle
/// (cloned into each command's blocking task) on [`Shared`].
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What the integrity check after an open has found, and for which open.
struct Checks {
    /// How many times a store was opened (at start, on unlock, on recovery).
    opens: u64,
    /// The open the last check was for.
    checked: u64,
    health: Health,
}

/// The database the app works on, or why it could not be opened; and the person's settings file.
pub struct Shared {
    db_path: PathBuf,
    /// Where the settings file is, or why there is no such place (no configuration folder).
    settings_path: std::result::Result<PathBuf, ErrorPayload>,
    /// Where "remember on this laptop" keeps the passphrase.
    keyring: Box<dyn KeyStore>,
    /// The private folder opened packs are copied to, emptied on lock and exit.
    private_dir: PathBuf,
    store: Mutex<Slot>,
    /// The open store's read connections (`None` while locked or failed).
    readers: Mutex<Option<Arc<Readers>>>,
    checks: Mutex<Checks>,
    /// Wakes the background work when a store is opened.
    opened: Condvar,
    /// The open left for after the window is up (`Slot::Opening`), until someone takes it to finish.
    pending: Mutex<Option<security::Update>>,
    /// Wakes whoever waits for that open ([`Shared::wait_for_data`]) when it is done.
    finished: Condvar,
    /// `true` until the open at start has put its store, lock or error in the slot (`starting.rs`):
    /// the slot, the read connections, the checks and the pending open are only used after it.
    starting: Mutex<bool>,
    /// Wakes whoever waits for the open at start when it is done.
    started: Condvar,
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

/// A long job's reads on a read connection, its writes on the writer (`store::Access`).
impl desk_core::store::Access for Shared {
    fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.with_read(|store| f(store))
    }
    fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.with(f)
    }
}

/// The read connections of the store in `slot`, if it is open on a file.
fn readers_of(slot: &Slot) -> Option<Arc<Readers>> {
    match slot {
        Slot::Open(store) => store.readers().map(Arc::new),
        _ => None,
    }
}

impl AppState {
    /// Runs `f` on a blocking thread of the async runtime, never on the window's main thread; the
    /// command awaits it. (A panic is contained inside `f`'s store calls; one outside them is turned
    /// into `internal` here as well.)
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Shared) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let this = self.clone();
        tauri::async_runtime::spawn_blocking(move || contained(|| f(&this)))
            .await
            .unwrap_or_else(|e| Err(Error::Internal(format!("the command stopped: {e}"))))
    }

    /// [`Shared::with_conference`] off the main thread: a change (or a read that must see the writer).
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store, i64) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| s.with_conference(f)).await
    }

    /// [`Shared::with`] off the main thread: a change that is not tied to the current conference.
    pub async fn write_any<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| s.with(f)).await
    }

    /// [`Shared::with_read`] off the main thread.
    pub async fn read_any<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| s.with_read(f)).await
    }

    /// [`Shared::with_security`] off the main thread (unlocking derives a key: a quarter of a second).
    pub async fn security<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Place<'_>, &mut Option<Store>) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| s.with_security(f)).await
    }

    /// [`Shared::read_conference`] off the main thread: a read on a read connection.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Store, i64) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| s.read_conference(f)).await
    }

    /// Opens and checks the database at `db_path` when that needs no passphrase question (else it
    /// starts locked), keeping the error if that fails; the settings are read from and written to
    /// `settings_path`; "remember on this laptop" uses the system's keyring. The open runs on its own
    /// thread (`starting.rs`): this returns at once, and whatever uses the store waits for it.
    pub fn open(db_path: PathBuf, settings_path: Result<PathBuf>) -> Self {
        Self::open_with(db_path, settings_path, Box::new(SystemKeyring))
    }

    /// [`AppState::open`] with another keyring (tests: one in memory, or none).
    pub fn open_with(
        db_path: PathBuf,
        settings_path: Result<PathBuf>,
        keyring: Box<dyn KeyStore>,
    ) -> Self {
        let state = AppState(Arc::new(Shared {
            db_path,
            settings_path: settings_path.map_err(|e| e.payload()),
            keyring,
            private_dir: desk_core::data::private::location(),
            // Never seen as it is: the open at start replaces it before anything uses the slot.
            store: Mutex::new(Slot::Locked),
            readers: Mutex::new(None),
            checks: Mutex::new(Checks {
                opens: 0,
                checked: 0,
                health: Health::Checking,
            }),
            opened: Condvar::new(),
            pending: Mutex::new(None),
            finished: Condvar::new(),
            starting: Mutex::new(true),
            started: Condvar::new(),
        }));
        state.start();
        state
    }
}

impl Shared {
    /// `locked` while the app is locked (for commands that do not touch the store but must not act
    /// before the passphrase is given).
    pub fn refuse_when_locked(&self) -> Result<()> {
        match &*self.lock() {
            Slot::Locked => Err(Error::Locked),
            Slot::Opening => Err(Error::Updating),
            _ => Ok(()),
        }
    }

    /// Where things are, for the security operations.
    fn place(&self) -> Place<'_> {
        Place {
            db_path: &self.db_path,
            settings_path: self.settings_path.as_deref().ok(),
            keyring: &*self.keyring,
            private_dir: Some(&self.private_dir),
            check: Check::Later,
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
        if matches!(*guard, Slot::Opening) {
            return Err(Error::Updating);
        }
        let before = std::mem::replace(&mut *guard, Slot::Locked);
        let (mut store, failed) = match before {
            Slot::Open(store) => (Some(store), None),
            Slot::Locked | Slot::Opening => (None, None),
            Slot::Failed(payload) => (None, Some(payload)),
        };
        let place = self.place();
        let was_open = store.is_some();
        let result = contained(|| f(&place, &mut store));
        let now_open = store.is_some();
        *guard = match (store, failed) {
            (Some(store), _) => Slot::Open(store),
            (None, Some(payload)) => Slot::Failed(payload),
            (None, None) => Slot::Locked,
        };
        roll_back_leftovers(&mut guard);
        // Opened, closed, or re-keyed: the read connections follow the store.
        self.replace_readers(&guard, now_open && !was_open);
        result
    }

    /// Puts the read connections of the store in `slot` in place (dropping the old ones); `opened`:
    /// a store was just opened, to be checked. Called with the store's lock held (by the open at start
    /// too, which `checks` would wait for: so the mutex itself).
    fn replace_readers(&self, slot: &Slot, opened: bool) {
        *self.readers.lock().unwrap_or_else(PoisonError::into_inner) = readers_of(slot);
        if opened {
            let mut checks = self.checks.lock().unwrap_or_else(PoisonError::into_inner);
            checks.opens += 1;
            checks.health = Health::Checking;
            self.opened.notify_all();
        }
    }

    fn checks(&self) -> MutexGuard<'_, Checks> {
        self.wait_started();
        self.checks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// What the check of the open data file has found so far (a problem it found stays said after the
    /// store is closed for it); `locked`, or the open's error, when no store is open.
    pub fn health(&self) -> Result<Health> {
        let health = self.checks().health.clone();
        if self.current_readers().is_none() && !matches!(health, Health::Problem { .. }) {
            self.with(|_| Ok(()))?;
        }
        Ok(health)
    }

    /// Waits up to `timeout` for a store to be opened that has not been checked yet; answers whether
    /// one waits (for the background work).
    pub fn wait_for_open(&self, timeout: Duration) -> bool {
        let checks = self.checks();
        if checks.checked < checks.opens {
            return true;
        }
        let (checks, _) = self
            .opened
            .wait_timeout(checks, timeout)
            .unwrap_or_else(PoisonError::into_inner);
        checks.checked < checks.opens
    }

    /// Runs the integrity check of the open store if it has not been checked since it was opened
    /// (on a reader: saves go on meanwhile). A damaged file is then answered like a file that failed
    /// to open: every command gives the error, and the data screens offer recovery. Returns the
    /// health of the open store (`None`: none is open).
    pub fn check_pending(&self) -> Option<Health> {
        let open = {
            let checks = self.checks();
            if checks.checked == checks.opens {
                return Some(checks.health.clone()).filter(|_| self.current_readers().is_some());
            }
            checks.opens
        };
        let Some(readers) = self.current_readers() else {
            // Locked again before the check: nothing open to check (the next open is checked).
            self.checks().checked = open;
            return None;
        };
        let health = contained(|| Ok(desk_core::app::data::check_health_on(&readers)))
            .unwrap_or_else(|e| Health::Problem {
                message: e.to_string(),
            });
        let mut guard = self.lock();
        let mut checks = self.checks();
        if checks.opens != open {
            // Locked and opened again meanwhile: that open gets its own check.
            return None;
        }
        if let (Health::Problem { message }, Slot::Open(_)) = (&health, &*guard) {
            *guard = Slot::Failed(Error::Unreadable(message.clone()).payload());
            drop(checks);
            self.replace_readers(&guard, false);
            checks = self.checks();
        }
        checks.checked = open;
        checks.health = health.clone();
        Some(health)
    }

    fn current_readers(&self) -> Option<Arc<Readers>> {
        self.wait_started();
        self.readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Runs `f` on a read connection of the store (one snapshot; it cannot write), without waiting for
    /// the writer; while no store is open, the same errors as [`Shared::with`].
    pub fn with_read<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        match self.current_readers() {
            Some(readers) => contained(|| readers.with(f)),
            None => self.with(f),
        }
    }

    /// [`Shared::with_read`] with the current conference's id.
    pub fn read_conference<T>(&self, f: impl FnOnce(&mut Store, i64) -> Result<T>) -> Result<T> {
        self.with_read(|store| {
            let conference = desk_core::app::conferences::resolve(store, None)?.id;
            f(store, conference)
        })
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
        self.wait_started();
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
            Slot::Opening => Err(Error::Updating),
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
            Slot::Opening => return Err(Error::Updating),
            Slot::Failed(_) => {}
        }
        let said = contained(|| desk_core::app::data::recover(&self.db_path, source, key))?;
        *guard = match desk_core::data::open_store(&self.db_path, key) {
            Ok(store) => Slot::Open(store),
            Err(e) => Slot::Failed(e.payload()),
        };
        // Checked as it was opened (`Check::Now`): nothing left for the background check.
        self.replace_readers(&guard, false);
        guard.as_mut()?;
        let mut checks = self.checks();
        checks.checked = checks.opens;
        checks.health = Health::Ok;
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
