//! The readers on the real schedules in `../shared/samples/schedules/` (files written by other programs),
//! and on broken copies of them made in the tests: counts, concrete instants checked against the files,
//! and errors that name the path or line and the field while writing nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono_tz::Tz;
use serde_json::Value;

use super::{parse, run, Format, Options, Schedule};
use crate::domain::SessionKind;
use crate::time::to_stored;
use crate::Store;

fn sample(name: &str) -> String {
    let path = format!(
        "{}/../../shared/samples/schedules/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str, format: Format) -> Schedule {
    parse(format, name, &sample(name), Tz::Europe__Vienna).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn session<'a>(s: &'a Schedule, title: &str) -> &'a super::ParsedSession {
    s.sessions
        .iter()
        .find(|x| x.title == title)
        .unwrap_or_else(|| panic!("no session {title:?}"))
}

fn conferences(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM conference", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_31c3_xml_has_138_events_at_their_hamburg_times() {
    let s = read("31c3-schedule.xml", Format::FrabXml);
    assert_eq!(s.sessions.len(), 138);
    assert_eq!(s.conference.uid.as_deref(), Some("31c3"));
    let opening = &s.sessions[0];
    assert_eq!(opening.title, "31C3 Opening Event");
    assert_eq!(
        opening.external_uid, "29aecfd7-2e44-4f49-ab86-29b5e0877325",
        "the guid"
    );
    assert_eq!(
        (to_stored(opening.starts_at), to_stored(opening.ends_at)),
        ("2014-12-27T10:00:00Z".into(), "2014-12-27T10:30:00Z".into()),
        "11:00+01:00 for 00:30"
    );
    assert_eq!(opening.kind, SessionKind::Opening);
    assert_eq!(
        opening.speakers,
        vec!["erdgeist", "Geraldine de Bastion"],
        "flat <person> strings"
    );
    let last = session(&s, "Security Nightmares (Stream)");
    assert_eq!(to_stored(last.starts_at), "2014-12-30T16:15:00Z");
    assert_eq!(
        s.conference.time_zone.as_deref(),
        Some("Etc/GMT-1"),
        "no zone name: the offset's zone"
    );
}

#[test]
fn the_camp2019_json_has_79_events_in_berlin_summer_time() {
    let s = read("frab-camp2019.json", Format::FrabJson);
    assert_eq!(s.sessions.len(), 79);
    let opening = session(&s, "Opening Ceremony");
    assert_eq!(
        (to_stored(opening.starts_at), to_stored(opening.ends_at)),
        ("2019-08-21T09:00:00Z".into(), "2019-08-21T09:30:00Z".into())
    );
    assert_eq!(opening.speakers, vec!["jinxx", "smtw"]);
    assert_eq!(s.conference.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(s.conference.uid.as_deref(), Some("Camp2019"));
}

#[test]
fn the_pretalx_json_labelled_utc_has_36_events_at_their_written_offsets() {
    let s = read("pretalx-democon.json", Format::FrabJson);
    assert_eq!(s.sessions.len(), 36);
    let first = session(&s, "Focused 5thgeneration hardware");
    assert_eq!(
        to_stored(first.starts_at),
        "2020-12-14T08:00:00Z",
        "09:00+01:00"
    );
    assert_eq!(first.kind, SessionKind::Plenary, "Talk");
    assert_eq!(
        s.sessions
            .iter()
            .filter(|x| x.kind == SessionKind::SideEvent)
            .count(),
        9,
        "nine workshops"
    );
    assert_eq!(
        s.conference.time_zone.as_deref(),
        Some("Etc/GMT-1"),
        "shown at the times the file writes"
    );
    assert!(
        s.notes.iter().any(|n| n.contains("UTC")),
        "the report says why: {:?}",
        s.notes
    );
}

#[test]
fn the_invalid_example_is_read_despite_its_form() {
    let s = read("invalid-example.json", Format::FrabJson);
    assert_eq!(s.sessions.len(), 1);
    let talk = &s.sessions[0];
    assert_eq!(
        to_stored(talk.starts_at),
        "2022-12-28T13:00:00Z",
        "14:00 in Zurich"
    );
    assert_eq!(to_stored(talk.ends_at), "2022-12-28T13:45:00Z");
    assert_eq!(talk.speakers, vec!["Mänu"], "a person with a string id");
    assert_eq!(s.conference.time_zone.as_deref(), Some("Europe/Zurich"));
}

#[test]
fn every_sample_imports_into_the_store_and_an_identical_reimport_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    for (name, count) in [
        ("31c3-schedule.xml", 138),
        ("frab-camp2019.json", 79),
        ("pretalx-democon.json", 36),
        ("invalid-example.json", 1),
    ] {
        let report = run(&mut store, name, &sample(name), &Options::default()).unwrap();
        assert!(report.created_conference, "{name}");
        assert_eq!(report.added.len(), count, "{name}");
        let again = run(&mut store, name, &sample(name), &Options::default()).unwrap();
        assert!(
            !again.created_conference,
            "{name}: the conference was found by its acronym"
        );
        assert_eq!(
            (
                again.added.len(),
                again.changed.len(),
                again.removed.len(),
                again.unchanged
            ),
            (0, 0, 0, count),
            "{name}: {}",
            again.summary()
        );
    }
    assert_eq!(conferences(&store), 4);
}

