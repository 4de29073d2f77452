//! Agendas in: reading a conference programme from the files conference software and calendar programs
//! write (frab/pretalx schedule JSON and XML, iCalendar), or from the CSV a coordinator types from a printed
//! programme, and applying it to the store as one all-or-nothing update (see [`merge`]).
//!
//! Every reader produces the same [`Schedule`]: the conference as the file names it and its sessions with
//! UTC instants and the source's uid. Readers are lenient where the meaning is clear (real files break their
//! schemas) and precise where it is not. Real files are messy, so one bad event never refuses a file: it is
//! skipped (or repaired, e.g. an empty title) and listed in the report with its line or JSON path and the
//! reason ([`Skipped`]); only a file that is not a schedule at all (unparsable, no events) is refused, with
//! an error naming the file and the line. [`checks`] applies the rules every format shares (unique uids,
//! sane dates, a programme of at most a year). The formats and rules are documented in `docs/import.md`.

pub mod checks;
pub mod csv;
pub mod frab_json;
pub mod frab_xml;
pub mod ics;
pub mod members_csv;
pub mod merge;

#[cfg(test)]
mod sample_files;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::{Priority, SessionKind};
use crate::{text, time, Error, Result};

pub use merge::{
    run, Change, FieldChange, Flagged, ImportReport, Options, Removed, ReportSession, Target,
};

/// The zone of a new conference when neither the file nor the person says one.
pub const DEFAULT_ZONE: &str = "Europe/Vienna";

/// The formats an agenda can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    #[serde(rename = "frab-json")]
    FrabJson,
    #[serde(rename = "frab-xml")]
    FrabXml,
    #[serde(rename = "ics")]
    Ics,
    #[serde(rename = "csv")]
    Csv,
}

impl Format {
    /// The word used on the command line and stored in `conference.source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::FrabJson => "frab-json",
            Format::FrabXml => "frab-xml",
            Format::Ics => "ics",
            Format::Csv => "csv",
        }
    }

    /// Parses `auto` (→ `None`) or a format word, naming the option on error.
    pub fn parse_option(word: &str) -> Result<Option<Format>> {
        match word.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Ok(None),
            "frab-json" | "json" | "pretalx" => Ok(Some(Format::FrabJson)),
            "frab-xml" | "xml" => Ok(Some(Format::FrabXml)),
            "ics" | "ical" | "icalendar" => Ok(Some(Format::Ics)),
            "csv" => Ok(Some(Format::Csv)),
            other => Err(Error::invalid(
                "format",
                format!("\"{other}\" is not one of: auto, frab-json, frab-xml, ics, csv"),
            )),
        }
    }
}

/// Recognises the format by the content first (what the file is), then by the name's extension.
pub fn detect(file_name: &str, content: &str) -> Result<Format> {
    let head = content.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        return Ok(Format::FrabJson);
    }
    if head.starts_with('<') {
        return Ok(Format::FrabXml);
    }
    if head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Ok(Format::Ics);
    }
    let lower = file_name.to_ascii_lowercase();
    let by_extension = [
        (".json", Format::FrabJson),
        (".xml", Format::FrabXml),
        (".ics", Format::Ics),
        (".ical", Format::Ics),
        (".csv", Format::Csv),
        (".txt", Format::Csv),
    ];
    if let Some((_, f)) = by_extension.iter().find(|(ext, _)| lower.ends_with(ext)) {
        return Ok(*f);
    }
    // A header line naming the required columns is a CSV whatever the file is called.
    let first = head.lines().next().unwrap_or("").to_ascii_lowercase();
    if first.contains("date") && first.contains("start") && first.contains("title") {
        return Ok(Format::Csv);
    }
    Err(Error::Invalid(format!(
        "{file_name}: the format could not be recognised (not schedule JSON or XML, not iCalendar, no CSV \
         header with date, start and title): give it with --format frab-json|frab-xml|ics|csv"
    )))
}

