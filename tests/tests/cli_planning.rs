//! `desk priority`, `lock`, `coverage`, `conflicts`, `plan --auto` and `sample --synthetic`, run as a
//! person or a script would, on a temp database.

use desk_e2e::{desk_json as json, desk_ok as ok, Profile, TestResult};

fn run(profile: &Profile, args: &[&str]) -> TestResult<(bool, String, String)> {
    let out = profile.desk(args)?;
    Ok((
        out.status.success(),
        String::from_utf8(out.stdout)?,
        String::from_utf8(out.stderr)?,
    ))
}

#[test]
fn a_double_booking_shows_in_conflicts_and_the_auto_plan_covers_every_must_session() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    ok(&p, &["assign", "panel 3", "zoe"])?;
    ok(&p, &["assign", "online recruitment", "zoe"])?;
    let text = ok(&p, &["conflicts"])?;
    assert!(
        text.contains("[overlap] Zoë Achterberg is in two sessions at once on Wed 19 April:"),
        "{text}"
    );
    let list = json(&p, &["conflicts", "--json"])?;
    assert!(list
        .as_array()
        .is_some_and(|l| l.iter().any(|c| c["kind"] == "must_uncovered")));

    let dry = json(&p, &["plan", "--auto", "--dry-run", "--json"])?;
    assert_eq!(dry["applied"], false);
    let adds = dry["proposal"]["add"].as_array().map_or(0, Vec::len);
    assert!(adds > 0, "{dry}");
    let before = json(&p, &["coverage", "--json"])?;
    assert_eq!(before["must"]["covered"], 1, "the dry run wrote nothing");

    let text = ok(&p, &["plan", "--auto"])?;
    assert!(
        text.starts_with(&format!("Planned: {adds} to add")),
        "{text}"
    );
    let after = json(&p, &["coverage", "--json"])?;
    assert_eq!(after["must"]["covered"], after["must"]["total"], "{after}");
    let again = json(&p, &["plan", "--auto", "--dry-run", "--json"])?;
    assert_eq!(
        again["proposal"]["add"],
        serde_json::json!([]),
        "nothing left to add"
    );
    Ok(())
}

#[test]
fn priorities_need_and_locks_from_the_command_line() -> TestResult {
    let p = Profile::new()?;
    ok(&p, &["sample"])?;
    let text = ok(
        &p,
        &["priority", "online recruitment", "must", "--need", "2"],
    )?;
    assert!(text.contains("is now must (needs 2)"), "{text}");
    let (success, _, stderr) = run(&p, &["priority", "online recruitment", "urgent"])?;
    assert!(
        !success && stderr.contains("priority: \"urgent\" is not one of"),
        "{stderr}"
    );
    let (success, _, stderr) = run(&p, &["lock", "panel 3", "maren"])?;
    assert!(!success && stderr.contains("is not assigned"), "{stderr}");
    ok(&p, &["assign", "panel 3", "maren"])?;
    assert!(ok(&p, &["lock", "panel 3", "maren"])?.starts_with("Locked Maren Høgsvik"));
    let sessions = json(&p, &["sessions", "--json"])?;
    let panel = sessions
        .as_array()
        .and_then(|l| {
            l.iter().find(|s| {
                s["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Panel 3"))
            })
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(panel["assignments"][0]["locked"], true);
    assert!(ok(&p, &["unlock", "panel 3", "maren"])?.starts_with("Unlocked"));
    Ok(())
}

#[test]
fn the_synthetic_conference_is_made_once_and_bad_sizes_are_refused() -> TestResult {
    let p = Profile::new()?;
    assert!(ok(&p, &["sample", "--synthetic", "60x15"])?.contains("(60 sessions, 15 members)"));
    assert!(ok(&p, &["sample", "--synthetic", "60x15"])?.contains("nothing changed"));
    assert_eq!(
        json(&p, &["sessions", "--json"])?
            .as_array()
            .map_or(0, Vec::len),
        60
    );
    assert_eq!(
        json(&p, &["members", "--json"])?
            .as_array()
            .map_or(0, Vec::len),
        15
    );
    let (success, _, stderr) = run(&p, &["sample", "--synthetic", "lots"])?;
    assert!(
        !success && stderr.contains("--synthetic: \"lots\" is not SESSIONSxMEMBERS"),
        "{stderr}"
    );
    Ok(())
}
