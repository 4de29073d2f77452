//! Sessions: the programme items of a conference, stored with UTC instants and shown in the
//! conference's time zone, each with the delegation's priority and who covers it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

use crate::domain::{AssignmentOrigin, Priority, Role, SessionKind, SessionOrigin, SessionStatus};
use crate::programme::conference::Conference;
use crate::{taxonomy::blocks, time, Error, Result};

/// A session as the app and `desk sessions --json` show it (see `docs/cli.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Session {
    pub id: i64,
    pub conference_id: i64,
    pub title: String,
    pub kind: SessionKind,
    pub priority: Priority,
    /// Wanted head-count: the coordinator's, else the priority's default.
    pub need: i64,
    /// Whether `need` was set by the coordinator (`false`: the priority's default).
    pub need_set: bool,
    pub origin: SessionOrigin,
    pub status: SessionStatus,
    /// The source's uid/guid/id, for re-imports.
    pub external_uid: Option<String>,
    pub room: String,
    pub track: String,
    pub description: String,
    pub moderator: String,
    pub speakers: Vec<String>,
    /// RFC 3339 with the conference's offset.
    pub starts_at: String,
    /// RFC 3339 with the conference's offset.
    pub ends_at: String,
    /// The conference day, `YYYY-MM-DD`.
    pub day: String,
    /// Wall-clock start in the conference's zone, `HH:MM`.
    pub start: String,
    /// Wall-clock end in the conference's zone, `HH:MM`.
    pub end: String,
    /// Codes of the building blocks the session deals with.
    pub blocks: Vec<String>,
    /// Who covers it, in delegation order.
    pub assignments: Vec<Assignment>,
    /// The same times in the person's second time zone, when one is set in the settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home: Option<HomeTime>,
}

/// A session's times in a second time zone (e.g. the capital's), for the person reporting home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HomeTime {
    /// The IANA zone.
    pub zone: String,
    /// Its day, `YYYY-MM-DD` (may differ from the conference day).
    pub day: String,
    pub start: String,
    pub end: String,
}

/// Adds each session's times in `zone` (an IANA name) to the sessions.
pub fn with_home_times(mut sessions: Vec<Session>, zone: &str) -> Result<Vec<Session>> {
    let tz = time::parse_tz(zone)?;
    for s in &mut sessions {
        let parse = |t: &str| {
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|e| Error::Internal(format!("session {}: {t}: {e}", s.id)))
        };
        let (start, end) = (
            time::local(tz, parse(&s.starts_at)?),
            time::local(tz, parse(&s.ends_at)?),
        );
        s.home = Some(HomeTime {
            zone: tz.name().to_string(),
            day: start.day,
            start: start.clock,
            end: end.clock,
        });
    }
    Ok(sessions)
}

/// One member's part in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    pub member_id: i64,
    pub member_name: String,
    pub role: Role,
    pub origin: AssignmentOrigin,
    /// Locked by the coordinator: the auto-planner keeps it whatever it is asked.
    pub locked: bool,
    /// Why a programme change broke it (e.g. the session moved), `None` when fine.
    pub flag: Option<String>,
}

/// What it takes to add a session.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub external_uid: Option<String>,
    pub kind: SessionKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: String,
    pub track: String,
    pub description: String,
    pub moderator: String,
    pub speakers: Vec<String>,
    pub priority: Priority,
    /// Wanted head-count; `None` for the priority's default.
    pub need: Option<i64>,
    pub origin: SessionOrigin,
    pub blocks: Vec<String>,
}

