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

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Transaction};
use serde::Serialize;

use super::{checks, day_span, detect, parse, Format, ParsedSession, Schedule, Skipped};
use crate::domain::{Priority, SessionKind, SessionOrigin};
use crate::programme::conference::{self, Conference, NewConference};
use crate::programme::sessions::{self, NewSession};
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

/// What an import did (printed by `desk import`, shown by the app; `docs/ipc.md`).
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file_name: String,
    pub format: Format,
    pub conference: Conference,
    pub created_conference: bool,
    pub added: Vec<ReportSession>,
    pub changed: Vec<Change>,
    pub removed: Vec<Removed>,
    pub flagged: Vec<Flagged>,
    /// Sessions in the file that were already there as they are.
    pub unchanged: usize,
    /// What the reader decided that a person may want to know.
    pub notes: Vec<String>,
    /// Events of the file that were left out, each with where it is and why.
    pub skipped: Vec<Skipped>,
    /// Events imported with a repair (an empty title, a bad priority), each with what was done.
    pub repaired: Vec<Skipped>,
}

/// A session as a line of the report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReportSession {
    pub id: i64,
    pub title: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub room: String,
}

/// A session the import changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub title: String,
    pub changes: Vec<FieldChange>,
}

/// One field's change: `time`, `room`, `title`, `details` (kind, track, description, speakers,
/// moderator) or `status` (back on the programme).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A session no longer in the file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Removed {
    pub id: i64,
    pub title: String,
    pub day: String,
    pub start: String,
    /// Kept with status `cancelled` (it has notes, assignments or a brief) rather than deleted.
    pub kept_as_cancelled: bool,
}

/// An assignment a change broke.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Flagged {
    pub session_id: i64,
    pub session_title: String,
    pub member_id: i64,
    pub member_name: String,
    pub flag: String,
}

impl ImportReport {
    /// One sentence for the top of the report.
    pub fn summary(&self) -> String {
        let into = if self.created_conference {
            "new conference"
        } else {
            "conference"
        };
        let mut s = format!(
            "{}: {} added, {} changed, {} removed, {} unchanged in the {into} \"{}\" (#{}).",
            self.file_name,
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged,
            self.conference.title,
            self.conference.id
        );
        if !self.flagged.is_empty() {
            s.push_str(&format!(
                " {} assignment(s) flagged: check them in the Plan.",
                self.flagged.len()
            ));
        }
        if self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty() {
            s.push_str(" Nothing changed.");
        }
        if !self.skipped.is_empty() || !self.repaired.is_empty() {
            s.push_str(&format!(
                " {} event(s) of the file skipped, {} repaired: see below.",
                self.skipped.len(),
                self.repaired.len()
            ));
        }
        s
    }
}

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

fn adds_to_current(store: &Store, file_name: &str) -> Result<Conference> {
    conference::current_opt(store.conn())?.ok_or_else(|| {
        Error::Invalid(format!(
            "{file_name}: the file does not name its conference and there is no conference to add it to: \
             import it with --new (and --title, --time-zone) to create one"
        ))
    })
}

