//! Which regular backups are kept. A backup at every start and every hour of changes must not push the
//! states worth going back to out of the folder, so the rule keeps two things: the newest
//! [`KEEP`] backups, and the newest backup of each day of the last [`FLOOR_DAYS`] days and of each day of
//! every conference in the store (days in UTC, read from the backups' names). Backups taken before a
//! restore or a migration are never removed by rotation. An automatic backup of data that has not
//! changed since the newest backup is not taken at all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{NaiveDate, Utc};

use super::{change_mark, list, mark, names, write_copy, BackupFile, Kind};
use crate::{Error, Result, Store};

/// How many of the newest regular backups are always kept.
pub const KEEP: usize = 10;
/// For how many days back (today included) one backup a day is kept, whatever the conferences' dates.
pub const FLOOR_DAYS: u32 = 14;
/// A conference counts for at most this many days (a damaged date must not keep every backup).
const MAX_CONFERENCE_DAYS: u32 = 366;

/// What rotation keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// The newest this many regular backups.
    pub recent: usize,
    /// The newest regular backup of each of these days (UTC).
    pub days: BTreeSet<NaiveDate>,
}

impl Retention {
    /// The rule for `store` on `today`: [`KEEP`] recent, one a day for the last [`FLOOR_DAYS`] days and
    /// for every day of every conference in the store.
    pub fn for_store(store: &Store, today: NaiveDate) -> Result<Retention> {
        let mut days: BTreeSet<NaiveDate> = (0..FLOOR_DAYS)
            .filter_map(|back| today.checked_sub_days(chrono::Days::new(back.into())))
            .collect();
        let mut stmt = store
            .conn()
            .prepare("SELECT starts_on, ends_on FROM conference")?;
        let spans = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (starts, ends) in spans {
            // A conference whose dates do not read keeps nothing extra; it never stops a backup.
            let (Ok(first), Ok(last)) = (
                NaiveDate::parse_from_str(&starts, "%Y-%m-%d"),
                NaiveDate::parse_from_str(&ends, "%Y-%m-%d"),
            ) else {
                continue;
            };
            days.extend(
                first
                    .iter_days()
                    .take(MAX_CONFERENCE_DAYS as usize)
                    .take_while(|d| *d <= last),
            );
        }
        Ok(Retention { recent: KEEP, days })
    }
}

/// The regular backups of `backups` (newest first, as [`list`] gives them) that the rule does not keep.
pub(crate) fn doomed<'a>(backups: &'a [BackupFile], rule: &Retention) -> Vec<&'a BackupFile> {
    let regular: Vec<(&BackupFile, names::Parsed)> = backups
        .iter()
        .filter_map(|b| names::parse(&b.file_name).map(|p| (b, p)))
        .filter(|(_, p)| p.kind == Kind::Regular)
        .collect();
    let mut newest_of_day: BTreeMap<NaiveDate, &str> = BTreeMap::new();
    for (b, p) in &regular {
        // Newest first: the first one seen of a day is that day's newest.
        newest_of_day
            .entry(p.taken_at.date_naive())
            .or_insert(b.file_name.as_str());
    }
    regular
        .iter()
        .enumerate()
        .filter(|(i, (b, p))| {
            let recent = *i < rule.recent.max(1);
            let daily = rule.days.contains(&p.taken_at.date_naive())
                && newest_of_day.get(&p.taken_at.date_naive()) == Some(&b.file_name.as_str());
            !recent && !daily
        })
        .map(|(_, (b, _))| *b)
        .collect()
}

/// Takes a regular backup into `dir` now, then removes the regular backups `rule` does not keep.
pub fn rotate(store: &Store, dir: &Path, rule: &Retention) -> Result<BackupFile> {
    let taken = take(store.conn(), dir, Kind::Regular, 0, store.key())?;
    prune(dir, rule)?;
    Ok(taken)
}

/// Like [`rotate`], unless the data is the same as in the newest backup: then nothing is taken (`None`).
pub fn rotate_if_changed(
    store: &Store,
    dir: &Path,
    rule: &Retention,
) -> Result<Option<BackupFile>> {
    if let Some(newest) = list(dir)?.first() {
        // A newest backup that does not read is no reason to skip one.
        let same = mark::of_file(Path::new(&newest.path), store.key())
            .ok()
            .is_some_and(|m| change_mark(store).is_ok_and(|now| now == m));
        if same {
            return Ok(None);
        }
    }
    rotate(store, dir, rule).map(Some)
}

