//! Notes end to end, in the real window: autosave that survives the app being killed, search after a
//! restart, Markdown and HTML in notes shown as text everywhere, the matrix, actions and the report.
//! Run one at a time (`--test-threads=1`) under an X display.

use std::path::Path;

use desk_e2e::{app_bin, App, Profile, TestResult};
use fantoccini::key::Key;
use serde_json::Value;

fn session_id(profile: &Profile, prefix: &str) -> TestResult<i64> {
    let out = profile.desk(&["sessions", "--json"])?;
    let sessions: Value = serde_json::from_slice(&out.stdout)?;
    sessions
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|s| s["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        })
        .and_then(|s| s["id"].as_i64())
        .ok_or_else(|| format!("no session starting with {prefix}").into())
}

/// A screenshot once the window has painted what the DOM already shows ([`App::screenshot`] waits).
async fn shot(app: &App, name: &str) -> TestResult {
    app.screenshot(name).await?;
    Ok(())
}

async fn ctrl(app: &App, key: &str) -> TestResult {
    let keys = format!("{}{key}", char::from(Key::Control));
    let keys = keys.as_str();
    app.on("body", |e| async move { e.send_keys(keys).await })
        .await
}

/// The pid of the `delegation-desk` process running on this profile's database (found by its
/// environment, so another test's app is never touched).
fn app_pid(db: &Path) -> TestResult<u32> {
    let out = std::process::Command::new("pgrep")
        .args(["-f", &app_bin().display().to_string()])
        .output()?;
    let wanted = format!("DESK_DB={}", db.display());
    for pid in String::from_utf8_lossy(&out.stdout).split_whitespace() {
        let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes())
        {
            return Ok(pid.parse()?);
        }
    }
    Err(format!("no delegation-desk process with {wanted}").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_autosaved_note_survives_the_app_being_killed_and_is_found_by_search() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let panel = session_id(&profile, "Panel 2")?;
    let app = App::start(&profile, "notes-autosave").await?;
    app.until_count(".session-row", 15).await?;

    app.open_view("notes").await?;
    app.select_value("#note-session", &panel.to_string())
        .await?;
    let body = "Siobhán (Ireland): **first-line identification** by labour inspectors.\n- screening at borders";
    app.click("#note-body").await?;
    // WebDriver types a new line as the Enter key.
    app.type_into(
        "#note-body",
        &body.replace('\n', &char::from(Key::Enter).to_string()),
    )
    .await?;
    for code in ["nrm", "nrm-identification"] {
        app.click(&format!(".block-chip[data-code=\"{code}\"]"))
            .await?;
        app.find(&format!(
            ".block-chip[data-code=\"{code}\"][aria-pressed=\"true\"]"
        ))
        .await?;
    }
    app.type_into("#note-country", "Turkiye").await?;
    app.click("#note-country-add").await?;
    app.find(".country-chip[data-name=\"Türkiye\"]").await?;
    // No save button pressed: autosave alone must get it to disk.
    app.until_text("#save-state", "Saved").await?;

    // Right after "Saved" shows: SIGKILL, no chance to flush anything.
    let pid = app_pid(&profile.db())?;
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()?;
    assert!(killed.success(), "kill -KILL {pid}");
    // The WebDriver session and the driver are stopped cleanly (SIGTERM); the window is gone already.
    let _ = app.stop().await;

    let found: Value = serde_json::from_slice(
        &profile
            .desk(&["notes", "search", "siobhan", "--json"])?
            .stdout,
    )?;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "on disk: {found}");
    let note = &found[0]["note"];
    assert_eq!(note["body"], body, "the whole text was saved");
    assert_eq!(
        note["blocks"],
        serde_json::json!(["nrm", "nrm-identification"])
    );
    assert_eq!(note["countries"], serde_json::json!(["Türkiye"]));
    assert_eq!(note["session_id"], panel);

    // Restart; Ctrl+K finds it without the accents, by prefixes.
    let app = App::start(&profile, "notes-autosave").await?;
    app.until_count(".session-row", 15).await?;
    ctrl(&app, "k").await?;
    app.find("#nav [data-view=\"search\"][aria-current=\"page\"]")
        .await?;
    app.type_into("#search-input", "turkiye siob").await?;
    app.until_count(".search-result", 1).await?;
    app.until_text(".search-result .search-snippet mark", "Siobhán")
        .await?;
    shot(&app, "2-search-after-restart").await?;
    app.click(".search-result").await?;
    app.find("#nav [data-view=\"notes\"][aria-current=\"page\"]")
        .await?;
    app.until_value("the note to open in the editor", "#note-body", body)
        .await?;
    app.until_text(
        ".note-item.current .note-body strong",
        "first-line identification",
    )
    .await?;
    shot(&app, "3-opened-from-search").await?;

    // An edit keeps the earlier version.
    app.type_into("#note-body", " Edited.").await?;
    app.until_text("#save-state", "Saved").await?;
    let history: Value = serde_json::from_slice(
        &profile
            .desk(&[
                "notes",
                "history",
                note["id"].as_str().unwrap_or(""),
                "--json",
            ])?
            .stdout,
    )?;
    assert_eq!(
        history[0]["body"], body,
        "the version before the edit is kept"
    );

    // Ctrl+N: a fresh note (the sample's sessions are long past, so no session runs now).
    ctrl(&app, "n").await?;
    app.until_value("an empty composer", "#note-body", "")
        .await?;
    assert_eq!(
        app.on("#note-session", |e| async move { e.prop("value").await })
            .await?
            .as_deref(),
        Some(""),
        "no session runs now"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_note_shows_as_text_in_the_list_search_results_and_report() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let payload = r#"<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script> pwnedword"#;
    let markdown = "## Heading here\n- item with **bold** and [a link](https://example.org)";
    for (text, kind) in [(payload, "commitment"), (markdown, "observation")] {
        let out = profile.desk(&[
            "notes",
            "add",
            "--session",
            "Panel 3",
            "--text",
            text,
            "--kind",
            kind,
            "--block",
            "law",
            "--country",
            "Greece",
        ])?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let day = {
        let notes: Value =
            serde_json::from_slice(&profile.desk(&["notes", "list", "--json"])?.stdout)?;
        notes[0]["day"].as_str().unwrap_or_default().to_string()
    };
    let app = App::start(&profile, "notes-xss").await?;
    app.until_count(".session-row", 15).await?;

    app.open_view("notes").await?;
    app.select_value(
        "#note-session",
        &session_id(&profile, "Panel 3")?.to_string(),
    )
    .await?;
    app.until_count(".note-item", 2).await?;
    app.until_text(".note-list", "<img src=x").await?;
    app.until_text(".note-item .note-body h5", "Heading here")
        .await?;
    app.until_text(".note-item .note-body li strong", "bold")
        .await?;
    app.until_text(".note-item .note-body li", "a link (https://example.org)")
        .await?;
    shot(&app, "1-list").await?;

    ctrl(&app, "k").await?;
    app.type_into("#search-input", "pwnedw").await?;
    app.until_count(".search-result", 1).await?;
    app.until_text(".search-result .search-snippet", "<script>")
        .await?;
    shot(&app, "2-search").await?;

    app.open_view("report").await?;
    app.select_value("#report-day", &day).await?;
    app.until("the report to contain the payload as text", || async {
        let value = app.find("#report-text").await?.prop("value").await?;
        Ok(value.is_some_and(|v| v.contains(r#"<img src=x onerror="document.title='pwned'">"#)))
    })
    .await?;
    shot(&app, "3-report").await?;

    assert!(
        app.all("#view img, #view script, .note-body b")
            .await?
            .is_empty(),
        "no element was created from a note"
    );
    assert_ne!(app.client.title().await?, "pwned", "no script ran");
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_matrix_opens_the_notes_behind_a_cell_and_overdue_actions_stand_out() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    for (text, block, country) in [
        ("Greece funds shelters.", "nrm", "Greece"),
        ("Greek referral data.", "nrm", "Greece"),
        ("Law on demand.", "law", "Türkiye"),
    ] {
        profile.desk(&[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            text,
            "--block",
            block,
            "--country",
            country,
        ])?;
    }
    profile.desk(&[
        "actions",
        "add",
        "Send the NRM paper",
        "--owner",
        "zoe",
        "--due",
        "2023-04-18",
    ])?;
    let app = App::start(&profile, "notes-matrix").await?;
    app.until_count(".session-row", 15).await?;

    app.open_view("matrix").await?;
    let panel = session_id(&profile, "Panel 2")?;
    let cell = format!(".matrix-cell[data-block=\"nrm\"][data-column=\"{panel}\"]");
    app.until_text(&cell, "2").await?;
    shot(&app, "1-matrix-sessions").await?;
    app.click("#matrix-by-countries").await?;
    app.until_text(
        ".matrix-cell[data-block=\"law\"][data-column=\"Türkiye\"]",
        "1",
    )
    .await?;
    shot(&app, "2-matrix-countries").await?;
    app.click(".matrix-cell[data-block=\"nrm\"][data-column=\"Greece\"]")
        .await?;
    app.find("#nav [data-view=\"search\"][aria-current=\"page\"]")
        .await?;
    app.until_count(".search-result", 2).await?;

    app.open_view("actions").await?;
    app.until_text(".action-row.overdue .action-title", "Send the NRM paper")
        .await?;
    app.type_into("#action-title", "Call the Greek rapporteur")
        .await?;
    app.click("#action-add").await?;
    app.until_count(".action-row", 2).await?;
    shot(&app, "3-actions").await?;
    app.click(".action-row.overdue .action-done").await?;
    app.until_count(".action-row.overdue", 0).await?;

    // The taxonomy: a rename keeps the tags, a block in use is refused deletion and can be archived.
    app.open_view("blocks").await?;
    let name = "tr[data-code=\"law\"] .block-name";
    app.clear(name).await?;
    app.type_into(name, "Anti-trafficking law").await?;
    app.click("#block-code").await?;
    app.until("the rename to reach the database", || async {
        let list: Value =
            serde_json::from_slice(&profile.desk(&["blocks", "list", "--json"])?.stdout)?;
        Ok(list.as_array().is_some_and(|l| {
            l.iter().any(|b| {
                b["code"] == "law" && b["name"] == "Anti-trafficking law" && b["notes"] == 1
            })
        }))
    })
    .await?;
    app.click("tr[data-code=\"law\"] .block-delete").await?;
    app.until_text("#error-banner", "Archive it instead")
        .await?;
    app.click("tr[data-code=\"law\"] .block-archive").await?;
    app.find("tr[data-code=\"law\"].archived").await?;
    shot(&app, "4-blocks").await?;
    app.stop().await
}
