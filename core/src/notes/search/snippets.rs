//! What a hit shows of its note: a snippet around what matched, made for the hits only and in one pass
//! over the index, its highlights returned as segments (never HTML) so the UI draws them as text; or,
//! for a note found by filters alone, the first words of its body.

use std::collections::HashMap;

use rusqlite::Connection;

use super::{hidden, Segment, SNIPPET_TOKENS};
use crate::{Error, Result};

/// Splits a snippet marked with \u{1} (start) and \u{2} (end) into segments.
pub(super) fn segments(marked: &str) -> Vec<Segment> {
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
pub(super) fn opening(body: &str) -> Vec<Segment> {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text: String = flat.chars().take(160).collect();
    if flat.chars().count() > 160 {
        text.push('…');
    }
    vec![Segment { text, hit: false }]
}

/// The snippets of the notes at `rowids` for what was typed, by rowid, in one pass over the index:
/// snippet() on every match would cost far more than the ranking itself, and one query a hit would
/// read the expression's lists again each time. The pass runs `run` (what was typed and the filters'
/// hidden words, so that it skips to the filters' notes); where snippet() then chose the hidden
/// column (its words scored as high as the typed ones), that note's snippet is made again from
/// `typed` alone.
pub(super) fn snippets(
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
