//! The rules every reader's result must meet before it reaches the store, whatever the format: one event
//! per uid, dates a programme can have, and a programme of at most a year. A file breaking them for some
//! events is not refused: those events are skipped and reported (a typo'd year 9999 in one event must not
//! stretch the conference to millions of days, nor refuse the other 300 events). A file left with no
//! event at all is refused, naming the file and why.
//!
//! The rules are documented in `docs/import.md` ("Skipped and repaired events").

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{day_span, Schedule, Skipped, MAX_SECONDS};
use crate::{Error, Result};

/// The first year an event may be in.
pub const FIRST_YEAR: i32 = 1970;
/// The last year an event may be in.
pub const LAST_YEAR: i32 = 2199;
/// The most calendar days a programme may cover (a year, leap day included).
pub const MAX_SPAN_DAYS: i64 = crate::programme::conference::MAX_DAYS;
/// How many skipped events the error of a file without any importable one quotes.
const QUOTED: usize = 3;

/// `Err` (a sentence) when `day` is outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn sane_year(day: NaiveDate) -> std::result::Result<(), String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(())
    } else {
        Err(format!(
            "the date {day} is outside the years {FIRST_YEAR} to {LAST_YEAR} (a typo?)"
        ))
    }
}

/// `Err` (a sentence) when the instant is outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn sane_instant(t: DateTime<Utc>) -> std::result::Result<(), String> {
    sane_year(t.date_naive())
}

/// Applies the shared rules to what a reader made of `file_name`: skips (and reports) events with an
/// impossible date or length, a uid seen before, or outside the year that holds most of the programme;
/// drops conference dates that would do the same (with a note). Refuses a file with no event left.
pub fn settle(file_name: &str, schedule: &mut Schedule) -> Result<()> {
    let mut skipped = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let sessions = std::mem::take(&mut schedule.sessions);
    let total = sessions.len() + schedule.skipped.len();
    let mut kept = Vec::with_capacity(sessions.len());
    for s in sessions {
        let skip = |reason: String| Skipped {
            at: s.at.clone(),
            event: s.title.clone(),
            reason,
        };
        let length = s.ends_at.signed_duration_since(s.starts_at);
        let problem = sane_instant(s.starts_at)
            .and_then(|()| sane_instant(s.ends_at))
            .err()
            .or_else(|| (length < Duration::zero()).then(|| "it ends before it starts".to_string()))
            .or_else(|| {
                (length.num_seconds() > MAX_SECONDS)
                    .then(|| "it lasts more than 400 days (a typo?)".to_string())
            });
        if let Some(why) = problem {
            skipped.push(skip(why));
            continue;
        }
        if !seen.insert(s.external_uid.clone()) {
            skipped.push(skip(format!(
                "an earlier event has the same uid \"{}\": the first one was kept",
                s.external_uid
            )));
            continue;
        }
        kept.push(s);
    }
    let window = busiest_year(&kept);
    if let Some((from, to)) = window {
        let (inside, outside): (Vec<_>, Vec<_>) = kept
            .into_iter()
            .partition(|s| s.starts_at >= from && s.ends_at <= to);
        for s in outside {
            skipped.push(Skipped {
                at: s.at.clone(),
                event: s.title.clone(),
                reason: format!(
                    "it is on {}, more than a year from the rest of the programme ({} to {}): a programme \
                     covers at most {MAX_SPAN_DAYS} days",
                    s.starts_at.date_naive(),
                    from.date_naive(),
                    to.date_naive()
                ),
            });
        }
        kept = inside;
    }
    schedule.sessions = kept;
    schedule.skipped.extend(skipped);
    settle_conference_dates(schedule);
    if schedule.sessions.is_empty() {
        if schedule.skipped.is_empty() {
            return Err(Error::Invalid(format!(
                "{file_name}: the file has no events: there is nothing to import"
            )));
        }
        let quoted: Vec<String> = schedule
            .skipped
            .iter()
            .take(QUOTED)
            // A JSON path's reason starts with the path already.
            .map(|s| {
                if s.reason.starts_with(&s.at) {
                    s.reason.clone()
                } else {
                    format!("{}: {}", s.at, s.reason)
                }
            })
            .collect();
        return Err(Error::Invalid(format!(
            "{file_name}: none of its {total} event(s) could be imported: {}{}",
            quoted.join("; "),
            if schedule.skipped.len() > QUOTED {
                "; ..."
            } else {
                ""
            }
        )));
    }
    Ok(())
}