/// The conference as the file describes it; everything optional, as files say more or less.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedConference {
    /// The source's identifier (frab acronym, ICS calendar name), stored as `conference.uid`.
    pub uid: Option<String>,
    pub title: Option<String>,
    /// The IANA zone the file's local times are in, when it says (or it could be inferred).
    pub time_zone: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub url: Option<String>,
}

/// One programme item as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSession {
    /// The source's uid/guid/id: what a re-import matches on.
    pub external_uid: String,
    pub title: String,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: String,
    pub track: String,
    pub description: String,
    pub speakers: Vec<String>,
    pub moderator: String,
    /// A priority the file suggests (CSV `priority` column); only used for new sessions.
    pub priority: Option<Priority>,
    /// Where the file has it (`line 12`, a JSON path), for the report.
    pub at: String,
}

/// An event the import left out, or took in with a repair: where the file has it, which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// `line 12` (CSV, XML, iCalendar) or the JSON path of the event.
    pub at: String,
    /// The event's title (else its uid), as far as it could be read; empty when not even that.
    pub event: String,
    /// The reason, naming the field (and its own line when it differs from `at`).
    pub reason: String,
}

impl Skipped {
    /// A skip from a reader's error about one event; the file name the message starts with is dropped
    /// (the report names the file once).
    pub fn from_error(file_name: &str, at: impl Into<String>, event: &str, err: &Error) -> Skipped {
        let message = err.to_string();
        let reason = message
            .strip_prefix(file_name)
            .and_then(|r| r.strip_prefix(": "))
            .unwrap_or(&message)
            .to_string();
        Skipped {
            at: at.into(),
            event: event.trim().to_string(),
            reason,
        }
    }
}

/// At most 80 characters of a value quoted in a message (whole characters, never a split one).
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Line numbers of byte offsets in one text, found by binary search over the line starts (built once, in
/// one pass): asking for the line of every record stays linear in the file, where counting newlines from
/// the start each time would be quadratic.
pub struct LineIndex<'a> {
    content: &'a [u8],
    /// The byte offset where each line after the first starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `content`'s lines.
    pub fn new(content: &'a str) -> LineIndex<'a> {
        let content = content.as_bytes();
        let starts = content
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex { content, starts }
    }

    /// The 1-based line of the byte at `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset) + 1
    }

    /// The 1-based line of a record that the csv crate says starts at `offset`: its position may be the
    /// blank lines before it (skipped by the reader), so those are stepped over first.
    pub fn record_line(&self, offset: u64) -> usize {
        let mut at = usize::try_from(offset).unwrap_or(usize::MAX);
        while self
            .content
            .get(at)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            at += 1;
        }
        self.line(at)
    }
}

/// The title an event without one is imported under (and reported as repaired).
pub const UNTITLED: &str = "(untitled)";

/// What a reader made of a file.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub format: Format,
    pub conference: ParsedConference,
    pub sessions: Vec<ParsedSession>,
    /// Things the reader decided that a person may want to know (shown in the report).
    pub notes: Vec<String>,
    /// Whether local times without a zone of their own were read in the fallback zone.
    pub used_fallback_zone: bool,
    /// Events left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// Events taken in with a repair (e.g. an empty title), with what was done.
    pub repaired: Vec<Skipped>,
}

/// Reads a file of a known format. `fallback_zone` is the zone of local times the file gives no zone for
/// (CSV times, ICS floating times, frab files without `time_zone_name`).
pub fn parse(
    format: Format,
    file_name: &str,
    content: &str,
    fallback_zone: Tz,
) -> Result<Schedule> {
    let content = content.trim_start_matches('\u{feff}');
    let mut schedule = match format {
        Format::FrabJson => frab_json::parse(file_name, content, fallback_zone),
        Format::FrabXml => frab_xml::parse(file_name, content, fallback_zone),
        Format::Ics => ics::parse(file_name, content, fallback_zone),
        Format::Csv => csv::parse(file_name, content, fallback_zone),
    }?;
    checks::settle(file_name, &mut schedule)?;
    Ok(schedule)
}

