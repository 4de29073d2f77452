//! Where this laptop stands in its delegation (`desk exchange status`, the Exchange view): what it
//! holds, per other laptop what was last received from it and when, and the notes, briefs and daily
//! reports edited in two places that nobody here has looked at since (docs/exchange.md, rule 5).

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{conference_title, laptop_of, peers, Peer};
use crate::store::changes::Laptop;
use crate::{Error, Result, Store};

/// This laptop's place in its delegation.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub laptop: Laptop,
    pub conference: String,
    /// Changes written on this laptop.
    pub own_changes: i64,
    /// Changes held here in all, this laptop's and received.
    pub changes_held: i64,
    pub peers: Vec<Peer>,
    /// The ids of the notes edited on two laptops that nobody here has looked at since.
    pub notes_edited_in_two_places: Vec<String>,
    /// The briefs edited on two laptops that nobody here has looked at since, with the texts kept.
    pub briefs_edited_in_two_places: Vec<BriefEdited>,
    /// The daily reports edited on two laptops that nobody here has looked at since.
    pub reports_edited_in_two_places: Vec<ReportEdited>,
}

/// A brief edited on two laptops: its session and the texts that were not kept as current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefEdited {
    pub session_id: i64,
    pub title: String,
    pub kept: Vec<KeptText>,
}

/// A daily report edited on two laptops: its day and the texts that were not kept as current.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportEdited {
    pub day: String,
    pub kept: Vec<KeptText>,
}

/// A text in a brief's or report's history that is not its current text (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptText {
    /// `objectives`, `points` or `lines` for a brief; `report` for a daily report.
    pub field: String,
    pub body: String,
    /// When it was written (UTC).
    pub written_at: String,
}

impl KeptText {
    /// A kept text from a row of (field, body, written_at).
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(KeptText {
            field: r.get(0)?,
            body: r.get(1)?,
            written_at: r.get(2)?,
        })
    }
}

/// Where this laptop stands: its identity, what it holds, per other laptop what was last received
/// from it and when, and what was edited in two places.
pub fn status(store: &Store) -> Result<Status> {
    let me = laptop_of(store)?;
    let conn = store.conn();
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [&me.laptop], |r| r.get(0))?) };
    let conference = conference_title(conn, me.conference_id)?;
    Ok(Status {
        conference,
        own_changes: count("SELECT count(*) FROM exchange_change WHERE origin = ?1")?,
        changes_held: count("SELECT count(*) FROM exchange_change WHERE ?1 IS NOT NULL")?,
        peers: peers(conn, &me)?,
        notes_edited_in_two_places: {
            let mut stmt =
                conn.prepare("SELECT note_id FROM note_conflict ORDER BY marked_at, note_id")?;
            let ids = stmt.query_map([], |r| r.get(0))?;
            ids.collect::<rusqlite::Result<_>>()?
        },
        briefs_edited_in_two_places: briefs_edited(conn)?,
        reports_edited_in_two_places: reports_edited(conn, me.conference_id)?,
        laptop: me,
    })
}

fn briefs_edited(conn: &Connection) -> Result<Vec<BriefEdited>> {
    let mut stmt = conn.prepare(
        "SELECT c.session_id, s.title FROM brief_conflict c JOIN session s ON s.id = c.session_id
         ORDER BY c.marked_at, c.session_id",
    )?;
    let marked = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The brief's history without the texts that are current.
    let mut kept = conn.prepare(
        "SELECT v.field, v.body, v.written_at FROM session_brief_version v
         LEFT JOIN session_brief b ON b.session_id = v.session_id
         WHERE v.session_id = ?1
           AND v.body IS NOT CASE v.field WHEN 'objectives' THEN b.objectives
                                          WHEN 'points' THEN b.points ELSE b.lines END
         ORDER BY v.written_at DESC, v.id",
    )?;
    let mut out = Vec::new();
    for (session_id, title) in marked {
        let texts = kept
            .query_map([session_id], KeptText::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.push(BriefEdited {
            session_id,
            title,
            kept: texts,
        });
    }
    Ok(out)
}

fn reports_edited(conn: &Connection, conference: i64) -> Result<Vec<ReportEdited>> {
    let mut stmt = conn.prepare(
        "SELECT day FROM report_conflict WHERE conference_id = ?1 ORDER BY marked_at, day",
    )?;
    let days = stmt
        .query_map([conference], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut kept = conn.prepare(
        "SELECT 'report', v.body, v.written_at FROM daily_report_version v
         LEFT JOIN daily_report r ON r.conference_id = v.conference_id AND r.day = v.day
         WHERE v.conference_id = ?1 AND v.day = ?2 AND v.body IS NOT r.body
         ORDER BY v.written_at DESC, v.id",
    )?;
    let mut out = Vec::new();
    for day in days {
        let texts = kept
            .query_map(params![conference, day], KeptText::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        out.push(ReportEdited { day, kept: texts });
    }
    Ok(out)
}

/// Clears the "edited in two places" mark of note `id` (someone looked at it); an unmarked note is
/// `not_found`.
pub fn seen(store: &mut Store, id: &str) -> Result<()> {
    clear(
        store,
        "DELETE FROM note_conflict WHERE note_id = ?1",
        params![id],
        format!("Note {id} is not marked as edited in two places."),
    )
}

/// Clears the "edited in two places" mark of the brief of session `session_id`; an unmarked brief
/// is `not_found`.
pub fn brief_seen(store: &mut Store, session_id: i64) -> Result<()> {
    clear(
        store,
        "DELETE FROM brief_conflict WHERE session_id = ?1",
        params![session_id],
        format!("The brief of session {session_id} is not marked as edited in two places."),
    )
}

/// Clears the "edited in two places" mark of the daily report of `day` (YYYY-MM-DD) of
/// `conference`; an unmarked report is `not_found`.
pub fn report_seen(store: &mut Store, conference: i64, day: &str) -> Result<()> {
    clear(
        store,
        "DELETE FROM report_conflict WHERE conference_id = ?1 AND day = ?2",
        params![conference, day],
        format!("The daily report of {day} is not marked as edited in two places."),
    )
}

fn clear(
    store: &mut Store,
    sql: &str,
    args: impl rusqlite::Params,
    not_marked: String,
) -> Result<()> {
    store.write_unrecorded(|tx| {
        if tx.execute(sql, args)? == 0 {
            return Err(Error::NotFound(not_marked));
        }
        Ok(())
    })
}
