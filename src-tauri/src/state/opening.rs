//! The open of an older version's data file, after the window is up. At start the app only read the
//! file's schema version (`security::begin`); the store is `Opening` and every command answers
//! `updating` at once (none waits for the store's lock, which the open does not hold). The page shows
//! that the data file is being updated and asks `wait_for_data`, which runs the open on its blocking
//! thread (SQLite's check of the whole file, the backup before the migration, the migration) and
//! answers the status once it is done; if the page does not ask, the background work runs it
//! ([`Shared::settle_opening`]). The open always ends: in a store, the lock (a remembered passphrase's
//! open failed) or the error the recovery view shows.

use std::io::Write;
use std::sync::PoisonError;
use std::time::Duration;

use desk_core::app::data::Health;
use desk_core::app::security::{self, SecurityStatus};
use desk_core::store::Step;
use desk_core::{Result, Store};

use super::{contained, Shared, Slot};

/// The slot for what an open at start gave.
fn slot_of(opened: Result<Option<Store>>) -> Slot {
    match opened {
        Ok(Some(store)) => Slot::Open(store),
        Ok(None) => Slot::Locked,
        Err(e) => Slot::Failed(e.payload()),
    }
}

impl Shared {
    /// Where things stand (`security_status`): `updating` while the data file is opened after the
    /// window came up.
    pub fn security_status(&self) -> Result<SecurityStatus> {
        {
            let guard = self.lock();
            if matches!(*guard, Slot::Opening) {
                return contained(|| security::status_while_updating(&self.place()));
            }
        }
        // The slot never goes back to opening: the answer below is the open's.
        self.with_security(|place, slot| security::status(place, slot.as_ref()))
    }

    /// Whether the data file is being opened after the window came up.
    pub fn is_opening(&self) -> bool {
        matches!(*self.lock(), Slot::Opening)
    }

    /// Finishes the open left for after the window is up, if it is still to do (the file checked,
    /// backed up and migrated, on this thread, without holding the store's lock: every other command
    /// answers `updating` meanwhile rather than waiting), then puts the store, the lock or the error
    /// in the slot and wakes whoever waits; `progress` hears each step as it starts. Answers whether
    /// this call did it (one caller does).
    pub fn finish_opening(&self, progress: impl FnMut(Step)) -> bool {
        self.wait_started();
        let Some(update) = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        else {
            return false;
        };
        let from = update.from_version();
        let started = std::time::Instant::now();
        let opened = contained(|| update.finish(&self.place(), progress));
        let said = match &opened {
            Ok(Some(_)) => format!(
                "the data file was updated from schema version {from} to {} in {} ms",
                desk_core::store::LATEST_VERSION,
                started.elapsed().as_millis()
            ),
            Ok(None) => "the data file was not updated: it stays locked".to_string(),
            Err(e) => format!("the data file could not be updated: {e}"),
        };
        // Not `eprintln!`, which panics when standard error is gone (a launch from the desktop).
        let _ = writeln!(std::io::stderr(), "Delegation Desk: {said}");
        let mut guard = self.lock();
        *guard = slot_of(opened);
        // Checked whole before its migration: nothing left for the background check but the backup.
        self.replace_readers(&guard, false);
        if matches!(*guard, Slot::Open(_)) {
            let mut checks = self.checks();
            checks.opens += 1;
            checks.checked = checks.opens;
            checks.health = Health::Ok;
            self.opened.notify_all();
        }
        self.finished.notify_all();
        true
    }

    /// Waits until the data file is no longer being opened (finishing the open here if nothing else
    /// has started it), then answers where things stand (`wait_for_data`). At once when it is not
    /// being opened. `progress` hears the steps of the open if this call runs it (else the waiter
    /// hears none).
    pub fn wait_for_data(&self, progress: impl FnMut(Step)) -> Result<SecurityStatus> {
        self.finish_opening(progress);
        self.wait_while_opening(None);
        self.security_status()
    }

    /// For the background work: gives the page `grace` to start the open left for after the window
    /// is up (it does, with `wait_for_data`, once it says so), finishes it here if the page has not,
    /// and waits until it is done.
    pub fn settle_opening(&self, grace: Duration) {
        if !self.wait_while_opening(Some(grace)) {
            self.finish_opening(|_| {});
            self.wait_while_opening(None);
        }
    }

    /// Waits while the data file is being opened, at most `timeout` (`None`: until it is done; the
    /// open always ends, in a store, the lock or an error). Answers whether it is done.
    fn wait_while_opening(&self, timeout: Option<Duration>) -> bool {
        let guard = self.lock();
        let opening = |slot: &mut Slot| matches!(slot, Slot::Opening);
        let guard = match timeout {
            None => self
                .finished
                .wait_while(guard, opening)
                .unwrap_or_else(PoisonError::into_inner),
            Some(timeout) => {
                self.finished
                    .wait_timeout_while(guard, timeout, opening)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
        };
        !matches!(*guard, Slot::Opening)
    }
}