// ---- Shared helpers of the readers -------------------------------------------------------------------

/// Maps a source's session type (frab `type`, ICS `CATEGORIES`, the CSV `kind`) and the title to a kind.
/// The table is in `docs/import.md`.
pub fn kind_from(kind_word: &str, title: &str) -> SessionKind {
    let word = text::fold(kind_word.trim());
    let by_word = match word.as_str() {
        "opening" | "welcome" | "opening ceremony" => Some(SessionKind::Opening),
        "closing" | "closing ceremony" => Some(SessionKind::Closing),
        "panel" | "podium" | "discussion" | "panel discussion" | "roundtable" | "round table" => {
            Some(SessionKind::Panel)
        }
        "plenary" | "lecture" | "talk" | "keynote" | "presentation" | "lightning talk"
        | "lightning" | "session" => Some(SessionKind::Plenary),
        "side-event" | "side event" | "sideevent" | "workshop" | "meeting" | "self-organized"
        | "self organized" | "hands-on" | "meetup" | "bof" => Some(SessionKind::SideEvent),
        "break" | "pause" | "coffee" | "coffee break" | "lunch" | "lunch break"
        | "registration" => Some(SessionKind::Break),
        "other" | "performance" | "concert" | "film" | "party" => Some(SessionKind::Other),
        _ => None,
    };
    let t = text::fold(title);
    let has = |w: &str| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    match by_word {
        // A talk or an unnamed type called "Opening ..." is the opening; likewise the closing.
        Some(SessionKind::Plenary | SessionKind::Other) | None if has("opening") => {
            SessionKind::Opening
        }
        Some(SessionKind::Plenary | SessionKind::Other) | None if has("closing") => {
            SessionKind::Closing
        }
        Some(k) => k,
        None if has("panel") => SessionKind::Panel,
        None if has("break") || has("lunch") || has("coffee") => SessionKind::Break,
        None if has("workshop") || t.contains("side event") || t.contains("side-event") => {
            SessionKind::SideEvent
        }
        None if has("plenary") || has("keynote") => SessionKind::Plenary,
        None => SessionKind::Other,
    }
}

/// A zone name as files write it: an IANA name (also `/Europe/Berlin` or a longer path ending in one), or a
/// common Windows zone name.
pub fn resolve_zone_name(name: &str) -> Option<Tz> {
    let n = name.trim().trim_matches('"');
    // No zone name is that long (the longest IANA name has 32 characters): refused before any work, so
    // that a hostile name costs nothing.
    if n.is_empty() || n.len() > MAX_ZONE_NAME {
        return None;
    }
    if let Some(tz) = windows_zone(n) {
        return Some(tz);
    }
    // "/mozilla.org/20050126_1/Europe/Berlin": the longest suffix that is an IANA name.
    std::iter::once(n)
        .chain(n.match_indices('/').map(|(i, _)| &n[i + 1..]))
        .find_map(|suffix| suffix.parse::<Tz>().ok())
}

/// The longest zone name looked at, in bytes (a `/mozilla.org/...` prefix included).
pub const MAX_ZONE_NAME: usize = 100;

/// The common Windows (Outlook) zone names and their IANA equivalents.
fn windows_zone(name: &str) -> Option<Tz> {
    const TABLE: &[(&str, Tz)] = &[
        ("W. Europe Standard Time", Tz::Europe__Berlin),
        ("Central Europe Standard Time", Tz::Europe__Budapest),
        ("Central European Standard Time", Tz::Europe__Warsaw),
        ("Romance Standard Time", Tz::Europe__Paris),
        ("GMT Standard Time", Tz::Europe__London),
        ("Greenwich Standard Time", Tz::Atlantic__Reykjavik),
        ("E. Europe Standard Time", Tz::Europe__Chisinau),
        ("FLE Standard Time", Tz::Europe__Kiev),
        ("GTB Standard Time", Tz::Europe__Bucharest),
        ("Russian Standard Time", Tz::Europe__Moscow),
        ("Turkey Standard Time", Tz::Europe__Istanbul),
        ("Eastern Standard Time", Tz::America__New_York),
        ("Central Standard Time", Tz::America__Chicago),
        ("Mountain Standard Time", Tz::America__Denver),
        ("Pacific Standard Time", Tz::America__Los_Angeles),
        ("UTC", Tz::UTC),
        ("Coordinated Universal Time", Tz::UTC),
        ("Tokyo Standard Time", Tz::Asia__Tokyo),
        ("China Standard Time", Tz::Asia__Shanghai),
        ("India Standard Time", Tz::Asia__Kolkata),
        ("AUS Eastern Standard Time", Tz::Australia__Sydney),
    ];
    TABLE
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(name))
        .map(|(_, tz)| *tz)
}

