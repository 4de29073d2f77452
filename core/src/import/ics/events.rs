//! One `VEVENT` as read, before recurrence: its DATE and DATE-TIME values (UTC, zoned, floating or
//! all-day) and their instants, its length from `DTEND`, `DURATION` or the RFC's defaults, and the session
//! it becomes. Apart from the walk over the calendar (the module above) and the rules that repeat an
//! event ([`super::recurrence`]), so that what one event means can be read on its own.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{Component, Ctx};
use crate::ical::{unescape, Property};
use crate::import::{
    checks, kind_from, local_instant, resolve_zone_name, shorten, ParsedSession, MAX_SECONDS,
    UNTITLED,
};
use crate::{Error, Result};

/// A DTSTART-like value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum When {
    Date(NaiveDate),
    Time(NaiveDateTime, Zone),
}

/// The zone a DATE-TIME is written in.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Zone {
    Utc,
    Floating,
    Iana(Tz),
    Vtimezone(String),
}

impl When {
    pub(super) fn utc(&self, ctx: &Ctx<'_>) -> std::result::Result<DateTime<Utc>, String> {
        match self {
            When::Date(d) => local_instant(ctx.local, d.and_time(NaiveTime::MIN)),
            When::Time(t, Zone::Utc) => Ok(t.and_utc()),
            When::Time(t, Zone::Floating) => local_instant(ctx.local, *t),
            When::Time(t, Zone::Iana(tz)) => local_instant(*tz, *t),
            When::Time(t, Zone::Vtimezone(id)) => ctx.zones.to_utc(id, *t),
        }
    }
    pub(super) fn naive(&self) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Time(t, _) => *t,
        }
    }
    pub(super) fn with_naive(&self, t: NaiveDateTime) -> When {
        match self {
            When::Date(_) => When::Date(t.date()),
            When::Time(_, z) => When::Time(t, z.clone()),
        }
    }
}

/// An event as read, before recurrence.
pub(super) struct Event {
    pub(super) uid: String,
    pub(super) title: String,
    pub(super) start: When,
    /// The length in wall-clock time (all-day: whole days).
    pub(super) length: Duration,
    pub(super) room: String,
    pub(super) description: String,
    pub(super) kind_word: String,
    pub(super) all_day: bool,
    pub(super) starts_at: DateTime<Utc>,
    pub(super) ends_at: DateTime<Utc>,
    /// The line of its `BEGIN:VEVENT`.
    pub(super) line: usize,
    /// It had no title and is imported as [`UNTITLED`].
    pub(super) untitled: bool,
}

impl Event {
    pub(super) fn at(&self, start: When, ctx: &Ctx<'_>) -> std::result::Result<Event, String> {
        let starts_at = start.utc(ctx)?;
        let end = start.with_naive(
            start
                .naive()
                .checked_add_signed(self.length)
                .ok_or("an instance ends beyond any calendar")?,
        );
        let ends_at = end.utc(ctx)?;
        Ok(Event {
            uid: self.uid.clone(),
            title: self.title.clone(),
            start,
            length: self.length,
            room: self.room.clone(),
            description: self.description.clone(),
            kind_word: self.kind_word.clone(),
            all_day: self.all_day,
            starts_at,
            ends_at,
            line: self.line,
            untitled: self.untitled,
        })
    }

    pub(super) fn session(&self, key: String) -> ParsedSession {
        ParsedSession {
            external_uid: key,
            kind: if self.all_day {
                crate::domain::SessionKind::Other
            } else {
                kind_from(&self.kind_word, &self.title)
            },
            title: self.title.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            room: self.room.clone(),
            track: String::new(),
            description: self.description.clone(),
            speakers: Vec::new(),
            moderator: String::new(),
            priority: None,
            at: format!("line {}", self.line),
        }
    }
}

pub(super) fn event_uid(event: &Component, file_name: &str) -> Result<String> {
    match event.prop("UID").map(|p| p.value.trim().to_string()).filter(|u| !u.is_empty()) {
        Some(uid) => Ok(uid),
        None => Err(Error::Invalid(format!(
            "{file_name}: line {}, UID: missing: every event needs a UID (it is what a re-import matches)",
            event.line
        ))),
    }
}

