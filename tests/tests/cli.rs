//! The `desk` binary's v1 contract, run as a person or a script would run it, on a temp database.

use desk_e2e::{desk_fails as fails, desk_json as json, desk_ok as ok, Profile, TestResult};

#[test]
fn sample_loads_once_and_running_it_twice_changes_nothing() -> TestResult {
    let p = Profile::new()?;
    assert!(ok(&p, &["sample"])?.contains("Loaded the sample conference"));
    let before = json(&p, &["sessions", "--json"])?;
    assert!(ok(&p, &["sample"])?.contains("already loaded; nothing changed"));
    assert_eq!(
        json(&p, &["sessions", "--json"])?,
        before,
        "the second run changed nothing"
    );
    assert_eq!(
        json(&p, &["conferences", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    Ok(())
}

#[test]
fn sessions_json_gives_vienna_times_with_their_offset_and_the_assignments() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    ok(&p, &["assign", "Panel 2", "Zoë", "--role", "lead"])?;
    let sessions = json(&p, &["sessions", "--day", "2023-04-19", "--json"])?;
    let list = sessions.as_array().ok_or("an array")?;
    assert!(list.iter().all(|s| s["starts_at"]
        .as_str()
        .is_some_and(|t| t.starts_with("2023-04-19T") && t.ends_with("+02:00"))));
    let panel = list
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Panel 2"))
        })
        .ok_or("Panel 2")?;
    for field in [
        "id",
        "title",
        "kind",
        "room",
        "priority",
        "starts_at",
        "ends_at",
        "assignments",
    ] {
        assert!(panel.get(field).is_some(), "sessions --json has {field}");
    }
    assert_eq!(panel["starts_at"], "2023-04-19T11:00:00+02:00");
    assert_eq!(panel["assignments"][0]["member_name"], "Zoë Achterberg");
    assert_eq!(panel["assignments"][0]["role"], "lead");
    Ok(())
}

#[test]
fn assign_and_unassign_accept_fragments_of_titles_and_names() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let said = ok(&p, &["assign", "game-changing", "samuel"])?;
    assert!(
        said.contains("Samuel Okafor") && said.contains("as attend"),
        "{said}"
    );
    let said = ok(&p, &["unassign", "game-changing", "samuel"])?;
    assert!(said.contains("Took Samuel Okafor off"), "{said}");
    let err = fails(&p, &["unassign", "game-changing", "samuel"])?;
    assert!(err.contains("is not assigned"), "{err}");
    Ok(())
}

#[test]
fn a_bad_session_fragment_gives_a_clear_error() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let err = fails(&p, &["assign", "karaoke night", "Elena"])?;
    assert!(
        err.starts_with("desk: No session matches \"karaoke night\""),
        "{err}"
    );
    let err = fails(&p, &["assign", "panel", "Elena"])?;
    assert!(
        err.contains("matches 3 sessions") && err.contains("Panel 1") && err.contains("Panel 3"),
        "lists the candidates: {err}"
    );
    Ok(())
}

#[test]
fn notes_are_added_with_blocks_and_author_and_listed_as_json() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let said = ok(
        &p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            "NRM with four stages",
            "--block",
            "nrm",
            "--block",
            "council",
            "--author",
            "Maren",
        ],
    )?;
    assert!(said.starts_with("Saved note "), "{said}");
    let notes = json(&p, &["notes", "list", "--json"])?;
    assert_eq!(notes[0]["body"], "NRM with four stages");
    assert_eq!(notes[0]["author_name"], "Maren Høgsvik");
    assert_eq!(
        notes[0]["blocks"],
        serde_json::json!(["council", "nrm"]),
        "in taxonomy order"
    );
    let err = fails(
        &p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            "x",
            "--block",
            "nmr",
        ],
    )?;
    assert!(err.contains("no building block \"nmr\""), "{err}");
    Ok(())
}

#[test]
fn commands_without_a_conference_say_how_to_get_one() -> TestResult {
    let p = Profile::new()?;
    let err = fails(&p, &["sessions"])?;
    assert!(err.contains("desk sample"), "{err}");
    Ok(())
}

#[test]
fn usage_errors_exit_with_2_and_help_with_0() -> TestResult {
    let p = Profile::new()?;
    let out = p.desk(&["assign"])?;
    assert_eq!(
        out.status.code(),
        Some(2),
        "missing arguments are a usage error"
    );
    let out = p.desk(&["--help"])?;
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)?.contains("sessions"));
    let out = p.desk(&["sessions", "--day", "19/04/2023"])?;
    assert_eq!(out.status.code(), Some(1));
    Ok(())
}

#[test]
fn a_database_from_a_newer_version_is_refused() -> TestResult {
    let p = Profile::new()?;
    {
        let conn = rusqlite::Connection::open(p.db())?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    let err = fails(&p, &["conferences"])?;
    assert!(
        err.contains("newer version of Delegation Desk") && err.contains("Nothing was changed"),
        "{err}"
    );
    Ok(())
}

#[test]
fn conferences_new_creates_the_current_conference_and_names_a_bad_field() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let said = ok(
        &p,
        &[
            "conferences",
            "new",
            "--title",
            "OSCE Alliance 2024",
            "--from",
            "2024-04-15",
            "--to",
            "2024-04-16",
            "--city",
            "Vienna",
        ],
    )?;
    assert!(said.contains("it is now the current one"), "{said}");
    let list = json(&p, &["conferences", "--json"])?;
    assert_eq!(
        list[0]["title"], "OSCE Alliance 2024",
        "the new one is current (first)"
    );
    assert_eq!(list[0]["time_zone"], "Europe/Vienna", "the default zone");
    let err = fails(
        &p,
        &["conferences", "new", "--title", "X", "--from", "15/04/2024"],
    )?;
    assert!(err.contains("starts_on:"), "{err}");
    Ok(())
}
