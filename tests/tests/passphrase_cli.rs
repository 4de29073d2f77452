//! `desk` on an encrypted data file, as a script would run it: the passphrase from `DESK_PASSPHRASE`,
//! `desk passphrase set|change|remove`, a wrong or missing passphrase refused in one line with nothing
//! touched, and a backup made with another passphrase asking for it.

use desk_e2e::{desk_fails as fails, desk_json as json, desk_ok as ok, Profile, TestResult};

fn with(p: &Profile, vars: &[(&str, &str)]) -> TestResult<Profile> {
    let mut q = Profile::new()?;
    // The same data file and settings as `p`, other variables added.
    q.set_env("DESK_DB", p.db());
    q.set_env("XDG_CONFIG_HOME", p.root().join("config"));
    for (k, v) in vars {
        q.set_env(k, *v);
    }
    Ok(q)
}

fn header_is_plain(p: &Profile) -> TestResult<bool> {
    let bytes = std::fs::read(p.db())?;
    Ok(bytes.starts_with(b"SQLite format 3\0"))
}

#[test]
fn a_new_file_is_created_encrypted_when_desk_passphrase_is_set_and_refused_without_it() -> TestResult
{
    let p = Profile::new()?;
    let keyed = with(&p, &[("DESK_PASSPHRASE", "seventeen chars!!")])?;
    ok(&keyed, &["sample"])?;
    assert!(!header_is_plain(&p)?, "created encrypted");
    ok(&keyed, &["notes", "add", "--text", "Переговорная позиция"])?;
    let before = std::fs::read(p.db())?;
    let bare = with(&p, &[])?;
    let err = fails(&bare, &["sessions"])?;
    assert!(
        err.contains("DESK_PASSPHRASE"),
        "says how to give it: {err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    let wrong = with(&p, &[("DESK_PASSPHRASE", "not the passphrase")])?;
    let err = fails(&wrong, &["sessions"])?;
    assert!(err.contains("passphrase does not open"), "{err}");
    assert!(!err.contains("not the passphrase"), "never echoed: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert_eq!(std::fs::read(p.db())?, before, "nothing touched");
    let notes = json(&keyed, &["notes", "list", "--json"])?;
    assert_eq!(notes.as_array().map(Vec::len), Some(1));
    Ok(())
}

#[test]
fn desk_passphrase_set_change_and_remove() -> TestResult {
    let p = Profile::new()?;
    let plain = with(&p, &[])?;
    ok(&plain, &["sample"])?;
    assert!(header_is_plain(&p)?);
    let short = with(&p, &[("DESK_NEW_PASSPHRASE", "short")])?;
    let err = fails(&short, &["passphrase", "set"])?;
    assert!(err.contains("at least 8 characters"), "{err}");
    assert!(header_is_plain(&p)?, "still plain");
    let set = with(&p, &[("DESK_NEW_PASSPHRASE", "first passphrase")])?;
    ok(&set, &["passphrase", "set"])?;
    assert!(!header_is_plain(&p)?, "encrypted");
    let change = with(
        &p,
        &[
            ("DESK_PASSPHRASE", "first passphrase"),
            ("DESK_NEW_PASSPHRASE", "second passphrase"),
        ],
    )?;
    ok(&change, &["passphrase", "change"])?;
    let old = with(&p, &[("DESK_PASSPHRASE", "first passphrase")])?;
    assert!(fails(&old, &["sessions"])?.contains("passphrase does not open"));
    let new = with(&p, &[("DESK_PASSPHRASE", "second passphrase")])?;
    assert!(ok(&new, &["sessions"])?.contains("Panel 2"));
    ok(&new, &["passphrase", "remove"])?;
    assert!(header_is_plain(&p)?, "plain again");
    assert!(ok(&plain, &["sessions"])?.contains("Panel 2"));
    Ok(())
}

#[test]
fn a_backup_made_with_another_passphrase_is_restored_with_desk_backup_passphrase() -> TestResult {
    let p = Profile::new()?;
    let first = with(&p, &[("DESK_PASSPHRASE", "first passphrase")])?;
    ok(&first, &["sample"])?;
    let taken = json(&first, &["backup", "--json"])?;
    let backup = taken["path"].as_str().ok_or("a path")?.to_string();
    assert!(
        !std::fs::read(&backup)?.starts_with(b"SQLite format 3\0"),
        "the backup is encrypted"
    );
    let change = with(
        &p,
        &[
            ("DESK_PASSPHRASE", "first passphrase"),
            ("DESK_NEW_PASSPHRASE", "second passphrase"),
        ],
    )?;
    ok(&change, &["passphrase", "change"])?;
    let second = with(&p, &[("DESK_PASSPHRASE", "second passphrase")])?;
    ok(&second, &["notes", "add", "--text", "after the change"])?;
    let err = fails(&second, &["restore", &backup])?;
    assert!(err.contains("another passphrase"), "{err}");
    let both = with(
        &p,
        &[
            ("DESK_PASSPHRASE", "second passphrase"),
            ("DESK_BACKUP_PASSPHRASE", "first passphrase"),
        ],
    )?;
    let report = json(&both, &["restore", &backup, "--json"])?;
    assert_eq!(report["summary"]["notes"], 0, "{report}");
    let notes = json(&second, &["notes", "list", "--json"])?;
    assert_eq!(
        notes.as_array().map(Vec::len),
        Some(0),
        "the data file keeps its passphrase"
    );
    Ok(())
}
