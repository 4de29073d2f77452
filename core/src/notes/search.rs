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
//!
//! Its parts: `expression` (what was typed, as a safe FTS5 expression), `filters` (the filters as SQL,
//! as indexes to start from, and as hidden words), `hidden` (those words in the index) and `snippets`
//! (what a hit shows).

use rusqlite::types::Value;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

mod expression;
mod filters;
mod hidden;
mod snippets;

pub use expression::fts_expression;
use expression::Planned;
pub use filters::day_bounds;
use filters::{filters, keeps_none, narrowest, Filters, NARROW_UNSORTED};
use snippets::{opening, segments, snippets};

use super::Note;
use crate::programme::conference::Conference;
use crate::{Error, Result};

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

#[cfg(test)]
mod bounded_tests;
#[cfg(test)]
mod hidden_tests;
#[cfg(test)]
mod tests;
