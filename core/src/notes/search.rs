//! Full-text search over notes (SQLite FTS5): body, session title, author, countries and block names,
//! folded for case and diacritics ("Siobhan" finds "Siobhán"), every term a prefix, ranked by bm25, with
//! a snippet whose highlights come back as segments so the UI can show them without any HTML. Filters
//! (block, session, day, author, country, kind) combine with the text, or work alone.
//!
//! What a person types is never FTS syntax: each term is quoted, so `"`, `NEAR(`, `*` or `OR` are words
//! (`expression`).
//!
//! Speed at 100,000 notes (docs/search.md): bm25 costs about a microsecond a note it scores, and a common
//! word matches tens of thousands, so only the newest [`CANDIDATES`] notes that match the text and the
//! filters are scored, read newest first from the index (FTS5 walks its lists by rowid, and stops at
//! the limit); the best of those come back. When fewer notes match, which is what a typed search of
//! two words or a name does, that is every match and the ranking is exact; a word in thousands of notes
//! is ranked among the most recently written of them. A narrow filter (a session, an author, a block, a
//! country, a day that keeps few notes) is read first from its index, and the matches are kept only if among
//! its notes (`narrowest`); long prefixes are replaced by the words they start (`expression`);
//! snippets are made for the hits only, in one pass. With typed words, the filters are given to the
//! index itself as hidden words of its `filters` column (`hidden`, schema v11), so that FTS5 intersects
//! the word's list with the filter's instead of the search walking every match of a common word.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

mod expression;
mod hidden;

pub use expression::fts_expression;
use expression::Planned;

use super::Note;
use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{taxonomy::blocks, time, Error, Result};

/// How many hits come back unless asked otherwise; and the most ever.
pub const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 1000;
/// The most notes whose bm25 is computed for one search: the newest that match (see the module's notes).
pub const CANDIDATES: usize = 500;
/// Words of context in a snippet.
const SNIPPET_TOKENS: i64 = 14;

/// A search: text (may be empty) and filters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Query {
    pub text: String,
    /// A block code; a block's sub-elements count as the block.
    pub block: Option<String>,
    pub session_id: Option<i64>,
    /// Only corridor notes (no session).
    pub no_session: bool,
    /// A conference day, `YYYY-MM-DD`, in the conference's time zone.
    pub day: Option<String>,
    pub author_id: Option<i64>,
    /// A country or organisation, as a reference name, ISO code or free entry.
    pub country: Option<String>,
    /// A note kind (`observation`, `good-practice`, ...).
    pub kind: Option<String>,
    pub limit: Option<usize>,
}

/// A piece of a snippet; `hit` pieces matched the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// One result: the note, a snippet of where it matched, and its bm25 score (lower is better).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub note: Note,
    pub snippet: Vec<Segment>,
    pub score: f64,
}

