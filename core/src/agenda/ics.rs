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
mod tests;