/// The IANA zone with a fixed UTC offset (`Etc/GMT-1` is UTC+1), for files whose times carry an offset
/// but no zone name. `None` when the offset is not whole hours.
pub fn fixed_zone(offset: FixedOffset) -> Option<Tz> {
    let secs = offset.local_minus_utc();
    if secs % 3600 != 0 {
        return None;
    }
    let hours = secs / 3600;
    let name = match hours {
        0 => "UTC".to_string(),
        h if h > 0 => format!("Etc/GMT-{h}"),
        h => format!("Etc/GMT+{}", -h),
    };
    name.parse().ok()
}

/// A wall-clock time as people type it: `9:30`, `09:30`, `09:30:00`, `9.30`, `24:00` (the end of the day).
pub fn parse_clock(s: &str) -> Option<(NaiveTime, bool)> {
    let t = s.trim().replace('.', ":");
    if t == "24:00" || t == "24:00:00" {
        return Some((NaiveTime::MIN, true));
    }
    NaiveTime::parse_from_str(&t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M:%S"))
        .ok()
        .map(|x| (x, false))
}

/// A frab duration: `00:30`, `1:30`, `01:30:00`, or days `1:00:00:00`; minutes as a plain number.
pub fn parse_duration(s: &str) -> Option<chrono::Duration> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(minutes) = t.parse::<u32>() {
        let total = i64::from(minutes) * 60;
        return (total <= MAX_SECONDS).then(|| chrono::Duration::seconds(total));
    }
    let parts: Vec<u32> = t
        .split(':')
        .map(|p| p.trim().parse::<u32>())
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    let (d, h, m, sec) = match parts.as_slice() {
        [h, m] => (0, *h, *m, 0),
        [h, m, s] => (0, *h, *m, *s),
        [d, h, m, s] => (*d, *h, *m, *s),
        _ => return None,
    };
    if m >= 60 || sec >= 60 {
        return None;
    }
    let total = i64::from(d) * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
    // Longer than any conference: a typo, and beyond it date arithmetic could overflow.
    (total <= MAX_SECONDS).then(|| chrono::Duration::seconds(total))
}

/// The longest session accepted: 400 days.
pub const MAX_SECONDS: i64 = 400 * 86_400;

/// An instant written with an explicit offset (`2019-08-21T11:00:00+02:00`, `...Z`).
pub fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .or_else(|| DateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M%:z").ok())
}

/// A date-time without offset (`2019-08-21T11:00:00`, `2019-08-21 11:00`).
pub fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let t = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// The UTC instant of a local wall-clock time, with a sentence (no field) on failure. A date outside the
/// years a programme can have ([`checks::FIRST_YEAR`]..=[`checks::LAST_YEAR`]) is refused here, before
/// any zone arithmetic could overflow.
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> std::result::Result<DateTime<Utc>, String> {
    checks::sane_year(local.date())?;
    time::local_to_utc(tz, local).map_err(|e| e.to_string())
}

