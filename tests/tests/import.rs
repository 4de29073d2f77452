//! Agendas in, end to end: the real `desk import` and `desk members import` on real schedules and on small
//! files written by the tests, and the app's "Import agenda…" button fed a file through the real window.

use std::path::{Path, PathBuf};

use desk_e2e::{desk_fails as fails, desk_json as json, desk_ok as ok, App, Profile, TestResult};
use serde_json::Value;

fn sample(name: &str) -> String {
    format!(
        "{}/../../shared/samples/schedules/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Writes a small file for one test.
fn write(dir: &Path, name: &str, content: &str) -> TestResult<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, content)?;
    Ok(path)
}

fn count(v: &Value, key: &str) -> usize {
    v[key].as_array().map_or(0, Vec::len)
}

#[test]
fn every_sample_schedule_imports_with_its_sessions_and_a_reimport_changes_nothing() -> TestResult {
    let p = Profile::new()?;
    for (file, n) in [
        ("31c3-schedule.xml", 138),
        ("frab-camp2019.json", 79),
        ("pretalx-democon.json", 36),
        ("invalid-example.json", 1),
    ] {
        let report = json(&p, &["import", &sample(file), "--json"])?;
        assert_eq!(count(&report, "added"), n, "{file}");
        let again = ok(&p, &["import", &sample(file)])?;
        assert!(again.contains("Nothing changed."), "{file}: {again}");
    }
    let camp = json(&p, &["conferences", "--json"])?;
    assert_eq!(camp.as_array().map(Vec::len), Some(4));
    let sessions = json(&p, &["--conference", "2", "sessions", "--json"])?;
    let opening = &sessions[0];
    assert_eq!(opening["title"], "Opening Ceremony");
    assert_eq!(
        opening["starts_at"], "2019-08-21T11:00:00+02:00",
        "Berlin time, as the file says"
    );
    assert_eq!(
        (opening["origin"].as_str(), opening["priority"].as_str()),
        (Some("import"), Some("optional"))
    );
    Ok(())
}

#[test]
fn a_file_whose_only_event_is_broken_fails_naming_the_path_and_field_and_writes_nothing(
) -> TestResult {
    let p = Profile::new()?;
    let dir = tempfile::tempdir()?;
    let broken = std::fs::read_to_string(sample("invalid-example.json"))?
        .replace("\"start\": \"14:00\",", "");
    let file = write(dir.path(), "winter.json", &broken)?;
    let err = fails(&p, &["import", &file.display().to_string()])?;
    assert!(
        err.contains(
            "winter.json: none of its 1 event(s) could be imported: schedule.conference.days[0].rooms[\"Winterchaos\"][0].start: missing"
        ),
        "{err}"
    );
    assert_eq!(
        json(&p, &["conferences", "--json"])?,
        serde_json::json!([]),
        "nothing written"
    );
    Ok(())
}

#[test]
fn a_reimport_of_a_changed_programme_reports_it_and_flags_the_broken_assignment() -> TestResult {
    let p = Profile::new()?;
    let dir = tempfile::tempdir()?;
    ok(&p, &["sample"])?;
    let ics = |start: &str, with_second: bool| {
        let second = if with_second {
            "BEGIN:VEVENT\r\nUID:se-2\r\nDTSTART;TZID=Europe/Vienna:20230419T080000\r\nDURATION:PT45M\r\nSUMMARY:Breakfast briefing\r\nEND:VEVENT\r\n"
        } else {
            ""
        };
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Alliance side events\r\nBEGIN:VEVENT\r\nUID:se-1\r\n\
             DTSTART;TZID=W. Europe Standard Time:20230418T{start}00\r\nDTEND;TZID=W. Europe Standard Time:20230418T1430\
             00\r\nSUMMARY:Side event: survivors\\, voices\r\nLOCATION:Room 3\r\nEND:VEVENT\r\n{second}END:VCALENDAR\r\n"
        )
    };
    let file = write(dir.path(), "side.ics", &ics("1315", true))?;
    let path = file.display().to_string();
    let first = json(&p, &["import", &path, "--json"])?;
    assert_eq!(
        (
            count(&first, "added"),
            first["created_conference"].as_bool()
        ),
        (2, Some(true))
    );
    ok(
        &p,
        &[
            "members",
            "import",
            &write(dir.path(), "team.csv", "name,languages\nAna Ruiz,es;en\n")?
                .display()
                .to_string(),
        ],
    )?;
    ok(&p, &["assign", "survivors", "Ana"])?;
    ok(&p, &["assign", "Breakfast", "Ana"])?;

    write(dir.path(), "side.ics", &ics("1345", false))?;
    let out = ok(&p, &["import", &path])?;
    assert!(out.contains("0 added, 1 changed, 1 removed"), "{out}");
    assert!(
        out.contains("time: Tue 18 Apr 13:15-14:30 -> Tue 18 Apr 13:45-14:30"),
        "{out}"
    );
    assert!(
        out.contains("Breakfast briefing: kept as cancelled"),
        "{out}"
    );
    assert!(
        out.contains("Ana Ruiz: Side event: survivors, voices moved from Tue 13:15 to Tue 13:45"),
        "{out}"
    );
    let sessions = json(&p, &["sessions", "--json"])?;
    let side = sessions
        .as_array()
        .and_then(|l| l.iter().find(|s| s["external_uid"] == "se-1"))
        .ok_or("the side event")?;
    assert_eq!(
        side["assignments"][0]["member_name"], "Ana Ruiz",
        "the assignment is kept"
    );
    assert!(
        side["assignments"][0]["flag"]
            .as_str()
            .is_some_and(|f| f.contains("moved")),
        "and flagged: {side}"
    );
    assert!(ok(&p, &["import", &path])?.contains("Nothing changed."));
    Ok(())
}

