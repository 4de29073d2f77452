//! A hand-written reader for iCalendar (RFC 5545) as calendar programs export it: folded lines, property
//! parameters (quoted or not), escaped text (`\, \; \n \\`), UTC (`Z`), zoned (`TZID=`) and floating
//! times, all-day (`VALUE=DATE`) events, `DURATION` instead of `DTEND`, and the RFC's defaults when both
//! are missing. Recurring events (`RRULE`) are expanded when the rule is a bounded daily or weekly one,
//! and refused with the line otherwise; instances moved or cancelled by a `RECURRENCE-ID` event of the
//! same `UID` are applied.
//!
//! `TZID` is resolved as an IANA name (also with a `/mozilla.org/...` prefix), then as a common Windows
//! name ("W. Europe Standard Time"), then through the file's `VTIMEZONE`. A `VTIMEZONE` is read simply:
//! each `STANDARD`/`DAYLIGHT` part starts at its `DTSTART` and recurs yearly by its `RRULE`'s `BYMONTH`
//! and `BYDAY` (e.g. `-1SU`); a local time takes the `TZOFFSETTO` of the part that started last before it
//! (onsets compared in local wall time).
//!
//! All-day events are imported as kind `other` from 00:00 to 24:00 local time (through `DTEND`'s date
//! when given): a delegation's calendar often marks a registration day or a national holiday that way.
//!
//! This module walks the file: its content lines (unfolded, split and unescaped by [`crate::ical`], which
//! the agenda export writes through too) become a tree of components, and the calendar's events become
//! sessions, overrides applied last. What one event means is in `events`, the rules that repeat it in
//! `recurrence`, and the file's own zones in `vtimezone`.

mod events;
mod recurrence;
mod vtimezone;

use std::collections::HashMap;

use chrono_tz::Tz;

use super::{
    resolve_zone_name, shorten, Format, ParsedConference, ParsedSession, Schedule, Skipped,
    UNTITLED,
};
use crate::ical::{unescape, unfold, Property};
use crate::{Error, Result};
use events::{event_uid, read_event, when};
use recurrence::{exdates, expand, instance_key};
use vtimezone::Zones;

pub use recurrence::MAX_INSTANCES;

/// A `BEGIN:...`/`END:...` block: its properties in order and the blocks nested in it.
#[derive(Debug, Default)]
struct Component {
    name: String,
    line: usize,
    props: Vec<Property>,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> Option<&Property> {
        self.props.iter().find(|p| p.name == name)
    }
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }
}

/// Components nest at most this deep (`VCALENDAR` > `VEVENT` > `VALARM` is 3): deeper is not a calendar.
pub const MAX_DEPTH: usize = 16;