/// A failure naming the field and saying why.
pub type FieldError = (&'static str, String);

/// The times of one frab event, from whichever of its fields say it; `Err` is a sentence naming the field.
#[derive(Debug, Clone, Copy)]
pub struct FrabTimes<'a> {
    /// The event's `date` (a date-time with offset, usually).
    pub date: Option<&'a str>,
    /// The event's `start`: `HH:MM` or a date-time.
    pub start: &'a str,
    pub duration: &'a str,
    /// The day's `date`.
    pub day_date: Option<NaiveDate>,
    /// The day's `day_start`, to place events after midnight on the next calendar day.
    pub day_start: Option<DateTime<FixedOffset>>,
}

impl FrabTimes<'_> {
    /// Start and end in UTC, in zone `tz` where the file gives local times. The rules (`docs/import.md`):
    /// an explicit offset is trusted, except a `Z` whose clock equals the local `start` in a zone that is
    /// not UTC (a time labelled UTC that is local); `HH:MM` starts are on the day's date, or the next day
    /// when earlier than the day's start.
    pub fn resolve(
        &self,
        tz: Tz,
    ) -> std::result::Result<(DateTime<Utc>, DateTime<Utc>), FieldError> {
        let duration = parse_duration(self.duration).ok_or_else(|| {
            (
                "duration",
                format!(
                    "\"{}\" is not a duration like 00:30 or 01:30",
                    shorten(self.duration)
                ),
            )
        })?;
        let start_clock = parse_clock(self.start).map(|(t, _)| t);
        let start = if let Some(instant) = parse_instant(self.start) {
            self.trusted(instant, start_clock, tz)?
        } else if let Some(date) = self.date.filter(|d| !d.trim().is_empty()) {
            if let Some(instant) = parse_instant(date) {
                self.trusted(instant, start_clock, tz)
                    .map_err(|(_, why)| ("date", why))?
            } else if let Some(naive) = parse_naive(date) {
                local_instant(tz, naive).map_err(|e| ("date", e))?
            } else if let Ok(day) = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
                self.on_day(day, start_clock, tz)?
            } else {
                return Err((
                    "date",
                    format!("\"{}\" is not a date or date-time", shorten(date)),
                ));
            }
        } else {
            let day = self.day_date.ok_or((
                "date",
                "missing: the event has only a start time and its day has no date".to_string(),
            ))?;
            self.on_day(day, start_clock, tz)?
        };
        checks::sane_instant(start).map_err(|e| ("start", e))?;
        let end = start
            .checked_add_signed(duration)
            .ok_or_else(|| ("duration", "the end is beyond any calendar".to_string()))?;
        Ok((start, end))
    }

    fn trusted(
        &self,
        instant: DateTime<FixedOffset>,
        start_clock: Option<NaiveTime>,
        tz: Tz,
    ) -> std::result::Result<DateTime<Utc>, FieldError> {
        let utc = instant.with_timezone(&Utc);
        checks::sane_instant(utc).map_err(|e| ("start", e))?;
        let labelled_utc = instant.offset().local_minus_utc() == 0;
        let zone_is_not_utc = tz
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc()
            != 0;
        if labelled_utc && zone_is_not_utc && start_clock == Some(instant.time()) {
            return local_instant(tz, instant.naive_local()).map_err(|e| ("start", e));
        }
        Ok(utc)
    }

    fn on_day(
        &self,
        day: NaiveDate,
        start_clock: Option<NaiveTime>,
        tz: Tz,
    ) -> std::result::Result<DateTime<Utc>, FieldError> {
        let clock = start_clock.ok_or_else(|| {
            (
                "start",
                format!(
                    "\"{}\" is not a time like 11:00 or a date-time",
                    shorten(self.start)
                ),
            )
        })?;
        let mut date = day;
        if let Some(ds) = self.day_start {
            if ds.date_naive() == day && clock < ds.time() {
                date = day.succ_opt().unwrap_or(day);
            }
        }
        local_instant(tz, date.and_time(clock)).map_err(|e| ("start", e))
    }
}

