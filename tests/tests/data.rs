//! Keeping the data safe, in the real window: a damaged data file at start is never overwritten and the
//! latest backup is offered; one instance at a time; the settings view; and `desk backup`/`desk restore`,
//! the same safety from the command line (no window needed).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use desk_e2e::{app_bin, desk_fails, desk_json, desk_ok, App, Profile, TestResult};

fn backups(profile: &Profile) -> Vec<std::path::PathBuf> {
    let dir = profile.root().join("backups");
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_data_file_is_kept_and_the_latest_backup_restores_the_conference() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "recovery").await?;
    app.until_count(".session-row", 15).await?;
    // The app backs the data up as it starts.
    app.until("a backup taken at start", || async {
        Ok(!backups(&profile).is_empty())
    })
    .await?;
    app.stop().await?;

    let damaged = b"a laptop that lost power at the wrong moment ".repeat(100);
    std::fs::write(profile.db(), &damaged)?;
    for side in ["desk.sqlite3-wal", "desk.sqlite3-shm"] {
        let _ = std::fs::remove_file(profile.root().join(side));
    }

    let app = App::start(&profile, "recovery").await?;
    app.find("#recovery").await?;
    app.until_text("#recovery-problem", "damaged").await?;
    app.screenshot("damaged-start").await?;
    assert_eq!(
        std::fs::read(profile.db())?,
        damaged,
        "the damaged file was not touched by starting"
    );
    app.click("#restore-latest").await?;
    app.click("#confirm-yes").await?;
    app.until_count(".session-row", 15).await?;
    app.stop().await?;

    let kept: Vec<_> = std::fs::read_dir(profile.root())?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("desk.sqlite3.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file was moved aside");
    assert_eq!(
        std::fs::read(kept[0].path())?,
        damaged,
        "and kept byte for byte"
    );
    Ok(())
}

/// The check of the whole file runs after the window is up (it takes seconds on a large file): a file
/// whose header and schema read but one of whose pages is damaged opens, then the check finds the
/// damage, the status line says so and the recovery view offers the latest backup.
#[tokio::test(flavor = "multi_thread")]
async fn damage_found_after_the_window_is_up_brings_the_recovery_view() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    profile.desk(&["backup"])?;
    // A data page near the middle (never one of the schema's, whose pages fall where the migrations'
    // history put them).
    let page: i64 = rusqlite::Connection::open(profile.db())?.query_row(
        "SELECT pageno FROM dbstat WHERE name NOT LIKE 'sqlite_%'
         ORDER BY abs(pageno - (SELECT page_count FROM pragma_page_count) / 2) LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let mut bytes = std::fs::read(profile.db())?;
    let start = usize::try_from(page - 1)? * 4096;
    bytes[start..start + 4096].fill(0x5a);
    std::fs::write(profile.db(), &bytes)?;

    let app = App::start(&profile, "damaged-later").await?;
    app.until_text("#data-health", "damaged").await?;
    app.until_text("#recovery-problem", "damaged").await?;
    assert_eq!(
        backups(&profile).len(),
        1,
        "no start backup of a damaged file: only the one taken before"
    );
    app.click("#restore-latest").await?;
    app.click("#confirm-yes").await?;
    app.until_count(".session-row", 15).await?;
    app.stop().await?;
    Ok(())
}

/// A private D-Bus session for the single-instance check, so other tests never share one.
struct Bus(std::process::Child);

impl Bus {
    fn start() -> TestResult<(Bus, String)> {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        Ok((Bus(child), line.trim().to_string()))
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_hands_over_to_the_running_window_and_exits() -> TestResult {
    let (_bus, address) = Bus::start()?;
    let mut profile = Profile::new()?;
    profile.set_env("DBUS_SESSION_BUS_ADDRESS", address);
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "single-instance").await?;
    app.until_count(".session-row", 15).await?;

    let mut second = Command::new(app_bin());
    second.stdout(Stdio::null()).stderr(Stdio::null());
    for (k, v) in profile.env() {
        second.env(k, v);
    }
    let mut second = second.spawn()?;
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = second.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.is_some_and(|s| s.success()),
        "the second launch exits by itself: {status:?}"
    );
    app.click("#nav [data-view=\"delegation\"]").await?;
    app.until_count(".member-row", 6).await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_show_where_the_data_lives_and_the_theme_can_be_chosen() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "settings").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#nav [data-view=\"settings\"]").await?;
    app.until_text("#data-path", &profile.db().display().to_string())
        .await?;
    app.click("#backup-now").await?;
    app.until("a backup listed", || async {
        Ok(!app.all("#backup-list .backup-item").await?.is_empty())
    })
    .await?;
    app.select_value("#theme", "dark").await?;
    app.until("the dark theme", || async {
        Ok(app
            .client
            .execute(
                "return document.documentElement.dataset.theme || ''",
                vec![],
            )
            .await?
            == "dark")
    })
    .await?;
    let background = app
        .client
        .execute(
            "return getComputedStyle(document.body).backgroundColor",
            vec![],
        )
        .await?;
    assert_eq!(
        background, "rgb(20, 23, 28)",
        "the dark palette is what the page computes"
    );
    app.screenshot("settings-dark").await?;
    let saved = std::fs::read_to_string(
        profile
            .root()
            .join("config/org.delegationdesk.app/settings.json"),
    )?;
    assert!(saved.contains("\"dark\""), "the choice is saved: {saved}");
    app.stop().await
}

#[test]
fn desk_backup_and_restore_bring_a_state_back_and_keep_the_one_they_replace() -> TestResult {
    let profile = Profile::new()?;
    desk_ok(&profile, &["sample"])?;
    let taken = desk_json(&profile, &["backup", "--json"])?;
    assert_eq!(taken["kind"], "regular", "{taken}");
    let backup_path = taken["path"].as_str().ok_or("a path")?.to_string();
    desk_ok(
        &profile,
        &["notes", "add", "--text", "written after the backup"],
    )?;

    let live = profile.db().display().to_string();
    let refused = desk_fails(&profile, &["backup", "--out", &live])?;
    assert!(refused.contains("is the data file in use"), "{refused}");
    let refused = desk_fails(&profile, &["restore", &live])?;
    assert!(refused.contains("is the data file in use"), "{refused}");

    let report = desk_json(&profile, &["restore", &backup_path, "--json"])?;
    assert_eq!(
        report["summary"]["notes"], 0,
        "the backup's state: {report}"
    );
    assert_eq!(report["kept"]["kind"], "before_restore", "{report}");
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    assert_eq!(
        notes.as_array().map(Vec::len),
        Some(0),
        "the note is gone from the data"
    );
    assert!(
        std::path::Path::new(&backup_path).exists(),
        "the backup restored from is still there"
    );

    // The replaced state, with its note, is kept and can itself be restored.
    let kept = report["kept"]["path"]
        .as_str()
        .ok_or("a kept path")?
        .to_string();
    let listed = desk_json(&profile, &["backups", "--json"])?;
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|b| b["path"] == kept.as_str())),
        "desk backups lists the kept copy: {listed}"
    );
    desk_json(&profile, &["restore", &kept, "--json"])?;
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    assert_eq!(notes[0]["body"], "written after the backup", "{notes}");
    Ok(())
}