pub(super) fn read_event(
    event: &Component,
    ctx: &Ctx<'_>,
    used_floating: &mut bool,
) -> Result<Event> {
    let file_name = ctx.file_name;
    let bad = |line: usize, field: &str, why: String| {
        Error::Invalid(format!("{file_name}: line {line}, {field}: {why}"))
    };
    let uid = event_uid(event, file_name)?;
    let title = event
        .prop("SUMMARY")
        .map(|p| unescape(&p.value))
        .unwrap_or_default()
        .trim()
        .to_string();
    let untitled = title.is_empty();
    let title = if untitled {
        UNTITLED.to_string()
    } else {
        title
    };
    let dtstart = event
        .prop("DTSTART")
        .ok_or_else(|| bad(event.line, "DTSTART", "missing".into()))?;
    let start = when(dtstart, ctx, used_floating)?;
    let all_day = matches!(start, When::Date(_));
    let length = if let Some(end_prop) = event.prop("DTEND") {
        let end = when(end_prop, ctx, used_floating)?;
        let length = match (&start, &end) {
            (When::Date(a), When::Date(b)) => b.signed_duration_since(*a),
            (When::Time(..), When::Time(..)) => {
                // Zones may differ between DTSTART and DTEND: measure in UTC.
                let a = start
                    .utc(ctx)
                    .map_err(|e| bad(dtstart.line, "DTSTART", e))?;
                let b = end.utc(ctx).map_err(|e| bad(end_prop.line, "DTEND", e))?;
                b - a
            }
            _ => {
                return Err(bad(
                    end_prop.line,
                    "DTEND",
                    "is a date while DTSTART is a date-time (or the other way round)".into(),
                ))
            }
        };
        if length < Duration::zero() {
            return Err(bad(end_prop.line, "DTEND", "is before DTSTART".into()));
        }
        if length.num_seconds() > MAX_SECONDS {
            return Err(bad(
                end_prop.line,
                "DTEND",
                "the event lasts more than 400 days (a typo?)".into(),
            ));
        }
        length
    } else if let Some(d) = event.prop("DURATION") {
        let length = parse_ics_duration(&d.value).ok_or_else(|| {
            bad(
                d.line,
                "DURATION",
                format!("\"{}\" is not a duration like PT1H30M", shorten(&d.value)),
            )
        })?;
        if length < Duration::zero() {
            return Err(bad(d.line, "DURATION", "is negative".into()));
        }
        length
    } else if all_day {
        // RFC 5545 3.6.1: a DATE start without end lasts one day; a DATE-TIME start ends when it starts.
        Duration::days(1)
    } else {
        Duration::zero()
    };
    let starts_at = start
        .utc(ctx)
        .map_err(|e| bad(dtstart.line, "DTSTART", e))?;
    checks::sane_instant(starts_at).map_err(|e| bad(dtstart.line, "DTSTART", e))?;
    let beyond = || {
        bad(
            dtstart.line,
            "DTEND",
            "the end is beyond any calendar".into(),
        )
    };
    let ends_at = match start {
        // Measured in UTC above (DTSTART and DTEND may have different zones): keep the instant.
        When::Time(..) => starts_at.checked_add_signed(length).ok_or_else(beyond)?,
        When::Date(_) => start
            .with_naive(
                start
                    .naive()
                    .checked_add_signed(length)
                    .ok_or_else(beyond)?,
            )
            .utc(ctx)
            .map_err(|e| bad(dtstart.line, "DTEND", e))?,
    };
    let kind_word = event
        .prop("CATEGORIES")
        .map(|p| unescape(p.value.split(',').next().unwrap_or("")))
        .unwrap_or_default();
    Ok(Event {
        uid,
        title,
        start,
        length,
        room: event
            .prop("LOCATION")
            .map(|p| unescape(&p.value))
            .unwrap_or_default(),
        description: event
            .prop("DESCRIPTION")
            .map(|p| unescape(&p.value))
            .unwrap_or_default(),
        kind_word,
        all_day,
        starts_at,
        ends_at,
        line: event.line,
        untitled,
    })
}

/// Reads a DATE or DATE-TIME property with its TZID.
pub(super) fn when(p: &Property, ctx: &Ctx<'_>, used_floating: &mut bool) -> Result<When> {
    let bad = |why: String| {
        Error::Invalid(format!(
            "{}: line {}, {}: {why}",
            ctx.file_name, p.line, p.name
        ))
    };
    let v = p.value.trim();
    let is_date = p
        .param("VALUE")
        .is_some_and(|x| x.eq_ignore_ascii_case("DATE"))
        || (v.len() == 8 && !v.contains('T'));
    if is_date {
        *used_floating = true;
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(When::Date)
            .map_err(|_| bad(format!("\"{}\" is not a date like 20230418", shorten(v))));
    }
    let (text, utc) = match v.strip_suffix('Z').or_else(|| v.strip_suffix('z')) {
        Some(t) => (t, true),
        None => (v, false),
    };
    let t = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M"))
        .map_err(|_| {
            bad(format!(
                "\"{}\" is not a date-time like 20230418T100000",
                shorten(v)
            ))
        })?;
    if utc {
        return Ok(When::Time(t, Zone::Utc));
    }
    match p.param("TZID") {
        None => {
            *used_floating = true;
            Ok(When::Time(t, Zone::Floating))
        }
        Some(id) => {
            if ctx.zones.has(id) && resolve_zone_name(id).is_none() {
                return Ok(When::Time(t, Zone::Vtimezone(id.to_string())));
            }
            match resolve_zone_name(id) {
                Some(tz) => Ok(When::Time(t, Zone::Iana(tz))),
                None if ctx.zones.has(id) => Ok(When::Time(t, Zone::Vtimezone(id.to_string()))),
                None => Err(bad(format!(
                    "TZID=\"{}\" is neither a known time zone nor defined by a VTIMEZONE in the file", shorten(id)
                ))),
            }
        }
    }
}

