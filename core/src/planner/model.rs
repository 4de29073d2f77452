//! What planning looks at: one conference's sessions and members as the app shows them, with their
//! instants parsed once (UTC seconds) so that coverage, conflicts and the auto-planner compare times
//! the same way, in absolute time and never by wall clock (a time-zone or daylight-saving change
//! cannot make two sessions overlap or not).

use chrono::{DateTime, NaiveDate};
use rusqlite::Connection;

use crate::delegation::members::{self, Member};
use crate::domain::{Priority, SessionKind, SessionStatus};
use crate::programme::conference::Conference;
use crate::programme::sessions::{self, Session};
use crate::{Error, Result};

/// A conference's programme and delegation, ready for planning.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub conference: Conference,
    pub sessions: Vec<Session>,
    pub members: Vec<Member>,
    /// `(start, end)` of each session in UTC seconds, parallel to `sessions`.
    pub times: Vec<(i64, i64)>,
    /// `(arrives, departs)` of each member in UTC seconds, parallel to `members`.
    pub windows: Vec<(Option<i64>, Option<i64>)>,
}

impl Snapshot {
    /// Loads the conference's sessions and members.
    pub fn load(conn: &Connection, conference: &Conference) -> Result<Snapshot> {
        let sessions = sessions::list(conn, conference, None)?;
        let members = members::list(conn, conference.id)?;
        Snapshot::new(conference.clone(), sessions, members)
    }

    /// Builds a snapshot from lists already loaded.
    pub fn new(
        conference: Conference,
        sessions: Vec<Session>,
        members: Vec<Member>,
    ) -> Result<Snapshot> {
        let times = sessions
            .iter()
            .map(|s| Ok((instant(&s.starts_at)?, instant(&s.ends_at)?)))
            .collect::<Result<Vec<_>>>()?;
        let windows = members
            .iter()
            .map(|m| {
                Ok((
                    m.arrives_at.as_deref().map(instant).transpose()?,
                    m.departs_at.as_deref().map(instant).transpose()?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Snapshot {
            conference,
            sessions,
            members,
            times,
            windows,
        })
    }

    /// Whether planning looks at this session at all: scheduled, and not a break.
    pub fn plannable(&self, i: usize) -> bool {
        let s = &self.sessions[i];
        s.status == SessionStatus::Scheduled && s.kind != SessionKind::Break
    }

    /// Whether sessions `a` and `b` overlap in time; back-to-back (one ends as the other starts) does not.
    pub fn overlap(&self, a: usize, b: usize) -> bool {
        let (sa, ea) = self.times[a];
        let (sb, eb) = self.times[b];
        sa < eb && sb < ea
    }

    /// Whether member `m` is at the conference for the whole of session `s`.
    pub fn available(&self, m: usize, s: usize) -> bool {
        let (start, end) = self.times[s];
        let (arrives, departs) = self.windows[m];
        arrives.is_none_or(|a| a <= start) && departs.is_none_or(|d| end <= d)
    }

    /// Index of the member with this id.
    pub fn member_index(&self, id: i64) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }
}

/// Whether a priority asks for coverage (must and should).
pub fn wanted(priority: Priority) -> bool {
    matches!(priority, Priority::Must | Priority::Should)
}

/// UTC seconds of an RFC 3339 instant.
pub fn instant(rfc3339: &str) -> Result<i64> {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.timestamp())
        .map_err(|e| Error::Internal(format!("instant \"{rfc3339}\" is not RFC 3339: {e}")))
}

/// "Wed 19 April": a conference day as a sentence names it.
pub fn day_words(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%a %-d %B").to_string())
        .unwrap_or_else(|_| day.to_string())
}

/// "Panel 3: Game-changing laws and policies (14:30-16:00)".
pub fn session_words(s: &Session) -> String {
    format!("\u{201c}{}\u{201d} ({}-{})", s.title, s.start, s.end)
}

/// The wall-clock part ("13:00") and day of an RFC 3339 instant in the conference's offset.
pub fn clock_and_day(rfc3339: &str) -> (String, String) {
    let day = rfc3339.get(..10).unwrap_or(rfc3339).to_string();
    let clock = rfc3339.get(11..16).unwrap_or("").to_string();
    (clock, day)
}