#[test]
fn a_csv_adds_side_events_and_skips_a_bad_row_naming_its_line_and_column() -> TestResult {
    let p = Profile::new()?;
    let dir = tempfile::tempdir()?;
    ok(&p, &["sample"])?;
    let good = write(
        dir.path(),
        "side.csv",
        "Title,Date,Start,Duration,Room,Speakers\nSide event: data,2023-04-18,13:15,75,Room 3,Ana Ruiz; Tom Berg\n",
    )?;
    let out = ok(&p, &["import", &good.display().to_string()])?;
    assert!(out.contains("1 added, 0 changed, 0 removed"), "{out}");
    let day = json(&p, &["sessions", "--day", "2023-04-18", "--json"])?;
    let side = day
        .as_array()
        .and_then(|l| l.iter().find(|s| s["title"] == "Side event: data"))
        .ok_or("added")?;
    assert_eq!(
        (side["start"].as_str(), side["end"].as_str()),
        (Some("13:15"), Some("14:30"))
    );
    assert_eq!(
        side["speakers"],
        serde_json::json!(["Ana Ruiz", "Tom Berg"])
    );

    // One bad row: the others import, and the report (text and JSON) names the skipped one.
    let bad = write(
        dir.path(),
        "bad.csv",
        "date,start,title\n2023-04-18,10:00,A\n2023-04-18,10h,B\n2023-04-18,11:00,\n",
    )?;
    let out = ok(&p, &["import", &bad.display().to_string()])?;
    assert!(out.contains("2 added"), "A and the untitled row: {out}");
    assert!(
        out.contains("1 event(s) of the file skipped, 1 repaired"),
        "{out}"
    );
    assert!(
        out.contains("Skipped (not imported):\n  x line 3 \"B\": line 3, column start: \"10h\" is not a time like 09:30"),
        "{out}"
    );
    assert!(
        out.contains("Repaired:\n  * line 4: column title: empty: imported as \"(untitled)\""),
        "{out}"
    );
    let again = json(&p, &["import", &bad.display().to_string(), "--json"])?;
    assert_eq!(
        again["skipped"],
        serde_json::json!([{
            "at": "line 3",
            "event": "B",
            "reason": "line 3, column start: \"10h\" is not a time like 09:30"
        }])
    );
    assert_eq!(again["repaired"][0]["at"], "line 4");
    assert_eq!(
        count(&again, "added"),
        0,
        "the good rows were imported the first time"
    );
    let only_bad = write(
        dir.path(),
        "only-bad.csv",
        "date,start,title\n2023-04-18,10h,B\n",
    )?;
    let err = fails(&p, &["import", &only_bad.display().to_string()])?;
    assert!(
        err.contains(
            "only-bad.csv: none of its 1 event(s) could be imported: line 2, column start"
        ),
        "{err}"
    );
    let missing = write(dir.path(), "missing.csv", "date,title\n2023-04-18,A\n")?;
    let err = fails(&p, &["import", &missing.display().to_string()])?;
    assert!(
        err.contains("line 1: the header has no \"start\" column"),
        "{err}"
    );
    let err = fails(
        &p,
        &[
            "import",
            &good.display().to_string(),
            "--new",
            "--conference",
            "1",
        ],
    )?;
    assert!(err.contains("--new and --conference"), "{err}");
    Ok(())
}