fn new_conference(
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
fn update_conference(
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

#[derive(Default)]
struct Outcome {
    added: Vec<ReportSession>,
    changed: Vec<Change>,
    removed: Vec<Removed>,
    flagged: Vec<Flagged>,
    unchanged: usize,
}

struct Stored {
    id: i64,
    uid: String,
    title: String,
    kind: SessionKind,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    room: String,
    track: String,
    description: String,
    moderator: String,
    speakers: Vec<String>,
    cancelled: bool,
    origin: SessionOrigin,
}

fn merge(
    tx: &Transaction<'_>,
    c: &Conference,
    schedule: &Schedule,
    removes: bool,
) -> Result<Outcome> {
    let tz = c.tz()?;
    tx.execute(
        "UPDATE conference SET source = ?2 WHERE id = ?1",
        params![c.id, schedule.format.as_str()],
    )?;
    let mut stored: HashMap<String, Stored> = HashMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT id, external_uid, title, kind, starts_at, ends_at, room, track, description, moderator, speakers,
                    status, origin
             FROM session WHERE conference_id = ?1 AND external_uid IS NOT NULL",
        )?;
        let mut rows = stmt.query([c.id])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let speakers: String = r.get(10)?;
            let status: String = r.get(11)?;
            let s = Stored {
                id,
                uid: r.get(1)?,
                title: r.get(2)?,
                kind: r.get(3)?,
                starts_at: time::from_stored(&r.get::<_, String>(4)?)?,
                ends_at: time::from_stored(&r.get::<_, String>(5)?)?,
                room: r.get(6)?,
                track: r.get(7)?,
                description: r.get(8)?,
                moderator: r.get(9)?,
                speakers: serde_json::from_str(&speakers).map_err(|e| {
                    Error::Internal(format!("session {id}: speakers are not a JSON list: {e}"))
                })?,
                cancelled: status == "cancelled",
                origin: r.get(12)?,
            };
            stored.insert(s.uid.clone(), s);
        }
    }
    let mut out = Outcome::default();
    let mut seen = HashSet::new();
    for p in &schedule.sessions {
        seen.insert(p.external_uid.as_str());
        match stored.get(&p.external_uid) {
            None => {
                let id = sessions::insert(tx, c.id, &new_session(p))?;
                out.added.push(report_session(tz, id, p));
            }
            Some(old) => update(tx, tz, old, p, &mut out)?,
        }
    }
    if removes {
        let csv_family = schedule.format == Format::Csv;
        let mut gone: Vec<&Stored> = stored
            .values()
            .filter(|s| {
                !s.cancelled && s.origin == SessionOrigin::Import && !seen.contains(s.uid.as_str())
            })
            .filter(|s| s.uid.starts_with("csv:") == csv_family)
            .collect();
        gone.sort_by_key(|s| (s.starts_at, s.id));
        for s in gone {
            remove(tx, tz, s, &mut out)?;
        }
    }
    Ok(out)
}

fn new_session(p: &ParsedSession) -> NewSession {
    NewSession {
        external_uid: Some(p.external_uid.clone()),
        kind: p.kind,
        title: p.title.clone(),
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        room: p.room.clone(),
        track: p.track.clone(),
        description: p.description.clone(),
        moderator: p.moderator.clone(),
        speakers: p.speakers.clone(),
        priority: p.priority.unwrap_or(Priority::Optional),
        need: None,
        origin: SessionOrigin::Import,
        blocks: Vec::new(),
    }
}

fn report_session(tz: Tz, id: i64, p: &ParsedSession) -> ReportSession {
    let (s, e) = (time::local(tz, p.starts_at), time::local(tz, p.ends_at));
    ReportSession {
        id,
        title: p.title.trim().to_string(),
        day: s.day,
        start: s.clock,
        end: e.clock,
        room: p.room.trim().to_string(),
    }
}

/// "Tue 10:00", as a person says when a session moves.
fn short(tz: Tz, t: DateTime<Utc>) -> String {
    t.with_timezone(&tz).format("%a %H:%M").to_string()
}

/// "Tue 18 Apr 10:00-11:00".
fn span(tz: Tz, a: DateTime<Utc>, b: DateTime<Utc>) -> String {
    format!(
        "{}-{}",
        a.with_timezone(&tz).format("%a %-d %b %H:%M"),
        b.with_timezone(&tz).format("%H:%M")
    )
}

