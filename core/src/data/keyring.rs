//! "Remember on this laptop": the passphrase kept in the system's keyring (the Secret Service on Linux,
//! through the `keyring` crate's pure-Rust D-Bus client; the Keychain and the Credential Manager
//! elsewhere), under the app's identifier and the data file's path, so one laptop can remember the
//! key of each data file it opens. A laptop without a keyring (no Secret Service running, a locked
//! collection, a headless session) is not an error: nothing is remembered, and the app asks.
//!
//! The front ends choose the keyring: the app the system's ([`SystemKeyring`]); tests a
//! [`MemoryKeyring`] or [`NoKeyring`], so that no test depends on a running Secret Service.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use crate::store::Passphrase;

/// Where remembered passphrases are kept.
pub trait KeyStore: Send + Sync {
    /// The passphrase remembered for the data file at `db_path`, if any (an absent keyring: none).
    fn get(&self, db_path: &Path) -> Option<Passphrase>;
    /// Remembers `key` for the data file at `db_path`; `false` when there is no keyring to keep it.
    fn set(&self, db_path: &Path, key: &Passphrase) -> bool;
    /// Forgets the passphrase remembered for `db_path`, if any.
    fn forget(&self, db_path: &Path);
}

/// The name of a data file's entry: its absolute path (the file's own, links resolved when it exists).
fn account(db_path: &Path) -> String {
    db_path
        .canonicalize()
        .unwrap_or_else(|_| db_path.to_path_buf())
        .display()
        .to_string()
}

/// The system's keyring.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemKeyring;

impl SystemKeyring {
    fn entry(db_path: &Path) -> Option<keyring::Entry> {
        keyring::Entry::new(super::paths::IDENTIFIER, &account(db_path)).ok()
    }
}

impl KeyStore for SystemKeyring {
    fn get(&self, db_path: &Path) -> Option<Passphrase> {
        Self::entry(db_path)?
            .get_password()
            .ok()
            .map(Passphrase::new)
    }

    fn set(&self, db_path: &Path, key: &Passphrase) -> bool {
        Self::entry(db_path).is_some_and(|e| e.set_password(key.expose()).is_ok())
    }

    fn forget(&self, db_path: &Path) {
        if let Some(e) = Self::entry(db_path) {
            let _ = e.delete_credential();
        }
    }
}

/// No keyring: nothing is remembered (a laptop without one, and tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoKeyring;

impl KeyStore for NoKeyring {
    fn get(&self, _: &Path) -> Option<Passphrase> {
        None
    }

    fn set(&self, _: &Path, _: &Passphrase) -> bool {
        false
    }

    fn forget(&self, _: &Path) {}
}

/// A keyring in memory, for tests of what is remembered (it forgets everything when dropped).
#[derive(Debug, Default)]
pub struct MemoryKeyring {
    keys: Mutex<HashMap<String, Passphrase>>,
}

impl KeyStore for MemoryKeyring {
    fn get(&self, db_path: &Path) -> Option<Passphrase> {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.get(&account(db_path)).cloned()
    }

    fn set(&self, db_path: &Path, key: &Passphrase) -> bool {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.insert(account(db_path), key.clone());
        true
    }

    fn forget(&self, db_path: &Path) {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.remove(&account(db_path));
    }
}
