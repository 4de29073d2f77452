//! The data file's open at start, on its own thread. It needs nothing from the window, and it is not
//! always quick: milliseconds for a plain file, but for an encrypted one whose passphrase the keyring
//! remembers, a call to the keyring's own process and the key's derivation (about 180 ms,
//! docs/benchmarks.md "Launch"). `run` makes the state before it builds the window, so the open runs
//! while GTK and WebKit start, which takes a few hundred milliseconds before the page's first command.
//! Whatever uses the slot, the read connections, the checks or the pending open waits until it is done
//! ([`Shared::wait_started`]); at a launch that wait is rarely more than nothing.

use std::sync::PoisonError;

use desk_core::app::security::{self, Place, Start};
use desk_core::store::Check;

use super::{contained, AppState, Shared, Slot};

/// Opens the data file at start when neither a question nor a migration is needed
/// (`security::begin`: plain by choice, or a passphrase the keyring remembers); otherwise locked, or
/// opening: an older version's file is only looked at here (milliseconds), and its open (SQLite's
/// quick check of the whole file, a backup, the migration: seconds on a large file) is left to after
/// the window is up (`Shared::finish_opening`). The quick check of a file that needs no migration
/// also comes after the window is up (`Check::Later`, [`AppState::check_pending`]).
fn open_slot(place: &Place<'_>) -> (Slot, Option<security::Update>) {
    match security::begin(place) {
        Ok(Start::Open(store)) => (Slot::Open(store), None),
        Ok(Start::Ask) => (Slot::Locked, None),
        Ok(Start::Update(update)) => (Slot::Opening, Some(update)),
        Err(e) => (Slot::Failed(e.payload()), None),
    }
}

impl AppState {
    /// Starts the open at start on its own thread (on this one if no thread can be started).
    pub(super) fn start(&self) {
        let this = self.clone();
        let spawned = std::thread::Builder::new()
            .name("desk-open".into())
            .spawn(move || this.finish_start());
        if spawned.is_err() {
            self.finish_start();
        }
    }
}

impl Shared {
    /// The open at start: puts the store (and its read connections), the lock, the open left for
    /// after the window is up, or the error in place, then lets everyone waiting go on. A panic in the
    /// open is the error the window shows; the waiting always ends.
    fn finish_start(&self) {
        let place = Place {
            db_path: &self.db_path,
            settings_path: self.settings_path.as_deref().ok(),
            keyring: &*self.keyring,
            private_dir: None,
            check: Check::Later,
        };
        let (slot, pending) = contained(|| Ok(open_slot(&place)))
            .unwrap_or_else(|e| (Slot::Failed(e.payload()), None));
        {
            // The mutex itself: `lock` waits for this very open.
            let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
            *guard = slot;
            *self.pending.lock().unwrap_or_else(PoisonError::into_inner) = pending;
            // An open store is checked by the background work once the page is up.
            let opened = matches!(*guard, Slot::Open(_));
            self.replace_readers(&guard, opened);
        }
        *self.starting.lock().unwrap_or_else(PoisonError::into_inner) = false;
        self.started.notify_all();
    }

    /// Waits until the open at start is done (at once after it).
    pub(super) fn wait_started(&self) {
        let starting = self.starting.lock().unwrap_or_else(PoisonError::into_inner);
        drop(
            self.started
                .wait_while(starting, |starting| *starting)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}
