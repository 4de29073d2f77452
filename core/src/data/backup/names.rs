//! The backups folder's file names. A name says what kind of backup a file is and when it was taken
//! (`desk-20260430T101500Z-001.sqlite3`, `before-restore-...`, `before-migration-v3-...`), so that the
//! list, the rotation and the refusals need no database. A file whose name does not parse is not ours
//! to list or delete.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use super::BackupFile;
use crate::{Error, Result};

const REGULAR: &str = "desk-";
const BEFORE_RESTORE: &str = "before-restore-";
const BEFORE_MIGRATION: &str = "before-migration-v";
const SUFFIX: &str = ".sqlite3";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// Why a backup was taken, which decides whether rotation may remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// At start, hourly while the data changes, or on request: rotated (see `retention.rs`).
    Regular,
    /// The data as it was before a restore replaced it: never rotated away.
    BeforeRestore,
    /// The data as it was before a migration to a newer schema: never rotated away.
    BeforeMigration,
}

/// What a backup's name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub kind: Kind,
    pub taken_at: DateTime<Utc>,
    pub counter: u32,
}

/// Reads a backup's file name; `None` for any other file.
pub(crate) fn parse(name: &str) -> Option<Parsed> {
    let rest = name.strip_suffix(SUFFIX)?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix(REGULAR) {
        (Kind::Regular, r)
    } else if let Some(r) = rest.strip_prefix(BEFORE_RESTORE) {
        (Kind::BeforeRestore, r)
    } else {
        let r = rest.strip_prefix(BEFORE_MIGRATION)?;
        let (version, r) = r.split_once('-')?;
        version.parse::<u32>().ok()?;
        (Kind::BeforeMigration, r)
    };
    let (stamp, counter) = rest.split_once('-')?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let counter = counter.parse::<u32>().ok()?;
    Some(Parsed {
        kind,
        taken_at,
        counter,
    })
}

/// The prefix of a new backup's name of this kind (`version`: the schema version before a migration).
pub(crate) fn prefix(kind: Kind, version: i64) -> String {
    match kind {
        Kind::Regular => REGULAR.to_string(),
        Kind::BeforeRestore => BEFORE_RESTORE.to_string(),
        Kind::BeforeMigration => format!("{BEFORE_MIGRATION}{version}-"),
    }
}

/// A new backup's path in `dir`: the prefix, the time, and a counter that keeps several backups of one
/// second in order (continuing from the highest of that second, even if older ones were pruned).
pub(crate) fn next_path(dir: &Path, prefix: &str, now: DateTime<Utc>) -> Result<PathBuf> {
    let same_second = format!("{prefix}{}-", now.format(STAMP));
    let n = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_prefix(&same_second)?
                        .strip_suffix(SUFFIX)?
                        .parse::<u32>()
                        .ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        .saturating_add(1);
    Ok(dir.join(format!("{same_second}{n:03}{SUFFIX}")))
}

/// The backups in `dir`, of every kind, newest first.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("Could not read {}", dir.display()))(e)),
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(parsed) = parse(&file_name) else {
            continue;
        };
        let size_bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files.push((
            parsed,
            BackupFile {
                path: entry.path().display().to_string(),
                file_name,
                size_bytes,
                kind: parsed.kind,
                taken_at: parsed.taken_at.to_rfc3339(),
            },
        ));
    }
    files.sort_by(|(a, fa), (b, fb)| {
        (b.taken_at, b.counter, &fb.file_name).cmp(&(a.taken_at, a.counter, &fa.file_name))
    });
    Ok(files.into_iter().map(|(_, f)| f).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_name_says_its_kind_and_time_and_other_names_are_not_backups() {
        let p = parse("before-migration-v3-20260430T101500Z-002.sqlite3").unwrap();
        assert_eq!(p.kind, Kind::BeforeMigration);
        assert_eq!(p.taken_at.to_rfc3339(), "2026-04-30T10:15:00+00:00");
        assert_eq!(p.counter, 2);
        assert_eq!(
            parse("before-restore-20260430T101500Z-001.sqlite3").map(|p| p.kind),
            Some(Kind::BeforeRestore)
        );
        assert_eq!(
            parse("desk-20260430T101500Z-001.sqlite3").map(|p| p.kind),
            Some(Kind::Regular)
        );
        for other in [
            "desk-my-own-copy.sqlite3",
            "desk-20260430T101500Z-001.sqlite3.partial",
            ".desk-20260430T101500Z-001.sqlite3.x.tmp",
            "before-migration-vX-20260430T101500Z-001.sqlite3",
            "desk-20261340T101500Z-001.sqlite3",
            "déšk-20260430T101500Z-001.sqlite3",
        ] {
            assert_eq!(parse(other), None, "{other} is not a backup's name");
        }
    }
}
