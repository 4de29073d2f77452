//! The shell's one piece of state: the store, opened at start-up. If the data file cannot be opened
//! (a newer version wrote it, it is damaged), the window still opens and every command answers with that
//! error, so the person sees what happened, and the data commands can recover from a backup.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use desk_core::{Error, ErrorPayload, Result, Store};

/// The database the app works on, or why it could not be opened.
pub struct AppState {
    db_path: PathBuf,
    store: Mutex<std::result::Result<Store, ErrorPayload>>,
}

fn open_checked(db_path: &Path) -> std::result::Result<Store, ErrorPayload> {
    // `Store::open` checks before it writes: header, schema, SQLite's quick check, a backup before a
    // migration, and only then WAL and the migration.
    Store::open(db_path).map_err(|e| e.payload())
}

impl AppState {
    /// Opens and checks the database at `db_path`, keeping the error if that fails.
    pub fn open(db_path: PathBuf) -> Self {
        let store = open_checked(&db_path);
        AppState {
            db_path,
            store: Mutex::new(store),
        }
    }

    /// Where the data file is.
    pub fn db_path(&self) -> &PathBuf {
        &self.db_path
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, std::result::Result<Store, ErrorPayload>>> {
        self.store
            .lock()
            .map_err(|_| Error::Internal("a previous command panicked".into()))
    }

    /// Runs `f` on the store; the error of a failed open is repeated on each call.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        match self.lock()?.as_mut() {
            Ok(store) => f(store),
            Err(payload) => Err(Error::Repeated(payload.clone())),
        }
    }

    /// Runs `f` with the data file's path and the store or the reason it could not be opened.
    pub fn with_either<T>(
        &self,
        f: impl FnOnce(&Path, std::result::Result<&mut Store, &ErrorPayload>) -> Result<T>,
    ) -> Result<T> {
        let mut guard = self.lock()?;
        f(&self.db_path, guard.as_mut().map_err(|e| &*e))
    }

    /// Recovers a data file that could not be opened from `source`, then opens the recovered file.
    pub fn recover(&self, source: &str) -> Result<String> {
        let mut guard = self.lock()?;
        if guard.is_ok() {
            return Err(Error::Invalid(
                "The data file is fine: use Restore from a copy instead.".into(),
            ));
        }
        let said = desk_core::app::data::recover(&self.db_path, source)?;
        *guard = open_checked(&self.db_path);
        guard.as_ref().map_err(|p| Error::Repeated(p.clone()))?;
        Ok(said)
    }
}
