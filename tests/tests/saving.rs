//! Saving what is typed, in the real window, for the three editors that autosave (a note, a session
//! brief, the daily report): typing that never pauses is still saved as it goes; what the status line
//! calls saved survives the app being killed; closing the window right after typing loses nothing;
//! switching the report's day right after typing keeps the text under the day it was typed for.
//! Nothing here waits for time: each test waits for what the database holds, or for the app's process
//! to end. Run one at a time (`--test-threads=1`) under an X display.

use std::path::Path;
use std::time::Instant;

use desk_e2e::window::{app_pid, has_exited, request_close};
use desk_e2e::{desk_ok, App, Profile, TestResult, WAIT};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

/// The three editors, each with where its text lands in the database.
#[derive(Clone, Copy, Debug)]
enum Editor {
    Note,
    Brief,
    Report,
}

impl Editor {
    fn view(self) -> &'static str {
        match self {
            Editor::Note => "notes",
            Editor::Brief => "pack",
            Editor::Report => "report",
        }
    }

    fn area(self) -> &'static str {
        match self {
            Editor::Note => "#note-body",
            Editor::Brief => "#brief-objectives",
            Editor::Report => "#report-text",
        }
    }
}

/// Where an editor's text is stored: which brief's session, which report's day.
struct Target {
    editor: Editor,
    key: String,
}