#[test]
fn members_import_skips_a_bad_row_naming_it_and_adds_the_rest() -> TestResult {
    let p = Profile::new()?;
    let dir = tempfile::tempdir()?;
    ok(&p, &["sample"])?;
    let messy = write(
        dir.path(),
        "team.csv",
        "name,max_per_day\nAna Ruiz,2\nTom Berg,many\n",
    )?;
    let said = ok(&p, &["members", "import", &messy.display().to_string()])?;
    assert!(
        said.contains("Added 1 member(s)")
            && said.contains("line 3 \"Tom Berg\": column max_per_day"),
        "the report names the skipped row: {said}"
    );
    assert_eq!(
        json(&p, &["members", "--json"])?.as_array().map(Vec::len),
        Some(7),
        "Ana added, Tom skipped"
    );
    let hopeless = write(dir.path(), "bad.csv", "name,max_per_day\nTom Berg,many\n")?;
    let err = fails(&p, &["members", "import", &hopeless.display().to_string()])?;
    assert!(
        err.contains("bad.csv: none of its 1 row(s) could be added"),
        "{err}"
    );
    assert_eq!(
        json(&p, &["members", "--json"])?.as_array().map(Vec::len),
        Some(7),
        "nothing added by a refused file"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_import_button_reads_the_picked_file_and_shows_the_report() -> TestResult {
    let profile = Profile::new()?;
    let app = App::start(&profile, "import").await?;
    app.find("#welcome").await?;
    app.find("#import-agenda").await?;
    app.until_text("#welcome", "frab/pretalx schedule").await?;
    app.until("the data file's path is shown", || async {
        Ok(!app.find("#db-path").await?.text().await?.starts_with('…'))
    })
    .await?;
    app.screenshot("0-welcome-with-import").await?;
    let camp = sample("frab-camp2019.json");
    let camp = camp.as_str();
    app.on("#import-file", |e| async move { e.send_keys(camp).await })
        .await?;
    app.until_text("#import-report", "79 added").await?;
    app.until_text("#conference-title", "Chaos Communication Camp 2019")
        .await?;
    app.screenshot("1-report").await?;
    app.click("#import-report-close").await?;
    // The agenda brings long days into the page in runs as they are scrolled to: its summary counts
    // the whole programme ("N sessions and M breaks over D days").
    app.find(".session-row").await?;
    app.until_text(".view-summary", " over ").await?;
    let summary = app.text(".view-summary").await?;
    let count = |word: &str| -> i64 {
        let words: Vec<&str> = summary.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[1].starts_with(word))
            .and_then(|w| w[0].parse().ok())
            .unwrap_or(0)
    };
    assert_eq!(
        count("session") + count("break"),
        79,
        "the agenda counts every imported session: {summary}"
    );
    app.find(".view-header #import-agenda").await?;
    app.screenshot("2-agenda").await?;

    // The programme moves on the day: a member covers the opening, then the opening moves by half an hour.
    let dir = tempfile::tempdir()?;
    let team = write(dir.path(), "team.csv", "name\nAna Ruiz\n")?;
    assert!(profile
        .desk(&["members", "import", &team.display().to_string()])?
        .status
        .success());
    assert!(profile
        .desk(&["assign", "Opening Ceremony", "Ana"])?
        .status
        .success());
    let moved = std::fs::read_to_string(sample("frab-camp2019.json"))?
        .replacen(
            "\"date\": \"2019-08-21T11:00:00+02:00\"",
            "\"date\": \"2019-08-21T11:30:00+02:00\"",
            1,
        )
        .replacen("\"start\": \"11:00\"", "\"start\": \"11:30\"", 1);
    let file = write(dir.path(), "camp-moved.json", &moved)?;
    let path = file.display().to_string();
    let path = path.as_str();
    app.on("#import-file", |e| async move { e.send_keys(path).await })
        .await?;
    app.until_text("#import-report", "1 changed").await?;
    app.until_text(
        "#import-report .import-flagged",
        "Opening Ceremony moved from Wed 11:00 to Wed 11:30",
    )
    .await?;
    app.until_text("#import-report .import-changed", "Wed 21 Aug 11:30-12:00")
        .await?;
    app.screenshot("3-reimport-report").await?;
    app.click("#import-report-close").await?;

    // A typo'd year in one event: the rest imports and the report lists the skipped one with its path.
    let far = moved.replacen(
        "\"date\": \"2019-08-21T12:00:00+02:00\"",
        "\"date\": \"9999-08-21T12:00:00+02:00\"",
        1,
    );
    let file = write(dir.path(), "camp-far.json", &far)?;
    app.find("#import-file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    app.until_text("#import-report", "1 event of the file skipped")
        .await?;
    app.until_text(
        "#import-report .import-skipped",
        "outside the years 1970 to 2199",
    )
    .await?;
    app.until_text(
        "#import-report .import-skipped",
        "schedule.conference.days[0].rooms",
    )
    .await?;
    app.screenshot("4-skipped-report").await?;
    app.click("#import-report-close").await?;
    app.stop().await
}
