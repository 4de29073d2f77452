//! The file's own time zones (`VTIMEZONE`), for a `TZID` that is neither an IANA nor a common Windows
//! name. Read simply: each `STANDARD`/`DAYLIGHT` part starts at its `DTSTART` and recurs yearly by its
//! `RRULE`'s `BYMONTH` and `BYDAY` (e.g. `-1SU`); a local time takes the `TZOFFSETTO` of the part that
//! started last before it (onsets compared in local wall time). Real exports need no more, and a zone
//! that cannot be read is left out with a note rather than refusing the file.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Utc, Weekday};

use super::recurrence::weekday;
use super::Component;
use crate::import::{checks, shorten, Skipped};
use crate::{Error, Result};

/// The most `STANDARD`/`DAYLIGHT` parts a `VTIMEZONE` may have.
const MAX_ZONE_PARTS: usize = 1000;

pub(super) struct Zones {
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
    pub(super) fn read(calendar: &Component, file_name: &str, notes: &mut Vec<String>) -> Zones {
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

    pub(super) fn has(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub(super) fn to_utc(
        &self,
        id: &str,
        t: NaiveDateTime,
    ) -> std::result::Result<DateTime<Utc>, String> {
        checks::sane_year(t.date())?;
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

#[cfg(test)]
mod tests {
    use crate::import::ics::tests::{event, instants, read};

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
}