fn update(
    tx: &Transaction<'_>,
    tz: Tz,
    old: &Stored,
    p: &ParsedSession,
    out: &mut Outcome,
) -> Result<()> {
    let mut changes = Vec::new();
    let title = p.title.trim();
    let room = p.room.trim();
    if old.title != title {
        changes.push(FieldChange {
            field: "title".into(),
            before: old.title.clone(),
            after: title.to_string(),
        });
    }
    let moved = old.starts_at != p.starts_at || old.ends_at != p.ends_at;
    if moved {
        changes.push(FieldChange {
            field: "time".into(),
            before: span(tz, old.starts_at, old.ends_at),
            after: span(tz, p.starts_at, p.ends_at),
        });
    }
    if old.room != room {
        changes.push(FieldChange {
            field: "room".into(),
            before: old.room.clone(),
            after: room.to_string(),
        });
    }
    let details = old.kind != p.kind
        || old.track != p.track.trim()
        || old.description != p.description.trim()
        || old.moderator != p.moderator.trim()
        || old.speakers != p.speakers;
    if details {
        changes.push(FieldChange {
            field: "details".into(),
            before: String::new(),
            after: "kind, track, description, speakers or moderator updated".into(),
        });
    }
    if old.cancelled {
        changes.push(FieldChange {
            field: "status".into(),
            before: "cancelled".into(),
            after: "scheduled".into(),
        });
    }
    if changes.is_empty() {
        out.unchanged += 1;
        return Ok(());
    }
    if p.ends_at < p.starts_at {
        return Err(Error::invalid(
            "end",
            format!("\"{title}\" ends before it starts"),
        ));
    }
    let speakers =
        serde_json::to_string(&p.speakers).map_err(|e| Error::Internal(e.to_string()))?;
    tx.execute(
        "UPDATE session SET title = ?2, kind = ?3, starts_at = ?4, ends_at = ?5, room = ?6, track = ?7,
                description = ?8, moderator = ?9, speakers = ?10, status = 'scheduled'
         WHERE id = ?1",
        params![
            old.id,
            title,
            p.kind,
            time::to_stored(p.starts_at),
            time::to_stored(p.ends_at),
            room,
            p.track.trim(),
            p.description.trim(),
            p.moderator.trim(),
            speakers
        ],
    )?;
    if moved {
        let flag = if old.starts_at != p.starts_at {
            format!(
                "{title} moved from {} to {}",
                short(tz, old.starts_at),
                short(tz, p.starts_at)
            )
        } else {
            format!(
                "{title} now ends at {} instead of {}",
                short(tz, p.ends_at),
                short(tz, old.ends_at)
            )
        };
        flag_assignments(tx, old.id, title, &flag, out)?;
    }
    out.changed.push(Change {
        id: old.id,
        title: title.to_string(),
        changes,
    });
    Ok(())
}

fn remove(tx: &Transaction<'_>, tz: Tz, s: &Stored, out: &mut Outcome) -> Result<()> {
    let assignments: i64 = tx.query_row(
        "SELECT count(*) FROM assignment WHERE session_id = ?1",
        [s.id],
        |r| r.get(0),
    )?;
    let notes: i64 = tx.query_row(
        "SELECT count(*) FROM note WHERE session_id = ?1",
        [s.id],
        |r| r.get(0),
    )?;
    // The brief (objectives, points, defensive lines) would go with the session (ON DELETE CASCADE).
    let keep = assignments > 0 || notes > 0 || crate::programme::briefs::has_brief(tx, s.id)?;
    if keep {
        tx.execute(
            "UPDATE session SET status = 'cancelled' WHERE id = ?1",
            [s.id],
        )?;
        let flag = format!(
            "{} was dropped from the programme (it was on {})",
            s.title,
            short(tz, s.starts_at)
        );
        flag_assignments(tx, s.id, &s.title, &flag, out)?;
    } else {
        tx.execute("DELETE FROM session WHERE id = ?1", [s.id])?;
    }
    let l = time::local(tz, s.starts_at);
    out.removed.push(Removed {
        id: s.id,
        title: s.title.clone(),
        day: l.day,
        start: l.clock,
        kept_as_cancelled: keep,
    });
    Ok(())
}

