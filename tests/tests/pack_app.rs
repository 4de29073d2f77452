//! The briefing pack and the delegation settings in the real window: the delegation's country and a
//! second time zone set in Settings, a session brief typed and saved as it is typed, then a pack
//! generated with its progress bar, kept in the data file, opened through the private folder (where it
//! is found, with what was typed, in the PDF), and that folder emptied when the app exits.
//!
//! "Open" starts the system's PDF viewer; here a stand-in `xdg-open` first on the app's `PATH` only
//! records the path it was asked to open, and `XDG_RUNTIME_DIR` is a folder of the test's own.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use desk_e2e::window::{app_pid, has_exited, request_close};
use desk_e2e::{desk_json, App, Profile, TestResult};

/// The runtime directory the app gets, and the file the stand-in viewer writes the paths it opens to.
struct Viewer {
    runtime: PathBuf,
    opened: PathBuf,
}

impl Viewer {
    /// Sets `profile` up with a runtime directory (0700) and a stand-in `xdg-open` on its `PATH`.
    fn install(profile: &mut Profile) -> TestResult<Viewer> {
        let root = profile.root().to_path_buf();
        let runtime = root.join("run");
        std::fs::create_dir(&runtime)?;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))?;
        let bin = root.join("bin");
        std::fs::create_dir(&bin)?;
        let opened = root.join("opened.txt");
        let script = bin.join("xdg-open");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
                opened.display()
            ),
        )?;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
        let path = std::env::var("PATH").unwrap_or_default();
        profile.set_env("PATH", format!("{}:{path}", bin.display()));
        profile.set_env("XDG_RUNTIME_DIR", &runtime);
        Ok(Viewer { runtime, opened })
    }

    /// The app's private folder for opened packs.
    fn private(&self) -> PathBuf {
        self.runtime.join("delegation-desk")
    }

    /// The paths the viewer was asked to open so far.
    fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.opened)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }
}

fn files_in(dir: &Path) -> TestResult<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

