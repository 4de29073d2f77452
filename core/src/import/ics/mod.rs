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

use std::collections::HashMap;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday,
};
use chrono_tz::Tz;

use super::{
    kind_from, local_instant, resolve_zone_name, shorten, Format, ParsedConference, ParsedSession,
    Schedule, Skipped, UNTITLED,
};
use crate::ical::{unescape, unfold, Property};
use crate::{Error, Result};

/// Recurring events expand to at most this many instances.
pub const MAX_INSTANCES: usize = 500;

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
/// imported as [`UNTITLED`](super::UNTITLED) and reported as repaired.
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

struct Ctx<'a> {
    file_name: &'a str,
    zones: &'a Zones,
    /// The zone of floating times and all-day events.
    local: Tz,
}

/// A DTSTART-like value.
#[derive(Debug, Clone, PartialEq)]
enum When {
    Date(NaiveDate),
    Time(NaiveDateTime, Zone),
}

#[derive(Debug, Clone, PartialEq)]
enum Zone {
    Utc,
    Floating,
    Iana(Tz),
    Vtimezone(String),
}

impl When {
    fn utc(&self, ctx: &Ctx<'_>) -> std::result::Result<DateTime<Utc>, String> {
        match self {
            When::Date(d) => local_instant(ctx.local, d.and_time(NaiveTime::MIN)),
            When::Time(t, Zone::Utc) => Ok(t.and_utc()),
            When::Time(t, Zone::Floating) => local_instant(ctx.local, *t),
            When::Time(t, Zone::Iana(tz)) => local_instant(*tz, *t),
            When::Time(t, Zone::Vtimezone(id)) => ctx.zones.to_utc(id, *t),
        }
    }
    fn naive(&self) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Time(t, _) => *t,
        }
    }
    fn with_naive(&self, t: NaiveDateTime) -> When {
        match self {
            When::Date(_) => When::Date(t.date()),
            When::Time(_, z) => When::Time(t, z.clone()),
        }
    }
}

/// An event as read, before recurrence.
struct Event {
    uid: String,
    title: String,
    start: When,
    /// The length in wall-clock time (all-day: whole days).
    length: Duration,
    room: String,
    description: String,
    kind_word: String,
    all_day: bool,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    /// The line of its `BEGIN:VEVENT`.
    line: usize,
    /// It had no title and is imported as [`UNTITLED`].
    untitled: bool,
}

