//! Turning a plain data file into an encrypted one and back, without ever leaving the person without a
//! whole, checked file. SQLCipher cannot encrypt a file in place, so the content is exported
//! (`sqlcipher_export`) into a new file beside it, which is then checked like any file we open (our
//! schema, `quick_check`) and compared table by table with the original (every row's fingerprint);
//! only then is it renamed over the original, whose old bytes are overwritten before they are let go.
//! A crash at any step leaves the original or the new file, never neither.
//!
//! The source is attached read-only to a private in-memory connection, so exporting never writes to
//! it. The backups beside an upgraded file are encrypted the same way (a plain backup would keep what
//! the encryption is meant to hide).

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::data::backup;
use crate::store::{file_state, FileState, Passphrase};
use crate::{Error, Result};

/// What encrypting a data file did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Converted {
    /// Backups (and set-aside files) converted with it.
    pub backups: usize,
    /// Plain files beside it that could not be read, so were left as they are (named).
    pub left_plain: Vec<String>,
}

/// A `file:` URI for `path` (percent-encoded), read-only.
fn read_only_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out.push_str("?mode=ro");
    out
}

/// Exports the database at `source` (read with `source_key`, `None`: plain) into the new file `dest`,
/// encrypted with `dest_key` (`None`: plain), keeping its schema version.
pub(crate) fn export(
    source: &Path,
    source_key: Option<&Passphrase>,
    dest: &Path,
    dest_key: Option<&Passphrase>,
) -> Result<()> {
    let display = source.display().to_string();
    // Checked before anything is copied: ours, sound, with the key that opens it.
    let (probe, version) = crate::store::verified(source, &display, source_key)?;
    drop(probe);
    // Not SQLITE_OPEN_MEMORY: attached files would inherit it and stay in memory.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(":memory:", flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let source_secret = source_key.map_or("", Passphrase::expose);
    conn.execute(
        "ATTACH DATABASE ?1 AS source KEY ?2",
        (read_only_uri(source), source_secret),
    )?;
    let dest_secret = dest_key.map_or("", Passphrase::expose);
    conn.execute(
        "ATTACH DATABASE ?1 AS dest KEY ?2",
        (dest.to_string_lossy().as_ref(), dest_secret),
    )?;
    conn.query_row("SELECT sqlcipher_export('dest', 'source')", [], |_| Ok(()))?;
    // sqlcipher_export copies the content, not the header's schema version.
    conn.pragma_update(Some("dest"), "user_version", version)?;
    conn.execute("DETACH DATABASE dest", [])?;
    conn.execute("DETACH DATABASE source", [])?;
    conn.close().map_err(|(_, e)| Error::Database(e))
}

