//! Hand editing and agendas out: the `desk` binary adding and editing sessions and members, and writing
//! a member's calendar that an independent iCalendar parser reads back; then the real window adding a
//! side event through its form and showing a member's agenda.

use desk_e2e::{desk_fails as fails, desk_json as json, desk_ok as ok, App, Profile, TestResult};
use fantoccini::key::Key;
use serde_json::Value;

#[test]
fn sessions_add_and_edit_work_in_conference_time_and_the_list_still_works() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let s = json(
        &p,
        &[
            "sessions",
            "add",
            "--title",
            "Side event: shelters, first steps",
            "--date",
            "2023-04-19",
            "--start",
            "12:00",
            "--duration",
            "45",
            "--room",
            "Ratsaal",
            "--speakers",
            "Ana Lima;Jo Park",
            "--priority",
            "should",
            "--json",
        ],
    )?;
    assert_eq!(s["starts_at"], "2023-04-19T12:00:00+02:00", "{s}");
    assert_eq!(s["end"], "12:45");
    assert_eq!(
        (s["kind"].as_str(), s["origin"].as_str()),
        (Some("side-event"), Some("manual"))
    );
    assert_eq!(s["speakers"], serde_json::json!(["Ana Lima", "Jo Park"]));
    let id = s["id"].as_i64().ok_or("id")?.to_string();
    let said = ok(
        &p,
        &[
            "sessions",
            "edit",
            &id,
            "--start",
            "15:00",
            "--room",
            "Neuer Saal",
        ],
    )?;
    assert!(
        said.contains("15:00-15:45") && said.contains("Neuer Saal"),
        "{said}"
    );
    let err = fails(&p, &["sessions", "edit", &id, "--end", "09:00"])?;
    assert!(err.starts_with("desk: end:"), "the field is named: {err}");
    let err = fails(
        &p,
        &[
            "sessions", "add", "--title", "No day", "--start", "10:00", "--end", "11:00",
        ],
    )?;
    assert!(err.starts_with("desk: date:"), "{err}");
    // The list keeps its old form, with and without the `list` word.
    let day = json(&p, &["sessions", "--day", "2023-04-19", "--json"])?;
    assert!(day
        .as_array()
        .ok_or("array")?
        .iter()
        .any(|x| x["room"] == "Neuer Saal" && x["start"] == "15:00"));
    assert_eq!(
        json(&p, &["sessions", "list", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(16)
    );
    assert!(ok(&p, &["sessions", "cancel", &id])?.starts_with("Cancelled"));
    let all = json(&p, &["sessions", "--json"])?;
    let cancelled = all
        .as_array()
        .ok_or("array")?
        .iter()
        .find(|x| x["id"].as_i64().map(|n| n.to_string()) == Some(id.clone()))
        .ok_or("the side event")?;
    assert_eq!(cancelled["status"], "cancelled", "kept, marked cancelled");
    // Its brief goes with it, and the answer says so.
    ok(
        &p,
        &["brief", &id, "--lines", "- We fund three shelters already."],
    )?;
    let deleted = ok(&p, &["sessions", "delete", &id])?;
    assert!(
        deleted.starts_with("Deleted")
            && deleted.contains("its brief (objectives, points to make, defensive lines)"),
        "{deleted}"
    );
    Ok(())
}

#[test]
fn members_add_edit_and_remove_and_the_list_still_works() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let m = json(
        &p,
        &[
            "members",
            "add",
            "Ines Duarte",
            "--title",
            "Labour inspector",
            "--languages",
            "pt;en",
            "--expertise",
            "law;nrm",
            "--arrives",
            "2023-04-18 12:00",
            "--max-per-day",
            "2",
            "--json",
        ],
    )?;
    assert_eq!(m["arrives_at"], "2023-04-18T12:00:00+02:00");
    assert_eq!(m["languages"], serde_json::json!(["pt", "en"]));
    assert_eq!(
        m["expertise"],
        serde_json::json!(["nrm", "law"]),
        "taxonomy order"
    );
    assert!(ok(
        &p,
        &[
            "members",
            "edit",
            "ines",
            "--departs",
            "2023-04-19 16:00",
            "--max-per-day",
            ""
        ]
    )?
    .contains("Ines Duarte"));
    let list = json(&p, &["members", "--json"])?;
    let ines = list
        .as_array()
        .ok_or("array")?
        .iter()
        .find(|x| x["name"] == "Ines Duarte")
        .ok_or("Ines")?;
    assert_eq!(
        (ines["departs_at"].as_str(), ines["max_per_day"].is_null()),
        (Some("2023-04-19T16:00:00+02:00"), true)
    );
    let err = fails(
        &p,
        &["members", "edit", "ines", "--languages", "portuguese"],
    )?;
    assert!(err.starts_with("desk: languages:"), "{err}");
    ok(&p, &["assign", "Panel 3", "ines", "--role", "notes"])?;
    ok(
        &p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 3",
            "--text",
            "Good panel.",
            "--author",
            "ines",
        ],
    )?;
    let said = ok(&p, &["members", "remove", "ines"])?;
    assert!(
        said.contains("Ines Duarte")
            && said.contains("1 assignment")
            && said.contains("kept without an author"),
        "{said}"
    );
    assert_eq!(
        json(&p, &["members", "list", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(6)
    );
    let notes = json(&p, &["notes", "list", "--json"])?;
    assert!(
        notes[0]["author_id"].is_null(),
        "the note stays, without an author: {notes}"
    );
    Ok(())
}

fn uids(path: &std::path::Path) -> TestResult<Vec<String>> {
    use icalendar::{Calendar, CalendarComponent, Component};
    let text = std::fs::read_to_string(path)?;
    let calendar: Calendar = text
        .parse()
        .map_err(|e| format!("not a valid calendar: {e}"))?;
    Ok(calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => e.get_uid().map(String::from),
            _ => None,
        })
        .collect())
}

