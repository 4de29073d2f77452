//! Time, the conference's way: instants are stored in UTC, and shown in the conference's IANA time zone,
//! never in the laptop's (a delegate who flew in from Washington still sees Vienna times).

use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::{Error, Result};

/// The fixed-width storage format: `YYYY-MM-DDTHH:MM:SSZ`; it sorts and compares as text.
const STORED: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Parses an IANA time-zone name ("Europe/Vienna").
pub fn parse_tz(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "time_zone",
            format!("\"{name}\" is not an IANA time zone such as Europe/Vienna"),
        )
    })
}

/// Parses a calendar date `YYYY-MM-DD`, naming the field on error.
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("\"{s}\" is not a date like 2023-04-18")))
}

/// Parses a wall-clock time `HH:MM` (or `HH:MM:SS`), naming the field on error.
pub fn parse_time(field: &str, s: &str) -> Result<NaiveTime> {
    let t = s.trim();
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .map_err(|_| Error::invalid(field, format!("\"{s}\" is not a time like 09:30")))
}

/// The UTC instant of a wall-clock time in a time zone. A time that does not exist (skipped by a
/// daylight-saving change) is an error; one that happens twice takes the earlier.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> Result<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(Error::Invalid(format!(
            "{local} does not exist in {tz}: the clocks skip it for daylight-saving time"
        ))),
    }
}

/// The storage form of an instant.
pub fn to_stored(t: DateTime<Utc>) -> String {
    t.format(STORED).to_string()
}

/// Reads an instant back from storage.
pub fn from_stored(s: &str) -> Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, STORED)
        .map(|n| n.and_utc())
        .map_err(|_| Error::Internal(format!("stored instant \"{s}\" is not in {STORED} form")))
}

/// The current instant in storage form.
pub fn now_stored() -> String {
    to_stored(Utc::now())
}

/// An instant as the conference sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// RFC 3339 with the conference's offset, e.g. `2023-04-18T10:00:00+02:00`.
    pub rfc3339: String,
    /// The conference day, `YYYY-MM-DD`.
    pub day: String,
    /// The wall-clock time, `HH:MM`.
    pub clock: String,
}

/// Shows a UTC instant in the conference's time zone.
pub fn local(tz: Tz, t: DateTime<Utc>) -> Local {
    let l = t.with_timezone(&tz);
    Local {
        rfc3339: l.to_rfc3339_opts(SecondsFormat::Secs, false),
        day: l.format("%Y-%m-%d").to_string(),
        clock: l.format("%H:%M").to_string(),
    }
}

/// Shows a stored instant in the conference's time zone.
pub fn local_stored(tz: Tz, stored: &str) -> Result<Local> {
    Ok(local(tz, from_stored(stored)?))
}

/// The days of a conference, first to last.
pub fn days(starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<NaiveDate> {
    starts_on
        .iter_days()
        .take_while(|d| *d <= ends_on)
        .collect()
}

/// "Tuesday 18 April 2023": a day header as people write it.
pub fn day_label(day: NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vienna() -> Tz {
        parse_tz("Europe/Vienna").unwrap()
    }

    fn at(date: &str, time: &str) -> NaiveDateTime {
        parse_date("date", date)
            .unwrap()
            .and_time(parse_time("time", time).unwrap())
    }

    #[test]
    fn a_vienna_morning_in_april_is_stored_two_hours_earlier_in_utc() {
        let t = local_to_utc(vienna(), at("2023-04-18", "10:00")).unwrap();
        assert_eq!(to_stored(t), "2023-04-18T08:00:00Z", "CEST is UTC+2");
    }

    #[test]
    fn a_stored_instant_is_shown_in_the_conference_zone_not_the_laptops() {
        let shown = local_stored(vienna(), "2023-04-18T08:00:00Z").unwrap();
        assert_eq!(shown.rfc3339, "2023-04-18T10:00:00+02:00");
        assert_eq!(
            (shown.day.as_str(), shown.clock.as_str()),
            ("2023-04-18", "10:00")
        );
        let washington = local_stored(
            parse_tz("America/New_York").unwrap(),
            "2023-04-18T08:00:00Z",
        )
        .unwrap();
        assert_eq!(
            washington.clock, "04:00",
            "the same instant is 04:00 in Washington"
        );
    }

    #[test]
    fn a_late_evening_in_utc_belongs_to_the_next_conference_day_in_tokyo() {
        let shown = local_stored(parse_tz("Asia/Tokyo").unwrap(), "2023-04-18T22:30:00Z").unwrap();
        assert_eq!(shown.day, "2023-04-19");
    }

    #[test]
    fn a_time_skipped_by_daylight_saving_is_refused() {
        let err = local_to_utc(vienna(), at("2023-03-26", "02:30")).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn a_time_repeated_by_daylight_saving_takes_the_earlier_instant() {
        let t = local_to_utc(vienna(), at("2023-10-29", "02:30")).unwrap();
        assert_eq!(to_stored(t), "2023-10-29T00:30:00Z");
    }

    #[test]
    fn bad_zones_dates_and_times_name_their_field() {
        assert!(parse_tz("Vienna")
            .unwrap_err()
            .to_string()
            .starts_with("time_zone:"));
        assert!(parse_date("starts_on", "18/04/2023")
            .unwrap_err()
            .to_string()
            .starts_with("starts_on:"));
        assert!(parse_time("start", "25:00")
            .unwrap_err()
            .to_string()
            .starts_with("start:"));
    }

    #[test]
    fn conference_days_run_from_first_to_last() {
        let d = days(
            parse_date("a", "2023-04-18").unwrap(),
            parse_date("b", "2023-04-19").unwrap(),
        );
        assert_eq!(d.len(), 2);
        assert_eq!(day_label(d[0]), "Tuesday 18 April 2023");
    }
}