/// Removes the regular backups `rule` does not keep, and leftovers of copies a crash interrupted.
pub fn prune(dir: &Path, rule: &Retention) -> Result<()> {
    for old in doomed(&list(dir)?, rule) {
        std::fs::remove_file(&old.path).map_err(Error::io(format!(
            "Could not remove the old backup {}",
            old.path
        )))?;
    }
    remove_stale_partials(dir);
    Ok(())
}

/// Removes `.NAME.UUID.partial` files a crash left behind; only those a day old, so that a copy another
/// process is writing right now is never touched. Best effort: a leftover is only wasted space.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if name.starts_with('.') && name.ends_with(".partial") && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Copies the database on `from` into `dir` as a backup of `kind` (complete or not at all), encrypted
/// with `key` (the data file's own; `None`: plain, as the data file is).
pub(crate) fn take(
    from: &rusqlite::Connection,
    dir: &Path,
    kind: Kind,
    version: i64,
    key: Option<&crate::store::Passphrase>,
) -> Result<BackupFile> {
    std::fs::create_dir_all(dir).map_err(Error::io(format!(
        "Could not create the backups folder {}",
        dir.display()
    )))?;
    crate::data::modes::restrict_dir(dir)?;
    let path = names::next_path(dir, &names::prefix(kind, version), Utc::now())?;
    write_copy(from, &path, key)?;
    list(dir)?
        .into_iter()
        .find(|b| Path::new(&b.path) == path)
        .ok_or_else(|| Error::Internal(format!("backup {} vanished", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(name: &str) -> BackupFile {
        let p = names::parse(name).unwrap();
        BackupFile {
            file_name: name.into(),
            path: format!("/b/{name}"),
            size_bytes: 1,
            kind: p.kind,
            taken_at: p.taken_at.to_rfc3339(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn rotation_keeps_the_newest_and_the_last_backup_of_each_kept_day() {
        // Newest first, as `list` gives them: three starts on 2 May, two on 1 May, one on 18 April.
        let backups: Vec<BackupFile> = [
            "desk-20230502T180000Z-001.sqlite3",
            "desk-20230502T120000Z-001.sqlite3",
            "desk-20230502T080000Z-001.sqlite3",
            "before-restore-20230501T200000Z-001.sqlite3",
            "desk-20230501T190000Z-001.sqlite3",
            "desk-20230501T080000Z-001.sqlite3",
            "before-migration-v2-20230420T080000Z-001.sqlite3",
            "desk-20230418T210000Z-001.sqlite3",
            "desk-20230418T070000Z-001.sqlite3",
        ]
        .map(backup)
        .to_vec();
        let rule = Retention {
            recent: 2,
            days: [day("2023-04-18"), day("2023-05-01")].into(),
        };
        let gone: Vec<&str> = doomed(&backups, &rule)
            .into_iter()
            .map(|b| b.file_name.as_str())
            .collect();
        assert_eq!(
            gone,
            [
                "desk-20230502T080000Z-001.sqlite3",
                "desk-20230501T080000Z-001.sqlite3",
                "desk-20230418T070000Z-001.sqlite3",
            ],
            "the two newest, the last of each kept day and every before-* copy stay"
        );
    }

    #[test]
    fn the_rule_keeps_a_floor_of_days_and_every_conference_day() {
        let (store, _) = crate::fixtures::testutil::sample();
        let rule = Retention::for_store(&store, day("2026-11-30")).unwrap();
        assert_eq!(rule.recent, KEEP);
        assert!(rule.days.contains(&day("2026-11-17")), "14 days back");
        assert!(!rule.days.contains(&day("2026-11-16")), "not 15");
        assert!(
            rule.days.contains(&day("2023-04-18")) && rule.days.contains(&day("2023-04-19")),
            "the sample conference's days: {:?}",
            rule.days
        );
        assert_eq!(rule.days.len(), 16);
    }
}