impl Event {
    fn at(&self, start: When, ctx: &Ctx<'_>) -> std::result::Result<Event, String> {
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

    fn session(&self, key: String) -> ParsedSession {
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

fn event_uid(event: &Component, file_name: &str) -> Result<String> {
    match event.prop("UID").map(|p| p.value.trim().to_string()).filter(|u| !u.is_empty()) {
        Some(uid) => Ok(uid),
        None => Err(Error::Invalid(format!(
            "{file_name}: line {}, UID: missing: every event needs a UID (it is what a re-import matches)",
            event.line
        ))),
    }
}

fn read_event(event: &Component, ctx: &Ctx<'_>, used_floating: &mut bool) -> Result<Event> {
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
        if length.num_seconds() > super::MAX_SECONDS {
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
    super::checks::sane_instant(starts_at).map_err(|e| bad(dtstart.line, "DTSTART", e))?;
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

/// The key of one instance of a recurring event: `UID/20230418T080000Z` (all-day: `UID/20230418`).
fn instance_key(uid: &str, start: &When, ctx: &Ctx<'_>) -> std::result::Result<String, String> {
    Ok(match start {
        When::Date(d) => format!("{uid}/{}", d.format("%Y%m%d")),
        t => format!("{uid}/{}", t.utc(ctx)?.format("%Y%m%dT%H%M%SZ")),
    })
}

/// The instance keys an event's `EXDATE`s exclude (a set: a file may list very many).
fn exdates(
    event: &Component,
    ctx: &Ctx<'_>,
    used_floating: &mut bool,
) -> Result<std::collections::HashSet<String>> {
    let uid = event_uid(event, ctx.file_name)?;
    let mut keys = std::collections::HashSet::new();
    for p in event.all("EXDATE") {
        for value in p.value.split(',') {
            let single = Property {
                value: value.trim().to_string(),
                ..p.clone()
            };
            let w = when(&single, ctx, used_floating)?;
            keys.insert(instance_key(&uid, &w, ctx).map_err(|e| {
                Error::Invalid(format!("{}: line {}, EXDATE: {e}", ctx.file_name, p.line))
            })?);
        }
    }
    Ok(keys)
}

/// Reads a DATE or DATE-TIME property with its TZID.
fn when(p: &Property, ctx: &Ctx<'_>, used_floating: &mut bool) -> Result<When> {
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

// ---- Recurrence ----------------------------------------------------------------------------------------

/// The starts of a bounded daily or weekly rule, in the event's own wall time.
fn expand(rule: &Property, base: &Event, ctx: &Ctx<'_>) -> Result<Vec<When>> {
    let bad = |why: String| {
        Error::Invalid(format!(
            "{}: line {}, RRULE: {why}",
            ctx.file_name, rule.line
        ))
    };
    let mut freq = None;
    let mut count = None;
    let mut until = None;
    let mut interval = 1i64;
    let mut by_day: Vec<Weekday> = Vec::new();
    for part in rule.value.split(';').filter(|p| !p.trim().is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| bad(format!("\"{}\" is not NAME=VALUE", shorten(part))))?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(v.trim().to_ascii_uppercase()),
            "COUNT" => count = Some(v.trim().parse::<usize>().map_err(|_| bad(format!("COUNT \"{}\" is not a number", shorten(v))))?),
            "UNTIL" => {
                let p = Property { value: v.trim().to_string(), name: "RRULE UNTIL".into(), params: Vec::new(), line: rule.line };
                let mut ignored = false;
                until = Some(when(&p, ctx, &mut ignored)?);
            }
            "INTERVAL" => {
                interval = v.trim().parse::<i64>().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| bad(format!("INTERVAL \"{}\" is not a number from 1 to 1000", shorten(v))))?
            }
            "BYDAY" => {
                for d in v.split(',') {
                    by_day.push(weekday(d.trim()).ok_or_else(|| {
                        bad(format!("BYDAY \"{}\" is not supported: only plain weekdays (MO, TU, ...) can be expanded", shorten(d)))
                    })?);
                }
            }
            "WKST" => {}
            other => {
                return Err(bad(format!(
                    "{} is not supported: only FREQ=DAILY or FREQ=WEEKLY (with INTERVAL, BYDAY, COUNT or UNTIL) can be expanded; \
                     export the events one by one instead",
                    shorten(other)
                )))
            }
        }
    }
    let freq = freq.ok_or_else(|| bad("FREQ is missing".into()))?;
    if freq != "DAILY" && freq != "WEEKLY" {
        return Err(bad(format!(
            "FREQ={} is not supported: only DAILY and WEEKLY rules can be expanded; export the events one by one instead",
            shorten(&freq)
        )));
    }
    if freq == "DAILY" && !by_day.is_empty() {
        return Err(bad("BYDAY with FREQ=DAILY is not supported".into()));
    }
    if count.is_none() && until.is_none() {
        return Err(bad(
            "the rule repeats without end (no COUNT or UNTIL): it cannot be imported".into(),
        ));
    }
    let until_utc = match &until {
        Some(u) => Some(u.utc(ctx).map_err(&bad)?),
        None => None,
    };
    let first = base.start.naive();
    let step_days = if freq == "DAILY" {
        interval
    } else {
        7 * interval
    };
    let mut days: Vec<i64> = if by_day.is_empty() {
        vec![0]
    } else {
        let monday = i64::from(first.weekday().num_days_from_monday());
        let mut d: Vec<i64> = by_day
            .iter()
            .map(|w| i64::from(w.num_days_from_monday()) - monday)
            .collect();
        d.sort_unstable();
        d.dedup();
        d
    };
    if days.is_empty() {
        days.push(0);
    }
    let mut out = Vec::new();
    let mut period = 0i64;
    'outer: loop {
        for offset in &days {
            // Beyond chrono's calendar (a rule running for millennia): no more instances.
            let Some(t) = period
                .checked_mul(step_days)
                .and_then(|d| d.checked_add(*offset))
                .and_then(Duration::try_days)
                .and_then(|d| first.checked_add_signed(d))
            else {
                break 'outer;
            };
            if t < first {
                continue;
            }
            // Instances after the last year a programme can have are not made (nor reported one by one).
            if t.year() > super::checks::LAST_YEAR {
                break 'outer;
            }
            if count.is_some_and(|c| out.len() >= c) {
                break 'outer;
            }
            let candidate = base.start.with_naive(t);
            if let Some(u) = until_utc {
                if candidate.utc(ctx).map_err(&bad)? > u {
                    break 'outer;
                }
            }
            if out.len() >= MAX_INSTANCES {
                return Err(bad(format!(
                    "the rule makes more than {MAX_INSTANCES} events: that is not a conference programme"
                )));
            }
            out.push(candidate);
        }
        period += 1;
    }
    Ok(out)
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

// ---- VTIMEZONE -----------------------------------------------------------------------------------------

/// The most `STANDARD`/`DAYLIGHT` parts a `VTIMEZONE` may have.
const MAX_ZONE_PARTS: usize = 1000;

struct Zones {
    by_id: HashMap<String, Vec<ZonePart>>,
}

struct ZonePart {
    start: NaiveDateTime,
    offset_to: FixedOffset,
    /// Yearly onset: month and (ordinal, weekday), e.g. (3, -1, Sunday).
    yearly: Option<(u32, i32, Weekday)>,
}

impl Zones {
    /// The file's `VTIMEZONE`s. One that cannot be read is left out with a note (the events using it are
    /// then skipped, naming their `TZID`).
    fn read(calendar: &Component, file_name: &str, notes: &mut Vec<String>) -> Zones {
        let mut by_id = HashMap::new();
        for tz in calendar.children.iter().filter(|c| c.name == "VTIMEZONE") {
            match Zones::read_one(tz, file_name) {
                Ok((id, parts)) => {
                    by_id.insert(id, parts);
                }
                Err(e) => notes.push(format!(
                    "A VTIMEZONE was left out: {}",
                    Skipped::from_error(file_name, "", "", &e).reason
                )),
            }
        }
        Zones { by_id }
    }

    fn read_one(tz: &Component, file_name: &str) -> Result<(String, Vec<ZonePart>)> {
        let id = tz
            .prop("TZID")
            .map(|p| p.value.trim().to_string())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{file_name}: line {}, VTIMEZONE: TZID is missing",
                    tz.line
                ))
            })?;
        let mut parts = Vec::new();
        for part in tz
            .children
            .iter()
            .filter(|c| c.name == "STANDARD" || c.name == "DAYLIGHT")
        {
            let bad = |field: &str, line: usize, why: String| {
                Error::Invalid(format!(
                    "{file_name}: line {line}, {} {field}: {why}",
                    part.name
                ))
            };
            let start = part
                .prop("DTSTART")
                .ok_or_else(|| bad("DTSTART", part.line, "missing".into()))?;
            let start_t = NaiveDateTime::parse_from_str(
                start.value.trim().trim_end_matches('Z'),
                "%Y%m%dT%H%M%S",
            )
            .map_err(|_| {
                bad(
                    "DTSTART",
                    start.line,
                    format!("\"{}\" is not a date-time", shorten(&start.value)),
                )
            })?;
            let to = part
                .prop("TZOFFSETTO")
                .ok_or_else(|| bad("TZOFFSETTO", part.line, "missing".into()))?;
            let offset_to = parse_offset(&to.value).ok_or_else(|| {
                bad(
                    "TZOFFSETTO",
                    to.line,
                    format!("\"{}\" is not an offset like +0100", shorten(&to.value)),
                )
            })?;
            let yearly = part.prop("RRULE").and_then(|r| yearly_rule(&r.value));
            parts.push(ZonePart {
                start: start_t,
                offset_to,
                yearly,
            });
        }
        // Each local time is compared with every part: a real zone has a few dozen at most.
        if parts.len() > MAX_ZONE_PARTS {
            return Err(Error::Invalid(format!(
                "{file_name}: line {}, VTIMEZONE {}: more than {MAX_ZONE_PARTS} STANDARD/DAYLIGHT parts",
                tz.line,
                shorten(&id)
            )));
        }
        if parts.is_empty() {
            return Err(Error::Invalid(format!(
                "{file_name}: line {}, VTIMEZONE {}: it has no STANDARD or DAYLIGHT part",
                tz.line,
                shorten(&id)
            )));
        }
        Ok((id, parts))
    }

    fn has(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    fn to_utc(&self, id: &str, t: NaiveDateTime) -> std::result::Result<DateTime<Utc>, String> {
        super::checks::sane_year(t.date())?;
        let parts = self
            .by_id
            .get(id)
            .ok_or_else(|| format!("no VTIMEZONE {id}"))?;
        let mut best: Option<(NaiveDateTime, FixedOffset)> = None;
        for p in parts {
            let onsets: Vec<NaiveDateTime> = match p.yearly {
                None => vec![p.start],
                Some((month, nth, wd)) => [t.year() - 1, t.year()]
                    .iter()
                    .filter(|y| **y >= p.start.year())
                    .filter_map(|y| {
                        nth_weekday(*y, month, nth, wd).map(|d| d.and_time(p.start.time()))
                    })
                    .collect(),
            };
            for onset in onsets.into_iter().filter(|o| *o <= t) {
                if best.is_none_or(|(b, _)| onset > b) {
                    best = Some((onset, p.offset_to));
                }
            }
        }
        // Before every onset: the earliest part's offset.
        let offset = match best {
            Some((_, o)) => o,
            None => parts
                .iter()
                .min_by_key(|p| p.start)
                .map(|p| p.offset_to)
                .ok_or("empty VTIMEZONE")?,
        };
        t.checked_sub_signed(Duration::seconds(i64::from(offset.local_minus_utc())))
            .map(|t| t.and_utc())
            .ok_or_else(|| format!("{t} is beyond any calendar"))
    }
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => (1, s),
    };
    let h: i32 = rest.get(0..2)?.parse().ok()?;
    let m: i32 = rest.get(2..4)?.parse().ok()?;
    let sec: i32 = rest.get(4..6).map_or(Some(0), |x| x.parse().ok())?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60 + sec))
}