/// A fingerprint of every table's rows (`backup::mark`), read with `key`.
fn fingerprint(path: &Path, key: Option<&Passphrase>) -> Result<String> {
    backup::mark_of_file(path, key)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Rewrites the file at `path` (read with `from`) as a new file with `to`, checked, then put in its
/// place; the old bytes are overwritten with zeros before they are let go (best effort: a file
/// system may keep copies elsewhere).
fn convert(path: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<()> {
    let display = path.display().to_string();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{display} is not a file name")))?;
    // The key first (a wrong one is `wrong_passphrase`, nothing touched); then everything in the WAL
    // into the file, so the file alone is the whole data.
    drop(crate::store::verified(path, &display, from)?);
    checkpoint(path, from)?;
    let before = fingerprint(path, from)?;
    let temp = dir.join(format!(".{name}.{}.converting", uuid::Uuid::new_v4()));
    let done = (|| -> Result<()> {
        export(path, from, &temp, to)?;
        crate::store::verified(&temp, &temp.display().to_string(), to)?;
        let after = fingerprint(&temp, to)?;
        if after != before {
            return Err(Error::Internal(format!(
                "the converted copy of {display} does not hold the same rows; the original was kept"
            )));
        }
        super::modes::restrict_file(&temp)?;
        replace(path, &temp, &name, dir)
    })();
    let _ = std::fs::remove_file(&temp);
    done
}

/// Folds the WAL of the file at `path` into it and truncates it (a plain file's WAL would otherwise
/// outlive it, or be applied to its encrypted successor).
fn checkpoint(path: &Path, key: Option<&Passphrase>) -> Result<()> {
    if !sibling(path, "-wal").exists() {
        return Ok(());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::store::apply_key(&conn, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    crate::store::harden(&conn)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::NotADatabase && key.is_some() =>
        {
            crate::store::wrong_passphrase(&path.display().to_string())
        }
        other => Error::Database(other),
    })
    .and_then(|busy| {
        if busy != 0 {
            Err(Error::Invalid(format!(
                "{} is in use by another program (the app, or `desk`): close it and try again. \
                     Nothing was changed.",
                path.display()
            )))
        } else {
            Ok(())
        }
    })?;
    conn.close().map_err(|(_, e)| Error::Database(e))
}

/// Puts `temp` in place of `path`, the old file's bytes zeroed once they are no longer the data file.
fn replace(path: &Path, temp: &Path, name: &str, dir: &Path) -> Result<()> {
    let old = dir.join(format!(".{name}.{}.old", uuid::Uuid::new_v4()));
    let kept_old = std::fs::hard_link(path, &old).is_ok();
    std::fs::rename(temp, path)
        .map_err(Error::io(format!("Could not replace {}", path.display())))?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(path, side));
    }
    backup::sync_dir(path);
    if kept_old {
        overwrite_and_remove(&old);
    }
    Ok(())
}

/// Overwrites the file at `path` with zeros, then removes it (best effort).
fn overwrite_and_remove(path: &Path) {
    if let Ok(meta) = std::fs::metadata(path) {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(path) {
            let zeros = vec![0u8; 64 * 1024];
            let mut left = meta.len();
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                if f.write_all(&zeros[..n]).is_err() {
                    break;
                }
                left -= n as u64;
            }
            let _ = f.sync_all();
        }
    }
    let _ = std::fs::remove_file(path);
}

/// Encrypts the plain data file at `path` with `key` (it must not be open), and the plain backups and
/// set-aside files beside it. Refuses a file that is already encrypted.
pub fn encrypt_file(path: &Path, key: &Passphrase) -> Result<Converted> {
    key.check_new("passphrase")?;
    if file_state(path)? != FileState::Plain {
        return Err(Error::Invalid(format!(
            "{} is already encrypted (or missing): nothing to encrypt.",
            path.display()
        )));
    }
    convert(path, None, Some(key))?;
    Ok(encrypt_beside(path, key))
}

/// Encrypts, with `key`, the plain files kept beside the data file at `path`: its backups and the
/// damaged files set aside. One that cannot be read is left and named.
pub fn encrypt_beside(path: &Path, key: &Passphrase) -> Converted {
    let mut out = Converted::default();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(backup::backups_dir(path)) {
        candidates.extend(entries.flatten().map(|e| e.path()));
    }
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        let damaged = format!("{}.damaged-", name.to_string_lossy());
        if let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }) {
            candidates.extend(entries.flatten().map(|e| e.path()).filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with(&damaged) && !n.ends_with("-wal") && !n.ends_with("-shm")
                })
            }));
        }
    }
    for file in candidates {
        let hidden = file
            .file_name()
            .is_none_or(|n| n.to_string_lossy().starts_with('.'));
        if hidden || !file.is_file() || file_state(&file).ok() != Some(FileState::Plain) {
            continue;
        }
        match convert(&file, None, Some(key)) {
            Ok(()) => out.backups += 1,
            Err(_) => out.left_plain.push(file.display().to_string()),
        }
    }
    out
}

/// Decrypts the data file at `path` (it must not be open) with `key` into a plain file: "no
/// passphrase on this laptop". Backups stay encrypted with the key they were made with.
pub fn decrypt_file(path: &Path, key: &Passphrase) -> Result<()> {
    if file_state(path)? != FileState::Encrypted {
        return Err(Error::Invalid(format!(
            "{} is not encrypted: there is no passphrase to remove.",
            path.display()
        )));
    }
    convert(path, Some(key), None)
}