/// Reads an iCalendar file; floating times and all-day events are in the calendar's `X-WR-TIMEZONE`, else
/// in `fallback_zone`. An event that cannot be read is skipped and reported; an event without a title is
/// imported as [`UNTITLED`] and reported as repaired.
pub fn parse(file_name: &str, content: &str, fallback_zone: Tz) -> Result<Schedule> {
    let mut skipped = Vec::new();
    let mut repaired = Vec::new();
    let mut notes = Vec::new();
    let calendar = components(file_name, content, &mut skipped)?;
    let zones = Zones::read(&calendar, file_name, &mut notes);
    let calname = calendar
        .prop("X-WR-CALNAME")
        .map(|p| unescape(&p.value))
        .filter(|s| !s.trim().is_empty());
    let declared_zone = match calendar.prop("X-WR-TIMEZONE") {
        None => None,
        Some(p) => {
            let zone = resolve_zone_name(&p.value);
            if zone.is_none() {
                notes.push(format!(
                    "line {}, X-WR-TIMEZONE: \"{}\" is not a known time zone: it was ignored, and times \
                     without a zone were read in {fallback_zone}.",
                    p.line,
                    shorten(&p.value)
                ));
            }
            zone
        }
    };
    let local_zone = declared_zone.unwrap_or(fallback_zone);
    let ctx = Ctx {
        file_name,
        zones: &zones,
        local: local_zone,
    };

    let mut used_floating = false;
    // Masters first (with their instances by recurrence key), then the RECURRENCE-ID overrides.
    let mut sessions: Vec<ParsedSession> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut overrides = Vec::new();
    let mut cancelled = 0usize;
    let skip = |event: &Component, err: &Error| {
        Skipped::from_error(
            file_name,
            format!("line {}", event.line),
            &label(event),
            err,
        )
    };
    for event in calendar.children.iter().filter(|c| c.name == "VEVENT") {
        if event.prop("RECURRENCE-ID").is_some() {
            overrides.push(event);
            continue;
        }
        let is_cancelled = event
            .prop("STATUS")
            .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
        if is_cancelled {
            cancelled += 1;
            continue;
        }
        let instances = read_event(event, &ctx, &mut used_floating).and_then(|base| {
            let rule = match event.prop("RRULE") {
                None => return Ok((base.uid.clone(), vec![(base.uid.clone(), base)])),
                Some(rule) => rule,
            };
            let bad =
                |e: String| Error::Invalid(format!("{file_name}: line {}, RRULE: {e}", rule.line));
            let exdates = exdates(event, &ctx, &mut used_floating)?;
            let mut out = Vec::new();
            for start in expand(rule, &base, &ctx)? {
                let key = instance_key(&base.uid, &start, &ctx).map_err(bad)?;
                if exdates.contains(&key) {
                    continue;
                }
                out.push((key, base.at(start, &ctx).map_err(bad)?));
            }
            Ok((base.uid.clone(), out))
        });
        match instances {
            Ok((_, list)) => {
                if let Some((_, first)) = list.first() {
                    if first.untitled {
                        repaired.push(untitled(event));
                    }
                }
                for (key, e) in list {
                    // A uid seen before is left to the shared check, which keeps the first.
                    by_key.entry(key.clone()).or_insert(sessions.len());
                    sessions.push(e.session(key));
                }
            }
            Err(e) => skipped.push(skip(event, &e)),
        }
    }
    let mut removed = vec![false; sessions.len()];
    for event in overrides {
        let applied = (|| -> Result<()> {
            let rid = event
                .prop("RECURRENCE-ID")
                .ok_or_else(|| Error::Internal("override without RECURRENCE-ID".into()))?;
            let uid = event_uid(event, file_name)?;
            let original = when(rid, &ctx, &mut used_floating)?;
            let key = instance_key(&uid, &original, &ctx).map_err(|e| {
                Error::Invalid(format!(
                    "{file_name}: line {}, RECURRENCE-ID: {e}",
                    rid.line
                ))
            })?;
            let is_cancelled = event
                .prop("STATUS")
                .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
            match (by_key.get(&key).copied(), is_cancelled) {
                (Some(i), true) => {
                    if let Some(r) = removed.get_mut(i) {
                        *r = true;
                    }
                }
                (None, true) => {}
                (found, false) => {
                    let e = read_event(event, &ctx, &mut used_floating)?;
                    if e.untitled {
                        repaired.push(untitled(event));
                    }
                    let session = e.session(key.clone());
                    match found.and_then(|i| sessions.get_mut(i)) {
                        Some(slot) => *slot = session,
                        None => {
                            by_key.insert(key, sessions.len());
                            sessions.push(session);
                            removed.push(false);
                        }
                    }
                }
            }
            Ok(())
        })();
        if let Err(e) = applied {
            skipped.push(skip(event, &e));
        }
    }
    let sessions: Vec<ParsedSession> = sessions
        .into_iter()
        .zip(removed)
        .filter(|(_, r)| !r)
        .map(|(s, _)| s)
        .collect();
    if cancelled > 0 {
        notes.push(format!(
            "{cancelled} cancelled event(s) (STATUS:CANCELLED) were left out."
        ));
    }
    Ok(Schedule {
        format: Format::Ics,
        conference: ParsedConference {
            uid: calname.clone(),
            title: calname,
            time_zone: declared_zone.map(|z| z.name().to_string()),
            starts_on: None,
            ends_on: None,
            url: None,
        },
        sessions,
        notes,
        used_fallback_zone: used_floating && declared_zone.is_none(),
        skipped,
        repaired,
    })
}

/// An event as the report names it: its SUMMARY, else its UID.
fn label(event: &Component) -> String {
    let summary = event
        .prop("SUMMARY")
        .map(|p| unescape(&p.value).trim().to_string())
        .filter(|s| !s.is_empty());
    summary
        .or_else(|| event.prop("UID").map(|p| p.value.trim().to_string()))
        .map(|s| shorten(&s))
        .unwrap_or_default()
}

fn untitled(event: &Component) -> Skipped {
    Skipped {
        at: format!("line {}", event.line),
        event: label(event),
        reason: format!("SUMMARY: missing or empty: imported as \"{UNTITLED}\""),
    }
}

/// What reading one event needs besides the event: the file's name for messages and the zones.
struct Ctx<'a> {
    file_name: &'a str,
    zones: &'a Zones,
    /// The zone of floating times and all-day events.
    local: Tz,
}

// ---- Components ----------------------------------------------------------------------------------------

/// A file with more lines than this that are not content lines is not iCalendar.
const MAX_BAD_LINES: usize = 100;

