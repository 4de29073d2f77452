//! An agenda as an iCalendar file (RFC 5545) for a delegate's phone: times in the conference's zone with
//! a VTIMEZONE built from chrono-tz (the transitions of the conference's years), the room as LOCATION,
//! the member's role in the DESCRIPTION, and UIDs derived from the conference, the session and the
//! member, so that importing the file again updates the events instead of duplicating them.
//!
//! The RFC's text rules (CRLF line ends, lines folded at 75 octets never inside a UTF-8 character, TEXT
//! escaping of backslash, semicolon, comma and newline) are [`crate::ical`]'s, shared with the reader.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use serde::Serialize;

use crate::agenda::{Agenda, AgendaItem};
use crate::domain::SessionStatus;
use crate::ical::{escape, push_folded};
use crate::programme::conference::Conference;
use crate::{Error, Result};

/// The product identifier every calendar carries.
pub const PRODID: &str = "-//Delegation Desk//Agenda export//EN";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub path: String,
    /// How many events the file holds.
    pub events: usize,
    /// The calendar's name as phones show it.
    pub calendar_name: String,
}

/// The calendar's name: whose agenda, at which conference.
pub fn calendar_name(agenda: &Agenda) -> String {
    match &agenda.member_name {
        Some(name) => format!("{name} · {}", agenda.conference_title),
        None => format!("Delegation · {}", agenda.conference_title),
    }
}

/// The whole calendar as text. `now` is the DTSTAMP of every event and orders re-exports (SEQUENCE).
pub fn calendar(agenda: &Agenda, conference: &Conference, now: DateTime<Utc>) -> Result<String> {
    let tz = conference.tz()?;
    let mut out = String::new();
    let mut line = |text: &str| push_folded(&mut out, text);
    line("BEGIN:VCALENDAR");
    line(&format!("PRODID:{PRODID}"));
    line("VERSION:2.0");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(&calendar_name(agenda))));
    line(&format!("X-WR-TIMEZONE:{}", tz.name()));
    for l in vtimezone(tz, &years(agenda, conference)) {
        line(&l);
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    // Every export is newer than the last: minutes since 2020 only grow (and fit SEQUENCE's integer).
    let sequence = ((now - epoch()).num_minutes()).max(0);
    for item in agenda.items() {
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}",
            escape(&uid(conference, item, agenda.member_id))
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("SEQUENCE:{sequence}"));
        line(&format!(
            "DTSTART;TZID={}:{}",
            tz.name(),
            local_stamp(&item.starts_at)?
        ));
        line(&format!(
            "DTEND;TZID={}:{}",
            tz.name(),
            local_stamp(&item.ends_at)?
        ));
        line(&format!("SUMMARY:{}", escape(&item.title)));
        let location = location(item, conference);
        if !location.is_empty() {
            line(&format!("LOCATION:{}", escape(&location)));
        }
        line(&format!(
            "DESCRIPTION:{}",
            escape(&description(item, agenda.member_id))
        ));
        line(match item.status {
            SessionStatus::Cancelled => "STATUS:CANCELLED",
            SessionStatus::Scheduled => "STATUS:CONFIRMED",
        });
        line("TRANSP:OPAQUE");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Ok(out)
}

