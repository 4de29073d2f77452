//! The search's filters as hidden words of the full-text index (schema v11,
//! `core/migrations/0011_search_filters.sql`, docs/search.md). Every note's index row has a sixth
//! column, `filters`, of words naming its session, author, kind, blocks (with their parents), countries
//! and the UTC hour its day is counted from, kept by the same triggers as its text. A filter becomes
//! an FTS5 expression over that column, and the index intersects it with what was typed, skipping
//! through both lists, instead of the search walking every match of a common word to check the filter
//! on each.
//!
//! The hidden words start with U+E000 ([`MARK`]), a private-use character: FTS5's tokenizer keeps it
//! inside a word (its default token characters are letters, digits and private-use characters), and
//! `expression` removes every private-use character from what a person types, so no typed word or
//! prefix can match a hidden word (typing `s12` finds no note by its session), and a typed word never
//! has an instance in the `filters` column. The typed words need no column filter (which costs FTS5 a
//! look at every match's positions), and bm25 gives the column weight 0. The words only narrow where
//! the index looks: every filter is still checked on each note found, so a word naming a superset (a
//! conference day is the UTC hours it spans, each whole) keeps the results exact.

use chrono::{DurationRound, TimeDelta};
use rusqlite::Connection;

use crate::domain::NoteKind;
use crate::{time, Error, Result};

/// The character every hidden word starts with.
pub(crate) const MARK: char = '\u{E000}';

/// The expression to run: `typed`, and each of `filters` (expressions over the hidden words).
pub(super) fn expression(typed: &str, filters: &[String]) -> String {
    if filters.is_empty() {
        typed.to_string()
    } else {
        format!("({typed}) AND {}", filters.join(" AND "))
    }
}

/// An id as the triggers write it: its decimal digits, a minus sign as `n` (the tokenizer would split
/// a word at `-`).
fn id_word(id: i64) -> String {
    id.to_string().replace('-', "n")
}

/// The word of a session's notes.
pub(super) fn session(id: i64) -> String {
    format!("\"{MARK}s{}\"", id_word(id))
}

/// The word of corridor notes (no session).
pub(super) fn no_session() -> String {
    format!("\"{MARK}snone\"")
}

/// The word of an author's notes.
pub(super) fn author(id: i64) -> String {
    format!("\"{MARK}a{}\"", id_word(id))
}

/// The word of the notes tagged with a block or with one of its sub-elements.
pub(super) fn block(id: i64) -> String {
    format!("\"{MARK}b{}\"", id_word(id))
}

/// A block is left to the search's own check, not given to the index, when more than one note in
/// `WIDE_BLOCK` has it (the referral mechanism with its sub-elements tags about half of the synthetic
/// notes): bm25 counts the notes of every word of the expression, hidden or not, which for such a
/// block costs more (1.5 ms at 50,000 notes) than checking the block on the newest matches until
/// enough pass (about twice as many as are scored).
pub(super) const WIDE_BLOCK: i64 = 5;

/// Whether block `id` is in more than one note in [`WIDE_BLOCK`] of its conference, from the counts
/// the matrix keeps (schema v10: notes per session column, and per column and effective block). It
/// reads one count per session (0.4 ms at 600 sessions); counting the block's tags from their index
/// instead cost 1 ms for a block on half of 100,000 notes.
pub(super) fn wide_block(conn: &Connection, conference_id: i64, id: i64) -> Result<bool> {
    let (block, all): (i64, i64) = conn.query_row(
        "SELECT (SELECT coalesce(sum(notes), 0) FROM matrix_cell
                 WHERE conference_id = ?1 AND axis = 'session' AND block_id = ?2),
                (SELECT coalesce(sum(notes), 0) FROM matrix_column
                 WHERE conference_id = ?1 AND axis = 'session')",
        [conference_id, id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(block.saturating_mul(WIDE_BLOCK) > all)
}

/// The word of a kind's notes (`good-practice` is `kgoodpractice`).
pub(super) fn kind(kind: NoteKind) -> String {
    format!("\"{MARK}k{}\"", kind.as_str().replace('-', ""))
}

/// The word of the notes about a country or organisation, whatever the ASCII case of its name: computed
/// by SQLite, with the trigger's own functions (`hex(lower(name))`), so both fold a name alike.
pub(super) fn country(conn: &Connection, name: &str) -> Result<String> {
    let hex: String = conn.query_row("SELECT hex(lower(?1))", [name], |r| r.get(0))?;
    Ok(format!("\"{MARK}c{hex}\""))
}

/// The most hours a day can span (25 when the clocks go back, one more when its bounds fall within
/// hours).
const MAX_HOURS: usize = 26;

/// The words of the notes whose session starts (or, for a corridor note, which was written) from
/// `from` to before `to` (stored instants): each UTC hour that range touches, and `hbad` (a time not in
/// the stored form, which the triggers cannot place in an hour; the filter's own check decides).
pub(super) fn day(from: &str, to: &str) -> Result<String> {
    let from = time::from_stored(from)?;
    let to = time::from_stored(to)?;
    let hour = TimeDelta::hours(1);
    let mut at = from
        .duration_trunc(hour)
        .map_err(|e| Error::Internal(format!("day bounds: {e}")))?;
    let mut words = vec![format!("\"{MARK}hbad\"")];
    while at < to {
        if words.len() > MAX_HOURS {
            return Err(Error::Internal(format!(
                "a day from {from} to {to} spans more than {MAX_HOURS} hours"
            )));
        }
        words.push(format!("\"{MARK}h{}\"", at.format("%Y%m%d%H")));
        at = at
            .checked_add_signed(hour)
            .ok_or_else(|| Error::Internal("day bounds: the end of the calendar".into()))?;
    }
    Ok(format!("({})", words.join(" OR ")))
}