/// The zone of a frab file: the person's choice, else `time_zone_name` (a zone labelled UTC whose events
/// all carry another offset is taken as that offset's fixed zone), else the first event's offset, else
/// the fallback. Returns the zone and, when it was inferred, a note for the report.
pub fn frab_zone(
    declared: Option<&str>,
    first_offset: Option<FixedOffset>,
    fallback: Tz,
) -> (Tz, Option<String>) {
    let named = declared.and_then(resolve_zone_name);
    match (named, first_offset) {
        (Some(tz), Some(off)) if tz == Tz::UTC && off.local_minus_utc() != 0 => match fixed_zone(off) {
            Some(fixed) => (
                fixed,
                Some(format!(
                    "The file says its times are in UTC but writes them with offset {off}: they were read as local times in {fixed}."
                )),
            ),
            None => (tz, None),
        },
        (Some(tz), _) => (tz, None),
        (None, Some(off)) => match fixed_zone(off) {
            Some(fixed) => (
                fixed,
                Some(format!(
                    "The file names no time zone; its times carry offset {off}, so the conference is shown in {fixed}."
                )),
            ),
            None => (fallback, None),
        },
        (None, None) => (fallback, None),
    }
}

/// A frab event's description: its subtitle, then its abstract (else its longer description), as plain
/// text separated by a blank line.
pub fn frab_description(subtitle: &str, abstract_: &str, description: &str) -> String {
    let abstract_ = plain_text(abstract_);
    let body = if abstract_.is_empty() {
        plain_text(description)
    } else {
        abstract_
    };
    [subtitle.to_string(), body]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Removes HTML tags (frab descriptions carry `<br />`), turning line breaks into newlines.
pub fn plain_text(s: &str) -> String {
    let with_breaks = s
        .replace("<br />", "\n")
        .replace("<br/>", "\n")
        .replace("<br>", "\n")
        .replace("\r\n", "\n");
    let mut out = String::with_capacity(with_breaks.len());
    let mut in_tag = false;
    for c in with_breaks.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    // The common entities (after the tags, so that "&lt;b&gt;" stays text).
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// The conference days a set of sessions covers, in zone `tz`.
pub fn day_span(sessions: &[ParsedSession], tz: Tz) -> Option<(NaiveDate, NaiveDate)> {
    let first = sessions.iter().map(|s| s.starts_at).min()?;
    let last = sessions
        .iter()
        .map(|s| {
            // A session ending at midnight belongs to the day it started.
            let end = s.ends_at.max(s.starts_at);
            if end > s.starts_at {
                end.checked_sub_signed(chrono::Duration::seconds(1))
                    .unwrap_or(end)
            } else {
                end
            }
        })
        .max()?;
    Some((
        first.with_timezone(&tz).date_naive(),
        last.with_timezone(&tz).date_naive(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_recognised_by_content_before_the_extension() {
        assert_eq!(
            detect("x.txt", "  {\"schedule\":{}}").unwrap(),
            Format::FrabJson
        );
        assert_eq!(
            detect("x.json", "<?xml version='1.0'?><schedule/>").unwrap(),
            Format::FrabXml
        );
        assert_eq!(
            detect("cal", "BEGIN:VCALENDAR\r\nEND:VCALENDAR").unwrap(),
            Format::Ics
        );
        assert_eq!(detect("side.csv", "Title;Date;Start").unwrap(), Format::Csv);
        assert_eq!(
            detect("programme", "date,start,title\n").unwrap(),
            Format::Csv
        );
        let err = detect("notes.md", "# hello").unwrap_err().to_string();
        assert!(
            err.contains("notes.md") && err.contains("--format"),
            "{err}"
        );
    }

    #[test]
    fn frab_types_and_titles_map_to_kinds() {
        let cases = [
            ("lecture", "Some talk", SessionKind::Plenary),
            ("lecture", "31C3 Opening Event", SessionKind::Opening),
            ("podium", "Anything", SessionKind::Panel),
            ("Workshop", "Hands on", SessionKind::SideEvent),
            ("break", "Lunch", SessionKind::Break),
            ("other", "Closing Event", SessionKind::Closing),
            ("", "Panel 2: Data", SessionKind::Panel),
            ("", "Coffee break", SessionKind::Break),
            ("performance", "Concert", SessionKind::Other),
            ("", "Networking", SessionKind::Other),
        ];
        for (word, title, kind) in cases {
            assert_eq!(kind_from(word, title), kind, "{word:?} / {title:?}");
        }
    }

    #[test]
    fn windows_and_prefixed_zone_names_resolve_to_iana_zones() {
        assert_eq!(
            resolve_zone_name("W. Europe Standard Time"),
            Some(Tz::Europe__Berlin)
        );
        assert_eq!(
            resolve_zone_name("Central European Standard Time"),
            Some(Tz::Europe__Warsaw)
        );
        assert_eq!(
            resolve_zone_name("GMT Standard Time"),
            Some(Tz::Europe__London)
        );
        assert_eq!(
            resolve_zone_name("Eastern Standard Time"),
            Some(Tz::America__New_York)
        );
        assert_eq!(
            resolve_zone_name("/mozilla.org/20050126_1/Europe/Vienna"),
            Some(Tz::Europe__Vienna)
        );
        assert_eq!(resolve_zone_name("Mars/Olympus"), None);
    }

    #[test]
    fn html_in_descriptions_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>One<br />two &amp; three&nbsp;&lt;4&gt;</p>"),
            "One\ntwo & three <4>"
        );
    }

    #[test]
    fn durations_are_read_in_the_forms_files_use() {
        assert_eq!(parse_duration("00:30"), Some(chrono::Duration::minutes(30)));
        assert_eq!(parse_duration("1:30"), Some(chrono::Duration::minutes(90)));
        assert_eq!(parse_duration("01:00:00"), Some(chrono::Duration::hours(1)));
        assert_eq!(parse_duration("45"), Some(chrono::Duration::minutes(45)));
        assert_eq!(parse_duration("half an hour"), None);
        assert_eq!(parse_duration("00:75"), None);
        assert_eq!(
            parse_duration("4294967295:00:00:00"),
            None,
            "absurd lengths are refused, not overflowed"
        );
    }

    #[test]
    fn a_zone_labelled_utc_with_offset_times_is_read_as_that_offset() {
        let off = FixedOffset::east_opt(3600).unwrap();
        let (tz, note) = frab_zone(Some("UTC"), Some(off), Tz::Europe__Vienna);
        assert_eq!(tz.name(), "Etc/GMT-1");
        assert!(note.is_some_and(|n| n.contains("UTC")));
        let (tz, note) = frab_zone(Some("Europe/Berlin"), Some(off), Tz::UTC);
        assert_eq!((tz, note), (Tz::Europe__Berlin, None));
    }

    #[test]
    fn a_z_time_whose_clock_is_the_local_start_is_read_as_local() {
        let t = FrabTimes {
            date: Some("2019-08-21T11:00:00Z"),
            start: "11:00",
            duration: "00:30",
            day_date: None,
            day_start: None,
        };
        let (start, end) = t.resolve(Tz::Europe__Berlin).unwrap();
        assert_eq!(
            time::to_stored(start),
            "2019-08-21T09:00:00Z",
            "11:00 in Berlin"
        );
        assert_eq!(time::to_stored(end), "2019-08-21T09:30:00Z");
        let real_utc = FrabTimes {
            start: "13:00",
            ..t
        };
        assert_eq!(
            time::to_stored(real_utc.resolve(Tz::Europe__Berlin).unwrap().0),
            "2019-08-21T11:00:00Z",
            "a Z time that is 13:00 in Berlin is a real UTC instant"
        );
    }

    #[test]
    fn a_clock_start_after_midnight_belongs_to_the_next_calendar_day() {
        let t = FrabTimes {
            date: None,
            start: "01:30",
            duration: "01:00",
            day_date: NaiveDate::from_ymd_opt(2014, 12, 27),
            day_start: parse_instant("2014-12-27T11:00:00+01:00"),
        };
        let (start, _) = t.resolve(Tz::Europe__Berlin).unwrap();
        assert_eq!(time::to_stored(start), "2014-12-28T00:30:00Z");
    }
}
