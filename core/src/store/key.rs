//! The passphrase that opens an encrypted data file, and telling an encrypted file from a plain one.
//!
//! The data file is encrypted page by page by SQLCipher, with SQLCipher's own key derivation (version 4
//! defaults: PBKDF2-HMAC-SHA512, 256,000 iterations, a random salt in the file's first 16 bytes, an
//! HMAC on every page). The key is given with `PRAGMA key` as the first statement on a connection.
//! A plain SQLite file starts with the 16 bytes "SQLite format 3\0"; an encrypted one starts with its
//! salt, so its header says which it is without any key.
//!
//! The passphrase is a secret: [`Passphrase`] wipes its memory when dropped, prints nothing in `Debug`,
//! and no error message ever includes it.

use std::io::Read;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The shortest passphrase a person may choose.
pub const MIN_CHARS: usize = 8;

/// The first 16 bytes of every plain SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A passphrase, wiped from memory when dropped; `Debug` shows nothing of it.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Wraps `text` (taken as is: spaces are part of a passphrase).
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(Zeroizing::new(text.into()))
    }

    /// The secret itself, for SQLCipher and the keyring only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Refuses a passphrase too short to choose for a file (`field` names it in the message); a
    /// passphrase that opens an existing file is never refused for its length.
    pub fn check_new(&self, field: &str) -> Result<()> {
        if self.0.chars().count() < MIN_CHARS {
            return Err(Error::invalid(
                field,
                format!("a passphrase needs at least {MIN_CHARS} characters"),
            ));
        }
        Ok(())
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// From the IPC's JSON string (the front end's field), straight into memory that is wiped.
impl<'de> serde::Deserialize<'de> for Passphrase {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(Passphrase::new)
    }
}

impl From<&str> for Passphrase {
    fn from(text: &str) -> Self {
        Passphrase::new(text)
    }
}

/// What is at a data file's path, by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Nothing there yet.
    Missing,
    /// A plain SQLite file, or a file that cannot be a database at all (empty, or not a whole number
    /// of pages): opening it says which.
    Plain,
    /// Not a plain SQLite file but shaped like a database (whole pages): encrypted, or damaged, which
    /// only its passphrase can tell.
    Encrypted,
}

/// Whether the file at `path` is missing, plain or encrypted, from its first 16 bytes.
pub fn file_state(path: &Path) -> Result<FileState> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(Error::io(format!("Could not read {}", path.display()))(e)),
    };
    if !file
        .metadata()
        .map_err(Error::io(format!("Could not look at {}", path.display())))?
        .is_file()
    {
        // A folder or a device: the open refuses it by name.
        return Ok(FileState::Plain);
    }
    let len = file
        .metadata()
        .map_err(Error::io(format!("Could not look at {}", path.display())))?
        .len();
    // Every SQLite (and SQLCipher) file is a whole number of pages of at least 512 bytes.
    if len < 512 || len % 512 != 0 {
        return Ok(FileState::Plain);
    }
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(Error::io(format!("Could not read {}", path.display())))?;
    Ok(if head.as_slice() == PLAIN_HEADER {
        FileState::Plain
    } else {
        FileState::Encrypted
    })
}

/// Gives `conn` its key: must come before anything reads the file.
pub(crate) fn apply(conn: &Connection, key: Option<&Passphrase>) -> Result<()> {
    if let Some(key) = key {
        // A wrong key is an error we report in our words; SQLCipher's own log line ("hmac check
        // failed") on standard error would only add noise to `desk`'s one-line message.
        conn.pragma_update(None, "cipher_log_level", "NONE")?;
        conn.pragma_update(None, "key", key.expose())?;
    }
    Ok(())
}

/// The error for an encrypted file opened without a passphrase.
pub(crate) fn needed(display: &str) -> Error {
    Error::PassphraseNeeded(format!(
        "{display} is not a plain SQLite file: it is encrypted and needs its passphrase (or it is \
         not a Delegation Desk data file). It was left untouched."
    ))
}

/// The error for a passphrase that does not open the file.
pub(crate) fn wrong(display: &str) -> Error {
    Error::WrongPassphrase(format!(
        "The passphrase does not open {display} (or the file is damaged). Nothing was changed."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_prints_nothing_of_itself() {
        let p = Passphrase::new("correct horse battery");
        assert_eq!(format!("{p:?}"), "Passphrase(…)", "Debug hides the secret");
        assert_eq!(p.expose(), "correct horse battery");
    }

    #[test]
    fn a_new_passphrase_shorter_than_eight_characters_is_refused() {
        let err = Passphrase::new("1234567")
            .check_new("passphrase")
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Invalid, "{err}");
        assert!(
            !err.to_string().contains("1234567"),
            "never in a message: {err}"
        );
        assert!(
            Passphrase::new("ÆØÅæøå12").check_new("passphrase").is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn the_header_tells_missing_plain_and_encrypted_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.sqlite3");
        assert_eq!(file_state(&path).unwrap(), FileState::Missing);
        let mut page = b"SQLite format 3\0".to_vec();
        page.resize(4096, 0);
        std::fs::write(&path, &page).unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Plain);
        std::fs::write(&path, [7u8; 4096]).unwrap();
        assert_eq!(file_state(&path).unwrap(), FileState::Encrypted);
        std::fs::write(&path, [7u8; 2400]).unwrap();
        assert_eq!(
            file_state(&path).unwrap(),
            FileState::Plain,
            "not whole pages: not a database at all, said so when opened plain"
        );
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            file_state(&path).unwrap(),
            FileState::Plain,
            "empty: refused at open"
        );
    }
}
