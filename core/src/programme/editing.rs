//! Editing the programme by hand: side events are announced on the day, a room changes. Everything a
//! person types is text local to the conference (dates, `HH:MM` times), converted to UTC here with
//! [`crate::time`], and every refusal names the field it is about.
//!
//! The same [`SessionFields`] serve adding (where some fields are required) and editing (where a field
//! left out keeps its value), for the CLI and the app alike.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::domain::{Priority, SessionKind, SessionOrigin, SessionStatus};
use crate::programme::briefs;
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, NewSession};
use crate::text::{clean_list, required, trimmed};
use crate::{time, Error, Result, Store};

/// A session's fields as a person types them; `None` means "not given" (keep it, when editing).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SessionFields {
    pub title: Option<String>,
    /// Conference day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Wall-clock start in the conference's zone, `HH:MM`.
    pub start: Option<String>,
    /// Wall-clock end in the conference's zone, `HH:MM`; or give `duration`.
    pub end: Option<String>,
    /// Minutes, in place of `end`.
    pub duration: Option<i64>,
    pub room: Option<String>,
    /// `opening plenary panel side-event break closing other`; a new session defaults to side-event.
    pub kind: Option<String>,
    pub track: Option<String>,
    pub description: Option<String>,
    pub moderator: Option<String>,
    pub speakers: Option<Vec<String>>,
    /// `must should optional skip`; a new session defaults to optional.
    pub priority: Option<String>,
}