/// `PT1H30M`, `P1D`, `P1W`, `-PT15M`, `P1DT2H`.
fn parse_ics_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, s) = match s.as_bytes().first()? {
        b'-' => (-1, &s[1..]),
        b'+' => (1, &s[1..]),
        _ => (1, s),
    };
    let s = s.strip_prefix('P').or_else(|| s.strip_prefix('p'))?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            'T' => in_time = true,
            d if d.is_ascii_digit() => number.push(d),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                any = true;
                let unit_seconds = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit_seconds)?)?;
                if total > MAX_SECONDS {
                    return None;
                }
            }
        }
    }
    if !number.is_empty() || !any {
        return None;
    }
    Some(Duration::seconds(sign * total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionKind;
    use crate::import::ics::tests::{event, instants, read};

    #[test]
    fn utc_floating_iana_and_windows_zones_give_the_right_instants() {
        let mut lines = event(&[
            "UID:utc",
            "DTSTART:20230418T080000Z",
            "DURATION:PT30M",
            "SUMMARY:UTC",
        ]);
        lines.extend(event(&[
            "UID:floating",
            "DTSTART:20230418T100000",
            "DTEND:20230418T110000",
            "SUMMARY:Floating",
        ]));
        lines.extend(event(&[
            "UID:iana",
            "DTSTART;TZID=/Europe/London:20230418T100000",
            "DURATION:PT1H",
            "SUMMARY:London",
        ]));
        lines.extend(event(&[
            "UID:win",
            "DTSTART;TZID=W. Europe Standard Time:20230418T100000",
            "DURATION:PT1H",
            "SUMMARY:Outlook",
        ]));
        lines.extend(event(&[
            "UID:ny",
            "DTSTART;TZID=Eastern Standard Time:20230418T100000",
            "DURATION:PT1H",
            "SUMMARY:Washington",
        ]));
        let s = read(lines).unwrap();
        let starts: Vec<String> = instants(&s).into_iter().map(|x| x.0).collect();
        assert_eq!(
            starts,
            vec![
                "2023-04-18T08:00:00Z",
                "2023-04-18T08:00:00Z",
                "2023-04-18T09:00:00Z",
                "2023-04-18T08:00:00Z",
                "2023-04-18T14:00:00Z"
            ],
            "UTC as written; floating in the conference zone (Vienna); London BST; Windows names mapped"
        );
        assert!(
            s.used_fallback_zone,
            "a floating time was read in the conference zone"
        );
    }

    #[test]
    fn an_all_day_event_spans_the_local_day_and_a_missing_end_follows_the_rfc() {
        let mut lines = event(&[
            "UID:reg",
            "DTSTART;VALUE=DATE:20230417",
            "SUMMARY:Registration day",
        ]);
        lines.extend(event(&[
            "UID:two",
            "DTSTART;VALUE=DATE:20230418",
            "DTEND;VALUE=DATE:20230420",
            "SUMMARY:Exhibition",
        ]));
        lines.extend(event(&[
            "UID:moment",
            "DTSTART:20230418T080000Z",
            "SUMMARY:Photo",
        ]));
        let s = read(lines).unwrap();
        assert_eq!(
            instants(&s),
            vec![
                ("2023-04-16T22:00:00Z".into(), "2023-04-17T22:00:00Z".into()),
                ("2023-04-17T22:00:00Z".into(), "2023-04-19T22:00:00Z".into()),
                ("2023-04-18T08:00:00Z".into(), "2023-04-18T08:00:00Z".into())
            ]
        );
        assert_eq!(
            s.sessions[0].kind,
            SessionKind::Other,
            "all-day events are kind other"
        );
    }

    #[test]
    fn ics_durations_parse() {
        assert_eq!(parse_ics_duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(parse_ics_duration("P1D"), Some(Duration::days(1)));
        assert_eq!(parse_ics_duration("P1W"), Some(Duration::weeks(1)));
        assert_eq!(parse_ics_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_ics_duration("PT"), None);
        assert_eq!(parse_ics_duration("1H"), None);
        assert_eq!(
            parse_ics_duration("P99999999999999W"),
            None,
            "refused, not overflowed"
        );
    }
}