/// The 365 × 24 hours (at most [`MAX_SPAN_DAYS`] calendar days in any zone) that hold the most event
/// starts, the earliest such when several do: `(from, to)`.
fn busiest_year(sessions: &[super::ParsedSession]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let year = Duration::days(MAX_SPAN_DAYS - 1);
    let mut starts: Vec<DateTime<Utc>> = sessions.iter().map(|s| s.starts_at).collect();
    starts.sort_unstable();
    let mut best: Option<(usize, DateTime<Utc>)> = None;
    let mut j = 0;
    for (i, from) in starts.iter().enumerate() {
        // Sane instants (checked above) are far from chrono's limits; saturate anyway.
        let to = from
            .checked_add_signed(year)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        j = j.max(i);
        while j < starts.len() && starts[j] <= to {
            j += 1;
        }
        if best.is_none_or(|(n, _)| j - i > n) {
            best = Some((j - i, *from));
        }
    }
    best.map(|(_, from)| {
        (
            from,
            from.checked_add_signed(year)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        )
    })
}

/// The file's own conference dates count only when they are sane and keep the programme within a year.
fn settle_conference_dates(schedule: &mut Schedule) {
    let c = &mut schedule.conference;
    for (name, date) in [("start", &mut c.starts_on), ("end", &mut c.ends_on)] {
        if let Some(d) = *date {
            if let Err(why) = sane_year(d) {
                schedule
                    .notes
                    .push(format!("The conference {name} date was ignored: {why}."));
                *date = None;
            }
        }
    }
    if let (Some(a), Some(b)) = (c.starts_on, c.ends_on) {
        if b < a {
            schedule.notes.push(format!(
                "The conference dates were ignored: it ends ({b}) before it starts ({a})."
            ));
            c.starts_on = None;
            c.ends_on = None;
        }
    }
    let span = day_span(&schedule.sessions, chrono_tz::Tz::UTC);
    let too_long = |dates: &[Option<NaiveDate>]| {
        let all = dates
            .iter()
            .copied()
            .chain([span.map(|s| s.0), span.map(|s| s.1)])
            .flatten();
        match (all.clone().min(), all.max()) {
            (Some(a), Some(b)) => (b - a).num_days() >= MAX_SPAN_DAYS,
            _ => false,
        }
    };
    // Each date on its own with the events, then both together.
    for (name, date) in [("start", &mut c.starts_on), ("end", &mut c.ends_on)] {
        if let Some(d) = *date {
            if too_long(&[Some(d)]) {
                schedule.notes.push(format!(
                    "The conference {name} date {d} was ignored: with the events the conference would cover \
                     more than {MAX_SPAN_DAYS} days; its days come from the events."
                ));
                *date = None;
            }
        }
    }
    if too_long(&[c.starts_on, c.ends_on]) {
        schedule.notes.push(format!(
            "The conference dates were ignored: with the events they would cover more than {MAX_SPAN_DAYS} days."
        ));
        c.starts_on = None;
        c.ends_on = None;
    }
}

/// `Err` naming the file when a conference from `from` to `to` would cover more than a year.
pub fn within_a_year(file_name: &str, what: &str, from: NaiveDate, to: NaiveDate) -> Result<()> {
    if (to - from).num_days() >= MAX_SPAN_DAYS {
        return Err(Error::Invalid(format!(
            "{file_name}: {what} would run from {from} to {to}, more than {MAX_SPAN_DAYS} days: a programme \
             covers at most a year (import a later edition as a new conference with --new)"
        )));
    }
    Ok(())
}
