//! The sessions of one import, matched to the conference's by their external uid, in the import's
//! transaction: new ones are inserted, changed ones updated (the delegation's priorities, needs, assignments,
//! blocks and notes stay) with what changed for the report, and the assignments a move broke are flagged.
//! A session the programme dropped is kept as `cancelled` when it has notes, assignments or a brief, and
//! deleted otherwise; only sessions of the same family (`csv:` uids or the file's) are ever removed.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{params, Transaction};

use super::report::{Change, FieldChange, Flagged, Removed, ReportSession};
use crate::domain::{Priority, SessionKind, SessionOrigin};
use crate::import::{Format, ParsedSession, Schedule};
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, NewSession};
use crate::{time, Error, Result};

/// What the merge did to the sessions, for the report.
#[derive(Default)]
pub(super) struct Outcome {
    pub(super) added: Vec<ReportSession>,
    pub(super) changed: Vec<Change>,
    pub(super) removed: Vec<Removed>,
    pub(super) flagged: Vec<Flagged>,
    pub(super) unchanged: usize,
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

/// Applies the file's sessions to conference `c`'s; `removes`: drop what the file no longer has.
pub(super) fn merge(
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
