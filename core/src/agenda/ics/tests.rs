//! The agenda's `.ics` export, tested on the sample conference: folding and escaping, the Vienna
//! zone, stable uids, cancelled sessions, the atomic write, and an independent parser (the
//! `icalendar` crate) reading the events back. Kept beside the writer, not in it, because the tests
//! are nearly as long as the code.

use super::*;
use crate::agenda;
use crate::domain::Role;
use crate::programme::editing::{self, SessionFields};
use crate::{fixtures::testutil, planner};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2023-04-17T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

/// The sample with Zoë leading Panel 2 and attending a side event with a long, accented title.
fn zoes_calendar() -> (crate::Store, Conference, i64, String) {
    let (mut store, conference) = testutil::sample();
    let p2 = testutil::session_id(&store, &conference, "Panel 2");
    let zoe = testutil::member_id(&store, &conference, "Zoë");
    let side = editing::add_session(
        &mut store,
        &conference,
        &SessionFields {
            title: Some("Side event: Übergänge, Schutz; und Prävention — ein Gespräch über Opferschutz in Österreich".into()),
            date: Some("2023-04-18".into()),
            start: Some("13:15".into()),
            duration: Some(60),
            room: Some("Ratsaal".into()),
            description: Some("Line one,\nline two; with \\ backslash".into()),
            ..Default::default()
        },
    )
    .unwrap();
    planner::assign(&mut store, p2, zoe, Role::Lead).unwrap();
    planner::assign(&mut store, side, zoe, Role::Attend).unwrap();
    let a = agenda::build(&store, &conference, Some(zoe)).unwrap();
    let ics = calendar(&a, &conference, now()).unwrap();
    (store, conference, zoe, ics)
}

#[test]
fn every_line_ends_in_crlf_and_is_at_most_75_octets() {
    let (_, _, _, ics) = zoes_calendar();
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(ics.contains("\r\n "), "the long title was folded");
}

