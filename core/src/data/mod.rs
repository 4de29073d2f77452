//! The person's data on disk, around the store: where the files live ([`paths`]), the preferences
//! ([`settings`]), copies of the data file ([`backup`]), writing a file whole or not at all ([`files`]),
//! and opening the data file with a backup kept before a migration ([`open_store`]). Generated briefing
//! packs are kept in the data file ([`packs`]); the one copy of a pack that is written out to be opened
//! goes to a private folder, emptied on lock and exit ([`private`]).

pub mod backup;
pub mod encryption;
pub mod files;
pub mod keyring;
pub mod modes;
pub mod packs;
pub mod paths;
pub mod private;
pub mod settings;

#[cfg(test)]
mod encryption_tests;
#[cfg(test)]
mod open_tests;

use std::path::Path;

use crate::store::{Check, Opening, Passphrase, Step};
use crate::{Result, Store};

pub use crate::store::{file_state, FileState};

/// Opens (creating if needed) the data file at `path` with `key` (`PRAGMA key` first: a new file is
/// created encrypted when a key is given; a plain file opens without one; an encrypted file without
/// its key is refused `passphrase_needed`, with a wrong one `wrong_passphrase`, its bytes untouched):
/// checked read-only first; if a migration is
/// pending, a backup is kept (`backups/before-migration-vN-...`, never rotated away) before anything is
/// written; then configured and migrated. A file that is not sound Delegation Desk data is refused
/// untouched. Packs an earlier version left in a `packs` folder beside it are then moved into it
/// ([`packs::move_in_old_folder`]; a file that cannot be moved stays for the next open). The one way
/// the app and `desk` open a person's data file.
pub fn open_store(path: &Path, key: Option<&Passphrase>) -> Result<Store> {
    open_store_checking(path, key, Check::Now)
}

/// [`open_store`] with the integrity check of a file that needs no migration left to the caller
/// (`Check::Later`: the app runs [`Store::check_integrity`] on a reader once its window is up, and
/// takes the start backup only if the file is sound).
pub fn open_store_checking(path: &Path, key: Option<&Passphrase>, check: Check) -> Result<Store> {
    finish_open(Store::begin(path, key)?, check)
}

/// The rest of [`open_store_checking`] after [`Store::begin`] (which the app runs at start, to leave
/// an open that migrates to after its window is up): the checks, the backup before a migration, the
/// migration, the file's mode and the packs of an old folder.
pub fn finish_open(opening: Opening, check: Check) -> Result<Store> {
    finish_open_reporting(opening, check, |_| {})
}

/// [`finish_open`], telling `progress` each step of a migration's open as it starts.
pub fn finish_open_reporting(
    opening: Opening,
    check: Check,
    progress: impl FnMut(Step),
) -> Result<Store> {
    let path = opening.path().to_path_buf();
    let key = opening.key().cloned();
    let mut store = opening.finish(check, progress, |probe, version| {
        backup::keep_before_migration(probe, &path, version, key.as_ref()).map(drop)
    })?;
    modes::restrict(&path)?;
    packs::move_in_old_folder(&mut store, &path);
    Ok(store)
}