fn flag_assignments(
    tx: &Transaction<'_>,
    session_id: i64,
    title: &str,
    flag: &str,
    out: &mut Outcome,
) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT m.id, m.name FROM assignment a JOIN member m ON m.id = a.member_id
         WHERE a.session_id = ?1 ORDER BY m.position, m.id",
    )?;
    let members: Vec<(i64, String)> = stmt
        .query_map([session_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "UPDATE assignment SET flag = ?2 WHERE session_id = ?1",
        params![session_id, flag],
    )?;
    for (member_id, member_name) in members {
        out.flagged.push(Flagged {
            session_id,
            session_title: title.to_string(),
            member_id,
            member_name,
            flag: flag.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delegation::members::{self, NewMember};
    use crate::notes::{self, NewNote};
    use crate::{planner, programme::sessions};

    /// One event of a small frab schedule: guid, title, start on 2023-04-18 (Vienna), minutes, room.
    type Ev<'a> = (&'a str, &'a str, &'a str, u32, &'a str);

    /// A frab schedule JSON of the "alliance-test" conference with these events.
    fn frab(events: &[Ev<'_>]) -> String {
        let list: Vec<serde_json::Value> = events
            .iter()
            .map(|(guid, title, start, minutes, room)| {
                serde_json::json!({
                    "guid": guid, "id": 1, "title": title, "start": start, "room": room, "type": "podium",
                    "duration": format!("{:02}:{:02}", minutes / 60, minutes % 60), "persons": []
                })
            })
            .collect();
        serde_json::json!({ "schedule": { "conference": {
            "acronym": "alliance-test", "title": "Alliance test", "start": "2023-04-18", "end": "2023-04-18",
            "time_zone_name": "Europe/Vienna",
            "days": [{ "index": 1, "date": "2023-04-18", "rooms": { "all": list } }]
        }}})
        .to_string()
    }

    fn import(store: &mut Store, content: &str) -> ImportReport {
        run(store, "alliance.json", content, &Options::default()).unwrap()
    }

    fn id_of(store: &Store, uid: &str) -> i64 {
        store
            .conn()
            .query_row(
                "SELECT id FROM session WHERE external_uid = ?1",
                [uid],
                |r| r.get(0),
            )
            .unwrap()
    }

    const FIRST: &[Ev<'static>] = &[
        ("p2", "Panel 2", "10:00", 60, "Neuer Saal"),
        ("key", "Keynote", "09:00", 60, "Festsaal"),
        ("old", "Old side event", "13:00", 60, "Room 3"),
        ("plain", "Plain", "15:00", 30, "Room 4"),
    ];

    #[test]
    fn a_reimport_reports_changes_keeps_the_delegations_work_and_flags_broken_assignments() {
        let mut store = Store::open_in_memory().unwrap();
        let first = import(&mut store, &frab(FIRST));
        assert_eq!(first.added.len(), 4);
        let c = first.conference;
        let (p2, old) = (id_of(&store, "p2"), id_of(&store, "old"));
        let member = store
            .write(|tx| {
                members::insert(
                    tx,
                    c.id,
                    &NewMember {
                        name: "Zoë Achterberg".into(),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        planner::assign(&mut store, p2, member, crate::domain::Role::Lead).unwrap();
        planner::assign(&mut store, old, member, crate::domain::Role::Attend).unwrap();
        store
            .conn()
            .execute(
                "UPDATE session SET priority = 'must', need = 2 WHERE id = ?1",
                [p2],
            )
            .unwrap();
        notes::add(
            &mut store,
            &c,
            &NewNote {
                session_id: Some(p2),
                body: "Ask about the NRM.".into(),
                ..Default::default()
            },
        )
        .unwrap();

        let second = import(
            &mut store,
            &frab(&[
                ("p2", "Panel 2", "11:00", 60, "Neuer Saal"),
                ("key", "Opening keynote", "09:00", 60, "Redoutensaal"),
                ("new", "Side event: data", "16:00", 45, "Room 5"),
            ]),
        );
        assert_eq!(
            second
                .added
                .iter()
                .map(|s| s.title.as_str())
                .collect::<Vec<_>>(),
            vec!["Side event: data"]
        );
        let panel = second
            .changed
            .iter()
            .find(|x| x.id == p2)
            .expect("Panel 2 changed");
        assert_eq!(
            panel.changes,
            vec![FieldChange {
                field: "time".into(),
                before: "Tue 18 Apr 10:00-11:00".into(),
                after: "Tue 18 Apr 11:00-12:00".into()
            }]
        );
        let keynote = second
            .changed
            .iter()
            .find(|x| x.title == "Opening keynote")
            .expect("the keynote changed");
        let fields: Vec<&str> = keynote.changes.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "room"], "{keynote:?}");
        let removed: Vec<(&str, bool)> = second
            .removed
            .iter()
            .map(|r| (r.title.as_str(), r.kept_as_cancelled))
            .collect();
        assert_eq!(
            removed,
            vec![("Old side event", true), ("Plain", false)],
            "kept when assigned, else deleted"
        );
        let flags: Vec<&str> = second.flagged.iter().map(|f| f.flag.as_str()).collect();
        assert_eq!(
            flags,
            vec![
                "Panel 2 moved from Tue 10:00 to Tue 11:00",
                "Old side event was dropped from the programme (it was on Tue 13:00)"
            ]
        );

        let after = sessions::get(store.conn(), &c, p2).unwrap();
        assert_eq!(
            (after.priority, after.need, after.start.as_str()),
            (Priority::Must, 2, "11:00"),
            "priority and need kept"
        );
        assert_eq!(
            after.assignments[0].flag.as_deref(),
            Some("Panel 2 moved from Tue 10:00 to Tue 11:00")
        );
        assert_eq!(
            notes::list(store.conn(), &c, Some(p2)).unwrap().len(),
            1,
            "the note stays on the session"
        );
        let cancelled = sessions::get(store.conn(), &c, old).unwrap();
        assert_eq!(cancelled.status, crate::domain::SessionStatus::Cancelled);
        assert_eq!(
            cancelled.assignments.len(),
            1,
            "the assignment is kept, flagged"
        );

        let third = import(
            &mut store,
            &frab(&[
                ("p2", "Panel 2", "11:00", 60, "Neuer Saal"),
                ("key", "Opening keynote", "09:00", 60, "Redoutensaal"),
                ("new", "Side event: data", "16:00", 45, "Room 5"),
            ]),
        );
        assert!(
            third.summary().ends_with("Nothing changed."),
            "{}",
            third.summary()
        );
        assert_eq!((third.unchanged, third.flagged.len()), (3, 0));
    }

    #[test]
    fn importing_into_a_given_conference_keeps_its_title_zone_and_sample_sessions() {
        let (mut store, c) = crate::fixtures::testutil::sample();
        let before = sessions::list(store.conn(), &c, None).unwrap().len();
        let content = frab(&[("x", "Extra", "18:00", 30, "Room 9")])
            .replace("Europe/Vienna", "Europe/Berlin");
        let options = Options {
            target: Target::Conference(c.id),
            ..Default::default()
        };
        let r = run(&mut store, "extra.json", &content, &options).unwrap();
        assert_eq!(
            (r.conference.title.as_str(), r.conference.time_zone.as_str()),
            (c.title.as_str(), "Europe/Vienna")
        );
        assert_eq!(
            (r.added.len(), r.removed.len()),
            (1, 0),
            "sample sessions are never removed"
        );
        assert_eq!(
            sessions::list(store.conn(), &c, None).unwrap().len(),
            before + 1
        );
    }

    #[test]
    fn a_reimport_with_one_bad_event_updates_the_rest_reports_it_and_removes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &frab(FIRST));
        let count = |store: &Store| -> i64 {
            store
                .conn()
                .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
                .unwrap()
        };
        let before = count(&store);
        let broken = frab(&[
            ("p2", "Panel 2", "11:00", 60, ""),
            ("key", "Keynote", "25:00", 60, ""),
        ]);
        let report = run(&mut store, "alliance.json", &broken, &Options::default()).unwrap();
        assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
        let skip = &report.skipped[0];
        assert_eq!(skip.at, "schedule.conference.days[0].rooms[\"all\"][1]");
        assert_eq!(skip.event, "Keynote");
        assert!(
            skip.reason.contains("start: \"25:00\" is not a time"),
            "{}",
            skip.reason
        );
        assert_eq!(
            report.changed.len(),
            1,
            "Panel 2 moved: {:?}",
            report.changed
        );
        assert!(
            report.removed.is_empty(),
            "nothing removed while events were skipped"
        );
        assert!(
            report
                .notes
                .iter()
                .any(|n| n.contains("no session was removed")),
            "{:?}",
            report.notes
        );
        assert_eq!(count(&store), before, "every session is still there");
    }

    #[test]
    fn a_reimport_whose_every_event_is_bad_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &frab(FIRST));
        let starts = |store: &Store| -> Vec<String> {
            store
                .conn()
                .prepare("SELECT starts_at FROM session ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = starts(&store);
        let broken = frab(&[("key", "Keynote", "25:00", 60, "")]);
        let err = run(&mut store, "alliance.json", &broken, &Options::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("alliance.json: none of its 1 event(s) could be imported")
                && err.contains("rooms[\"all\"][0].start"),
            "{err}"
        );
        assert_eq!(starts(&store), before, "all or nothing");
    }

    #[test]
    fn a_session_with_a_brief_dropped_by_a_reimport_is_kept_as_cancelled() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &frab(FIRST));
        let keynote = id_of(&store, "key");
        let c = conference::current_opt(store.conn()).unwrap().unwrap();
        crate::programme::briefs::save(
            &mut store,
            &c,
            keynote,
            &crate::programme::briefs::BriefChange {
                lines: Some("- We fund three shelters already.".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let without_keynote: Vec<Ev<'_>> = FIRST.iter().copied().filter(|e| e.0 != "key").collect();
        let report = import(&mut store, &frab(&without_keynote));
        let removed = report
            .removed
            .iter()
            .find(|r| r.id == keynote)
            .expect("the keynote is reported removed");
        assert!(removed.kept_as_cancelled, "kept, not deleted: {removed:?}");
        let brief = crate::programme::briefs::get(store.conn(), &c, keynote).unwrap();
        assert_eq!(
            brief.lines, "- We fund three shelters already.",
            "the defensive lines survive the re-import"
        );
    }

    #[test]
    fn rows_dated_years_after_the_conference_are_refused_rather_than_stretching_it() {
        let (mut store, conference) = crate::fixtures::testutil::sample();
        let before = sessions::list(store.conn(), &conference, None)
            .unwrap()
            .len();
        let csv = "date,start,title\n2025-06-01,10:00,Next year's side event\n";
        let err = run(&mut store, "side.csv", csv, &Options::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("side.csv: with this file, \"")
                && err.contains("would run from 2023-04-18 to 2025-06-01, more than 366 days")
                && err.contains("--new"),
            "{err}"
        );
        let after = conference::get(store.conn(), conference.id).unwrap();
        assert_eq!(
            (after.starts_on.as_str(), after.ends_on.as_str()),
            ("2023-04-18", "2023-04-19"),
            "the conference keeps its days"
        );
        assert_eq!(
            sessions::list(store.conn(), &conference, None)
                .unwrap()
                .len(),
            before,
            "nothing written"
        );
    }

    #[test]
    fn a_csv_adds_side_events_to_the_current_conference_and_removes_nothing() {
        let (mut store, conference) = crate::fixtures::testutil::sample();
        let before = sessions::list(store.conn(), &conference, None)
            .unwrap()
            .len();
        let csv = "date,start,end,title,room,priority\n2023-04-18,13:15,14:30,Side event: survivors' voices,Room 3,should\n";
        let report = run(&mut store, "side.csv", csv, &Options::default()).unwrap();
        assert_eq!(
            (
                report.conference.id,
                report.added.len(),
                report.removed.len()
            ),
            (conference.id, 1, 0)
        );
        let all = sessions::list(store.conn(), &conference, None).unwrap();
        assert_eq!(all.len(), before + 1, "the sample programme stays");
        let side = all
            .iter()
            .find(|s| s.title.starts_with("Side event: survivors"))
            .unwrap();
        assert_eq!(
            (side.start.as_str(), side.priority, side.kind),
            ("13:15", Priority::Should, SessionKind::SideEvent)
        );
        let again = run(&mut store, "side.csv", csv, &Options::default()).unwrap();
        assert_eq!(again.unchanged, 1);
    }

    #[test]
    fn a_csv_with_new_creates_a_conference_from_its_rows() {
        let mut store = Store::open_in_memory().unwrap();
        let csv = "date,start,duration,title\n2024-05-06,09:00,90,Opening\n2024-05-07,09:00,1:00,Closing\n";
        let options = Options {
            target: Target::New,
            title: Some("Regional meeting".into()),
            time_zone: Some("Europe/Warsaw".into()),
            ..Default::default()
        };
        let report = run(&mut store, "programme.csv", csv, &options).unwrap();
        let c = &report.conference;
        assert_eq!(
            (
                c.title.as_str(),
                c.time_zone.as_str(),
                c.starts_on.as_str(),
                c.ends_on.as_str()
            ),
            (
                "Regional meeting",
                "Europe/Warsaw",
                "2024-05-06",
                "2024-05-07"
            )
        );
        let err = run(
            &mut Store::open_in_memory().unwrap(),
            "side.csv",
            csv,
            &Options::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("--new"), "{err}");
    }

    #[test]
    fn a_named_calendar_creates_its_conference_and_updates_it_on_reimport() {
        let mut store = Store::open_in_memory().unwrap();
        let ics = |start: &str| {
            format!(
                "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Side events\r\nX-WR-TIMEZONE:Europe/Vienna\r\nBEGIN:VEVENT\r\nUID:se1\r\n\
                 DTSTART:20230418T{start}00\r\nDURATION:PT1H\r\nSUMMARY:Briefing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
        };
        let first = run(&mut store, "side.ics", &ics("0800"), &Options::default()).unwrap();
        assert_eq!(
            (first.created_conference, first.conference.uid.as_deref()),
            (true, Some("Side events"))
        );
        assert_eq!(
            first.added[0].start, "08:00",
            "floating time in the calendar's zone"
        );
        let second = run(&mut store, "side.ics", &ics("0900"), &Options::default()).unwrap();
        assert_eq!(
            (second.created_conference, second.changed.len()),
            (false, 1)
        );
    }
}