#[test]
fn text_is_escaped_as_rfc_5545_says() {
    assert_eq!(escape("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
    let (_, _, _, ics) = zoes_calendar();
    let plain = unfold(&ics);
    assert!(
        plain.contains("Line one\\,\\nline two\\; with \\\\ backslash"),
        "{plain}"
    );
    assert!(
        plain.contains("SUMMARY:Side event: Übergänge\\, Schutz\\; und"),
        "{plain}"
    );
}

#[test]
fn the_calendar_has_its_header_and_events_in_vienna_time_with_room_and_role() {
    let (_, _, _, ics) = zoes_calendar();
    let plain = unfold(&ics);
    for needed in [
        "BEGIN:VCALENDAR\r\nPRODID:-//Delegation Desk//Agenda export//EN\r\nVERSION:2.0\r\n",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Zoë Achterberg · 23rd Conference",
        "DTSTART;TZID=Europe/Vienna:20230419T110000",
        "DTEND;TZID=Europe/Vienna:20230419T130000",
        "DTSTAMP:20230417T080000Z",
        "LOCATION:Ratsaal\\, Hofburg",
        "DESCRIPTION:Your role: lead.",
        "STATUS:CONFIRMED",
    ] {
        assert!(plain.contains(needed), "missing {needed:?} in\n{plain}");
    }
    assert_eq!(plain.matches("BEGIN:VEVENT").count(), 2);
}

#[test]
fn the_vienna_zone_is_plus_two_in_april_with_both_2023_transitions() {
    let tz = crate::time::parse_tz("Europe/Vienna").unwrap();
    let lines = vtimezone(tz, &[2023]).join("\n");
    assert!(
        lines.contains("BEGIN:DAYLIGHT\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nDTSTART:20230326T020000\nEND:DAYLIGHT"),
        "summer time from 26 March 2023: {lines}"
    );
    assert!(
        lines.contains("BEGIN:STANDARD\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nDTSTART:20231029T030000\nEND:STANDARD"),
        "winter time from 29 October 2023: {lines}"
    );
    assert!(
        lines.contains("DTSTART:20221030T030000"),
        "the previous autumn covers January"
    );
    let april = DateTime::parse_from_rfc3339("2023-04-18T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(offset_at(tz, april).0, 7200, "Vienna is UTC+2 in April");
}

#[test]
fn a_zone_without_daylight_saving_has_one_fixed_observance() {
    let tz = crate::time::parse_tz("Asia/Tokyo").unwrap();
    let lines = vtimezone(tz, &[2023]).join("\n");
    assert!(
        lines.contains("TZOFFSETFROM:+0900\nTZOFFSETTO:+0900"),
        "{lines}"
    );
    assert_eq!(lines.matches("BEGIN:STANDARD").count(), 1);
    assert!(!lines.contains("DAYLIGHT"));
}

#[test]
fn uids_are_the_same_in_two_exports_and_differ_per_member_and_session() {
    let (mut store, conference, zoe, first) = zoes_calendar();
    let uids = |ics: &str| -> Vec<String> {
        unfold(ics)
            .split("\r\n")
            .filter_map(|l| l.strip_prefix("UID:").map(String::from))
            .collect()
    };
    let a = agenda::build(&store, &conference, Some(zoe)).unwrap();
    let later = now() + Duration::hours(5);
    let second = calendar(&a, &conference, later).unwrap();
    assert_eq!(uids(&first), uids(&second), "same UIDs on re-export");
    assert_eq!(uids(&first).len(), 2);
    assert!(uids(&first)[0] != uids(&first)[1]);
    let seq = |ics: &str| -> i64 {
        ics.split("\r\n")
            .find_map(|l| l.strip_prefix("SEQUENCE:"))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(
        seq(&second) > seq(&first),
        "a later export has a higher SEQUENCE"
    );
    assert!(
        uids(&first)[0].starts_with("osce-alliance-23."),
        "{:?}",
        uids(&first)
    );
    let lukasz = testutil::member_id(&store, &conference, "Łukasz");
    let p2 = testutil::session_id(&store, &conference, "Panel 2");
    planner::assign(&mut store, p2, lukasz, Role::Notes).unwrap();
    let other = calendar(
        &agenda::build(&store, &conference, Some(lukasz)).unwrap(),
        &conference,
        now(),
    )
    .unwrap();
    assert!(
        !uids(&first).contains(&uids(&other)[0]),
        "another member's event has its own UID"
    );
}

#[test]
fn a_cancelled_session_is_exported_as_cancelled() {
    let (mut store, conference, zoe, _) = zoes_calendar();
    let p2 = testutil::session_id(&store, &conference, "Panel 2");
    editing::set_status(&mut store, &conference, p2, SessionStatus::Cancelled).unwrap();
    let a = agenda::build(&store, &conference, Some(zoe)).unwrap();
    let ics = unfold(&calendar(&a, &conference, now()).unwrap());
    assert_eq!(ics.matches("STATUS:CANCELLED").count(), 1, "{ics}");
}

#[test]
fn the_export_refuses_a_path_without_ics_and_writes_atomically() {
    let (store, conference, zoe, _) = zoes_calendar();
    let a = agenda::build(&store, &conference, Some(zoe)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = export(&a, &conference, &dir.path().join("agenda.txt"), now()).unwrap_err();
    assert!(
        err.to_string().starts_with("path:") && err.to_string().contains(".ics"),
        "{err}"
    );
    let path = dir.path().join("zoe.ics");
    let done = export(&a, &conference, &path, now()).unwrap();
    assert_eq!(done.events, 2);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the calendar, no temporary file left"
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("BEGIN:VCALENDAR\r\n"));
}

#[test]
fn an_independent_parser_reads_the_events_back() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, EventLike};
    let (_, conference, _, ics) = zoes_calendar();
    let parsed: Calendar = ics.parse().expect("the icalendar crate parses the export");
    let events: Vec<_> = parsed
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 2, "two events");
    let panel = events
        .iter()
        .find(|e| e.get_summary().is_some_and(|s| s.starts_with("Panel 2")))
        .expect("Panel 2 is there");
    assert_eq!(
        panel.get_location(),
        Some("Neuer Saal, Hofburg"),
        "room and venue, unescaped"
    );
    assert!(
        panel
            .get_description()
            .is_some_and(|d| d.starts_with("Your role: lead.")),
        "{:?}",
        panel.get_description()
    );
    match panel.get_start() {
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
            date_time,
            tzid,
        })) => {
            assert_eq!(tzid, "Europe/Vienna");
            assert_eq!(
                date_time.format("%Y-%m-%d %H:%M").to_string(),
                "2023-04-19 11:00"
            );
        }
        other => panic!("DTSTART with a TZID expected, got {other:?}"),
    }
    let side = events
        .iter()
        .find(|e| e.get_summary().is_some_and(|s| s.starts_with("Side event")))
        .expect("the side event is there");
    assert_eq!(
        side.get_summary(),
        Some("Side event: Übergänge, Schutz; und Prävention — ein Gespräch über Opferschutz in Österreich"),
        "the folded, escaped title reads back whole"
    );
    assert!(
        side.get_description()
            .is_some_and(|d| d.contains("Line one,\nline two; with \\ backslash")),
        "{:?}",
        side.get_description()
    );
    let uid = side.get_uid().unwrap_or_default();
    assert!(
        uid.starts_with(&format!("{}.session-", conference.uid.clone().unwrap())),
        "{uid}"
    );
}