#[test]
fn a_members_ics_is_valid_and_a_re_export_keeps_the_uids() -> TestResult {
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    ok(&p, &["assign", "Panel 2", "Zoë", "--role", "lead"])?;
    ok(&p, &["assign", "Panel 3", "Zoë", "--role", "notes"])?;
    ok(&p, &["assign", "Panel 3", "lukasz"])?;
    let text = ok(&p, &["agenda", "--member", "zoe"])?;
    assert!(
        text.contains("Wednesday 19 April 2023")
            && text.contains("lead")
            && text.contains("Neuer Saal"),
        "{text}"
    );
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("zoe.ics");
    let file_arg = file.to_str().ok_or("path")?;
    assert!(ok(&p, &["agenda", "--member", "zoe", "--ics", file_arg])?.contains("Wrote 2 events"));
    let first = uids(&file)?;
    assert_eq!(first.len(), 2, "{first:?}");
    let calendar: Calendar = std::fs::read_to_string(&file)?
        .parse()
        .map_err(|e: String| e)?;
    let panel3 = calendar
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(e)
                if e.get_summary().is_some_and(|s| s.starts_with("Panel 3")) =>
            {
                Some(e)
            }
            _ => None,
        })
        .ok_or("Panel 3 event")?;
    assert_eq!(panel3.get_location(), Some("Neuer Saal, Hofburg"));
    let description = panel3.get_description().unwrap_or_default();
    assert!(
        description.starts_with("Your role: notes.")
            && description.contains("Łukasz Brandt (attend)"),
        "{description}"
    );
    // The programme moves; the re-export updates the same events.
    ok(&p, &["sessions", "edit", "Panel 3", "--start", "15:00"])?;
    ok(&p, &["agenda", "--member", "zoe", "--ics", file_arg])?;
    assert_eq!(uids(&file)?, first, "the same UIDs after re-export");
    assert!(std::fs::read_to_string(&file)?.contains("DTSTART;TZID=Europe/Vienna:20230419T150000"));
    let err = fails(
        &p,
        &[
            "agenda",
            "--ics",
            dir.path().join("zoe.txt").to_str().ok_or("path")?,
        ],
    )?;
    assert!(err.contains("does not end in .ics"), "{err}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_side_event_added_in_the_window_shows_in_the_agenda_and_in_a_members_agenda() -> TestResult
{
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let app = App::start(&profile, "agenda-edit").await?;
    app.until_count(".session-row", 15).await?;
    app.click("#add-session").await?;
    app.find("#session-form").await?;
    app.screenshot("1-empty-form").await?;
    // Submitting without a title says which field is wrong, by the field.
    app.click("#session-form [type=submit]").await?;
    app.until_text("#session-form .field-error", "title")
        .await?;
    app.type_into("#sf-title", "Side event: shelters in Vienna")
        .await?;
    app.select_value("#sf-date", "2023-04-19").await?;
    app.type_into("#sf-start", "12:00").await?;
    app.type_into("#sf-end", "12:45").await?;
    app.type_into("#sf-room", "Ratsaal").await?;
    app.screenshot("2-filled-form").await?;
    app.click("#session-form [type=submit]").await?;
    app.until_count(".session-row", 16).await?;
    app.until_text(".view-agenda", "Side event: shelters in Vienna")
        .await?;
    let list = serde_json::from_slice::<Value>(&profile.desk(&["sessions", "--json"])?.stdout)?;
    let added = list
        .as_array()
        .ok_or("array")?
        .iter()
        .find(|s| s["title"] == "Side event: shelters in Vienna")
        .ok_or("the side event is in the database")?;
    assert_eq!(
        (added["start"].as_str(), added["room"].as_str()),
        (Some("12:00"), Some("Ratsaal"))
    );
    app.screenshot("3-agenda-with-side-event").await?;

    // Escape closes the form without adding anything.
    app.click("#add-session").await?;
    app.type_into(
        "#sf-title",
        &format!("Never saved{}", char::from(Key::Escape)),
    )
    .await?;
    app.until("the form closed", || async {
        Ok(app.all("#session-form").await?.is_empty())
    })
    .await?;
    app.until_count(".session-row", 16).await?;

    // A member's agenda shows what they cover.
    let id = added["id"].as_i64().ok_or("id")?.to_string();
    profile.desk(&["assign", &id, "Zoë", "--role", "lead"])?;
    app.open_view("member-agenda").await?;
    app.select_label("#agenda-member", "Zoë Achterberg").await?;
    app.until_text(".agenda-item", "Side event: shelters in Vienna")
        .await?;
    app.until_text(".agenda-item", "Lead").await?;
    app.until_text(".view-summary", "Zoë Achterberg: 1 session")
        .await?;
    app.screenshot("4-member-agenda").await?;
    app.open_view("delegation").await?;
    app.click("#add-member").await?;
    app.find("#member-form").await?;
    app.screenshot("5-member-form").await?;
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_and_a_member_are_edited_in_the_window_and_removal_names_who() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    profile.desk(&["assign", "Panel 3", "Zoë", "--role", "notes"])?;
    let app = App::start(&profile, "agenda-edit-existing").await?;
    app.until_count(".session-row", 15).await?;
    let sessions = serde_json::from_slice::<Value>(&profile.desk(&["sessions", "--json"])?.stdout)?;
    let panel = sessions
        .as_array()
        .ok_or("array")?
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Panel 3"))
        })
        .ok_or("Panel 3")?["id"]
        .as_i64()
        .ok_or("id")?;
    let row = format!(".session-row[data-session-id=\"{panel}\"]");
    app.click(&format!("{row} .session-summary")).await?;
    app.click(&format!("{row} [data-action=\"edit-session\"]"))
        .await?;
    let start = app
        .on("#sf-start", |e| async move { e.prop("value").await })
        .await?;
    assert_eq!(
        start.as_deref(),
        Some("14:30"),
        "the form holds the session's values"
    );
    app.clear("#sf-start").await?;
    app.type_into("#sf-start", "15:00").await?;
    app.clear("#sf-end").await?;
    app.type_into("#sf-end", "14:00").await?;
    app.click("#session-form [type=submit]").await?;
    app.until_text(
        "#session-form .field-error[data-field=\"end\"]",
        "not after the start",
    )
    .await?;
    app.screenshot("1-refused-by-field").await?;
    app.clear("#sf-end").await?;
    app.type_into("#sf-end", "16:30").await?;
    app.click("#session-form [type=submit]").await?;
    app.until_text(&row, "15:00–16:30").await?;
    app.until_text(&row, "Zoë Achterberg").await?;
    app.click(&format!("{row} [data-action=\"cancel-session\"]"))
        .await?;
    app.until_text(&row, "Cancelled").await?;
    app.screenshot("2-moved-and-cancelled").await?;

    // The save dialog's API is there for "Export to calendar (.ics)…".
    let has_save = app
        .client
        .execute(
            "return typeof window.__TAURI__.dialog.save === 'function';",
            vec![],
        )
        .await?;
    assert_eq!(
        has_save,
        Value::Bool(true),
        "tauri-plugin-dialog's save is available to the UI"
    );

    app.open_view("delegation").await?;
    assert!(
        app.text(".member-row:nth-child(3)").await?.contains("Zoë"),
        "the third member is Zoë"
    );
    app.click(".member-row:nth-child(3) [data-action=\"edit-member\"]")
        .await?;
    app.type_into("#mf-departs", "2023-04-19 16:00").await?;
    app.type_into("#mf-max_per_day", "2").await?;
    app.click("#member-form [type=submit]").await?;
    app.until_text(".member-row:nth-child(3)", "at most 2 sessions a day")
        .await?;
    app.screenshot("3-delegation-with-availability").await?;
    app.click(".member-row:nth-child(3) [data-action=\"remove-member\"]")
        .await?;
    app.until_text(
        ".confirm-dialog",
        "Remove Zoë Achterberg from the delegation?",
    )
    .await?;
    app.until_text(".confirm-dialog", "assigned to 1 session")
        .await?;
    app.screenshot("4-remove-confirmation").await?;
    app.click("#confirm-yes").await?;
    app.until_count(".member-row", 5).await?;
    let members = serde_json::from_slice::<Value>(&profile.desk(&["members", "--json"])?.stdout)?;
    assert!(
        members
            .as_array()
            .ok_or("array")?
            .iter()
            .all(|m| m["name"] != "Zoë Achterberg"),
        "removed from the database"
    );
    app.stop().await
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_session_with_a_brief_in_the_window_says_the_brief_goes_with_it() -> TestResult {
    let profile = Profile::new()?;
    profile.desk(&["sample"])?;
    let wrote = profile.desk(&[
        "brief",
        "Panel 3",
        "--lines",
        "- We fund three shelters already.",
    ])?;
    assert!(wrote.status.success(), "the brief is written");
    let sessions = serde_json::from_slice::<Value>(&profile.desk(&["sessions", "--json"])?.stdout)?;
    let id_of = |prefix: &str| -> TestResult<i64> {
        Ok(sessions
            .as_array()
            .ok_or("array")?
            .iter()
            .find(|s| s["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
            .ok_or("session")?["id"]
            .as_i64()
            .ok_or("id")?)
    };
    let app = App::start(&profile, "agenda-delete-brief").await?;
    app.until_count(".session-row", 15).await?;
    let row = format!(".session-row[data-session-id=\"{}\"]", id_of("Panel 3")?);
    app.click(&format!("{row} .session-summary")).await?;
    app.click(&format!("{row} [data-action=\"delete-session\"]"))
        .await?;
    app.until_text(
        ".confirm-dialog",
        "Its brief (objectives, points to make, defensive lines) will be deleted too",
    )
    .await?;
    app.screenshot("1-delete-names-the-brief").await?;
    app.click("#confirm-no").await?;
    app.until_count(".confirm-dialog", 0).await?;

    // A session without a brief does not mention one.
    let other = format!(".session-row[data-session-id=\"{}\"]", id_of("Panel 2")?);
    app.click(&format!("{other} .session-summary")).await?;
    app.click(&format!("{other} [data-action=\"delete-session\"]"))
        .await?;
    app.until_text(".confirm-dialog", "A session with notes cannot be deleted")
        .await?;
    let text = app.find(".confirm-dialog").await?.text().await?;
    assert!(!text.contains("Its brief"), "{text}");
    app.click("#confirm-no").await?;
    app.stop().await
}