/// The file's components, read iteratively (a stack, no recursion) and at most [`MAX_DEPTH`] deep, so
/// that no nesting can overflow the stack. A line that is not a content line is skipped and reported.
fn components(file_name: &str, content: &str, skipped: &mut Vec<Skipped>) -> Result<Component> {
    let mut stack: Vec<Component> = Vec::new();
    let mut calendar = None;
    let mut bad_lines = 0usize;
    for (line, raw) in unfold(content) {
        let prop = match Property::parse(file_name, line, &raw) {
            Ok(p) => p,
            Err(e) if !stack.is_empty() && bad_lines < MAX_BAD_LINES => {
                bad_lines += 1;
                skipped.push(Skipped::from_error(
                    file_name,
                    format!("line {line}"),
                    "",
                    &e,
                ));
                continue;
            }
            Err(e) => return Err(e),
        };
        match prop.name.as_str() {
            "BEGIN" => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::Invalid(format!(
                        "{file_name}: line {line}: BEGIN:{} is nested more than {MAX_DEPTH} components deep: \
                         this is not a calendar",
                        shorten(prop.value.trim())
                    )));
                }
                stack.push(Component {
                    name: prop.value.trim().to_ascii_uppercase(),
                    line,
                    ..Default::default()
                })
            }
            "END" => {
                let done = stack.pop().ok_or_else(|| {
                    Error::Invalid(format!(
                        "{file_name}: line {line}: END:{} without BEGIN",
                        shorten(prop.value.trim())
                    ))
                })?;
                if !done.name.eq_ignore_ascii_case(prop.value.trim()) {
                    return Err(Error::Invalid(format!(
                        "{file_name}: line {line}: END:{} closes BEGIN:{} of line {}",
                        shorten(prop.value.trim()),
                        shorten(&done.name),
                        done.line
                    )));
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        if calendar.is_none() && done.name == "VCALENDAR" {
                            calendar = Some(done);
                        }
                    }
                }
            }
            _ => match stack.last_mut() {
                Some(c) => c.props.push(prop),
                None => {
                    return Err(Error::Invalid(format!(
                        "{file_name}: line {line}: {} outside BEGIN:VCALENDAR",
                        shorten(&prop.name)
                    )))
                }
            },
        }
    }
    if let Some(open) = stack.last() {
        return Err(Error::Invalid(format!(
            "{file_name}: line {}: BEGIN:{} is never closed (the file may be cut short)",
            open.line,
            shorten(&open.name)
        )));
    }
    calendar
        .ok_or_else(|| Error::Invalid(format!("{file_name}: no BEGIN:VCALENDAR ... END:VCALENDAR")))
}

#[cfg(test)]
mod hostile_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionKind;
    use crate::time::to_stored;

    /// An iCalendar file around some lines (CRLF line ends, as the RFC wants).
    pub(super) fn calendar(lines: &[&str]) -> String {
        let mut all = vec!["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"];
        all.extend_from_slice(lines);
        all.push("END:VCALENDAR");
        all.join("\r\n") + "\r\n"
    }

    /// One VEVENT from its properties.
    pub(super) fn event(props: &[&str]) -> Vec<String> {
        let mut v = vec!["BEGIN:VEVENT".to_string()];
        v.extend(props.iter().map(|s| s.to_string()));
        v.push("END:VEVENT".to_string());
        v
    }

    /// Reads through the shared checks, as an import does.
    pub(super) fn read(lines: Vec<String>) -> Result<Schedule> {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        crate::import::parse(Format::Ics, "cal.ics", &calendar(&refs), Tz::Europe__Vienna)
    }

    pub(super) fn strings(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    pub(super) fn instants(s: &Schedule) -> Vec<(String, String)> {
        s.sessions
            .iter()
            .map(|x| (to_stored(x.starts_at), to_stored(x.ends_at)))
            .collect()
    }

    #[test]
    fn folded_lines_and_escaped_text_are_read_back() {
        let s = read(event(&[
            "UID:a",
            "DTSTART:20230418T080000Z",
            "DTEND:20230418T090000Z",
            "SUMMARY:Panel 1: Data\\, tech\\; and",
            "  the law",
            "DESCRIPTION:Line one\\nLine two with a back\\\\slash",
            "LOCATION;LANGUAGE=en:Neuer Saal",
        ]))
        .unwrap();
        let x = &s.sessions[0];
        assert_eq!(
            x.title, "Panel 1: Data, tech; and the law",
            "unfolded and unescaped"
        );
        assert_eq!(x.description, "Line one\nLine two with a back\\slash");
        assert_eq!(x.room, "Neuer Saal", "parameters are not part of the value");
        assert_eq!(x.kind, SessionKind::Panel);
    }

    #[test]
    fn broken_files_name_the_line_and_property() {
        let err = read(event(&["UID:a", "DTSTART:2023-04-18 10:00", "SUMMARY:A"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "cal.ics: none of its 1 event(s) could be imported: line 4: line 6, DTSTART:"
            ),
            "{err}"
        );
        let err = read(event(&[
            "UID:a",
            "DTSTART;TZID=Atlantis:20230418T100000",
            "SUMMARY:A",
        ]))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 6, DTSTART") && err.contains("Atlantis"),
            "{err}"
        );
        let err = parse(
            "cut.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n",
            Tz::UTC,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("cut.ics: line 2: BEGIN:VEVENT is never closed"),
            "{err}"
        );
    }
}