fn mode(path: &Path) -> TestResult<u32> {
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

fn pdf_text(path: &std::path::Path) -> TestResult<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output()?;
    assert!(out.status.success(), "pdftotext read {}", path.display());
    Ok(String::from_utf8(out.stdout)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_set_the_country_and_a_second_clock_shows_washington_times() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "pack-settings").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#nav [data-view=\"settings\"]").await?;
    app.type_into("#delegation-country", "Ireland\t").await?;
    app.until("the country saved", || async {
        Ok(desk_json(&profile, &["pack", "settings", "--json"])?["country"] == "Ireland")
    })
    .await?;
    app.type_into("#home-time-zone", "Nowhere/Atlantis\t")
        .await?;
    app.until_text("#home-time-zone-status", "not an IANA time zone")
        .await?;
    app.clear("#home-time-zone").await?;
    app.type_into("#home-time-zone", "America/New_York\t")
        .await?;
    app.until_text("#home-time-zone-status", "America/New_York")
        .await?;
    app.click("#nav [data-view=\"agenda\"]").await?;
    app.until_count(".session-row", 15).await?;
    app.until_count(".home-time", 15).await?;
    app.screenshot("agenda-second-clock").await?;
    // textContent: WebKitWebDriver's element text leaves out the second line of the block.
    let shown = app
        .client
        .execute(
            "return [...document.querySelectorAll('.home-time')].map((e) => e.textContent)",
            vec![],
        )
        .await?;
    let texts: Vec<String> = serde_json::from_value(shown)?;
    assert_eq!(texts.len(), 15, "every session shows its Washington time");
    assert!(
        texts.iter().any(|t| t == "04:00–05:30New York"),
        "the 10:00 Vienna opening is 04:00 in New York: {texts:?}"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_typed_in_the_app_is_printed_in_the_generated_pack() -> TestResult {
    let mut profile = Profile::new()?;
    let viewer = Viewer::install(&mut profile)?;
    profile.desk(&["sample"])?;
    profile.desk(&[
        "pack",
        "settings",
        "--country",
        "Ireland",
        "--marking",
        "RESTRICTED",
    ])?;
    let panel: i64 = desk_json(&profile, &["sessions", "--json"])?
        .as_array()
        .ok_or("sessions")?
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Panel 2"))
        })
        .and_then(|s| s["id"].as_i64())
        .ok_or("Panel 2 in the sample")?;
    let app = App::start(&profile, "pack").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#nav [data-view=\"pack\"]").await?;
    app.select_value("#brief-session", &panel.to_string())
        .await?;
    // The editor renders again for the session picked: type only into the new one's field.
    let objectives = format!("#brief-editor[data-session=\"{panel}\"] #brief-objectives");
    app.type_into(&objectives, "Hear how Türkiye screens <b>labour</b> cases.")
        .await?;
    app.until_text(
        &format!("#brief-editor[data-session=\"{panel}\"] #brief-state"),
        "Saved",
    )
    .await?;
    let saved = desk_json(&profile, &["brief", "Panel 2", "--json"])?;
    assert_eq!(
        saved["objectives"], "Hear how Türkiye screens <b>labour</b> cases.",
        "the brief is saved as typed, markup and all"
    );

    let text = app
        .client
        .execute("return document.getElementById('pack-text').value", vec![])
        .await?;
    assert_eq!(
        text.as_str(),
        Some("justified"),
        "body text is justified unless the person picks ragged right"
    );
    // A short pack: leave out the notes by building block and the daily reports.
    app.click("#pack-section-blocks").await?;
    app.click("#pack-section-reports").await?;
    app.click("#pack-generate").await?;
    app.until_text("#pack-pages", "pages").await?;
    let progress = app
        .client
        .execute(
            "return document.getElementById('pack-progress').value",
            vec![],
        )
        .await?;
    assert_eq!(progress.as_f64(), Some(1.0), "the progress bar ends full");
    app.screenshot("pack-ready").await?;
    // Kept in the data file: read through "Open", from the private folder.
    app.click("#pack-open").await?;
    let pdf = viewer.private().join("briefing-pack-v1.pdf");
    app.until("the viewer asked to open the private copy", || async {
        Ok(viewer.opened() == [pdf.display().to_string()])
    })
    .await?;
    let text = pdf_text(&pdf)?;
    app.stop().await?;

    assert!(
        text.contains("Delegation of Ireland"),
        "the country on the cover"
    );
    assert!(
        text.contains("Hear how Türkiye screens <b>labour</b> cases."),
        "the objectives, as text"
    );
    assert!(text.contains("RESTRICTED"), "the marking");
    assert!(
        !text.contains("What we learnt"),
        "a section left out is not printed"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pack_is_kept_in_the_data_file_opened_from_a_private_folder_emptied_when_the_app_exits(
) -> TestResult {
    let mut profile = Profile::new()?;
    let viewer = Viewer::install(&mut profile)?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "pack-private").await?;
    app.until_count(".session-row", 15).await?;
    app.open_view("pack").await?;
    app.until_text("#packs-kept", "No pack generated yet")
        .await?;
    for section in [
        "contents",
        "delegation",
        "schedule",
        "agendas",
        "briefs",
        "blocks",
        "actions",
        "reports",
    ] {
        app.click(&format!("#pack-section-{section}")).await?;
    }
    app.click("#pack-generate").await?;
    app.until_text("#pack-pages", "pages").await?;
    app.until_count("#packs-kept .pack-kept", 1).await?;
    assert!(
        app.text("#packs-kept .pack-kept-title")
            .await?
            .contains("Briefing pack, version 1"),
        "the pack is listed as kept"
    );
    assert_eq!(
        files_in(profile.root())?
            .into_iter()
            .filter(|n| n == "packs" || n.ends_with(".pdf"))
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "no packs folder and no PDF beside the data file"
    );

    app.click("#pack-open").await?;
    let copy = viewer.private().join("briefing-pack-v1.pdf");
    app.until("the viewer asked to open the private copy", || async {
        Ok(viewer.opened() == [copy.display().to_string()])
    })
    .await?;
    app.until_text("#pack-saved", "private temporary copy")
        .await?;
    assert_eq!(
        mode(&viewer.private())?,
        0o700,
        "the folder is the user's only"
    );
    assert_eq!(mode(&copy)?, 0o600, "the copy is the user's only");
    assert!(
        std::fs::read(&copy)?.starts_with(b"%PDF-"),
        "the copy is the PDF"
    );
    assert_eq!(files_in(&viewer.private())?, ["briefing-pack-v1.pdf"]);
    app.screenshot("pack-opened").await?;

    // Closed as the window manager closes it: the app ends, and nothing plain is left behind.
    let pid = app_pid(&profile.db())?;
    assert!(
        request_close(pid)? >= 1,
        "the window accepts a close request"
    );
    app.until("the app to end after the close request", || async {
        Ok(has_exited(pid))
    })
    .await?;
    let _ = app.stop().await;
    assert_eq!(
        files_in(&viewer.private())?,
        Vec::<String>::new(),
        "the private folder is empty once the app has exited"
    );
    Ok(())
}
