//! Times and zones as schedule files write them: zone names (IANA, with a path prefix, or Windows),
//! zones of a fixed offset, wall-clock times, durations, instants with and without offset, and the UTC
//! instant of a local time, refused before any arithmetic could overflow. Every reader reads its times
//! through these, so that the same text means the same instant in every format.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{checks, ParsedSession};
use crate::time;

/// The zone of a new conference when neither the file nor the person says one.
pub const DEFAULT_ZONE: &str = "Europe/Vienna";

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
}