impl Target {
    /// What the database holds for it now (read-only, as another process would).
    fn stored(&self, db: &Path) -> TestResult<Option<String>> {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let found = match self.editor {
            Editor::Note => conn
                .query_row(
                    "SELECT body FROM note ORDER BY created_at LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .optional()?,
            Editor::Brief => conn
                .query_row(
                    "SELECT objectives FROM session_brief WHERE session_id = ?1",
                    [self.key.parse::<i64>()?],
                    |r| r.get(0),
                )
                .optional()?,
            Editor::Report => conn
                .query_row(
                    "SELECT body FROM daily_report WHERE day = ?1",
                    [&self.key],
                    |r| r.get(0),
                )
                .optional()?,
        };
        Ok(found)
    }
}

/// A profile with the sample conference, the app started on it. The app's fallback for a page that
/// never answers a close request is set far beyond the tests' wait, so a window that closes in a test
/// was closed by the UI once it had saved.
async fn start(test: &str) -> TestResult<(Profile, App)> {
    let mut profile = Profile::new()?;
    profile.set_env("DESK_CLOSE_WAIT_SECS", "3600");
    profile.desk(&["sample"])?;
    let app = App::start(&profile, test).await?;
    app.until_count(".session-row", 15).await?;
    Ok((profile, app))
}

/// Opens `editor`'s view and returns its (empty) text area and where its text is stored.
async fn open_editor(app: &App, editor: Editor) -> TestResult<(Element, Target)> {
    app.open_view(editor.view()).await?;
    let area = app.reveal(editor.area()).await?;
    let key = match editor {
        Editor::Note => String::new(),
        Editor::Brief => app
            .find("#brief-session")
            .await?
            .prop("value")
            .await?
            .ok_or("no brief session chosen")?,
        Editor::Report => app
            .find("#report-day")
            .await?
            .prop("value")
            .await?
            .ok_or("no report day chosen")?,
    };
    // The report starts as a draft built from the notes: start from an empty text.
    area.clear().await?;
    area.click().await?;
    Ok((area, Target { editor, key }))
}

/// Waits until the status line says everything is saved.
async fn until_saved(app: &App) -> TestResult {
    app.find("#save-state[data-state=\"saved\"]").await?;
    Ok(())
}

/// Types into `area` in small chunks without ever pausing, checking the database between chunks,
/// until it has seen two different saves of what was typed so far while the typing went on. The old
/// pure debounce saved only after a pause, so it never would. Returns all that was typed.
async fn type_steadily(area: &Element, target: &Target, db: &Path) -> TestResult<String> {
    let deadline = Instant::now() + WAIT;
    let mut typed = String::new();
    let mut seen: Vec<String> = Vec::new();
    let mut chunk = 0;
    while seen.len() < 2 {
        if Instant::now() > deadline {
            return Err(format!(
                "{:?}: typing steadily for {WAIT:?} ({} characters) saved {} time(s), not twice: {seen:?}",
                target.editor,
                typed.len(),
                seen.len()
            )
            .into());
        }
        let words = format!("w{chunk} ");
        area.send_keys(&words).await?;
        typed.push_str(&words);
        chunk += 1;
        if let Some(stored) = target.stored(db)?.filter(|s| !s.is_empty()) {
            if seen.last() != Some(&stored) {
                assert!(
                    typed.starts_with(&stored),
                    "{:?}: what is saved is what was typed up to some point: {stored:?} of {typed:?}",
                    target.editor
                );
                seen.push(stored);
            }
        }
    }
    Ok(typed)
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_that_never_pauses_is_saved_while_it_goes_on_in_every_editor() -> TestResult {
    let (profile, app) = start("saving-steady").await?;
    for editor in [Editor::Note, Editor::Brief, Editor::Report] {
        let (area, target) = open_editor(&app, editor).await?;
        let typed = type_steadily(&area, &target, &profile.db()).await?;
        // Once the typing stops, all of it is saved.
        app.until(&format!("{editor:?}: all the typing on disk"), || async {
            Ok(target.stored(&profile.db())?.as_deref() == Some(typed.as_str()))
        })
        .await?;
        until_saved(&app).await?;
    }
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_and_a_report_shown_as_saved_survive_the_app_being_killed() -> TestResult {
    let (profile, app) = start("saving-kill").await?;
    let mut written = Vec::new();
    for (editor, text) in [
        (
            Editor::Brief,
            "Ask how Greece funds shelters.\nAnd for how long.",
        ),
        (Editor::Report, "Day one: the NRM panel, <b>as text</b>."),
    ] {
        let (area, target) = open_editor(&app, editor).await?;
        area.send_keys(&text.replace('\n', &char::from(Key::Enter).to_string()))
            .await?;
        // Typing leaves the state "not saved yet"; it says "Saved" only once all of it is committed.
        until_saved(&app).await?;
        written.push((target, text));
    }
    // Right after "Saved" shows: SIGKILL, no chance to flush anything.
    let pid = app_pid(&profile.db())?;
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()?;
    assert!(killed.success(), "kill -KILL {pid}");
    let _ = app.stop().await;
    for (target, text) in &written {
        assert_eq!(
            target.stored(&profile.db())?.as_deref(),
            Some(*text),
            "{:?}: what was shown as saved is on disk",
            target.editor
        );
    }

    // Restarted, each editor shows it again.
    let app = App::start(&profile, "saving-kill").await?;
    app.until_count(".session-row", 15).await?;
    for (target, text) in &written {
        app.open_view(target.editor.view()).await?;
        app.until(&format!("{:?} shown again", target.editor), || async {
            let value = app.find(target.editor.area()).await?.prop("value").await?;
            Ok(value.as_deref() == Some(*text))
        })
        .await?;
    }
    app.stop().await
}

/// Types `text` into `editor`, asks the window to close at once (as its close button does, without
/// waiting for any "Saved"), waits for the app to end, and checks that all of the text is on disk.
async fn close_right_after_typing(editor: Editor, test: &str) -> TestResult {
    let (profile, app) = start(test).await?;
    let (area, target) = open_editor(&app, editor).await?;
    let text = "Closing straight after typing keeps every word, down to this last one";
    for word in text.split_inclusive(' ') {
        area.send_keys(word).await?;
    }
    let pid = app_pid(&profile.db())?;
    let asked = request_close(pid)?;
    assert!(asked >= 1, "the app's window accepts a close request");
    app.until("the app to end after the close request", || async {
        Ok(has_exited(pid))
    })
    .await?;
    let _ = app.stop().await;
    assert_eq!(
        target.stored(&profile.db())?.as_deref(),
        Some(text),
        "{editor:?}: all that was typed before the close is on disk"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_right_after_typing_a_note_saves_all_of_it() -> TestResult {
    close_right_after_typing(Editor::Note, "saving-close-note").await
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_right_after_typing_a_brief_saves_all_of_it() -> TestResult {
    close_right_after_typing(Editor::Brief, "saving-close-brief").await
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_right_after_typing_a_report_saves_all_of_it() -> TestResult {
    close_right_after_typing(Editor::Report, "saving-close-report").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_typed_just_before_switching_the_day_is_saved_under_its_own_day() -> TestResult {
    let (profile, app) = start("saving-report-day").await?;
    let (area, first) = open_editor(&app, Editor::Report).await?;
    let days = app.all("#report-day option").await?;
    let second_day = days
        .get(1)
        .ok_or("the sample has a second day")?
        .prop("value")
        .await?
        .ok_or("a day's value")?;
    let text = "Written for the first day, switched away from at once.";
    area.send_keys(text).await?;
    app.find("#report-day")
        .await?
        .select_by_value(&second_day)
        .await?;
    let second = Target {
        editor: Editor::Report,
        key: second_day.clone(),
    };
    app.until("the first day's report on disk", || async {
        Ok(first.stored(&profile.db())?.as_deref() == Some(text))
    })
    .await?;
    until_saved(&app).await?;
    assert_eq!(
        second.stored(&profile.db())?,
        None,
        "nothing was saved under the day switched to"
    );
    app.until("the second day shown", || async {
        let day = app.find("#report-day").await?.prop("value").await?;
        let value = app.find("#report-text").await?.prop("value").await?;
        Ok(day.as_deref() == Some(second_day.as_str()) && value.is_some_and(|v| !v.contains(text)))
    })
    .await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_brief_that_cannot_be_saved_says_why_keeps_the_text_and_holds_the_window_open_once(
) -> TestResult {
    let (profile, app) = start("saving-refused").await?;
    let (area, target) = open_editor(&app, Editor::Brief).await?;
    // The session goes away behind the window's back (the command line, another copy of the data).
    desk_ok(&profile, &["sessions", "delete", &target.key])?;
    let text = "Objectives for a session that is gone";
    area.send_keys(text).await?;
    app.find("#save-state[data-state=\"error\"]").await?;
    let state = app.find("#save-state").await?.text().await?;
    assert!(
        state.starts_with("Not saved: ") && state.contains("session"),
        "the status line says it is not saved, and why: {state:?}"
    );
    assert_eq!(
        area.prop("value").await?.as_deref(),
        Some(text),
        "the text stays in the editor"
    );
    assert_eq!(target.stored(&profile.db())?, None, "and nothing claims it");

    // Closing: the save is tried again, fails again, and the window stays open, saying so.
    let pid = app_pid(&profile.db())?;
    assert!(
        request_close(pid)? >= 1,
        "the window accepts a close request"
    );
    app.until_text("#error-banner", "The window was not closed")
        .await?;
    assert!(!has_exited(pid), "the app is still running");
    assert_eq!(area.prop("value").await?.as_deref(), Some(text));
    // Closing again, knowingly, closes without it.
    assert!(request_close(pid)? >= 1);
    app.until("the app to end after the second close request", || async {
        Ok(has_exited(pid))
    })
    .await?;
    let _ = app.stop().await;
    Ok(())
}
