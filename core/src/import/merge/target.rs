//! Which conference an import goes to, and what it does to that conference: the options a person gives
//! ([`Options`], [`Target`]), the current conference a CSV adds to, the new conference a file creates (title,
//! zone and days from the file or the options), and the update a re-import makes (the days only grow; the
//! file's title, url and zone win only when the conference was found by the file's uid).

use chrono::NaiveDate;
use chrono_tz::Tz;
use rusqlite::{params, Transaction};

use crate::import::{checks, day_span, Format, Schedule};
use crate::programme::conference::{self, Conference, NewConference};
use crate::{time, Error, Result, Store};

/// Which conference an import goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// The conference the file names (created if new); a CSV adds to the current conference.
    #[default]
    Auto,
    /// This conference.
    Conference(i64),
    /// Always a new conference.
    New,
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `None`: recognise it.
    pub format: Option<Format>,
    pub target: Target,
    /// The title of a new conference when the file gives none (CSV with `--new`).
    pub title: Option<String>,
    /// The zone of a new conference, and of local times when the file names no zone.
    pub time_zone: Option<String>,
}

pub(super) fn adds_to_current(store: &Store, file_name: &str) -> Result<Conference> {
    conference::current_opt(store.conn())?.ok_or_else(|| {
        Error::Invalid(format!(
            "{file_name}: the file does not name its conference and there is no conference to add it to: \
             import it with --new (and --title, --time-zone) to create one"
        ))
    })
}

pub(super) fn new_conference(
    file_name: &str,
    schedule: &Schedule,
    options: &Options,
    fallback: Tz,
) -> Result<NewConference> {
    let zone = match (&options.time_zone, &schedule.conference.time_zone) {
        (Some(z), _) => time::parse_tz(z)?,
        (None, Some(z)) => time::parse_tz(z)?,
        (None, None) => fallback,
    };
    let span = day_span(&schedule.sessions, zone);
    let starts_on = [schedule.conference.starts_on, span.map(|s| s.0)]
        .into_iter()
        .flatten()
        .min();
    let ends_on = [schedule.conference.ends_on, span.map(|s| s.1), starts_on]
        .into_iter()
        .flatten()
        .max();
    let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) else {
        return Err(Error::Invalid(format!(
            "{file_name}: the file has no sessions and no conference dates: nothing to create a conference from"
        )));
    };
    checks::within_a_year(file_name, "the new conference", starts_on, ends_on)?;
    let stem = std::path::Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file_name);
    let title = options
        .title
        .clone()
        .or_else(|| schedule.conference.title.clone())
        .unwrap_or_else(|| stem.to_string());
    Ok(NewConference {
        uid: schedule.conference.uid.clone(),
        title,
        time_zone: zone.name().to_string(),
        starts_on: starts_on.format("%Y-%m-%d").to_string(),
        ends_on: ends_on.format("%Y-%m-%d").to_string(),
        url: schedule.conference.url.clone().unwrap_or_default(),
        ..Default::default()
    })
}

/// Re-import: the days only grow (sessions added by hand stay inside); when the conference was found by the
/// file's uid (it is that file's conference), the file's title, url and zone win.
pub(super) fn update_conference(
    tx: &Transaction<'_>,
    file_name: &str,
    c: &Conference,
    schedule: &Schedule,
    named: bool,
) -> Result<()> {
    let zone = match (&schedule.conference.time_zone, named) {
        (Some(z), true) => time::parse_tz(z)?,
        _ => c.tz()?,
    };
    let span = day_span(&schedule.sessions, zone);
    let old_start = time::parse_date("starts_on", &c.starts_on)?;
    let old_end = time::parse_date("ends_on", &c.ends_on)?;
    let starts_on: NaiveDate = [
        Some(old_start),
        schedule.conference.starts_on,
        span.map(|s| s.0),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(old_start);
    let ends_on: NaiveDate = [
        Some(old_end),
        schedule.conference.ends_on,
        span.map(|s| s.1),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(old_end);
    checks::within_a_year(
        file_name,
        &format!("with this file, \"{}\"", c.title),
        starts_on,
        ends_on,
    )?;
    tx.execute(
        "UPDATE conference SET title = CASE WHEN ?2 THEN coalesce(?3, title) ELSE title END,
                url = CASE WHEN ?2 THEN coalesce(?4, url) ELSE url END,
                time_zone = ?5, starts_on = ?6, ends_on = ?7, source = ?8
         WHERE id = ?1",
        params![
            c.id,
            named,
            schedule
                .conference
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty()),
            schedule.conference.url,
            zone.name(),
            starts_on.format("%Y-%m-%d").to_string(),
            ends_on.format("%Y-%m-%d").to_string(),
            schedule.format.as_str()
        ],
    )?;
    Ok(())
}