/// Writes the calendar to `path` (which must end in `.ics`) through a temporary file renamed into
/// place, so that a failed write never leaves half a calendar behind.
pub fn export(
    agenda: &Agenda,
    conference: &Conference,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<Exported> {
    let is_ics = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ics"));
    if !is_ics {
        return Err(Error::invalid(
            "path",
            format!(
                "{} does not end in .ics: a calendar file must, so that phones and calendar apps open it",
                path.display()
            ),
        ));
    }
    let text = calendar(agenda, conference, now)?;
    crate::data::files::write_atomically(path, text.as_bytes())?;
    Ok(Exported {
        path: path.display().to_string(),
        events: agenda.len(),
        calendar_name: calendar_name(agenda),
    })
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::from_naive_utc_and_offset(
        NaiveDate::from_ymd_opt(2020, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default(),
        Utc,
    )
}

/// A stable UID: the same conference, session and member give the same UID in every export.
pub fn uid(conference: &Conference, item: &AgendaItem, member_id: Option<i64>) -> String {
    let conference_part = conference
        .uid
        .as_deref()
        .map_or_else(|| format!("conference-{}", conference.id), uid_safe);
    let session_part = item
        .external_uid
        .as_deref()
        .map_or_else(|| format!("session-{}", item.session_id), uid_safe);
    let member_part = member_id.map_or_else(|| "delegation".to_string(), |m| format!("member-{m}"));
    format!("{conference_part}.{session_part}.{member_part}@delegation-desk")
}

fn uid_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn location(item: &AgendaItem, conference: &Conference) -> String {
    [item.room.trim(), conference.venue.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

fn description(item: &AgendaItem, member_id: Option<i64>) -> String {
    let mut parts = Vec::new();
    if item.status == SessionStatus::Cancelled {
        parts.push("This session was cancelled.".to_string());
    }
    match item.role {
        Some(role) => {
            parts.push(format!("Your role: {role}."));
            let others: Vec<String> = item
                .covered_by
                .iter()
                .filter(|a| Some(a.member_id) != member_id)
                .map(|a| format!("{} ({})", a.member_name, a.role))
                .collect();
            if !others.is_empty() {
                parts.push(format!("With: {}.", others.join(", ")));
            }
        }
        None => {
            let who: Vec<String> = item
                .covered_by
                .iter()
                .map(|a| format!("{} ({})", a.member_name, a.role))
                .collect();
            parts.push(format!("Covered by: {}.", who.join(", ")));
        }
    }
    if !item.moderator.is_empty() {
        parts.push(format!("Moderator: {}", item.moderator));
    }
    if !item.speakers.is_empty() {
        parts.push(format!("Speakers: {}", item.speakers.join("; ")));
    }
    if !item.description.is_empty() {
        parts.push(String::new());
        parts.push(item.description.clone());
    }
    parts.join("\n")
}

/// `20230418T100000`: the wall-clock time of an RFC 3339 instant in its own offset (the conference's).
fn local_stamp(rfc3339: &str) -> Result<String> {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.naive_local().format("%Y%m%dT%H%M%S").to_string())
        .map_err(|e| Error::Internal(format!("\"{rfc3339}\" is not RFC 3339: {e}")))
}

/// The years whose time-zone rules the calendar must carry: the conference's and its sessions'.
fn years(agenda: &Agenda, conference: &Conference) -> Vec<i32> {
    let mut years: Vec<i32> = [conference.starts_on.as_str(), conference.ends_on.as_str()]
        .into_iter()
        .chain(agenda.items().map(|i| i.starts_at.as_str()))
        .chain(agenda.items().map(|i| i.ends_at.as_str()))
        .filter_map(|s| s.get(..4)?.parse().ok())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// One change of a zone's offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    /// The UTC instant of the change.
    at: DateTime<Utc>,
    from: i32,
    to: i32,
    daylight: bool,
    name: Option<String>,
}

/// The offset (seconds east of UTC), whether it is daylight time, and its abbreviation at `t`.
fn offset_at(tz: Tz, t: DateTime<Utc>) -> (i32, bool, Option<String>) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        o.fix().local_minus_utc(),
        o.dst_offset() != Duration::zero(),
        o.abbreviation().map(String::from),
    )
}

/// The zone's transitions from the start of the year before the first (so that the first year's early
/// months have their rule) to the end of the last year.
fn transitions(tz: Tz, years: &[i32]) -> Vec<Transition> {
    let (Some(first), Some(last)) = (years.first(), years.last()) else {
        return Vec::new();
    };
    let start_of = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|n| n.and_utc())
    };
    let (Some(mut t), Some(end)) = (start_of(first - 1), start_of(last + 1)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut before = offset_at(tz, t);
    let step = Duration::hours(1);
    while t < end {
        let next = t + step;
        let after = offset_at(tz, next);
        if (after.0, after.1) != (before.0, before.1) {
            // Narrow the change down to the second: offsets change at most once in an hour.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if (offset_at(tz, mid).0, offset_at(tz, mid).1) == (before.0, before.1) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition {
                at: hi,
                from: before.0,
                to: after.0,
                daylight: after.1,
                name: after.2.clone(),
            });
            before = after;
        }
        t = next;
    }
    found
}

/// The VTIMEZONE of `tz` for `years`: a STANDARD or DAYLIGHT observance per transition, or one fixed
/// STANDARD observance for a zone without changes.
fn vtimezone(tz: Tz, years: &[i32]) -> Vec<String> {
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_string(),
        format!("TZID:{}", tz.name()),
        format!("X-LIC-LOCATION:{}", tz.name()),
    ];
    let found = transitions(tz, years);
    if found.is_empty() {
        let year = years.first().copied().unwrap_or(1970);
        let probe = NaiveDate::from_ymd_opt(year, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|n| n.and_utc())
            .unwrap_or_default();
        let (offset, _, name) = offset_at(tz, probe);
        lines.push("BEGIN:STANDARD".into());
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(offset)));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(offset)));
        if let Some(name) = name {
            lines.push(format!("TZNAME:{}", escape(&name)));
        }
        lines.push("DTSTART:19700101T000000".into());
        lines.push("END:STANDARD".into());
    }
    for t in found {
        let kind = if t.daylight { "DAYLIGHT" } else { "STANDARD" };
        // DTSTART is the local time of the change, in the offset that was in force before it.
        let onset: NaiveDateTime = t.at.naive_utc() + Duration::seconds(i64::from(t.from));
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!("TZOFFSETFROM:{}", utc_offset(t.from)));
        lines.push(format!("TZOFFSETTO:{}", utc_offset(t.to)));
        if let Some(name) = t.name {
            lines.push(format!("TZNAME:{}", escape(&name)));
        }
        lines.push(format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
        lines.push(format!("END:{kind}"));
    }
    lines.push("END:VTIMEZONE".into());
    lines
}

/// `+0200`, `-0430`, or `+053328` when seconds are needed (RFC 5545 UTC-OFFSET).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

#[cfg(test)]
mod tests {
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
}
