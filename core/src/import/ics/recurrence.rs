//! Recurring events (`RRULE`, `EXDATE`): a bounded daily or weekly rule is expanded into its instances,
//! each with a key of its own (`UID/20230418T080000Z`) that `EXDATE` and a `RECURRENCE-ID` override name.
//! Any other rule, or one without end, is refused naming its line: a programme repeats a briefing daily
//! or weekly, and expanding richer rules would be guessing at what the file means.

use chrono::{Datelike, Duration, Weekday};

use super::events::{event_uid, when, Event, When};
use super::{Component, Ctx};
use crate::ical::Property;
use crate::import::{checks, shorten};
use crate::{Error, Result};

/// Recurring events expand to at most this many instances.
pub const MAX_INSTANCES: usize = 500;

/// The key of one instance of a recurring event: `UID/20230418T080000Z` (all-day: `UID/20230418`).
pub(super) fn instance_key(
    uid: &str,
    start: &When,
    ctx: &Ctx<'_>,
) -> std::result::Result<String, String> {
    Ok(match start {
        When::Date(d) => format!("{uid}/{}", d.format("%Y%m%d")),
        t => format!("{uid}/{}", t.utc(ctx)?.format("%Y%m%dT%H%M%SZ")),
    })
}

/// The instance keys an event's `EXDATE`s exclude (a set: a file may list very many).
pub(super) fn exdates(
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

/// The starts of a bounded daily or weekly rule, in the event's own wall time.
pub(super) fn expand(rule: &Property, base: &Event, ctx: &Ctx<'_>) -> Result<Vec<When>> {
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
            if t.year() > checks::LAST_YEAR {
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

pub(super) fn weekday(code: &str) -> Option<Weekday> {
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

#[cfg(test)]
mod tests {
    use crate::import::ics::tests::{event, read};
    use crate::time::to_stored;

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
}
