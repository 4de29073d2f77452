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

#[test]
fn a_missing_start_names_the_json_path_and_field() {
    let content = camp_with(|v| {
        event(v, 1, "Curie", 2).remove("start");
    });
    assert_eq!(
        refused("camp.json", &content),
        "camp.json: schedule.conference.days[1].rooms[\"Curie\"][2].start: missing"
    );
}

#[test]
fn wrong_types_name_the_json_path_and_field() {
    let content = camp_with(|v| {
        event(v, 0, "Curie", 1).insert("duration".into(), Value::Bool(true));
    });
    let err = refused("camp.json", &content);
    assert!(err.starts_with("camp.json: schedule.conference.days[0].rooms[\"Curie\"][1].duration: expected a duration"), "{err}");
    let content = camp_with(|v| {
        event(v, 0, "Curie", 0).insert("start".into(), Value::from(1100));
    });
    let err = refused("camp.json", &content);
    assert!(
        err.contains("rooms[\"Curie\"][0].start: expected a time like \"11:00\""),
        "{err}"
    );
    let content = camp_with(|v| v["schedule"]["conference"]["days"] = Value::from("five"));
    assert!(refused("camp.json", &content)
        .contains("schedule.conference.days: expected a list of days"));
}

#[test]
fn a_bad_time_in_the_xml_names_the_line_and_element() {
    let xml =
        sample("31c3-schedule.xml").replacen("<start>11:30</start>", "<start>half past</start>", 1);
    let xml = xml.replacen("<date>2014-12-27T11:30:00+01:00</date>", "", 1);
    let err = refused("31c3.xml", &xml);
    assert!(
        err.starts_with("31c3.xml: line 40, <event id='6571'> <start>:"),
        "{err}"
    );
    let cut = &sample("31c3-schedule.xml")[..5000];
    assert!(refused("31c3.xml", cut).contains("not well-formed XML"));
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
