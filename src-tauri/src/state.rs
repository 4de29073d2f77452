//! The shell's one piece of state: the store, opened at start-up. If the data file cannot be opened
//! (a newer version wrote it, it is damaged), the window still opens and every command answers with that
//! error, so the person sees what happened instead of a crash.

use std::path::PathBuf;
use std::sync::Mutex;

use desk_core::{Error, ErrorPayload, Result, Store};

/// The database the app works on, or why it could not be opened.
pub struct AppState {
    db_path: PathBuf,
    store: Mutex<std::result::Result<Store, ErrorPayload>>,
}

impl AppState {
    /// Opens the database at `db_path`, keeping the error if that fails.
    pub fn open(db_path: PathBuf) -> Self {
        let store = Store::open(&db_path).map_err(|e| e.payload());
        AppState {
            db_path,
            store: Mutex::new(store),
        }
    }

    /// Where the data file is.
    pub fn db_path(&self) -> &PathBuf {
        &self.db_path
    }

    /// Runs `f` on the store; the error of a failed open is repeated on each call.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut guard = self
            .store
            .lock()
            .map_err(|_| Error::Internal("a previous command panicked".into()))?;
        match guard.as_mut() {
            Ok(store) => f(store),
            Err(payload) => Err(Error::Repeated(payload.clone())),
        }
    }
}
