//! Session briefs: what the coordinator prepares for a session before it starts (the delegation's
//! objectives, the points to make, the defensive lines) and what the briefing pack prints beside the
//! session's own description. Kept apart from the session row so that a re-import of the programme
//! never touches them.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::programme::conference::Conference;
use crate::{time, Error, Result, Store};

/// The longest brief field accepted, in characters.
pub const MAX_FIELD_CHARS: usize = 100_000;

/// A session's brief as the app and `desk brief --json` show it; empty fields when none was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Brief {
    pub session_id: i64,
    /// What the delegation wants from the session (free text, light Markdown).
    pub objectives: String,
    /// Points to make, one per line.
    pub points: String,
    /// Defensive lines (answers to expected criticism), one per line.
    pub lines: String,
    /// RFC 3339 in the conference's zone; `None` when never written.
    pub updated_at: Option<String>,
}

/// A change to a brief: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BriefChange {
    pub objectives: Option<String>,
    pub points: Option<String>,
    pub lines: Option<String>,
}

impl Brief {
    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.objectives.trim().is_empty()
            && self.points.trim().is_empty()
            && self.lines.trim().is_empty()
    }

    /// The points to make, one per non-empty line, list markers removed.
    pub fn point_list(&self) -> Vec<String> {
        lines_of(&self.points)
    }

    /// The defensive lines, one per non-empty line, list markers removed.
    pub fn line_list(&self) -> Vec<String> {
        lines_of(&self.lines)
    }
}

fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '•'])
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn check_session(conn: &Connection, c: &Conference, session_id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT id FROM session WHERE id = ?1 AND conference_id = ?2",
            params![session_id, c.id],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| Error::NotFound(format!("No session {session_id} in \"{}\".", c.title)))
}

/// The brief of a session of `c` (empty when none was written).
pub fn get(conn: &Connection, c: &Conference, session_id: i64) -> Result<Brief> {
    check_session(conn, c, session_id)?;
    let row: Option<(String, String, String, String)> = conn
        .query_row(
            "SELECT objectives, points, lines, updated_at FROM session_brief WHERE session_id = ?1",
            params![session_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match row {
        None => Ok(Brief {
            session_id,
            ..Brief::default()
        }),
        Some((objectives, points, lines, at)) => Ok(Brief {
            session_id,
            objectives,
            points,
            lines,
            updated_at: Some(time::local_stored(c.tz()?, &at)?.rfc3339),
        }),
    }
}

/// Every brief of the conference that has something written, by session id.
pub fn all(conn: &Connection, c: &Conference) -> Result<std::collections::HashMap<i64, Brief>> {
    let tz = c.tz()?;
    let mut stmt = conn.prepare(
        "SELECT b.session_id, b.objectives, b.points, b.lines, b.updated_at
         FROM session_brief b JOIN session s ON s.id = b.session_id WHERE s.conference_id = ?1",
    )?;
    let rows = stmt
        .query_map(params![c.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = std::collections::HashMap::new();
    for (session_id, objectives, points, lines, at) in rows {
        out.insert(
            session_id,
            Brief {
                session_id,
                objectives,
                points,
                lines,
                updated_at: Some(time::local_stored(tz, &at)?.rfc3339),
            },
        );
    }
    Ok(out)
}

/// Writes the given fields of a session's brief (the others are kept) in one transaction.
pub fn save(
    store: &mut Store,
    c: &Conference,
    session_id: i64,
    change: &BriefChange,
) -> Result<Brief> {
    let mut brief = get(store.conn(), c, session_id)?;
    for (field, value, target) in [
        ("objectives", &change.objectives, &mut brief.objectives),
        ("points", &change.points, &mut brief.points),
        ("lines", &change.lines, &mut brief.lines),
    ] {
        if let Some(v) = value {
            if v.chars().count() > MAX_FIELD_CHARS {
                return Err(Error::invalid(
                    field,
                    format!("longer than {MAX_FIELD_CHARS} characters"),
                ));
            }
            *target = v.clone();
        }
    }
    store.write(|tx| {
        tx.execute(
            "INSERT INTO session_brief (session_id, objectives, points, lines, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (session_id) DO UPDATE SET objectives = excluded.objectives,
                 points = excluded.points, lines = excluded.lines, updated_at = excluded.updated_at",
            params![
                session_id,
                brief.objectives,
                brief.points,
                brief.lines,
                time::now_stored()
            ],
        )?;
        Ok(())
    })?;
    get(store.conn(), c, session_id)
}

/// Whether a session has a brief with something written in it (objectives, points or defensive lines):
/// what deleting the session would delete with it.
pub fn has_brief(conn: &rusqlite::Connection, session_id: i64) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM session_brief WHERE session_id = ?1
           AND (trim(objectives) <> '' OR trim(points) <> '' OR trim(lines) <> '')",
        [session_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

    fn first_session(store: &Store, c: &Conference) -> i64 {
        store
            .conn()
            .query_row(
                "SELECT min(id) FROM session WHERE conference_id = ?1",
                params![c.id],
                |r| r.get(0),
            )
            .unwrap()
    }

    #[test]
    fn a_session_without_a_brief_has_an_empty_one() {
        let (store, c) = testutil::sample();
        let brief = get(store.conn(), &c, first_session(&store, &c)).unwrap();
        assert!(brief.is_empty(), "nothing written yet: {brief:?}");
        assert_eq!(brief.updated_at, None);
    }

    #[test]
    fn saving_one_field_keeps_the_others() {
        let (mut store, c) = testutil::sample();
        let id = first_session(&store, &c);
        let change = BriefChange {
            objectives: Some("Announce our national rapporteur.".into()),
            points: Some("- Rapporteur in law since 2022\n\n* Budget doubled".into()),
            lines: None,
        };
        save(&mut store, &c, id, &change).unwrap();
        let brief = save(
            &mut store,
            &c,
            id,
            &BriefChange {
                lines: Some("If asked about convictions: data in the annual report.".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            brief.objectives, "Announce our national rapporteur.",
            "kept"
        );
        assert_eq!(
            brief.point_list(),
            vec!["Rapporteur in law since 2022", "Budget doubled"],
            "one point per line, markers dropped"
        );
        assert_eq!(brief.line_list().len(), 1);
        assert!(brief.updated_at.is_some(), "the save time is shown");
        assert_eq!(all(store.conn(), &c).unwrap().len(), 1);
    }

    #[test]
    fn a_brief_for_an_unknown_session_is_refused_by_name() {
        let (mut store, c) = testutil::sample();
        let err = save(&mut store, &c, 99_999, &BriefChange::default()).unwrap_err();
        assert!(matches!(err, Error::NotFound(_)), "{err}");
    }

    #[test]
    fn an_overlong_field_is_refused_and_nothing_is_written() {
        let (mut store, c) = testutil::sample();
        let id = first_session(&store, &c);
        let err = save(
            &mut store,
            &c,
            id,
            &BriefChange {
                points: Some("x".repeat(MAX_FIELD_CHARS + 1)),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("points:"), "{err}");
        assert!(get(store.conn(), &c, id).unwrap().is_empty());
    }
}
