//! Applying a parsed programme to the store, in ONE transaction: the conference is found (by the file's
//! uid), created, or given; sessions are matched by their external uid. A re-import is an update: it reports
//! what was added, changed (time, room, title: before -> after) and removed, keeps the delegation's
//! priorities, needs, assignments, building blocks and notes, and flags the assignments a change broke
//! (`assignment.flag`: "Panel 2 moved from Tue 10:00 to Tue 11:00"). A session dropped from the programme
//! is kept as `cancelled` when it has notes, assignments or a brief (objectives, points, defensive lines:
//! deleting the session would delete its brief with it), and deleted otherwise.
//!
//! A CSV (or an iCalendar file without a calendar name) adds to a conference: its sessions are updated by
//! uid, but nothing is removed, so that a list of side events never drops the main programme.
//!
//! Here is the entry point ([`run`]): read the file, choose the conference, write in one transaction, report.
//! Its parts: what the report says (`report`), which conference and what happens to it (`target`), and the
//! sessions matched by uid (`sessions`).

mod report;
mod sessions;
mod target;
#[cfg(test)]
mod tests;

use chrono_tz::Tz;

use super::{detect, parse, Format};
use crate::programme::conference;
use crate::{time, Error, Result, Store};

pub use report::{Change, FieldChange, Flagged, ImportReport, Removed, ReportSession};
pub use target::{Options, Target};

use sessions::merge;
use target::{adds_to_current, new_conference, update_conference};

/// Reads `content` (named `file_name` in messages) and applies it to the store: all of it, or nothing.
pub fn run(
    store: &mut Store,
    file_name: &str,
    content: &str,
    options: &Options,
) -> Result<ImportReport> {
    let format = match options.format {
        Some(f) => f,
        None => detect(file_name, content)?,
    };
    let chosen_zone = options
        .time_zone
        .as_deref()
        .map(time::parse_tz)
        .transpose()?;
    // The conference an import adds to, when it is known before reading.
    let given = match options.target {
        Target::Conference(id) => Some(conference::get(store.conn(), id)?),
        Target::New => None,
        Target::Auto if format == Format::Csv => Some(adds_to_current(store, file_name)?),
        Target::Auto => None,
    };
    let fallback = match &given {
        Some(c) => c.tz()?,
        None => chosen_zone.unwrap_or(Tz::Europe__Vienna),
    };
    let mut schedule = parse(format, file_name, content, fallback)?;

    // Where it goes: the given conference, the one the file names, a new one, or the current one.
    let mut existing = given;
    let mut found_by_uid = false;
    if existing.is_none() && options.target == Target::Auto {
        existing = match &schedule.conference.uid {
            Some(uid) => match conference::id_by_uid(store.conn(), uid)? {
                Some(id) => {
                    found_by_uid = true;
                    Some(conference::get(store.conn(), id)?)
                }
                None => None,
            },
            // An iCalendar file without a name adds to the current conference, like a CSV.
            None => Some(adds_to_current(store, file_name)?),
        };
        // Local times the file gives no zone for are in the existing conference's zone: read again.
        if let Some(c) = &existing {
            let tz = c.tz()?;
            if schedule.used_fallback_zone && tz != fallback {
                schedule = parse(format, file_name, content, tz)?;
            }
        }
    }
    // A file that is a conference's programme removes what it no longer has; a CSV or a nameless calendar adds.
    // A file with skipped events removes nothing: a session missing from it may be one that was skipped.
    let is_programme = format != Format::Csv
        && (schedule.conference.uid.is_some() || options.target != Target::Auto);
    let removes = is_programme && schedule.skipped.is_empty();

    let created = existing.is_none();
    let new_conference = match created {
        false => None,
        true => {
            let mut new = new_conference(file_name, &schedule, options, fallback)?;
            if let Some(uid) = &new.uid {
                if conference::id_by_uid(store.conn(), uid)?.is_some() {
                    new.uid = None;
                }
            }
            Some(new)
        }
    };
    let (conference_id, outcome) = store.write(|tx| {
        let conference_id = match (&existing, &new_conference) {
            (Some(c), _) => {
                update_conference(tx, file_name, c, &schedule, found_by_uid)?;
                c.id
            }
            (None, Some(new)) => conference::create(tx, new)?,
            (None, None) => return Err(Error::Internal("no conference to import into".into())),
        };
        let c = conference::get(tx, conference_id)?;
        let outcome = merge(tx, &c, &schedule, removes)?;
        Ok((conference_id, outcome))
    })?;
    let conference = conference::get(store.conn(), conference_id)?;
    let mut notes = schedule.notes;
    if is_programme && !removes {
        notes.push(format!(
            "{} event(s) of the file were skipped, so no session was removed (a skipped one may be among \
             them): fix the file and import it again to remove what the programme dropped.",
            schedule.skipped.len()
        ));
    }
    if let (true, Some(uid)) = (created, &schedule.conference.uid) {
        if conference.uid.as_deref() != Some(uid.as_str()) {
            notes.push(format!(
                "Another conference already has the uid \"{uid}\": this one was created without it, so re-importing the file updates the other one unless you give --conference {conference_id}."
            ));
        }
    }
    Ok(ImportReport {
        file_name: file_name.to_string(),
        format,
        conference,
        created_conference: created,
        added: outcome.added,
        changed: outcome.changed,
        removed: outcome.removed,
        flagged: outcome.flagged,
        unchanged: outcome.unchanged,
        notes,
        skipped: schedule.skipped,
        repaired: schedule.repaired,
    })
}
