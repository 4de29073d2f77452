//! What the two frab readers (schedule JSON and XML) share: an event's times from whichever of its fields
//! say them, with the rules for offsets that lie (a local time labelled UTC) and for starts after
//! midnight; the file's zone, inferred when it names none or the wrong one; and an event's description
//! from its subtitle and abstract, HTML made plain text. One copy, so that the two readers cannot drift.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::{
    checks, fixed_zone, local_instant, parse_clock, parse_duration, parse_instant, parse_naive,
    resolve_zone_name, shorten, FieldError,
};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time;

    #[test]
    fn html_in_descriptions_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>One<br />two &amp; three&nbsp;&lt;4&gt;</p>"),
            "One\ntwo & three <4>"
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
