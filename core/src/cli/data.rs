//! `desk backup`, `desk backups` and `desk restore`: the app's data safety for people who script their
//! laptops, under the same rules. A backup goes into the backups folder beside the data file with the
//! same rotation as the app's (or to an explicit file, never the live one); a restore checks the copy
//! (ours, sound, exactly our schema) and keeps the current data first as a `before-restore-...`
//! backup that rotation never removes. A data file that cannot be opened is kept under another name,
//! as the app's recovery does, never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::output;
use crate::app::data;
use crate::data::backup;
use crate::store::Passphrase;
use crate::Result;

/// `desk backup [--out FILE] [--json]`
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Save a copy to this file instead of the backups folder (never the data file itself)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// `desk backups [--json]`
#[derive(Debug, Args)]
pub struct BackupsArgs {
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// `desk restore FILE [--json]`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The copy or backup to put in place of the current data
    file: PathBuf,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// Takes a backup into the backups folder (rotating), or a copy to `--out`.
pub fn backup(
    db_path: &Path,
    key: Option<&Passphrase>,
    args: BackupArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let store = crate::data::open_store(db_path, key)?;
    match args.out {
        Some(dest) => {
            let copied = data::copy_data(&store, &dest)?;
            if args.json {
                output::json(out, &copied)
            } else {
                output::line(
                    out,
                    &format!("Saved a copy of the data to {}.", copied.path),
                )
            }
        }
        None => {
            let taken = data::backup_now(&store, db_path)?;
            if args.json {
                output::json(out, &taken)
            } else {
                output::line(out, &format!("Backed up to {}.", taken.path))
            }
        }
    }
}

/// Lists the backups beside the data file, newest first.
pub fn list(db_path: &Path, args: BackupsArgs, out: &mut dyn Write) -> Result<()> {
    let dir = data::backups_dir(db_path);
    let all = data::list_backups(db_path)?;
    if args.json {
        return output::json(out, &all);
    }
    if all.is_empty() {
        return output::line(out, &format!("No backups yet in {}.", dir.display()));
    }
    for b in &all {
        let kind = match b.kind {
            backup::Kind::Regular => "",
            backup::Kind::BeforeRestore => "  (before a restore; kept)",
            backup::Kind::BeforeMigration => "  (before a migration; kept)",
        };
        output::line(
            out,
            &format!(
                "{}  {} KiB  {}{kind}",
                b.taken_at,
                b.size_bytes / 1024,
                b.path
            ),
        )?;
    }
    Ok(())
}

/// Replaces the data with the copy at `args.file` (read with `DESK_BACKUP_PASSPHRASE` or a passphrase
/// asked on the terminal when it was made with another passphrase than the data file's), keeping the
/// current data first.
pub fn restore(
    db_path: &Path,
    key: Option<&Passphrase>,
    args: RestoreArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let copy_key = super::security::for_copy(&args.file, key)?;
    let report = data::restore_file(db_path, key, &args.file, copy_key.as_ref())?;
    if args.json {
        return output::json(out, &report);
    }
    output::line(
        out,
        &format!(
            "Restored {}: the data now holds {}.",
            args.file.display(),
            report.summary.sentence()
        ),
    )?;
    match (&report.kept, &report.damaged_kept_as) {
        (Some(kept), _) => output::line(
            out,
            &format!("The data it replaced is kept in {}.", kept.path),
        ),
        (None, Some(aside)) => output::line(
            out,
            &format!("The data file could not be opened; it was kept as {aside}."),
        ),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::main_with;

    fn desk(db: &std::path::Path, args: &[&str]) -> (u8, String, String) {
        let mut argv = vec!["desk".to_string(), "--db".into(), db.display().to_string()];
        argv.extend(args.iter().map(|a| a.to_string()));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = main_with(argv.into_iter().map(Into::into), &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn desk_backup_then_restore_brings_the_data_back_and_keeps_what_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        assert_eq!(desk(&db, &["sample"]).0, 0);
        let (code, out, err) = desk(&db, &["backup", "--json"]);
        assert_eq!(code, 0, "{err}");
        let taken: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(taken["kind"], "regular", "{out}");
        let path = taken["path"].as_str().unwrap().to_string();
        assert_eq!(
            desk(&db, &["notes", "add", "--text", "after the backup"]).0,
            0
        );
        let (code, out, err) = desk(&db, &["restore", &path, "--json"]);
        assert_eq!(code, 0, "{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["summary"]["notes"], 0, "{out}");
        assert_eq!(report["kept"]["kind"], "before_restore", "{out}");
        let kept = report["kept"]["path"].as_str().unwrap();
        assert_eq!(
            crate::data::backup::describe(std::path::Path::new(kept), None)
                .unwrap()
                .notes,
            1,
            "the replaced data with its note is kept"
        );
        assert!(
            std::path::Path::new(&path).exists(),
            "the backup restored from is kept"
        );
    }

    #[test]
    fn desk_backup_out_refuses_the_live_file_and_restore_refuses_it_too() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        assert_eq!(desk(&db, &["sample"]).0, 0);
        let live = db.display().to_string();
        let (code, out, err) = desk(&db, &["backup", "--out", &live]);
        assert_eq!((code, out.as_str()), (1, ""), "refused: {err}");
        assert!(err.contains("is the data file in use"), "{err}");
        let (code, _, err) = desk(&db, &["restore", &live]);
        assert_eq!(code, 1);
        assert!(err.contains("is the data file in use"), "{err}");
        let copy = dir.path().join("copy.sqlite3");
        let (code, out, err) = desk(&db, &["backup", "--out", &copy.display().to_string()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("Saved a copy"), "{out}");
        assert_eq!(
            crate::data::backup::describe(&copy, None).unwrap().sessions,
            15
        );
    }

    #[test]
    fn desk_restore_onto_a_damaged_file_keeps_it_aside_and_puts_the_copy_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite3");
        assert_eq!(desk(&db, &["sample"]).0, 0);
        let copy = dir.path().join("copy.sqlite3");
        assert_eq!(
            desk(&db, &["backup", "--out", &copy.display().to_string()]).0,
            0
        );
        let damaged = b"not a database any more ".repeat(100);
        std::fs::write(&db, &damaged).unwrap();
        let (code, out, err) = desk(&db, &["restore", &copy.display().to_string()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("it was kept as"), "{out}");
        let (code, out, _) = desk(&db, &["sessions", "--json"]);
        assert_eq!(code, 0);
        assert!(out.contains("Panel 2"), "the copy is in place");
    }
}