/// The camp JSON with one edit applied.
fn camp_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&sample("frab-camp2019.json")).unwrap();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

fn event<'a>(
    v: &'a mut Value,
    day: usize,
    room: &str,
    index: usize,
) -> &'a mut serde_json::Map<String, Value> {
    v["schedule"]["conference"]["days"][day]["rooms"][room][index]
        .as_object_mut()
        .unwrap()
}

/// Imports a broken file; asserts it fails and writes nothing; returns the message.
fn refused(name: &str, content: &str) -> String {
    let mut store = Store::open_in_memory().unwrap();
    let err = run(&mut store, name, content, &Options::default()).unwrap_err();
    assert_eq!(conferences(&store), 0, "nothing written for {name}");
    err.to_string()
}

#[test]
fn a_truncated_json_names_the_file_and_line() {
    let whole = sample("frab-camp2019.json");
    let err = refused("camp.json", &whole[..whole.len() / 2]);
    assert!(
        err.starts_with("camp.json: line ") && err.contains("not valid JSON"),
        "{err}"
    );
}

/// Imports a file into an empty store; returns the report.
fn imported(name: &str, content: &str) -> super::ImportReport {
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, name, content, &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn an_event_without_start_is_skipped_naming_the_json_path_and_the_other_78_import() {
    let content = camp_with(|v| {
        event(v, 1, "Curie", 2).remove("start");
    });
    let report = imported("camp.json", &content);
    assert_eq!(report.added.len(), 78, "all but the broken one");
    assert_eq!(report.skipped.len(), 1);
    let skip = &report.skipped[0];
    assert_eq!(skip.at, "schedule.conference.days[1].rooms[\"Curie\"][2]");
    assert_eq!(
        skip.reason,
        "schedule.conference.days[1].rooms[\"Curie\"][2].start: missing"
    );
    assert!(!skip.event.is_empty(), "the event is named by its title");
}

#[test]
fn wrong_types_skip_their_event_naming_the_json_path_and_field() {
    let content = camp_with(|v| {
        event(v, 0, "Curie", 1).insert("duration".into(), Value::Bool(true));
        event(v, 0, "Curie", 0).insert("start".into(), Value::from(1100));
        event(v, 0, "Curie", 3).insert("title".into(), Value::from(""));
    });
    let report = imported("camp.json", &content);
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons[0].contains("rooms[\"Curie\"][0].start: expected a time like \"11:00\""),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with(
            "schedule.conference.days[0].rooms[\"Curie\"][1].duration: expected a duration"
        ),
        "{reasons:?}"
    );
    assert_eq!(report.added.len(), 77);
    assert_eq!(report.repaired.len(), 1, "the empty title");
    assert_eq!(
        report.repaired[0].at,
        "schedule.conference.days[0].rooms[\"Curie\"][3].title"
    );
    assert!(report.added.iter().any(|s| s.title == super::UNTITLED));
    let content = camp_with(|v| v["schedule"]["conference"]["days"] = Value::from("five"));
    assert!(refused("camp.json", &content)
        .contains("schedule.conference.days: expected a list of days"));
}

