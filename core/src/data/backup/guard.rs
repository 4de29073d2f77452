//! Refusals that keep a copy from destroying what it copies. Saving a copy onto the live data file (or
//! its `-wal`/`-shm`, or the same file through another path or a link) would replace the data with an
//! older state of itself mid-write; restoring from it would lose what was written since the copy was
//! read. Saving under a backup's name in the backups folder would overwrite a kept backup or be rotated
//! away. Files are compared by identity (device and inode on Unix), else by canonical path.

use std::path::{Path, PathBuf};

use super::names;
use crate::{Error, Result};

/// The path as the file system resolves it; for a file that does not exist yet, its folder resolved.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    dir.canonicalize().ok().map(|d| d.join(name))
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// Whether `a` and `b` name the same file (existing or not).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    same_inode(a, b) || matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

/// Whether `other` is the data file at `live` or one of SQLite's files beside it.
fn is_live(live: &Path, other: &Path) -> bool {
    let mut candidates = vec![live.to_path_buf()];
    for side in ["-wal", "-shm", "-journal"] {
        let mut name = live.as_os_str().to_owned();
        name.push(side);
        candidates.push(PathBuf::from(name));
    }
    candidates.iter().any(|c| same_file(c, other))
}

/// Refuses to save a copy onto the data file in use, its journal files, or a backup's name.
pub(crate) fn check_copy_target(live: Option<&Path>, dest: &Path) -> Result<()> {
    if let Some(live) = live {
        if is_live(live, dest) {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} is the data file in use (or SQLite's file beside it): a copy saved onto it \
                     would lose what was written since. Choose another file.",
                    dest.display()
                ),
            ));
        }
        let in_backups = dest
            .parent()
            .is_some_and(|d| same_file(d, &super::backups_dir(live)));
        let backup_name = dest
            .file_name()
            .is_some_and(|n| names::parse(&n.to_string_lossy()).is_some());
        if in_backups && backup_name {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} is named like an automatic backup in the backups folder: it could replace a \
                     kept backup or be rotated away. Choose another name or folder.",
                    dest.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses to restore from the data file in use (or its journal files).
pub(crate) fn check_restore_source(live: Option<&Path>, source: &Path) -> Result<()> {
    match live {
        Some(live) if is_live(live, source) => Err(Error::invalid(
            "path",
            format!(
                "{} is the data file in use: restoring from it would lose what was written since. \
                 Choose a copy or a backup.",
                source.display()
            ),
        )),
        _ => Ok(()),
    }
}
