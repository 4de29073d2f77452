//! The data encrypted at rest, in the real window: the first run asks for a passphrase (or none on this
//! laptop), Ctrl+L saves what was typed and locks, the page then holds nothing of the data, a wrong
//! passphrase is refused, and unlocking returns to the note being written. Run one at a time
//! (`--test-threads=1`) under an X display.

use desk_e2e::gate::{ctrl, then_enter};
use desk_e2e::{desk_json, desk_ok, App, Profile, TestResult};
use serde_json::Value;

/// The passphrase the tests choose (longer than the engine's minimum, several scripts).
const PASSPHRASE: &str = "Hofburg lantern Ωmega 2024";

/// The first bytes of a plain SQLite file; an encrypted one starts with random bytes.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

fn starts_plain(path: &std::path::Path) -> TestResult<bool> {
    let bytes = std::fs::read(path)?;
    Ok(bytes.starts_with(SQLITE_HEADER))
}

/// The page's whole source, as WebDriver reads it.
async fn page_source(app: &App) -> TestResult<String> {
    Ok(app.client.source().await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_passphrase_chosen_at_first_run_locks_the_data_and_keeps_the_note_typed_before_the_lock(
) -> TestResult {
    let mut profile = Profile::first_run()?;
    let app = App::start(&profile, "security-lock").await?;

    // First run: the passphrase screen stands in front of everything, the data's views are not there.
    app.find("#gate-setup").await?;
    assert!(app.gated().await?, "the first-run screen is up");
    assert_eq!(
        app.focused_id().await?,
        "setup-passphrase",
        "the passphrase field has the focus"
    );
    app.screenshot("0-first-run").await?;

    // A short one is refused in the page; two different ones too.
    app.type_into("#setup-passphrase", "short").await?;
    app.until_text("#setup-strength", "Too short").await?;
    app.clear("#setup-passphrase").await?;
    app.type_into("#setup-passphrase", PASSPHRASE).await?;
    app.until_text("#setup-strength", "Strong").await?;
    app.type_into("#setup-repeat", &then_enter("Hofburg lantern omega"))
        .await?;
    app.until_text("#setup-repeat-error", "not the same")
        .await?;
    assert!(app.gated().await?, "still on the first-run screen");
    app.clear("#setup-passphrase").await?;
    app.clear("#setup-repeat").await?;
    app.choose_passphrase(PASSPHRASE, false).await?;
    profile.use_passphrase(PASSPHRASE);

    // Then the app goes on as before: the welcome, on a data file that is encrypted.
    app.find("#welcome").await?;
    assert!(
        !starts_plain(&profile.db())?,
        "the data file is not a plain SQLite file"
    );
    assert_eq!(
        profile.read_settings()?["passphrase"],
        Value::Bool(true),
        "the choice is remembered in the settings"
    );
    app.find("#nav-lock:not([hidden])").await?;

    app.click("#load-sample").await?;
    app.until_count(".session-row", 15).await?;

    // A note typed and never saved by hand; Ctrl+L right away, from the note field.
    let body = "Corridor: Ruritania will table the amendment on Thursday — Рурітанія";
    app.open_view("notes").await?;
    app.click("#note-body").await?;
    app.type_into("#note-body", body).await?;
    app.lock_from("#note-body").await?;
    assert_eq!(
        app.focused_id().await?,
        "unlock-passphrase",
        "the unlock field has the focus"
    );
    let source = page_source(&app).await?;
    std::fs::write(
        desk_e2e::output_dir("security-lock").join("locked.html"),
        &source,
    )?;
    for secret in [
        "Ruritania",
        "Alliance against Trafficking",
        "Zoë Achterberg",
        "Panel 2",
    ] {
        assert!(
            !source.contains(secret),
            "the locked page holds no {secret:?}"
        );
    }
    app.screenshot("1-locked").await?;

    // It was saved before the lock: `desk`, given the passphrase, finds it in the file.
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    assert!(
        notes
            .as_array()
            .is_some_and(|list| list.iter().any(|n| n["body"] == body)),
        "the note is on disk: {notes}"
    );

    // A wrong passphrase: refused with the message, the field keeps the focus, still locked.
    app.type_into("#unlock-passphrase", &then_enter("Hofburg lantern"))
        .await?;
    app.until_text("#unlock-error", "does not open this data file")
        .await?;
    assert_eq!(
        app.focused_id().await?,
        "unlock-passphrase",
        "the field keeps the focus"
    );
    assert!(app.gated().await?, "still locked");
    app.screenshot("2-wrong-passphrase").await?;

    // The right one: back on the note, with its text, and in the notes list.
    app.unlock(PASSPHRASE).await?;
    app.find("#nav [data-view=\"notes\"][aria-current=\"page\"]")
        .await?;
    app.until_value("the note back in the editor", "#note-body", body)
        .await?;
    app.until_text(".note-list", "Ruritania").await?;
    app.until_text("#conference-title", "Alliance against Trafficking")
        .await?;
    app.screenshot("3-unlocked").await?;
    app.stop().await?;

    // Nothing remembered on this laptop: a restart starts on the unlock screen.
    let app = App::start(&profile, "security-lock").await?;
    app.find("#gate-unlock").await?;
    assert!(
        !page_source(&app).await?.contains("Ruritania"),
        "nothing of the data before the unlock"
    );
    app.unlock(PASSPHRASE).await?;
    app.until_count(".session-row", 15).await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn no_passphrase_on_this_laptop_is_asked_once_with_its_warning_and_keeps_the_file_plain(
) -> TestResult {
    let profile = Profile::first_run()?;
    let app = App::start(&profile, "security-plain").await?;
    app.find("#gate-setup").await?;
    app.until_text(
        "#setup-warning",
        "Anyone with this laptop can then read the data",
    )
    .await?;

    // The confirmation says what it means; Cancel keeps the first-run screen.
    app.click("#setup-no-passphrase").await?;
    app.until_text(".confirm-dialog", "anyone who has this laptop")
        .await?;
    app.screenshot("0-confirm").await?;
    app.click("#confirm-no").await?;
    assert!(
        app.gated().await?,
        "cancelled: still on the first-run screen"
    );

    app.choose_no_passphrase().await?;
    app.find("#welcome").await?;
    assert_eq!(
        profile.read_settings()?["passphrase"],
        Value::Bool(false),
        "the choice is kept in the settings"
    );
    assert!(
        app.find("#nav-lock").await?.attr("hidden").await?.is_some(),
        "no Lock button without a passphrase"
    );
    // Ctrl+L says why nothing is locked, and the views stay.
    app.type_into("body", &ctrl("l")).await?;
    app.until_text("#error-banner", "nothing to lock").await?;
    assert!(!app.gated().await?, "not locked");
    app.click("#load-sample").await?;
    app.until_count(".session-row", 15).await?;
    app.stop().await?;
    assert!(starts_plain(&profile.db())?, "the data file stays plain");

    // Not asked again.
    let app = App::start(&profile, "security-plain").await?;
    app.until_count(".session-row", 15).await?;
    assert!(!app.gated().await?, "no first-run screen the second time");
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_file_from_before_encryption_is_encrypted_in_place_with_nothing_lost() -> TestResult
{
    // A plain file with the sample and a note, as an earlier version left it: no choice in the settings.
    let mut profile = Profile::new()?;
    desk_ok(&profile, &["sample"])?;
    desk_ok(
        &profile,
        &["notes", "add", "--text", "Bilateral with Ελλάδα on Tuesday"],
    )?;
    assert!(starts_plain(&profile.db())?, "a plain file to start from");
    profile.write_settings(&serde_json::json!({}))?;

    let app = App::start(&profile, "security-upgrade").await?;
    app.find("#gate-upgrade").await?;
    app.until_text("#gate-upgrade", "encrypted in place")
        .await?;
    app.screenshot("0-upgrade").await?;
    app.choose_passphrase(PASSPHRASE, false).await?;
    profile.use_passphrase(PASSPHRASE);

    // The data is all there, now in an encrypted file.
    app.until_count(".session-row", 15).await?;
    assert!(!starts_plain(&profile.db())?, "encrypted in place");
    app.open_view("search").await?;
    // The search index came along: the word in Greek, in lower case, finds the note (and only it: the
    // latest notes shown before typing are gone from the results).
    app.type_into("#search-input", "ελλάδα").await?;
    app.until_text(".search-count", "1 note found").await?;
    app.until_text("#search-results", "Bilateral with").await?;
    app.stop().await?;
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    assert_eq!(
        notes[0]["body"], "Bilateral with Ελλάδα on Tuesday",
        "desk reads it with the passphrase: {notes}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_change_the_passphrase_refuse_a_wrong_old_one_and_set_the_idle_lock() -> TestResult
{
    let mut profile = Profile::with_passphrase(PASSPHRASE)?;
    desk_ok(&profile, &["sample"])?;
    assert!(!starts_plain(&profile.db())?, "desk made it encrypted");

    let app = App::start(&profile, "security-settings").await?;
    app.unlock(PASSPHRASE).await?;
    app.until_count(".session-row", 15).await?;
    app.open_view("settings").await?;
    app.until_text("#security-state", "encrypted").await?;

    // Lock after: the choice lands in the settings file.
    app.reveal("#lock-after").await?;
    app.select_value("#lock-after", "5").await?;
    app.until_text("#security-note", "5 minutes").await?;
    assert_eq!(
        profile.read_settings()?["lock_after_minutes"],
        serde_json::json!(5),
        "saved"
    );
    app.select_value("#lock-after", "").await?;
    app.until_text("#security-note", "no longer locks").await?;
    assert_eq!(
        profile.read_settings()?["lock_after_minutes"],
        Value::Null,
        "never"
    );

    // A wrong current passphrase is refused by its field, nothing changes.
    let new = "Another lantern, Ωmega 2025";
    app.type_into("#change-old", "not the passphrase").await?;
    app.type_into("#change-passphrase", new).await?;
    app.type_into("#change-repeat", &then_enter(new)).await?;
    app.until_text("#change-old-error", "not the current passphrase")
        .await?;
    assert_eq!(
        app.focused_id().await?,
        "change-old",
        "the field to fix has the focus"
    );
    desk_json(&profile, &["members", "--json"])?;

    // The right one changes it: the old one no longer opens the file, the new one does.
    app.clear("#change-old").await?;
    app.type_into("#change-old", PASSPHRASE).await?;
    app.type_into("#change-repeat", &then_enter("")).await?;
    app.until_text("#security-note", "The passphrase was changed")
        .await?;
    app.screenshot("0-changed").await?;
    let refused = profile.desk(&["members", "--json"])?;
    assert!(
        !refused.status.success(),
        "the old passphrase no longer opens it"
    );
    profile.use_passphrase(new);
    desk_json(&profile, &["members", "--json"])?;

    // Lock and unlock with the new one: back in Settings.
    app.click("#nav-lock").await?;
    app.find("#gate-unlock").await?;
    app.unlock(new).await?;
    app.find("#nav [data-view=\"settings\"][aria-current=\"page\"]")
        .await?;
    app.until_text("#security-state", "encrypted").await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_idle_time_the_app_saves_what_was_typed_and_locks() -> TestResult {
    let profile = Profile::with_passphrase(PASSPHRASE)?;
    desk_ok(&profile, &["sample"])?;
    // The shortest idle time the settings file takes: one minute.
    profile.write_settings(&serde_json::json!({ "passphrase": true, "lock_after_minutes": 1 }))?;

    let app = App::start(&profile, "security-idle").await?;
    app.unlock(PASSPHRASE).await?;
    app.until_count(".session-row", 15).await?;
    let body = "Idle note: the chair's draft text arrives at 18:00";
    app.open_view("notes").await?;
    app.click("#note-body").await?;
    app.type_into("#note-body", body).await?;

    // No key or mouse from now on (reading the page is not activity): the lock comes by itself.
    app.until_within(
        std::time::Duration::from_secs(150),
        "the idle lock",
        || async { Ok(app.gated().await? && app.find("#gate-unlock").await.is_ok()) },
    )
    .await?;
    assert!(
        !page_source(&app).await?.contains("chair's draft"),
        "the page holds nothing of the note"
    );
    let notes = desk_json(&profile, &["notes", "list", "--json"])?;
    assert!(
        notes
            .as_array()
            .is_some_and(|list| list.iter().any(|n| n["body"] == body)),
        "saved before the lock: {notes}"
    );
    app.unlock(PASSPHRASE).await?;
    app.until_value("the note back in the editor", "#note-body", body)
        .await?;
    app.stop().await
}