#[test]
fn a_bad_time_in_the_xml_skips_that_event_naming_the_line_and_element() {
    let xml =
        sample("31c3-schedule.xml").replacen("<start>11:30</start>", "<start>half past</start>", 1);
    let xml = xml.replacen("<date>2014-12-27T11:30:00+01:00</date>", "", 1);
    let report = imported("31c3.xml", &xml);
    assert_eq!(report.added.len(), 137);
    let skip = &report.skipped[0];
    assert!(
        skip.reason
            .starts_with("line 40, <event id='6571'> <start>:"),
        "{skip:?}"
    );
    let cut = &sample("31c3-schedule.xml")[..5000];
    assert!(refused("31c3.xml", cut).contains("not well-formed XML"));
}

#[test]
fn an_event_in_year_9999_is_skipped_and_the_conference_keeps_its_days() {
    let content = camp_with(|v| {
        let e = event(v, 2, "Curie", 0);
        e.insert("date".into(), Value::from("9999-08-23T12:00:00+02:00"));
        e.insert("start".into(), Value::from("12:00"));
    });
    let report = imported("camp.json", &content);
    assert_eq!(report.added.len(), 78);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        report.skipped[0]
            .reason
            .contains("outside the years 1970 to 2199"),
        "{:?}",
        report.skipped[0]
    );
    assert_eq!(
        (
            report.conference.starts_on.as_str(),
            report.conference.ends_on.as_str()
        ),
        ("2019-08-21", "2019-08-26"),
        "the conference is not stretched"
    );
}

#[test]
fn an_event_two_years_from_the_rest_is_skipped_so_the_programme_stays_within_a_year() {
    let content = camp_with(|v| {
        let e = event(v, 2, "Curie", 0);
        e.insert("date".into(), Value::from("2021-08-23T12:00:00+02:00"));
        e.insert("start".into(), Value::from("2021-08-23T12:00:00+02:00"));
        // The conference's own end date a typo too: ignored with a note.
        v["schedule"]["conference"]["end"] = Value::from("2029-08-26");
    });
    let report = imported("camp.json", &content);
    assert_eq!(report.added.len(), 78);
    assert!(
        report.skipped[0]
            .reason
            .contains("more than a year from the rest"),
        "{:?}",
        report.skipped
    );
    assert_eq!(
        (
            report.conference.starts_on.as_str(),
            report.conference.ends_on.as_str()
        ),
        ("2019-08-21", "2019-08-25"),
        "the file's start kept, its end of 2029 ignored, the last event's day is the last day"
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("end date 2029-08-26 was ignored")),
        "{:?}",
        report.notes
    );
}

#[test]
fn a_sample_cut_anywhere_is_an_error_never_a_panic() {
    for (name, format) in [
        ("31c3-schedule.xml", Format::FrabXml),
        ("frab-camp2019.json", Format::FrabJson),
        ("pretalx-democon.json", Format::FrabJson),
    ] {
        let whole = sample(name);
        let cuts = (1..whole.len())
            .step_by(4999)
            .filter(|i| whole.is_char_boundary(*i));
        for cut in cuts {
            // A cut may still be a valid file (e.g. inside whitespace); it must never panic.
            let _ = parse(format, name, &whole[..cut], Tz::UTC);
        }
    }
}