/// Adds a session to a conference; returns its id.
pub fn insert(tx: &Transaction<'_>, conference_id: i64, new: &NewSession) -> Result<i64> {
    if new.title.trim().is_empty() {
        return Err(Error::invalid("title", "a session needs a title"));
    }
    if new.ends_at < new.starts_at {
        return Err(Error::invalid(
            "end",
            format!("\"{}\" ends before it starts", new.title.trim()),
        ));
    }
    let block_ids = blocks::ids_for_codes(tx, conference_id, &new.blocks, "blocks")?;
    let speakers =
        serde_json::to_string(&new.speakers).map_err(|e| Error::Internal(e.to_string()))?;
    let id = crate::store::new_id();
    tx.execute(
        "INSERT INTO session (id, conference_id, external_uid, kind, title, starts_at, ends_at, room, track,
                              description, moderator, speakers, priority, need, origin)
         VALUES (?15, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            conference_id,
            new.external_uid,
            new.kind,
            new.title.trim(),
            time::to_stored(new.starts_at),
            time::to_stored(new.ends_at),
            new.room.trim(),
            new.track.trim(),
            new.description.trim(),
            new.moderator.trim(),
            speakers,
            new.priority,
            new.need,
            new.origin,
            id
        ],
    )?;
    let mut link =
        tx.prepare("INSERT INTO session_block (session_id, block_id) VALUES (?1, ?2)")?;
    for block in block_ids {
        link.execute([id, block])?;
    }
    Ok(id)
}

/// The conference's sessions by start time, optionally only those of one conference day.
pub fn list(
    conn: &Connection,
    conference: &Conference,
    day: Option<NaiveDate>,
) -> Result<Vec<Session>> {
    load(conn, conference, None, day)
}

/// One session of the conference.
pub fn get(conn: &Connection, conference: &Conference, id: i64) -> Result<Session> {
    load(conn, conference, Some(id), None)?
        .pop()
        .ok_or_else(|| {
            Error::NotFound(format!(
                "No session with id {id} in \"{}\".",
                conference.title
            ))
        })
}

/// The conference a session belongs to, with the session's kind and title.
pub(crate) fn owner(conn: &Connection, id: i64) -> Result<(i64, SessionKind, String)> {
    conn.query_row(
        "SELECT conference_id, kind, title FROM session WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound(format!("No session with id {id}.")))
}

fn load(
    conn: &Connection,
    conference: &Conference,
    only: Option<i64>,
    day: Option<NaiveDate>,
) -> Result<Vec<Session>> {
    let tz = conference.tz()?;
    let assignments = assignments_by_session(conn, conference.id, only)?;
    let mut block_codes = block_codes_by_session(conn, conference.id, only)?;
    let mut stmt = conn.prepare(
        "SELECT id, title, kind, priority, room, track, description, moderator, speakers, starts_at, ends_at,
                need, origin, status, external_uid
         FROM session WHERE conference_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY starts_at, ends_at, title, id",
    )?;
    let mut rows = stmt.query(params![conference.id, only])?;
    let wanted_day = day.map(|d| d.format("%Y-%m-%d").to_string());
    let mut sessions = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let starts = time::local_stored(tz, &r.get::<_, String>(9)?)?;
        if wanted_day.as_ref().is_some_and(|d| *d != starts.day) {
            continue;
        }
        let ends = time::local_stored(tz, &r.get::<_, String>(10)?)?;
        let speakers: String = r.get(8)?;
        let priority: Priority = r.get(3)?;
        let need: Option<i64> = r.get(11)?;
        sessions.push(Session {
            id,
            conference_id: conference.id,
            title: r.get(1)?,
            kind: r.get(2)?,
            priority,
            need: need.unwrap_or_else(|| priority.default_need()),
            need_set: need.is_some(),
            origin: r.get(12)?,
            status: r.get(13)?,
            external_uid: r.get(14)?,
            room: r.get(4)?,
            track: r.get(5)?,
            description: r.get(6)?,
            moderator: r.get(7)?,
            speakers: serde_json::from_str(&speakers).map_err(|e| {
                Error::Internal(format!("session {id}: speakers are not a JSON list: {e}"))
            })?,
            starts_at: starts.rfc3339,
            ends_at: ends.rfc3339,
            day: starts.day,
            start: starts.clock,
            end: ends.clock,
            blocks: block_codes.remove(&id).unwrap_or_default(),
            assignments: assignments.get(&id).cloned().unwrap_or_default(),
            home: None,
        });
    }
    Ok(sessions)
}

