//! The private folder: the one place a pack is written out in plain, so that the system's PDF viewer can
//! open it. It is the user's own (mode 0700, checked to be owned by the user and not a link, so another
//! account cannot read it or slip a link in its place), every file in it is 0600, and it is emptied when
//! the app locks and when it exits ([`clear`]): a copy to read, never a copy to keep.
//!
//! Where: `$XDG_RUNTIME_DIR/delegation-desk/` when `XDG_RUNTIME_DIR` is set (a tmpfs of the user's own on
//! Linux, gone at log-out), else `delegation-desk-<uid>` in the system's temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The folder's name inside `$XDG_RUNTIME_DIR`.
pub const RUNTIME_NAME: &str = "delegation-desk";

/// Where the private folder is for this user (not created): see the module's documentation.
pub fn location() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir).join(RUNTIME_NAME),
        _ => std::env::temp_dir().join(format!("{RUNTIME_NAME}-{}", user_tag())),
    }
}

#[cfg(unix)]
fn user_tag() -> String {
    rustix::process::getuid().as_raw().to_string()
}

#[cfg(not(unix))]
fn user_tag() -> String {
    std::env::var("USERNAME")
        .ok()
        .and_then(|u| super::files::name_part(&u, 40))
        .unwrap_or_else(|| "user".into())
}

/// Creates the folder at `dir` (mode 0700) if it is missing, and checks it: a real folder (not a
/// link), owned by this user; a mode looser than 0700 is tightened. Anything else is refused by name.
pub fn prepare(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(dir)?,
        Err(e) => return Err(Error::io(format!("Could not look at {}", dir.display()))(e)),
        Ok(_) => {}
    }
    check(dir)
}

#[cfg(unix)]
fn create(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if let Some(parent) = dir.parent() {
        std::fs::create_dir_all(parent)
            .map_err(Error::io(format!("Could not create {}", parent.display())))?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        // Made meanwhile (by this app in another thread): checked next like any other.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map_err(Error::io(format!("Could not create {}", dir.display()))),
    }
}

#[cfg(not(unix))]
fn create(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(Error::io(format!("Could not create {}", dir.display())))
}

#[cfg(unix)]
fn check(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = std::fs::symlink_metadata(dir)
        .map_err(Error::io(format!("Could not look at {}", dir.display())))?;
    let refuse = |why: &str| {
        Err(Error::Invalid(format!(
            "{} {why}, so no pack is written there. Remove it, and try again.",
            dir.display()
        )))
    };
    if meta.file_type().is_symlink() {
        return refuse("is a link, not the app's own private folder");
    }
    if !meta.is_dir() {
        return refuse("is not a folder");
    }
    if meta.uid() != rustix::process::getuid().as_raw() {
        return refuse("belongs to another user");
    }
    if meta.mode() & 0o777 != 0o700 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(
            Error::io(format!("Could not make {} private", dir.display())),
        )?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn check(dir: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(dir)
        .map_err(Error::io(format!("Could not look at {}", dir.display())))?;
    if meta.file_type().is_symlink() || !meta.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is not a folder, so no pack is written there. Remove it, and try again.",
            dir.display()
        )));
    }
    Ok(())
}

/// Writes `bytes` as `file_name` in the private folder `dir` (prepared first), readable by this user
/// only (0600 from the moment it exists), whole or not at all; returns its path.
pub fn write(dir: &Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let plain = !file_name.is_empty()
        && !file_name.contains(['/', '\\', '\0'])
        && !file_name.starts_with('.');
    if !plain {
        return Err(Error::invalid(
            "file_name",
            format!("\"{file_name}\" is not a plain file name"),
        ));
    }
    prepare(dir)?;
    let path = dir.join(file_name);
    let temp = dir.join(format!(".{file_name}.{}.tmp", uuid::Uuid::new_v4()));
    let io = |source| Error::io(format!("Could not write {}", path.display()))(source);
    let written = private_file(&temp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, &path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(path)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Removes every file in the private folder `dir` (a missing folder has none); returns how many.
/// Files that cannot be removed are named in the error, after the others are gone.
pub fn clear_in(dir: &Path) -> Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(format!("Could not read {}", dir.display()))(e)),
    };
    let mut removed = 0;
    let mut failed = Vec::new();
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let gone = if is_dir {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        match gone {
            Ok(()) => removed += 1,
            Err(e) => failed.push(format!("{} ({e})", path.display())),
        }
    }
    if failed.is_empty() {
        Ok(removed)
    } else {
        Err(Error::Invalid(format!(
            "Could not remove from the private folder: {}",
            failed.join("; ")
        )))
    }
}

/// Empties this user's private folder ([`location`]): called when the app locks and when it exits.
pub fn clear() -> Result<usize> {
    clear_in(&location())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_pack_written_out_is_readable_by_its_user_only_and_cleared_with_the_folder_s_files() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("run").join(RUNTIME_NAME);
        let path = write(&dir, "briefing-pack-v1.pdf", b"%PDF-1.7 x").unwrap();
        assert_eq!(path, dir.join("briefing-pack-v1.pdf"));
        assert_eq!(mode(&dir), 0o700, "the folder is the user's only");
        assert_eq!(mode(&path), 0o600, "the file is the user's only");
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 x");
        write(&dir, "briefing-pack-v2.pdf", b"%PDF-1.7 y").unwrap();
        assert_eq!(clear_in(&dir).unwrap(), 2, "both files removed");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "the private folder is empty"
        );
        assert_eq!(clear_in(&base.path().join("missing")).unwrap(), 0);
    }

    #[test]
    fn a_loose_private_folder_is_tightened_and_a_link_in_its_place_is_refused() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join(RUNTIME_NAME);
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        write(&dir, "a.pdf", b"%PDF-").unwrap();
        assert_eq!(mode(&dir), 0o700, "tightened to 0700");

        let elsewhere = base.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = base.path().join("linked");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let err = write(&link, "a.pdf", b"%PDF-").unwrap_err().to_string();
        assert!(err.contains("is a link"), "{err}");
        assert_eq!(
            std::fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written through the link"
        );
    }

    #[test]
    fn a_file_name_with_a_folder_in_it_is_refused() {
        let base = tempfile::tempdir().unwrap();
        for name in ["../x.pdf", ".hidden", "", "a/b.pdf"] {
            assert!(write(base.path(), name, b"x").is_err(), "{name:?}");
        }
    }

    #[test]
    fn the_folder_is_in_the_runtime_directory_when_there_is_one_else_named_for_the_user() {
        let here = location();
        match std::env::var_os("XDG_RUNTIME_DIR") {
            Some(d) if Path::new(&d).is_absolute() => {
                assert_eq!(here, Path::new(&d).join(RUNTIME_NAME))
            }
            _ => assert_eq!(
                here,
                std::env::temp_dir().join(format!(
                    "delegation-desk-{}",
                    rustix::process::getuid().as_raw()
                ))
            ),
        }
    }
}
