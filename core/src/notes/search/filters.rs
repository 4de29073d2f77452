//! A search's filters (block, session, day, author, country, kind) three ways: as SQL conditions on the
//! note, as indexes to start from when a filter keeps few notes (a `Driver`: reading a narrow filter's
//! notes first is cheaper than reading every match of a common word until enough pass), and as hidden
//! words of the full-text index (`hidden`), so that FTS5 itself intersects a typed word with a filter.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Connection;

use super::{hidden, Query};
use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{taxonomy::blocks, time, Error, Result};

/// The conditions a search's filters put on a note `n` (and on its session `s`, joined for the day
/// filter), with their arguments in order; for the filters an index answers, the notes they keep; and
/// each filter as an expression over the full-text index's hidden words (`hidden`).
pub(super) struct Filters {
    pub(super) conditions: Vec<String>,
    pub(super) args: Vec<Value>,
    pub(super) drivers: Vec<Driver>,
    pub(super) words: Vec<String>,
}

/// A filter read from an index: the rowids of the notes it keeps, and how many there are.
pub(super) struct Driver {
    /// The most notes the filter may keep for the search to start from them.
    narrow: usize,
    /// Selects the rowids of the notes the filter keeps (of any conference).
    pub(super) rowids: String,
    /// Selects one row per note the filter keeps, from the index alone (to count them).
    count: String,
    pub(super) args: Vec<Value>,
}

/// How many notes a filter may keep for the search to start from them: a filter on the note's own
/// columns gives rowids straight from its index; one on a tag table finds each note by its id first.
const NARROW_NOTE_INDEX: usize = 20_000;
const NARROW_TAGS: usize = 5_000;
/// With no text, the most notes a filter may keep for them to be read and sorted by time, instead of
/// reading the conference's notes newest first until enough pass (which a filter keeping 2% of 100,000
/// notes answers within about 2,500 notes).
pub(super) const NARROW_UNSORTED: i64 = 2_000;

