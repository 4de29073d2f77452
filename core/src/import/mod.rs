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
//!
//! Here are the entry points ([`detect`], [`parse`], [`run`]) and, re-exported, everything the readers
//! share: the schedule model (`model`), format detection (`format`), times and zones (`times`), what the
//! two frab readers have in common (`frab`), and pointing into a source file for messages (`source`).

pub mod checks;
pub mod csv;
pub mod frab_json;
pub mod frab_xml;
pub mod ics;
pub mod members_csv;
pub mod merge;

mod format;
mod frab;
mod model;
mod source;
mod times;

#[cfg(test)]
mod sample_files;

use chrono_tz::Tz;

use crate::Result;

pub use format::{detect, Format};
pub use frab::{frab_description, frab_zone, plain_text, FrabTimes};
pub use merge::{
    run, Change, FieldChange, Flagged, ImportReport, Options, Removed, ReportSession, Target,
};
pub use model::{kind_from, ParsedConference, ParsedSession, Schedule, Skipped, UNTITLED};
pub use source::{shorten, LineIndex};
pub use times::{
    day_span, fixed_zone, local_instant, parse_clock, parse_duration, parse_instant, parse_naive,
    resolve_zone_name, FieldError, DEFAULT_ZONE, MAX_SECONDS, MAX_ZONE_NAME,
};

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