/// Splits a snippet marked with \u{1} (start) and \u{2} (end) into segments.
fn segments(marked: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    for c in marked.chars() {
        match c {
            '\u{1}' | '\u{2}' => {
                if !current.is_empty() {
                    out.push(Segment {
                        text: std::mem::take(&mut current),
                        hit,
                    });
                }
                hit = c == '\u{1}';
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(Segment { text: current, hit });
    }
    out
}

/// The first words of a body, for results found by filters alone.
fn opening(body: &str) -> Vec<Segment> {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text: String = flat.chars().take(160).collect();
    if flat.chars().count() > 160 {
        text.push('…');
    }
    vec![Segment { text, hit: false }]
}

/// Runs a search in the conference: best matches first; with no text, the newest notes first.
pub fn search(conn: &Connection, conference: &Conference, q: &Query) -> Result<Vec<Hit>> {
    search_with(conn, conference, q, Effort::default())
}

/// How a search does its work; the results depend only on `candidates` (tests vary both).
#[derive(Debug, Clone, Copy)]
struct Effort {
    /// The most matches scored: the newest.
    candidates: usize,
    /// Whether a narrow filter's notes may be read first.
    narrow_first: bool,
    /// Whether the filters are given to the index as its hidden words (with text only).
    hidden_words: bool,
    /// Whether a block in more than [`WIDE_BLOCK`] of the notes is given to the index too.
    wide_blocks: bool,
}

impl Default for Effort {
    fn default() -> Effort {
        Effort {
            candidates: CANDIDATES,
            narrow_first: true,
            hidden_words: true,
            wide_blocks: false,
        }
    }
}

/// [`search`], with the work done as `effort` says.
fn search_with(
    conn: &Connection,
    conference: &Conference,
    q: &Query,
    effort: Effort,
) -> Result<Vec<Hit>> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let planned = expression::plan(conn, &q.text)?;
    // The hidden words serve typed words only.
    let hidden_words = match (effort.hidden_words, &planned) {
        (true, Planned::Run(_)) => Some(effort.wide_blocks),
        _ => None,
    };
    let Filters {
        conditions: filters,
        args,
        drivers,
        words,
    } = filters(conn, conference, q, hidden_words)?;
    // The session is joined only for the day filter: every join costs on each of many matches.
    let session_join = if q.day.as_deref().is_some_and(|d| !d.trim().is_empty()) {
        "\n                 LEFT JOIN session s ON s.id = n.session_id"
    } else {
        ""
    };
    let rows: Vec<(String, Option<String>, f64)> = match planned {
        Planned::NoMatch => Vec::new(),
        Planned::Run(typed) => {
            // The filters, as the index's hidden words, let FTS5 skip to the notes they keep
            // (`hidden`); the snippets' pass skips with them too.
            let (run, drivers) = if !words.is_empty() {
                if keeps_none(conn, &drivers)? {
                    // A filter that keeps no note (a day without notes): the index need not look.
                    return Ok(Vec::new());
                }
                (hidden::expression(&typed, &words), Vec::new())
            } else {
                (typed.clone(), drivers)
            };
            // Without them, a narrow filter's notes are read first, and the index's matches kept only
            // if among them: a look-up in a small set instead of reading the note of every match.
            let driver = if effort.narrow_first {
                narrowest(conn, drivers)?
            } else {
                None
            };
            if matches!(driver, Some((0, _))) {
                // A filter that keeps no note (a day without notes): nothing to walk the index for.
                return Ok(Vec::new());
            }
            let (within, mut all_args) = match driver {
                Some((_, driver)) => (
                    format!(" AND +note_fts.rowid IN ({})", driver.rowids),
                    driver.args,
                ),
                None => (String::new(), Vec::new()),
            };
            all_args.extend(args);
            let ranked = best_candidates(
                conn,
                &run,
                &format!(
                    "{session_join}\n                 WHERE note_fts MATCH ?{within} AND {}",
                    filters.join(" AND ")
                ),
                all_args,
                effort.candidates.max(limit),
                limit,
            )?;
            let mut snippets = snippets(conn, &run, &typed, ranked.iter().map(|c| c.rowid))?;
            ranked
                .into_iter()
                .map(|c| (c.id, snippets.remove(&c.rowid), c.score))
                .collect()
        }
        Planned::NoText => {
            // The newest notes, read in order from the conference's index until enough pass; unless
            // a filter keeps so few notes that sorting them is cheaper (a session of a large
            // programme, a day without notes): then those, and `+` keeps SQLite off the index.
            let driver = if effort.narrow_first {
                narrowest(conn, drivers)?.filter(|(n, _)| *n <= NARROW_UNSORTED)
            } else {
                None
            };
            let (within, mut all_args, conditions) = match driver {
                Some((_, driver)) => (
                    format!("n.rowid IN ({}) AND +", driver.rowids),
                    driver.args,
                    filters.join(" AND "),
                ),
                None => (String::new(), Vec::new(), filters.join(" AND ")),
            };
            all_args.extend(args);
            let sql = format!(
                "SELECT n.id, NULL, 0.0 FROM note n LEFT JOIN session s ON s.id = n.session_id
                 WHERE {within}{conditions} ORDER BY n.created_at DESC, n.rowid DESC LIMIT {limit}"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(all_args), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        }
    };
    let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let mut notes = super::load_many(conn, conference, &ids)?.into_iter();
    let mut hits = Vec::with_capacity(rows.len());
    for (id, snippet, score) in rows {
        let Some(note) = notes.next() else { break };
        if note.id != id {
            return Err(Error::Internal(format!("search: note {id} did not load")));
        }
        let snippet = match snippet {
            Some(s) if !s.is_empty() => segments(&s),
            _ => opening(&note.body),
        };
        hits.push(Hit {
            note,
            snippet,
            score,
        });
    }
    Ok(hits)
}

/// The conditions a search's filters put on a note `n` (and on its session `s`, joined for the day
/// filter), with their arguments in order; for the filters an index answers, the notes they keep; and
/// each filter as an expression over the full-text index's hidden words (`hidden`).
struct Filters {
    conditions: Vec<String>,
    args: Vec<Value>,
    drivers: Vec<Driver>,
    words: Vec<String>,
}

/// A filter read from an index: the rowids of the notes it keeps, and how many there are.
struct Driver {
    /// The most notes the filter may keep for the search to start from them.
    narrow: usize,
    /// Selects the rowids of the notes the filter keeps (of any conference).
    rowids: String,
    /// Selects one row per note the filter keeps, from the index alone (to count them).
    count: String,
    args: Vec<Value>,
}

/// How many notes a filter may keep for the search to start from them: a filter on the note's own
/// columns gives rowids straight from its index; one on a tag table finds each note by its id first.
const NARROW_NOTE_INDEX: usize = 20_000;
const NARROW_TAGS: usize = 5_000;
/// With no text, the most notes a filter may keep for them to be read and sorted by time, instead of
/// reading the conference's notes newest first until enough pass (which a filter keeping 2% of 100,000
/// notes answers within about 2,500 notes).
const NARROW_UNSORTED: i64 = 2_000;

/// Whether one of the filters an index answers keeps no note at all (one row read from each index).
fn keeps_none(conn: &Connection, drivers: &[Driver]) -> Result<bool> {
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
fn narrowest(conn: &Connection, drivers: Vec<Driver>) -> Result<Option<(i64, Driver)>> {
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
fn filters(
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
        let name = super::country_tags(&[country.to_string()])?
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

/// A note that matched, with its score.
struct Candidate {
    rowid: i64,
    id: String,
    score: f64,
    created_at: String,
}

/// The `limit` best of the newest `candidates` notes that match `expr` and the filters (`joins_and_where`
/// binds the expression first, then `args`), best first: bm25, then the newest.
fn best_candidates(
    conn: &Connection,
    expr: &str,
    joins_and_where: &str,
    args: Vec<Value>,
    candidates: usize,
    limit: usize,
) -> Result<Vec<Candidate>> {
    // The index leads (CROSS JOIN keeps it outside) and gives its matches newest first, so the scan
    // stops after `candidates` rows that pass the filters; bm25 is computed for those rows only.
    let sql = format!(
        "SELECT note_fts.rowid, n.id, bm25(note_fts, 4.0, 1.0, 1.0, 2.0, 1.5, 0.0), n.created_at
         FROM note_fts CROSS JOIN note n ON n.rowid = note_fts.rowid{joins_and_where}
         ORDER BY note_fts.rowid DESC LIMIT {candidates}"
    );
    let mut all = vec![Value::Text(expr.to_string())];
    all.extend(args);
    let mut stmt = conn.prepare(&sql)?;
    let mut found = stmt
        .query_map(rusqlite::params_from_iter(all), |r| {
            Ok(Candidate {
                rowid: r.get(0)?,
                id: r.get(1)?,
                score: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| b.created_at.cmp(&a.created_at))
            .then_with(|| b.rowid.cmp(&a.rowid))
    });
    found.truncate(limit);
    Ok(found)
}

/// The snippets of the notes at `rowids` for what was typed, by rowid, in one pass over the index:
/// snippet() on every match would cost far more than the ranking itself, and one query a hit would
/// read the expression's lists again each time. The pass runs `run` (what was typed and the filters'
/// hidden words, so that it skips to the filters' notes); where snippet() then chose the hidden
/// column (its words scored as high as the typed ones), that note's snippet is made again from
/// `typed` alone.
fn snippets(
    conn: &Connection,
    run: &str,
    typed: &str,
    rowids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>> {
    let mut found = snippets_pass(conn, run, rowids.collect())?;
    let again: Vec<i64> = found
        .iter()
        .filter(|(_, s)| s.contains(hidden::MARK))
        .map(|(rowid, _)| *rowid)
        .collect();
    if !again.is_empty() && run != typed {
        found.extend(snippets_pass(conn, typed, again)?);
    }
    Ok(found)
}

/// [`snippets`]' pass over the index for `expr`.
fn snippets_pass(conn: &Connection, expr: &str, wanted: Vec<i64>) -> Result<HashMap<i64, String>> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let json = serde_json::to_string(&wanted).map_err(|e| Error::Internal(e.to_string()))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT rowid, snippet(note_fts, -1, char(1), char(2), '…', {SNIPPET_TOKENS})
         FROM note_fts WHERE note_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4
           AND +rowid IN (SELECT value FROM json_each(?2))"
    ))?;
    let lo = wanted.iter().min().copied().unwrap_or(0);
    let hi = wanted.iter().max().copied().unwrap_or(0);
    let found = stmt
        .query_map(rusqlite::params![expr, json, lo, hi], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(found)
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

#[cfg(test)]
mod bounded_tests;
#[cfg(test)]
mod hidden_tests;
#[cfg(test)]
mod tests;
