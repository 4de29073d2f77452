//! The real app in a real WebKit window, driven over WebDriver. Run one at a time
//! (`--test-threads=1`) under an X display; the README's test command does both.

use desk_e2e::{App, Profile, TestResult};
use fantoccini::key::Key;
use serde_json::Value;

/// The id of the first session whose title starts with `prefix`, read with the real `desk` binary.
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

fn member_id(profile: &Profile, prefix: &str) -> TestResult<i64> {
    let out = profile.desk(&["members", "--json"])?;
    let members: Value = serde_json::from_slice(&out.stdout)?;
    members
        .as_array()
        .and_then(|list| {
            list.iter()
                .find(|m| m["name"].as_str().is_some_and(|t| t.starts_with(prefix)))
        })
        .and_then(|m| m["id"].as_i64())
        .ok_or_else(|| format!("no member starting with {prefix}").into())
}

async fn write_note(app: &App, session: i64, body: &str, blocks: &[&str]) -> TestResult {
    app.open_view("notes").await?;
    app.select_value("#note-session", &session.to_string())
        .await?;
    app.click("#note-body").await?;
    app.type_into("#note-body", body).await?;
    for code in blocks {
        app.click(&format!(".block-chip[data-code=\"{code}\"]"))
            .await?;
        app.find(&format!(
            ".block-chip[data-code=\"{code}\"][aria-pressed=\"true\"]"
        ))
        .await?;
    }
    app.click("#note-save").await?;
    app.until_text("#save-state", "Saved").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_conference_shows_in_all_four_views_and_what_was_done_survives_a_restart(
) -> TestResult {
    let profile = Profile::new()?;
    let app = App::start(&profile, "walkthrough").await?;

    // First start on an empty database: the welcome offers the sample.
    app.find("#welcome").await?;
    app.screenshot("0-welcome").await?;
    app.click("#load-sample").await?;
    app.until_count(".session-row", 15).await?;
    app.until_text(
        "#conference-title",
        "Alliance against Trafficking in Persons",
    )
    .await?;
    app.screenshot("1-agenda").await?;

    app.open_view("delegation").await?;
    app.until_count(".member-row", 6).await?;
    app.until_text("#view", "Zoë Achterberg").await?;
    app.screenshot("2-delegation").await?;

    let (panel, zoe) = (
        session_id(&profile, "Panel 2")?,
        member_id(&profile, "Zoë")?,
    );
    app.open_view("plan").await?;
    let cell = format!(".plan-cell[data-session-id=\"{panel}\"][data-member-id=\"{zoe}\"]");
    assert_eq!(
        app.on(&cell, |e| async move { e.attr("aria-pressed").await })
            .await?
            .as_deref(),
        Some("false"),
        "not yet assigned"
    );
    app.click(&cell).await?;
    app.find(&format!("{cell}[aria-pressed=\"true\"]")).await?;
    app.until_text("#save-state", "Saved").await?;
    app.screenshot("3-plan").await?;

    let body =
        "Panel 2: the NRM needs a first-line identification step; ask Zoë about the police role.";
    write_note(&app, panel, body, &["nrm", "council"]).await?;
    app.until_count(".note-item", 1).await?;
    app.until_text(".note-item .note-body", body).await?;
    app.screenshot("4-notes").await?;
    app.stop().await?;

    // The real database holds both, as the real CLI sees them.
    let notes: Value = serde_json::from_slice(&profile.desk(&["notes", "list", "--json"])?.stdout)?;
    assert_eq!(notes[0]["body"], body, "the note is in the database");
    assert_eq!(notes[0]["blocks"], serde_json::json!(["council", "nrm"]));

    // A restart shows the conference straight away, with the assignment and the note.
    let app = App::start(&profile, "walkthrough").await?;
    app.until_count(".session-row", 15).await?;
    assert!(
        app.all("#welcome").await?.is_empty(),
        "no welcome once a conference exists"
    );
    app.until_text(
        &format!(".session-row[data-session-id=\"{panel}\"]"),
        "Zoë Achterberg",
    )
    .await?;
    app.open_view("plan").await?;
    app.find(&format!("{cell}[aria-pressed=\"true\"]")).await?;
    app.open_view("notes").await?;
    app.select_value("#note-session", &panel.to_string())
        .await?;
    app.until_text(".note-item .note-body", body).await?;
    app.screenshot("5-after-restart").await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_containing_html_and_script_shows_as_plain_text() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "xss").await?;
    app.until_count(".session-row", 15).await?;
    let panel = session_id(&profile, "Panel 3")?;
    let payload = r#"<img src=x onerror="document.title='pwned'"><b>bold?</b><script>document.title='pwned'</script>"#;
    write_note(&app, panel, payload, &[]).await?;
    app.until_text(".note-item .note-body", "<img src=x")
        .await?;
    let shown = app.text(".note-item .note-body").await?;
    assert_eq!(shown, payload, "the markup is shown as typed");
    assert!(
        app.all(".note-item img, .note-item b, .note-item script")
            .await?
            .is_empty(),
        "no element was created from the note"
    );
    assert_ne!(app.client.title().await?, "pwned", "no script ran");
    app.screenshot("xss-note").await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_shortcuts_switch_views() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "keyboard").await?;
    app.until_count(".session-row", 15).await?;
    app.type_into("body", &format!("{}3", char::from(Key::Control)))
        .await?;
    app.find("#nav [data-view=\"plan\"][aria-current=\"page\"]")
        .await?;
    app.find("#plan-grid").await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_conference_is_created_from_the_welcome_and_a_bad_zone_is_named() -> TestResult {
    let profile = Profile::new()?;
    let app = App::start(&profile, "new-conference").await?;
    app.find("#welcome").await?;
    app.click("#new-conference").await?;
    app.type_into("#cf-title", "24th Alliance Conference")
        .await?;
    app.type_into("#cf-starts_on", "2024-04-15").await?;
    app.clear("#cf-time_zone").await?;
    app.type_into("#cf-time_zone", "Vienna").await?;
    app.click("#conference-form button[type=submit]").await?;
    app.until_text("#conference-form", "not an IANA time zone")
        .await?;
    app.screenshot("refused-zone").await?;
    app.clear("#cf-time_zone").await?;
    app.type_into("#cf-time_zone", "Europe/Vienna").await?;
    app.click("#conference-form button[type=submit]").await?;
    app.until_text("#conference-title", "24th Alliance Conference")
        .await?;
    app.stop().await?;
    let out = profile.desk(&["conferences", "--json"])?;
    let list: Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(list[0]["title"], "24th Alliance Conference");
    assert_eq!(
        list[0]["days"],
        serde_json::json!(["2024-04-15"]),
        "no last day: a one-day conference"
    );
    Ok(())
}