fn assignments_by_session(
    conn: &Connection,
    conference_id: i64,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<Assignment>>> {
    let mut stmt = conn.prepare(
        "SELECT a.session_id, m.id, m.name, a.role, a.origin, a.locked, a.flag FROM assignment a
         JOIN member m ON m.id = a.member_id
         JOIN session s ON s.id = a.session_id
         WHERE s.conference_id = ?1 AND (?2 IS NULL OR s.id = ?2)
         ORDER BY m.position, m.id",
    )?;
    let mut map: HashMap<i64, Vec<Assignment>> = HashMap::new();
    let mut rows = stmt.query(params![conference_id, only])?;
    while let Some(r) = rows.next()? {
        map.entry(r.get(0)?).or_default().push(Assignment {
            member_id: r.get(1)?,
            member_name: r.get(2)?,
            role: r.get(3)?,
            origin: r.get(4)?,
            locked: r.get(5)?,
            flag: r.get(6)?,
        });
    }
    Ok(map)
}

fn block_codes_by_session(
    conn: &Connection,
    conference_id: i64,
    only: Option<i64>,
) -> Result<HashMap<i64, Vec<String>>> {
    let mut stmt = conn.prepare(
        "SELECT sb.session_id, b.code FROM session_block sb
         JOIN building_block b ON b.id = sb.block_id
         WHERE b.conference_id = ?1 AND (?2 IS NULL OR sb.session_id = ?2)
         ORDER BY b.position",
    )?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    let mut rows = stmt.query(params![conference_id, only])?;
    while let Some(r) = rows.next()? {
        map.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

    #[test]
    fn sessions_come_in_time_order_with_vienna_times() {
        let (store, conference) = testutil::sample();
        let sessions = list(store.conn(), &conference, None).unwrap();
        assert!(
            sessions
                .windows(2)
                .all(|w| w[0].starts_at <= w[1].starts_at),
            "ordered by start"
        );
        let opening = sessions
            .iter()
            .find(|s| s.kind == SessionKind::Opening)
            .expect("an opening session");
        assert_eq!(
            (opening.day.as_str(), opening.start.as_str()),
            ("2023-04-18", "10:00")
        );
        assert!(
            opening.starts_at.ends_with("+02:00"),
            "RFC 3339 with Vienna's summer offset: {}",
            opening.starts_at
        );
    }

    #[test]
    fn a_second_clock_shows_vienna_sessions_in_washington_time() {
        let (store, conference) = testutil::sample();
        let list = with_home_times(
            list(store.conn(), &conference, None).unwrap(),
            "America/New_York",
        )
        .unwrap();
        let opening = list
            .iter()
            .find(|s| s.kind == SessionKind::Opening)
            .unwrap();
        let home = opening.home.as_ref().expect("home times are filled");
        assert_eq!(
            (home.start.as_str(), home.end.as_str()),
            ("04:00", "05:30"),
            "10:00 in Vienna is 04:00 in Washington"
        );
        assert_eq!(
            opening.start, "10:00",
            "the conference's own time is unchanged"
        );
        assert!(
            with_home_times(vec![], "Mars/Olympus").is_err(),
            "a bad zone is refused"
        );
    }

    #[test]
    fn a_day_filter_keeps_only_that_conference_day() {
        let (store, conference) = testutil::sample();
        let day = time::parse_date("day", "2023-04-19").unwrap();
        let sessions = list(store.conn(), &conference, Some(day)).unwrap();
        assert!(!sessions.is_empty());
        assert!(
            sessions.iter().all(|s| s.day == "2023-04-19"),
            "only the second day"
        );
    }

    #[test]
    fn a_session_that_ends_before_it_starts_is_refused() {
        let (mut store, conference) = testutil::sample();
        let t = Utc::now();
        let new = NewSession {
            external_uid: None,
            kind: SessionKind::SideEvent,
            title: "Backwards".into(),
            starts_at: t,
            ends_at: t - chrono::Duration::hours(1),
            room: String::new(),
            track: String::new(),
            description: String::new(),
            moderator: String::new(),
            speakers: vec![],
            priority: Priority::Optional,
            need: None,
            origin: SessionOrigin::Manual,
            blocks: vec![],
        };
        let err = store
            .write(|tx| insert(tx, conference.id, &new))
            .unwrap_err();
        assert!(err.to_string().starts_with("end:"), "{err}");
    }
}
