//! The iCalendar reader on hostile input: absurd or non-ASCII zone rules, deep nesting, repeated uids,
//! impossible dates and lengths, BOMs, mixed line ends and NUL bytes, endless zone names, and the inputs the
//! fuzzer found. Each must give a clear error or a skipped (or repaired) event, never a panic or a hang.

use super::tests::{event, read, strings};
use super::*;
use crate::time::to_stored;

/// A calendar whose VTIMEZONE "Odd" has this STANDARD RRULE, and one event in it.
fn with_zone_rule(rule: &str) -> Vec<String> {
    let mut lines = strings(&[
        "BEGIN:VTIMEZONE",
        "TZID:Odd",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        rule,
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]);
    lines.extend(event(&[
        "UID:z",
        "DTSTART;TZID=Odd:20231204T100000",
        "DURATION:PT1H",
        "SUMMARY:Zoned",
    ]));
    lines
}

#[test]
fn a_vtimezone_rule_with_a_non_ascii_or_absurd_byday_is_ignored_not_a_panic() {
    for rule in [
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1\u{20ac}",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=\u{20ac}",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-2147483648SU",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-99999999SU",
        "RRULE:FREQ=YEARLY;BYMONTH=4294967295;BYDAY=-1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=12;BYDAY=-5SU",
    ] {
        let s = read(with_zone_rule(rule)).unwrap_or_else(|e| panic!("{rule}: {e}"));
        assert_eq!(
            to_stored(s.sessions[0].starts_at),
            "2023-12-04T09:00:00Z",
            "{rule}: the part's offset applies from its DTSTART"
        );
    }
}

#[test]
fn half_a_million_nested_components_are_refused_naming_the_line_not_a_stack_overflow() {
    let mut content = String::from("BEGIN:VCALENDAR\r\n");
    for _ in 0..500_000 {
        content.push_str("BEGIN:X\r\n");
    }
    let err = parse("deep.ics", &content, Tz::UTC)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "deep.ics: line {}: BEGIN:X is nested more than {MAX_DEPTH} components deep: this is not a calendar",
            MAX_DEPTH + 1
        )
    );
}

#[test]
fn an_empty_summary_is_repaired_and_a_repeated_uid_is_skipped_keeping_the_first() {
    let mut lines = event(&["UID:a", "DTSTART:20230418T080000Z", "SUMMARY:"]);
    lines.extend(event(&[
        "UID:b",
        "DTSTART:20230418T090000Z",
        "SUMMARY:First b",
    ]));
    lines.extend(event(&[
        "UID:b",
        "DTSTART:20230418T100000Z",
        "SUMMARY:Second b",
    ]));
    let s = read(lines).unwrap();
    let titles: Vec<&str> = s.sessions.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles, vec![crate::import::UNTITLED, "First b"]);
    assert_eq!(s.repaired.len(), 1);
    assert_eq!(
        (s.repaired[0].at.as_str(), s.repaired[0].event.as_str()),
        ("line 4", "a"),
        "named by its UID"
    );
    assert_eq!(s.skipped.len(), 1);
    assert_eq!(
        (s.skipped[0].at.as_str(), s.skipped[0].event.as_str()),
        ("line 14", "Second b")
    );
    assert!(
        s.skipped[0].reason.contains("same uid \"b\""),
        "{:?}",
        s.skipped
    );
}

#[test]
fn hostile_events_are_skipped_and_reported_never_a_panic() {
    let mut lines = Vec::new();
    for (uid, props) in [
        ("far", vec!["DTSTART:99991231T230000Z", "DURATION:P7W"]),
        ("max", vec!["DTSTART:+2621421231T000000Z"]),
        ("rule", vec!["DTSTART:99990101T000000Z", "RRULE:FREQ=DAILY;INTERVAL=1000;COUNT=500"]),
        ("until", vec!["DTSTART:20230418T080000Z", "RRULE:FREQ=WEEKLY;INTERVAL=1000;UNTIL=99991231T000000Z"]),
        ("end", vec!["DTSTART;VALUE=DATE:20230418", "DTEND;VALUE=DATE:99991231"]),
        ("before", vec!["DTSTART:20230418T080000Z", "DTEND:20230418T070000Z"]),
        ("h24", vec!["DTSTART:20230418T240000"]),
        ("gap", vec!["DTSTART;TZID=Europe/Vienna:20230326T023000"]),
        ("zone", vec![&"DTSTART;TZID=/////////////////////////////////////////////////////////////////////////////////////////////////////Europe/Vienna:20230418T100000"]),
    ] {
        let mut props: Vec<&str> = props.into_iter().collect();
        let uid = format!("UID:{uid}");
        props.push(&uid);
        props.push("SUMMARY:Bad");
        lines.extend(event(&props));
    }
    lines.extend(event(&[
        "UID:ok",
        "DTSTART:20230418T080000Z",
        "SUMMARY:Good",
    ]));
    let s = read(lines).unwrap();
    assert!(
        s.sessions.iter().any(|x| x.title == "Good"),
        "{:#?}",
        s.sessions
    );
    // Every hostile event is reported (the rule running to 9999 keeps its first instance, in the
    // conference's year, and reports the rest), each by the line of its BEGIN:VEVENT.
    let events: std::collections::HashSet<&str> = s.skipped.iter().map(|x| x.at.as_str()).collect();
    assert_eq!(events.len(), 9, "{:#?}", s.skipped);
    assert!(
        s.skipped.len() < 20,
        "one report per event or instance, not 500: {:#?}",
        s.skipped
    );
}

#[test]
fn a_bom_mixed_line_ends_and_a_nul_byte_are_read() {
    let content = "\u{feff}BEGIN:VCALENDAR\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\nDTSTART:20230418T080000Z\r\nSUMMARY:Nul\u{0}byte\nEND:VEVENT\r\nEND:VCALENDAR";
    let s = crate::import::parse(Format::Ics, "x.ics", content, Tz::UTC).unwrap();
    assert_eq!(s.sessions[0].title, "Nul\u{0}byte");
}

#[test]
fn a_long_zone_name_of_slashes_is_refused_at_once() {
    let name = "/".repeat(1_000_000) + "Europe/Vienna";
    assert_eq!(resolve_zone_name(&name), None, "longer than any zone name");
    assert_eq!(
        resolve_zone_name("/mozilla.org/20050126_1/Europe/Vienna"),
        Some(Tz::Europe__Vienna)
    );
}

#[test]
fn the_fuzzers_non_ascii_byday_in_a_vtimezone_imports_without_a_panic() {
    // Found by the fuzzer (core/tests/fuzz_regressions/import_ics/): BYDAY=-1ÜS split inside the Ü.
    let content =
        include_str!("../../../tests/fuzz_regressions/import_ics/vtimezone-byday-non-ascii.ics");
    let s = crate::import::parse(Format::Ics, "fuzz.ics", content, Tz::UTC).unwrap();
    assert_eq!(
        to_stored(s.sessions[0].starts_at),
        "2023-04-18T08:00:00Z",
        "the unreadable rule is ignored: the part's +01:00 applies from its DTSTART"
    );
    let mut store = crate::Store::open_in_memory().unwrap();
    let report = crate::import::run(
        &mut store,
        "fuzz.ics",
        content,
        &crate::import::Options {
            target: crate::import::Target::New,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.added.len(), 1);
}
