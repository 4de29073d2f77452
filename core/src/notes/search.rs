//! Full-text search over notes (SQLite FTS5): body, session title, author, countries and block names,
//! folded for case and diacritics ("Siobhan" finds "Siobhán"), every term a prefix, ranked by bm25, with
//! a snippet whose highlights come back as segments so the UI can show them without any HTML. Filters
//! (block, session, day, author, country, kind) combine with the text, or work alone.
//!
//! What a person types is never FTS syntax: each term is quoted, so `"`, `NEAR(`, `*` or `OR` are words.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::Note;
use crate::domain::NoteKind;
use crate::programme::conference::Conference;
use crate::{taxonomy::blocks, time, Error, Result};

/// How many hits come back unless asked otherwise; and the most ever.
pub const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 1000;
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

/// The FTS5 expression for what a person typed: each term quoted (so nothing is syntax) and made a
/// prefix, all required. Terms of fewer than two letters or digits are left out (one letter typed at
/// the start of a search would match nearly everything). `None` when nothing searchable is left.
pub fn fts_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|t| t.replace('"', ""))
        .filter(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
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
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let expression = fts_expression(&q.text);
    let mut filters: Vec<String> = vec!["n.conference_id = ?".into()];
    let mut args: Vec<Value> = vec![Value::Integer(conference.id)];
    if let Some(code) = q.block.as_deref().filter(|c| !c.trim().is_empty()) {
        let id = blocks::ids_for_codes(conn, conference.id, &[code.to_string()], "block")?
            .first()
            .copied()
            .ok_or_else(|| Error::Internal("a block code resolved to nothing".into()))?;
        filters.push(
            "EXISTS (SELECT 1 FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                     WHERE nb.note_id = n.id AND (b.id = ? OR b.parent_id = ?))"
                .into(),
        );
        args.extend([Value::Integer(id), Value::Integer(id)]);
    }
    if let Some(session) = q.session_id {
        filters.push("n.session_id = ?".into());
        args.push(Value::Integer(session));
    }
    if let Some(day) = q.day.as_deref().filter(|d| !d.trim().is_empty()) {
        let (from, to) = day_bounds(conference, time::parse_date("day", day)?)?;
        filters.push(
            "coalesce(s.starts_at, n.created_at) >= ? AND coalesce(s.starts_at, n.created_at) < ?"
                .into(),
        );
        args.extend([Value::Text(from), Value::Text(to)]);
    }
    if q.no_session {
        filters.push("n.session_id IS NULL".into());
    }
    if let Some(author) = q.author_id {
        filters.push("n.author_id = ?".into());
        args.push(Value::Integer(author));
    }
    if let Some(country) = q.country.as_deref().filter(|c| !c.trim().is_empty()) {
        let name = super::country_tags(&[country.to_string()])?
            .pop()
            .map(|t| t.name)
            .unwrap_or_default();
        filters.push(
            "EXISTS (SELECT 1 FROM note_country c WHERE c.note_id = n.id AND c.name = ? COLLATE NOCASE)"
                .into(),
        );
        args.push(Value::Text(name));
    }
    if let Some(kind) = q.kind.as_deref().filter(|k| !k.trim().is_empty()) {
        let kind: NoteKind = kind.parse()?;
        filters.push("n.kind = ?".into());
        args.push(Value::Text(kind.as_str().into()));
    }
    // The session is joined only for the day filter: every join costs on each of many matches.
    let session_join = if q.day.as_deref().is_some_and(|d| !d.trim().is_empty()) {
        "\n                 LEFT JOIN session s ON s.id = n.session_id"
    } else {
        ""
    };
    let rows: Vec<(String, Option<String>, f64)> = match &expression {
        Some(expr) => {
            // Rank first (cheap), then build snippets for the few hits kept: snippet() on every match
            // would cost far more than the ranking itself.
            let sql = format!(
                "SELECT n.id, note_fts.rowid, bm25(note_fts, 4.0, 1.0, 1.0, 2.0, 1.5) AS score
                 FROM note_fts JOIN note n ON n.rowid = note_fts.rowid{session_join}
                 WHERE note_fts MATCH ? AND {}
                 ORDER BY score, n.created_at DESC LIMIT {limit}",
                filters.join(" AND ")
            );
            let mut all = vec![Value::Text(expr.clone())];
            all.extend(args);
            let mut stmt = conn.prepare(&sql)?;
            let ranked = stmt
                .query_map(rusqlite::params_from_iter(all), |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, f64>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut snip = conn.prepare(&format!(
                "SELECT snippet(note_fts, -1, char(1), char(2), '…', {SNIPPET_TOKENS})
                 FROM note_fts WHERE note_fts MATCH ?1 AND rowid = ?2"
            ))?;
            let mut rows = Vec::with_capacity(ranked.len());
            for (id, rowid, score) in ranked {
                let snippet: Option<String> = snip
                    .query_row(rusqlite::params![expr, rowid], |r| r.get(0))
                    .optional()?;
                rows.push((id, snippet, score));
            }
            rows
        }
        None => {
            let sql = format!(
                "SELECT n.id, NULL, 0.0 FROM note n LEFT JOIN session s ON s.id = n.session_id
                 WHERE {} ORDER BY n.created_at DESC, n.rowid DESC LIMIT {limit}",
                filters.join(" AND ")
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
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
mod tests;
