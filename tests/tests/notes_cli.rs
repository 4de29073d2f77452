//! The `desk` binary's notes commands (search, history, edit, blocks, matrix, actions, report), run as a
//! person or a script would, on a temp database.

use desk_e2e::{Profile, TestResult};
use serde_json::Value;

fn run(profile: &Profile, args: &[&str], code: i32) -> TestResult<(String, String)> {
    let out = profile.desk(args)?;
    let (stdout, stderr) = (
        String::from_utf8(out.stdout)?,
        String::from_utf8(out.stderr)?,
    );
    assert_eq!(out.status.code(), Some(code), "desk {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    Ok((stdout, stderr))
}

fn json(profile: &Profile, args: &[&str]) -> TestResult<Value> {
    Ok(serde_json::from_str(&run(profile, args, 0)?.0)?)
}

#[test]
fn notes_are_found_by_prefix_without_accents_and_edits_keep_their_history() -> TestResult {
    let p = Profile::new()?;
    run(&p, &["sample"], 0)?;
    run(
        &p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            "Siobhán: screening by labour inspectors.",
            "--block",
            "nrm-identification",
            "--country",
            "turkiye",
            "--kind",
            "good-practice",
            "--author",
            "maren",
        ],
        0,
    )?;
    run(
        &p,
        &[
            "notes",
            "add",
            "--text",
            "Corridor: Greece on shelters.",
            "--country",
            "GR",
        ],
        0,
    )?;
    let hits = json(&p, &["notes", "search", "siob insp", "--json"])?;
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");
    let note = &hits[0]["note"];
    assert_eq!(note["countries"], serde_json::json!(["Türkiye"]));
    assert_eq!(note["kind"], "good-practice");
    assert!(
        hits[0]["snippet"].as_array().is_some_and(|s| s
            .iter()
            .any(|seg| seg["hit"] == true && seg["text"] == "Siobhán")),
        "{hits}"
    );
    for weird in ["\"", "NEAR(", "*", "(a OR", "^x:"] {
        run(&p, &["notes", "search", weird, "--json"], 0)?;
    }
    assert_eq!(
        json(&p, &["notes", "search", "--block", "nrm", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(1),
        "sub-elements count for nrm"
    );
    assert_eq!(
        json(&p, &["notes", "search", "--country", "greece", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(run(&p, &["notes", "search", "nothingatall"], 0)?
        .0
        .contains("No notes found."));

    let id = note["id"].as_str().unwrap_or_default().to_string();
    run(&p, &["notes", "edit", &id, "--text", "Rewritten."], 0)?;
    let history = json(&p, &["notes", "history", &id, "--json"])?;
    assert_eq!(
        history[0]["body"], "Siobhán: screening by labour inspectors.",
        "the old text is kept"
    );
    assert!(
        json(&p, &["notes", "search", "siobhan", "--json"])?
            .as_array()
            .is_some_and(Vec::is_empty),
        "the index follows the edit"
    );
    Ok(())
}

#[test]
fn blocks_in_use_are_never_deleted_and_the_matrix_actions_and_report_work() -> TestResult {
    let p = Profile::new()?;
    run(&p, &["sample"], 0)?;
    run(
        &p,
        &[
            "notes",
            "add",
            "--session",
            "Panel 2",
            "--text",
            "Will fund shelters.",
            "--block",
            "nrm",
            "--kind",
            "commitment",
            "--country",
            "Greece",
        ],
        0,
    )?;
    let (_, err) = run(&p, &["blocks", "delete", "nrm"], 1)?;
    assert!(err.contains("Archive it instead"), "{err}");
    run(
        &p,
        &["blocks", "rename", "nrm", "Referral mechanism (NRM)"],
        0,
    )?;
    run(&p, &["blocks", "add", "labour", "Labour exploitation"], 0)?;
    run(&p, &["blocks", "delete", "labour"], 0)?;
    let blocks = json(&p, &["blocks", "list", "--json"])?;
    let nrm = blocks
        .as_array()
        .and_then(|b| b.iter().find(|x| x["code"] == "nrm"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (nrm["name"].as_str(), nrm["notes"].as_i64()),
        (Some("Referral mechanism (NRM)"), Some(1))
    );
    run(&p, &["blocks", "archive", "nrm"], 0)?;
    let (_, err) = run(&p, &["notes", "add", "--text", "x", "--block", "nrm"], 1)?;
    assert!(err.contains("archived"), "{err}");

    let m = json(&p, &["matrix", "--by", "countries", "--json"])?;
    assert_eq!(
        m["cells"],
        serde_json::json!([{ "block": "nrm", "column": "Greece", "count": 1 }])
    );

    run(
        &p,
        &[
            "actions",
            "add",
            "Send the paper",
            "--owner",
            "zoe",
            "--due",
            "2023-04-18",
        ],
        0,
    )?;
    let actions = json(&p, &["actions", "list", "--json"])?;
    assert_eq!(actions[0]["overdue"], true, "2023 is past");
    assert!(run(&p, &["actions"], 0)?.0.contains("OVERDUE"));
    let action = actions[0]["id"].to_string();
    run(&p, &["actions", "done", &action], 0)?;
    assert_eq!(
        json(&p, &["actions", "list", "--json"])?[0]["overdue"],
        false
    );

    let dir = tempfile::tempdir()?;
    let file = dir.path().join("report.md");
    run(
        &p,
        &[
            "report",
            "--day",
            "2023-04-19",
            "--out",
            &file.display().to_string(),
        ],
        0,
    )?;
    let text = std::fs::read_to_string(&file)?;
    assert!(
        text.contains("### Commitments\n\n- **Greece**: Will fund shelters."),
        "{text}"
    );
    let (_, err) = run(&p, &["report", "--day", "2024-01-01"], 1)?;
    assert!(err.contains("--day"), "{err}");
    Ok(())
}

#[test]
fn a_note_is_deleted_only_by_its_author_as_this_laptop_says_who_that_is() -> TestResult {
    let p = Profile::new()?;
    run(&p, &["sample"], 0)?;
    let (said, _) = run(
        &p,
        &[
            "notes",
            "add",
            "--text",
            "Quokkaborough will fund two shelters.",
            "--author",
            "maren",
        ],
        0,
    )?;
    let id = said
        .split_whitespace()
        .nth(2)
        .ok_or("Saved note ID ...")?
        .to_string();
    let (_, err) = run(&p, &["notes", "delete", &id], 1)?;
    assert!(
        err.contains("only its author can delete it") && err.contains("Maren"),
        "refused, the author named: {err}"
    );
    let (_, err) = run(&p, &["notes", "delete", &id, "--as", "łukasz"], 1)?;
    assert!(err.contains("someone else"), "{err}");
    assert_eq!(
        json(&p, &["notes", "search", "quokkaborough", "--json"])?
            .as_array()
            .map(Vec::len),
        Some(1),
        "still there after the refusals"
    );

    // "You are" set in the app's settings for this conference: no --as needed.
    let conference = json(&p, &["conferences", "--json"])?[0]["id"]
        .as_i64()
        .ok_or("conference id")?;
    let maren = json(&p, &["members", "--json"])?
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|m| m["name"].as_str().is_some_and(|n| n.starts_with("Maren")))
        })
        .and_then(|m| m["id"].as_i64())
        .ok_or("Maren's id")?;
    let settings = p.root().join("config/org.delegationdesk.app/settings.json");
    std::fs::create_dir_all(settings.parent().ok_or("a folder")?)?;
    std::fs::write(
        &settings,
        serde_json::json!({ "me": { conference.to_string(): maren } }).to_string(),
    )?;
    let (said, _) = run(&p, &["notes", "delete", &id], 0)?;
    assert!(said.starts_with(&format!("Deleted note {id}")), "{said}");
    assert_eq!(
        json(&p, &["notes", "search", "quokkaborough", "--json"])?,
        serde_json::json!([]),
        "gone from search"
    );
    let (_, err) = run(&p, &["notes", "delete", &id], 1)?;
    assert!(err.contains("No note with id"), "{err}");
    Ok(())
}