/// Started as a person starts it (no driver attached, the renderer the app chooses itself), the app draws
/// its first view and says so on standard error: the welcome on a new profile, the agenda once a
/// conference exists. (The line's times are read by the window benchmark; here only that it comes.)
#[test]
fn a_launch_with_no_driver_draws_its_first_view_and_says_so() -> TestResult {
    let profile = Profile::new()?;
    let first = desk_e2e::procs::launch_without_driver(&profile)?;
    assert_eq!(
        first.view, "welcome",
        "a new profile opens on the welcome: {first:?}"
    );
    assert!(
        first.wall >= first.shell && first.shell >= first.page && first.page > 0.0,
        "spawn to line ⊇ shell to line ⊇ page to view: {first:?}"
    );
    assert!(
        profile.desk(&["sample"])?.status.success(),
        "the sample loads"
    );
    let again = desk_e2e::procs::launch_without_driver(&profile)?;
    assert_eq!(
        again.view, "agenda",
        "with a conference it opens on the agenda: {again:?}"
    );
    Ok(())
}

/// Started as a person starts it on an X11 display, the app hands GTK and WebKit its display choices
/// (src-tauri/src/display.rs): WebKit's legacy renderer, and GDK's GL off (which saves GTK loading the
/// GL driver before the window). Read from the environment WebKit's web process was started with.
#[test]
fn on_an_x11_display_the_app_starts_webkit_with_the_legacy_renderer_and_gdk_gl_off() -> TestResult {
    let outside = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let plain_x11 = outside("DISPLAY").is_some()
        && [
            "WAYLAND_DISPLAY",
            "GDK_BACKEND",
            "GDK_GL",
            "WEBKIT_DISABLE_DMABUF_RENDERER",
        ]
        .iter()
        .all(|name| outside(name).is_none())
        && outside("XDG_SESSION_TYPE").is_none_or(|s| s != "wayland");
    if !plain_x11 {
        eprintln!("skipped: not a plain X11 display (the suite runs under xvfb-run)");
        return Ok(());
    }
    let profile = Profile::new()?;
    let launch = desk_e2e::procs::launch_without_driver(&profile)?;
    assert_eq!(
        launch.web_display_env,
        vec![
            ("WEBKIT_DISABLE_DMABUF_RENDERER", Some("1".to_string())),
            ("GDK_GL", Some("disable".to_string())),
        ],
        "the web process's display variables"
    );
    Ok(())
}

/// What the display shows, not WebKit's own snapshot of the page: the app holds the web view's draws
/// while its page loads (src-tauri/src/first_paint.rs) and must then draw it. Read back from the screen
/// of an Xvfb server of the test's own.
#[test]
fn once_its_page_is_up_the_window_on_the_display_shows_it() -> TestResult {
    let screen = desk_e2e::screen::Screen::start()?;
    let mut profile = Profile::new()?;
    let out = profile.desk(&["sample"])?;
    assert!(out.status.success(), "desk sample: {out:?}");
    profile.set_env("DISPLAY", &screen.display);
    let blank = screen.colours()?;
    assert!(
        blank <= 2,
        "before the app starts the screen is one colour, not {blank}"
    );
    let app = desk_e2e::procs::start_without_driver(&profile)?;
    // The page has drawn its first view; the window shows it once GTK has drawn the web view.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut shown = screen.colours()?;
    while shown < 64 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
        shown = screen.colours()?;
    }
    assert!(
        shown >= 64,
        "the window on the display shows the agenda's text (hundreds of colours), not {shown} colours: \
         the web view was not drawn ({})",
        app.line
    );
    Ok(())
}