/// Speakers are names, which may contain commas ("Smith, Jane"): only `;` separates them.
pub fn split_names(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Adds a session typed by the coordinator (origin `manual`); returns its id. Title, date, start and
/// end (or duration) are required; the date must be a day of the conference.
pub fn add_session(
    store: &mut Store,
    conference: &Conference,
    fields: &SessionFields,
) -> Result<i64> {
    let tz = conference.tz()?;
    let title = required("title", fields.title.as_deref(), "a session needs a title")?;
    let date = required(
        "date",
        fields.date.as_deref(),
        "give the day, e.g. 2023-04-18",
    )?;
    let start = required(
        "start",
        fields.start.as_deref(),
        "give the start time, e.g. 13:15",
    )?;
    if fields.end.as_deref().is_none_or(|e| e.trim().is_empty()) && fields.duration.is_none() {
        return Err(Error::invalid(
            "end",
            "give the end time (e.g. 14:30) or a duration in minutes",
        ));
    }
    let (starts_at, ends_at) = times(
        conference,
        tz,
        date,
        start,
        fields.end.as_deref(),
        fields.duration,
        None,
    )?;
    let new = NewSession {
        external_uid: None,
        kind: parse_or(fields.kind.as_deref(), SessionKind::SideEvent)?,
        title: title.to_string(),
        starts_at,
        ends_at,
        room: trimmed(&fields.room),
        track: trimmed(&fields.track),
        description: trimmed(&fields.description),
        moderator: trimmed(&fields.moderator),
        speakers: clean_list(fields.speakers.as_deref()),
        priority: parse_or(fields.priority.as_deref(), Priority::Optional)?,
        need: None,
        origin: SessionOrigin::Manual,
        blocks: Vec::new(),
    };
    store.write(|tx| sessions::insert(tx, conference.id, &new))
}

/// Changes the fields given; the others keep their values. Moving a session keeps its length unless an
/// end or duration is given, and keeps its assignments (the people stay on it).
pub fn edit_session(
    store: &mut Store,
    conference: &Conference,
    session_id: i64,
    fields: &SessionFields,
) -> Result<()> {
    let tz = conference.tz()?;
    let current = sessions::get(store.conn(), conference, session_id)?;
    if let Some(title) = &fields.title {
        if title.trim().is_empty() {
            return Err(Error::invalid("title", "a session needs a title"));
        }
    }
    let time_given = fields.date.is_some()
        || fields.start.is_some()
        || fields.end.is_some()
        || fields.duration.is_some();
    let instants = if time_given {
        let old_start = instant(&current.starts_at)?;
        let old_end = instant(&current.ends_at)?;
        let date = fields.date.as_deref().unwrap_or(&current.day);
        let start = fields.start.as_deref().unwrap_or(&current.start);
        let (end, keep) = if fields.end.is_some() || fields.duration.is_some() {
            (fields.end.as_deref(), None)
        } else {
            (None, Some(old_end - old_start))
        };
        Some(times(
            conference,
            tz,
            date,
            start,
            end,
            fields.duration,
            keep,
        )?)
    } else {
        None
    };
    let kind = fields
        .kind
        .as_deref()
        .map(str::parse::<SessionKind>)
        .transpose()?;
    let priority = fields
        .priority
        .as_deref()
        .map(str::parse::<Priority>)
        .transpose()?;
    let speakers = fields
        .speakers
        .as_deref()
        .map(|s| serde_json::to_string(&clean_list(Some(s))))
        .transpose()
        .map_err(|e| Error::Internal(e.to_string()))?;
    let trimmed = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_string());
    store.write(|tx| {
        tx.execute(
            "UPDATE session SET
                title = coalesce(?2, title),
                starts_at = coalesce(?3, starts_at),
                ends_at = coalesce(?4, ends_at),
                room = coalesce(?5, room),
                kind = coalesce(?6, kind),
                track = coalesce(?7, track),
                description = coalesce(?8, description),
                moderator = coalesce(?9, moderator),
                speakers = coalesce(?10, speakers),
                priority = coalesce(?11, priority)
             WHERE id = ?1",
            params![
                session_id,
                trimmed(&fields.title),
                instants.map(|(s, _)| time::to_stored(s)),
                instants.map(|(_, e)| time::to_stored(e)),
                trimmed(&fields.room),
                kind,
                trimmed(&fields.track),
                trimmed(&fields.description),
                trimmed(&fields.moderator),
                speakers,
                priority
            ],
        )?;
        if kind == Some(SessionKind::Break) {
            let people: i64 = tx.query_row(
                "SELECT count(*) FROM assignment WHERE session_id = ?1",
                [session_id],
                |r| r.get(0),
            )?;
            if people > 0 {
                return Err(Error::invalid(
                    "kind",
                    format!(
                        "\"{}\" has {people} {} assigned and nobody is assigned to a break: unassign them first",
                        current.title,
                        if people == 1 { "person" } else { "people" }
                    ),
                ));
            }
        }
        Ok(())
    })
}

/// What deleting a session took with it: its assignments and its brief (the objectives, points to make
/// and defensive lines the coordinator wrote) go with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedSession {
    pub id: i64,
    pub title: String,
    /// How many assignments were deleted with it.
    pub assignments: i64,
    /// Whether a brief with content was deleted with it.
    pub brief: bool,
}

impl DeletedSession {
    /// "Deleted #12 "Panel 2", with its 2 assignments and its brief (objectives, points to make, defensive
    /// lines)."
    pub fn message(&self) -> String {
        let mut with = Vec::new();
        match self.assignments {
            0 => {}
            1 => with.push("its assignment".to_string()),
            n => with.push(format!("its {n} assignments")),
        }
        if self.brief {
            with.push("its brief (objectives, points to make, defensive lines)".to_string());
        }
        if with.is_empty() {
            format!("Deleted #{} \"{}\".", self.id, self.title)
        } else {
            format!(
                "Deleted #{} \"{}\", with {}.",
                self.id,
                self.title,
                with.join(" and ")
            )
        }
    }
}

