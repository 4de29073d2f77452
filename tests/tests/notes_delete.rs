//! Deleting a note in the real window: "You are" chosen in Settings, "Delete" offered on that member's
//! notes (and on notes without an author) but not on another's, the shared confirmation answered from
//! the keyboard, and the note gone from the list, search and the data file; and a note deleted while it
//! is being edited, with text typed into it, is not written again by the autosave.
//! Run one at a time (`--test-threads=1`) under an X display.

use desk_e2e::{App, Profile, TestResult};
use fantoccini::key::Key;
use serde_json::Value;

fn json(profile: &Profile, args: &[&str]) -> TestResult<Value> {
    let out = profile.desk(args)?;
    assert!(
        out.status.success(),
        "desk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// Adds a corridor note with `desk`; returns its id.
fn add_note(profile: &Profile, text: &str, author: Option<&str>) -> TestResult<String> {
    let mut args = vec!["notes", "add", "--text", text];
    if let Some(a) = author {
        args.extend(["--author", a]);
    }
    let out = profile.desk(&args)?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout)?;
    Ok(said
        .split_whitespace()
        .nth(2)
        .ok_or("Saved note ID ...")?
        .to_string())
}

/// The bodies of the notes in the data file.
fn bodies(profile: &Profile) -> TestResult<Vec<String>> {
    Ok(json(profile, &["notes", "list", "--json"])?
        .as_array()
        .ok_or("a list")?
        .iter()
        .filter_map(|n| n["body"].as_str().map(String::from))
        .collect())
}

fn item(id: &str) -> String {
    format!(".note-item[data-note-id=\"{id}\"]")
}

async fn you_are(app: &App, name: &str) -> TestResult {
    app.open_view("settings").await?;
    app.select_label("#settings-me", name).await?;
    app.until_text("#settings-me-status", "you can delete the notes you wrote")
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_author_deletes_a_note_after_confirming_and_it_is_gone_everywhere() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let mine = add_note(&profile, "Quokkaborough funds two shelters.", Some("Maren"))?;
    let theirs = add_note(
        &profile,
        "Łukasz heard about labour inspections.",
        Some("Łukasz"),
    )?;
    let nobodys = add_note(&profile, "Corridor: nobody signed this.", None)?;
    let maren = json(&profile, &["members", "--json"])?
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|m| m["name"].as_str().is_some_and(|n| n.starts_with("Maren")))
                .and_then(|m| m["name"].as_str().map(String::from))
        })
        .ok_or("Maren in the sample")?;

    let app = App::start(&profile, "notes-delete").await?;
    app.until_count(".session-row", 15).await?;
    app.open_view("notes").await?;
    app.select_value("#note-session", "").await?;
    app.until_count(".note-item", 3).await?;
    // Nobody set on this laptop: only the note without an author can be deleted, and the list says why.
    app.find("#note-delete-hint").await?;
    app.until_count(".note-item .note-delete", 1).await?;
    app.find(&format!("{} .note-delete", item(&nobodys)))
        .await?;

    you_are(&app, &maren).await?;
    app.open_view("notes").await?;
    app.until_count(".note-item", 3).await?;
    app.until_count(".note-item .note-delete", 2).await?;
    assert!(
        app.all(&format!("{} .note-delete", item(&theirs)))
            .await?
            .is_empty(),
        "no Delete on another member's note"
    );

    // Cancel first: nothing happens.
    app.click(&format!("{} .note-delete", item(&mine))).await?;
    app.click("#confirm-no").await?;
    app.until_count(".note-item", 3).await?;
    // Then from the keyboard: Enter on "Delete", Tab from "Cancel" to the confirm button, Enter.
    let delete = format!("{} .note-delete", item(&mine));
    app.on(&delete, |e| async move {
        e.send_keys(&char::from(Key::Enter).to_string()).await
    })
    .await?;
    app.find("#confirm-yes").await?;
    app.screenshot("confirm-delete").await?;
    let keys = format!("{}{}", char::from(Key::Tab), char::from(Key::Enter));
    let keys = keys.as_str();
    app.on("#confirm-no", |e| async move { e.send_keys(keys).await })
        .await?;
    app.until_count(".note-item", 2).await?;
    assert!(
        app.all(&item(&mine)).await?.is_empty(),
        "gone from the list"
    );
    assert!(
        !bodies(&profile)?
            .iter()
            .any(|b| b.contains("Quokkaborough")),
        "gone from the data file"
    );
    assert_eq!(
        json(&profile, &["notes", "search", "quokkaborough", "--json"])?,
        serde_json::json!([]),
        "gone from search"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_deleted_while_it_is_being_edited_is_not_written_again() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let id = add_note(&profile, "Draft about Quokkaborough.", None)?;
    let app = App::start(&profile, "notes-delete-draft").await?;
    app.until_count(".session-row", 15).await?;
    app.open_view("notes").await?;
    app.select_value("#note-session", "").await?;
    app.click(&format!("{} .note-open", item(&id))).await?;
    app.until_value(
        "the note in the composer",
        "#note-body",
        "Draft about Quokkaborough.",
    )
    .await?;
    // Typed, and not yet saved when the deletion is asked for.
    app.type_into("#note-body", " More typed just before deleting.")
        .await?;
    app.click(&format!("{} .note-delete", item(&id))).await?;
    app.click("#confirm-yes").await?;
    app.until_value("the composer to hold a new, empty note", "#note-body", "")
        .await?;
    app.until_text(".editing-line", "New note").await?;
    // Leaving the view saves whatever is pending (every saver is flushed before a view goes).
    app.open_view("agenda").await?;
    app.open_view("notes").await?;
    app.until_text(".note-list-panel", "No notes yet").await?;
    assert_eq!(
        bodies(&profile)?,
        Vec::<String>::new(),
        "neither the note nor what was typed into it came back"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_note_deleted_elsewhere_while_it_is_edited_is_not_saved_again_as_a_new_note() -> TestResult
{
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let id = add_note(&profile, "Draft about Quokkaborough.", None)?;
    let app = App::start(&profile, "notes-delete-elsewhere").await?;
    app.until_count(".session-row", 15).await?;
    app.open_view("notes").await?;
    app.select_value("#note-session", "").await?;
    app.click(&format!("{} .note-open", item(&id))).await?;
    app.until_text(".editing-line", "Editing a saved note")
        .await?;
    // Deleted from the command line while the app has it in its composer; then typed into.
    let out = profile.desk(&["notes", "delete", &id])?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.type_into("#note-body", " Typed after it was deleted.")
        .await?;
    app.until_text("#error-banner", "was deleted; it was not saved again")
        .await?;
    app.until_text(".editing-line", "New note").await?;
    app.open_view("agenda").await?;
    app.open_view("notes").await?;
    app.until_text(".note-list-panel", "No notes yet").await?;
    assert_eq!(
        bodies(&profile)?,
        Vec::<String>::new(),
        "the deleted note did not come back as a new one"
    );
    app.stop().await
}