fn yearly_rule(rule: &str) -> Option<(u32, i32, Weekday)> {
    let mut month = None;
    let mut day = None;
    for part in rule.split(';') {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "BYMONTH" => {
                month = v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|m| (1..=12).contains(m))
            }
            "BYDAY" => {
                // `-1SU`, `2SU`, `+1SU`, `SU`: the weekday is the last two characters (ASCII letters, so
                // splitting two bytes from the end never cuts a character: checked, not assumed).
                let v = v.trim();
                let split = v.len().checked_sub(2)?;
                let (n, wd) = (v.get(..split)?, v.get(split..)?);
                let n: i32 = if n.is_empty() || n == "+" {
                    1
                } else {
                    n.strip_prefix('+').unwrap_or(n).parse().ok()?
                };
                // A month has at most five of a weekday.
                if n == 0 || !(-5..=5).contains(&n) {
                    return None;
                }
                day = Some((n, weekday(wd)?));
            }
            _ => {}
        }
    }
    let (n, wd) = day?;
    Some((month?, n, wd))
}

fn nth_weekday(year: i32, month: u32, nth: i32, wd: Weekday) -> Option<NaiveDate> {
    if nth > 0 {
        let n = u8::try_from(nth).ok()?;
        NaiveDate::from_weekday_of_month_opt(year, month, wd, n)
    } else {
        let next_month = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)
        }?;
        let last = next_month.pred_opt()?;
        let back = (7 + i64::from(last.weekday().num_days_from_monday())
            - i64::from(wd.num_days_from_monday()))
            % 7;
        let weeks_back = i64::from(nth).checked_neg()?.checked_sub(1)?;
        let days_back = weeks_back.checked_mul(7)?.checked_add(back)?;
        let day = last.checked_sub_signed(Duration::try_days(days_back)?)?;
        // "-5SU" in a month with four Sundays is no day of that month.
        (day.month() == month).then_some(day)
    }
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
                if total > super::MAX_SECONDS {
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

    fn instants(s: &Schedule) -> Vec<(String, String)> {
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
    fn tzid_with_a_vtimezone_of_its_own_name_uses_its_offsets_by_date() {
        let mut lines: Vec<String> = [
            "BEGIN:VTIMEZONE",
            "TZID:Hofburg Time",
            "BEGIN:STANDARD",
            "DTSTART:19701025T030000",
            "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:19700329T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        lines.extend(event(&[
            "UID:summer",
            "DTSTART;TZID=Hofburg Time:20230418T100000",
            "DTEND;TZID=\"Hofburg Time\":20230418T113000",
            "SUMMARY:Summer",
        ]));
        lines.extend(event(&[
            "UID:winter",
            "DTSTART;TZID=Hofburg Time:20231204T100000",
            "DURATION:PT1H",
            "SUMMARY:Winter",
        ]));
        let s = read(lines).unwrap();
        assert_eq!(
            instants(&s),
            vec![
                ("2023-04-18T08:00:00Z".into(), "2023-04-18T09:30:00Z".into()),
                ("2023-12-04T09:00:00Z".into(), "2023-12-04T10:00:00Z".into())
            ],
            "+02:00 in April, +01:00 in December"
        );
    }

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
    fn a_bounded_weekly_rule_is_expanded_with_exdate_and_a_moved_instance() {
        let mut lines = event(&[
            "UID:brief",
            "DTSTART;TZID=Europe/Vienna:20230417T083000",
            "DTEND;TZID=Europe/Vienna:20230417T090000",
            "RRULE:FREQ=DAILY;COUNT=4",
            "EXDATE;TZID=Europe/Vienna:20230419T083000",
            "SUMMARY:Delegation briefing",
        ]);
        lines.extend(event(&[
            "UID:brief",
            "RECURRENCE-ID;TZID=Europe/Vienna:20230418T083000",
            "DTSTART;TZID=Europe/Vienna:20230418T073000",
            "DTEND;TZID=Europe/Vienna:20230418T080000",
            "SUMMARY:Delegation briefing (early)",
        ]));
        let s = read(lines).unwrap();
        let got: Vec<(String, String)> = s
            .sessions
            .iter()
            .map(|x| (x.external_uid.clone(), x.title.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "brief/20230417T063000Z".into(),
                    "Delegation briefing".into()
                ),
                (
                    "brief/20230418T063000Z".into(),
                    "Delegation briefing (early)".into()
                ),
                (
                    "brief/20230420T063000Z".into(),
                    "Delegation briefing".into()
                )
            ],
            "four days, the third excluded, the second moved"
        );
        assert_eq!(to_stored(s.sessions[1].starts_at), "2023-04-18T05:30:00Z");
        let weekly = read(event(&[
            "UID:w",
            "DTSTART:20230417T080000Z",
            "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20230426T235959Z",
            "SUMMARY:W",
        ]))
        .unwrap();
        assert_eq!(weekly.sessions.len(), 4, "Mon, Wed, Mon, Wed");
    }

    #[test]
    fn an_unsupported_or_endless_rule_is_skipped_naming_its_line() {
        let mut lines = event(&[
            "UID:m",
            "DTSTART:20230417T080000Z",
            "RRULE:FREQ=MONTHLY;COUNT=3",
            "SUMMARY:M",
        ]);
        lines.extend(event(&[
            "UID:ok",
            "DTSTART:20230417T080000Z",
            "SUMMARY:Fine",
        ]));
        let s = read(lines).unwrap();
        assert_eq!(s.sessions.len(), 1, "the other event imports");
        assert_eq!(s.skipped[0].at, "line 4");
        assert_eq!(s.skipped[0].event, "M");
        assert!(
            s.skipped[0]
                .reason
                .starts_with("line 7, RRULE: FREQ=MONTHLY is not supported"),
            "{:?}",
            s.skipped
        );
        let err = read(event(&[
            "UID:e",
            "DTSTART:20230417T080000Z",
            "RRULE:FREQ=DAILY",
            "SUMMARY:E",
        ]))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("line 7, RRULE") && err.contains("without end"),
            "{err}"
        );
        let err = read(event(&[
            "UID:x",
            "DTSTART:20230417T080000Z",
            "RRULE:FREQ=DAILY;COUNT=501",
            "SUMMARY:X",
        ]))
        .unwrap_err()
        .to_string();
        assert!(err.contains("more than 500"), "{err}");
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