/// Deletes a session that has no notes; one with notes is refused (cancel it instead, which keeps them).
/// Its assignments and its brief go with it, and the answer says so.
pub fn delete_session(
    store: &mut Store,
    conference: &Conference,
    session_id: i64,
) -> Result<DeletedSession> {
    let current = sessions::get(store.conn(), conference, session_id)?;
    store.write(|tx| {
        let notes: i64 = tx.query_row(
            "SELECT count(*) FROM note WHERE session_id = ?1",
            [session_id],
            |r| r.get(0),
        )?;
        if notes > 0 {
            return Err(Error::Invalid(format!(
                "\"{}\" has {notes} {} and cannot be deleted: cancel it instead (`desk sessions cancel {session_id}`), which keeps its notes.",
                current.title,
                if notes == 1 { "note" } else { "notes" }
            )));
        }
        let assignments: i64 = tx.query_row(
            "SELECT count(*) FROM assignment WHERE session_id = ?1",
            [session_id],
            |r| r.get(0),
        )?;
        let brief = briefs::has_brief(tx, session_id)?;
        tx.execute("DELETE FROM session WHERE id = ?1", [session_id])?;
        Ok(DeletedSession {
            id: session_id,
            title: current.title.clone(),
            assignments,
            brief,
        })
    })
}

/// Cancels a session (it stays, with its notes and assignments, marked cancelled) or restores it.
pub fn set_status(
    store: &mut Store,
    conference: &Conference,
    session_id: i64,
    status: SessionStatus,
) -> Result<()> {
    sessions::get(store.conn(), conference, session_id)?;
    store.write(|tx| {
        tx.execute(
            "UPDATE session SET status = ?2 WHERE id = ?1",
            params![session_id, status],
        )?;
        Ok(())
    })
}

/// The UTC start and end of a session typed as local date, start and end/duration. `keep` is the
/// length to keep when neither end nor duration is given (moving an existing session).
fn times(
    conference: &Conference,
    tz: Tz,
    date: &str,
    start: &str,
    end: Option<&str>,
    duration: Option<i64>,
    keep: Option<Duration>,
) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let day = time::parse_date("date", date)?;
    let day_text = day.format("%Y-%m-%d").to_string();
    if !conference.days.contains(&day_text) {
        return Err(Error::invalid(
            "date",
            format!(
                "{day_text} is not a day of the conference ({} to {})",
                conference.starts_on, conference.ends_on
            ),
        ));
    }
    let start_time = time::parse_time("start", start)?;
    let starts_at =
        time::local_to_utc(tz, day.and_time(start_time)).map_err(|e| Error::invalid("start", e))?;
    let ends_at = match (end.filter(|e| !e.trim().is_empty()), duration, keep) {
        (Some(_), Some(_), _) => {
            return Err(Error::invalid(
                "duration",
                "give either an end time or a duration, not both",
            ))
        }
        (Some(end), None, _) => {
            let end_time = time::parse_time("end", end)?;
            let ends_at = time::local_to_utc(tz, day.and_time(end_time))
                .map_err(|e| Error::invalid("end", e))?;
            if ends_at <= starts_at {
                return Err(Error::invalid(
                    "end",
                    format!(
                        "{} is not after the start {} (a session ends on the day it starts)",
                        end_time.format("%H:%M"),
                        start_time.format("%H:%M")
                    ),
                ));
            }
            ends_at
        }
        (None, Some(minutes), _) => {
            if !(1..=24 * 60).contains(&minutes) {
                return Err(Error::invalid(
                    "duration",
                    format!("{minutes} is not a number of minutes from 1 to 1440"),
                ));
            }
            starts_at + Duration::minutes(minutes)
        }
        (None, None, Some(length)) => starts_at + length,
        (None, None, None) => {
            return Err(Error::invalid(
                "end",
                "give the end time (e.g. 14:30) or a duration in minutes",
            ))
        }
    };
    Ok((starts_at, ends_at))
}

fn instant(rfc3339: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Internal(format!("\"{rfc3339}\" is not RFC 3339: {e}")))
}

fn parse_or<T: std::str::FromStr<Err = Error>>(value: Option<&str>, default: T) -> Result<T> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v.parse(),
        None => Ok(default),
    }
}

#[cfg(test)]
mod tests;