/// Whether one of the filters an index answers keeps no note at all (one row read from each index).
pub(super) fn keeps_none(conn: &Connection, drivers: &[Driver]) -> Result<bool> {
    for driver in drivers {
        let sql = format!("SELECT count(*) FROM ({} LIMIT 1)", driver.count);
        let n: i64 =
            conn.query_row(&sql, rusqlite::params_from_iter(&driver.args), |r| r.get(0))?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The filter that keeps the fewest notes, if it keeps few enough (its `narrow`): reading those first
/// is then cheaper than reading the note of each match until [`CANDIDATES`] pass the filters, which
/// takes ten times as many matches for a filter that keeps a tenth of the notes. Each count stops at
/// the filter's `narrow`.
pub(super) fn narrowest(conn: &Connection, drivers: Vec<Driver>) -> Result<Option<(i64, Driver)>> {
    let mut best: Option<(i64, Driver)> = None;
    for driver in drivers {
        let sql = format!(
            "SELECT count(*) FROM ({} LIMIT {})",
            driver.count, driver.narrow
        );
        let n: i64 =
            conn.query_row(&sql, rusqlite::params_from_iter(&driver.args), |r| r.get(0))?;
        let narrow = i64::try_from(driver.narrow).unwrap_or(i64::MAX);
        if n < narrow && best.as_ref().is_none_or(|(m, _)| n < *m) {
            best = Some((n, driver));
        }
    }
    Ok(best)
}

/// The conditions of `q`'s filters (the conference's always).
/// With `hidden_words`, each filter's words too (`Some(true)`: a block's however many notes it has).
pub(super) fn filters(
    conn: &Connection,
    conference: &Conference,
    q: &Query,
    hidden_words: Option<bool>,
) -> Result<Filters> {
    let mut words = Vec::new();
    let mut word = |w: Result<String>| -> Result<()> {
        if hidden_words.is_some() {
            words.push(w?);
        }
        Ok(())
    };
    let mut conditions: Vec<String> = vec!["n.conference_id = ?".into()];
    let mut args: Vec<Value> = vec![Value::Integer(conference.id)];
    let mut drivers = Vec::new();
    if let Some(code) = q.block.as_deref().filter(|c| !c.trim().is_empty()) {
        let id = blocks::ids_for_codes(conn, conference.id, &[code.to_string()], "block")?
            .first()
            .copied()
            .ok_or_else(|| Error::Internal("a block code resolved to nothing".into()))?;
        conditions.push(
            "EXISTS (SELECT 1 FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                     WHERE nb.note_id = n.id AND (b.id = ? OR b.parent_id = ?))"
                .into(),
        );
        args.extend([Value::Integer(id), Value::Integer(id)]);
        if hidden_words == Some(true)
            || (hidden_words.is_some() && !hidden::wide_block(conn, conference.id, id)?)
        {
            word(Ok(hidden::block(id)))?;
        }
        let blocks =
            "nb.block_id IN (SELECT b.id FROM building_block b WHERE b.id = ? OR b.parent_id = ?)";
        drivers.push(Driver {
            narrow: NARROW_TAGS,
            rowids: format!(
                "SELECT n.rowid FROM note_block nb JOIN note n ON n.id = nb.note_id WHERE {blocks}"
            ),
            count: format!("SELECT 1 FROM note_block nb WHERE {blocks}"),
            args: vec![Value::Integer(id), Value::Integer(id)],
        });
    }
    if let Some(session) = q.session_id {
        conditions.push("n.session_id = ?".into());
        args.push(Value::Integer(session));
        word(Ok(hidden::session(session)))?;
        drivers.push(Driver {
            narrow: NARROW_NOTE_INDEX,
            rowids: "SELECT rowid FROM note WHERE session_id = ?".into(),
            count: "SELECT 1 FROM note WHERE session_id = ?".into(),
            args: vec![Value::Integer(session)],
        });
    }
    if let Some(day) = q.day.as_deref().filter(|d| !d.trim().is_empty()) {
        let (from, to) = day_bounds(conference, time::parse_date("day", day)?)?;
        conditions.push(
            "coalesce(s.starts_at, n.created_at) >= ? AND coalesce(s.starts_at, n.created_at) < ?"
                .into(),
        );
        args.extend([Value::Text(from.clone()), Value::Text(to.clone())]);
        word(hidden::day(&from, &to))?;
        // The day's notes: those of the sessions that start that day, and corridor notes written
        // that day, from the sessions' and notes' indexes (no index answers the condition above, so
        // without this a day of few notes, or none, read every note of the conference).
        let day_notes = |what: &str| {
            format!(
                "SELECT {what} FROM session s JOIN note n ON n.session_id = s.id
                 WHERE s.conference_id = ? AND s.starts_at >= ? AND s.starts_at < ?
                 UNION ALL
                 SELECT {what} FROM note n
                 WHERE n.session_id IS NULL AND n.created_at >= ? AND n.created_at < ?"
            )
        };
        drivers.push(Driver {
            narrow: NARROW_NOTE_INDEX,
            rowids: day_notes("n.rowid"),
            count: day_notes("1"),
            args: vec![
                Value::Integer(conference.id),
                Value::Text(from.clone()),
                Value::Text(to.clone()),
                Value::Text(from),
                Value::Text(to),
            ],
        });
    }
    if q.no_session {
        conditions.push("n.session_id IS NULL".into());
        word(Ok(hidden::no_session()))?;
    }
    if let Some(author) = q.author_id {
        conditions.push("n.author_id = ?".into());
        args.push(Value::Integer(author));
        word(Ok(hidden::author(author)))?;
        drivers.push(Driver {
            narrow: NARROW_NOTE_INDEX,
            rowids: "SELECT rowid FROM note WHERE author_id = ?".into(),
            count: "SELECT 1 FROM note WHERE author_id = ?".into(),
            args: vec![Value::Integer(author)],
        });
    }
    if let Some(country) = q.country.as_deref().filter(|c| !c.trim().is_empty()) {
        let name = super::super::country_tags(&[country.to_string()])?
            .pop()
            .map(|t| t.name)
            .unwrap_or_default();
        conditions.push(
            "EXISTS (SELECT 1 FROM note_country c WHERE c.note_id = n.id AND c.name = ? COLLATE NOCASE)"
                .into(),
        );
        args.push(Value::Text(name.clone()));
        word(hidden::country(conn, &name))?;
        drivers.push(Driver {
            narrow: NARROW_TAGS,
            rowids: "SELECT n.rowid FROM note_country c JOIN note n ON n.id = c.note_id
                     WHERE c.name = ? COLLATE NOCASE"
                .into(),
            count: "SELECT 1 FROM note_country c WHERE c.name = ? COLLATE NOCASE".into(),
            args: vec![Value::Text(name)],
        });
    }
    if let Some(kind) = q.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        let kind: NoteKind = kind.parse()?;
        conditions.push("n.kind = ?".into());
        args.push(Value::Text(kind.as_str().into()));
        word(Ok(hidden::kind(kind)))?;
    }
    Ok(Filters {
        conditions,
        args,
        drivers,
        words,
    })
}

/// The UTC instants (stored form) at which a conference day starts and the next one starts.
pub fn day_bounds(conference: &Conference, day: NaiveDate) -> Result<(String, String)> {
    let tz = conference.tz()?;
    let start = |d: NaiveDate| -> Result<String> {
        let midnight = d
            .and_hms_opt(0, 0, 0)
            .ok_or_else(|| Error::Internal("midnight".into()))?;
        // Midnight can be skipped by a daylight-saving change in a few zones: take the next hour then.
        let t = time::local_to_utc(tz, midnight)
            .or_else(|_| time::local_to_utc(tz, midnight + chrono::Duration::hours(1)))?;
        Ok(time::to_stored(t))
    };
    let next = day
        .succ_opt()
        .ok_or_else(|| Error::invalid("day", "the last day of the calendar"))?;
    Ok((start(day)?, start(next)?))
}
