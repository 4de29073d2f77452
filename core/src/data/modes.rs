//! Who else on the laptop may read the data: nobody. The data folder is 0700 and every file the app
//! writes is 0600 (the data file and SQLite's `-wal`/`-shm` beside it, backups, set-aside files, the
//! settings). Two means: both front ends set the process's umask to 077 at start ([`private_umask`]),
//! so whatever is created later is private; and at open, files and folders made by an older version
//! (with the default modes) are made private ([`restrict`]).
//!
//! The data file's folder is only made 0700 when it holds nothing but our files (the data file, its
//! companions, the backups): a data file put in a shared folder by `DESK_DB` must not lock others out
//! of that folder. Elsewhere than Unix these are no-ops.

use std::path::Path;

use crate::{Error, Result};

/// Makes everything the process creates from now on private to its user (umask 077).
pub fn private_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Error::io(format!("Could not look at {}", path.display()))(
                e,
            ))
        }
    };
    // A link is not followed: what it points to is not ours to change.
    if meta.file_type().is_symlink() || meta.permissions().mode() & 0o777 == mode {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(Error::io(
        format!("Could not make {} private (mode {mode:o})", path.display()),
    ))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> Result<()> {
    Ok(())
}

/// Makes the file at `path` readable and writable by its owner only (0600).
pub fn restrict_file(path: &Path) -> Result<()> {
    set_mode(path, 0o600)
}

/// Makes the folder at `path` usable by its owner only (0700).
pub fn restrict_dir(path: &Path) -> Result<()> {
    set_mode(path, 0o700)
}

/// Whether `name`, in the data file's folder, is one of ours for the data file called `db`.
fn is_ours(name: &str, db: &str) -> bool {
    name == super::backup::DIR_NAME || name.starts_with(db) || name.starts_with(&format!(".{db}"))
}

/// Makes the data file at `db_path`, its companions, the backups folder and what is in it, and the
/// damaged files set aside private; and the data file's folder when it holds only those.
pub fn restrict(db_path: &Path) -> Result<()> {
    let dir = db_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let db = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut only_ours = true;
    let entries = std::fs::read_dir(dir).map_err(Error::io(format!(
        "Could not read the data folder {}",
        dir.display()
    )))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_ours(&name, &db) {
            only_ours = false;
            continue;
        }
        let path = entry.path();
        if name == super::backup::DIR_NAME {
            restrict_dir(&path)?;
            if let Ok(files) = std::fs::read_dir(&path) {
                for file in files.flatten() {
                    if file.file_type().is_ok_and(|t| t.is_file()) {
                        restrict_file(&file.path())?;
                    }
                }
            }
        } else if entry.file_type().is_ok_and(|t| t.is_file()) {
            restrict_file(&path)?;
        }
    }
    if only_ours {
        restrict_dir(dir)?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_of_an_older_version_are_made_private_at_open() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let db = dir.join("desk.sqlite3");
        drop(crate::data::open_store(&db, None).unwrap());
        let backups = dir.join("backups");
        std::fs::create_dir_all(&backups).unwrap();
        std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o755)).unwrap();
        let old = backups.join("desk-20240101T000000Z.sqlite3");
        std::fs::write(&old, b"x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let store = crate::data::open_store(&db, None).unwrap();
        assert_eq!(mode(&dir), 0o700, "the data folder");
        assert_eq!(mode(&db), 0o600, "the data file");
        assert_eq!(mode(&backups), 0o700, "the backups folder");
        assert_eq!(mode(&old), 0o600, "an old backup");
        for side in ["-wal", "-shm"] {
            let p = dir.join(format!("desk.sqlite3{side}"));
            assert!(p.exists(), "{side} exists while open");
            assert_eq!(mode(&p), 0o600, "{side}");
        }
        drop(store);
    }

    #[test]
    fn a_shared_folder_holding_other_files_keeps_its_mode() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("shared");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(dir.join("someone-elses.txt"), b"x").unwrap();
        let db = dir.join("desk.sqlite3");
        drop(crate::data::open_store(&db, None).unwrap());
        assert_eq!(mode(&dir), 0o755, "not ours to close");
        assert_eq!(mode(&db), 0o600, "but the data file is private");
    }
}
