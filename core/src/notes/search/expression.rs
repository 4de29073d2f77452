//! What a person types, made into an FTS5 expression. Every term is quoted (so `"`, `NEAR(`, `*` or `OR`
//! are words) and is a prefix of a word, all required.
//!
//! A prefix of four letters or more is not in FTS5's prefix index (`prefix = '2 3'`), and FTS5 answers
//! it by merging the whole lists of every word that starts with it, positions included, before the first
//! row comes out: 4-20 ms for a common word at 100,000 notes, twice over when bm25 asks for the word's
//! frequency. So such a prefix, when it is plain ASCII letters and digits, is replaced by the few words
//! of the index that start with it (`"ident"*` becomes `"identification"`, `"referral"*` becomes
//! `("referral" OR "referrals")`): the same notes match, read lazily newest first. The words come from
//! the index's own vocabulary (an `fts5vocab` table in the connection's `temp` schema, never in the
//! file), so they are folded exactly as the tokenizer folds them; ASCII is the only text whose folding
//! here is certainly the tokenizer's (plain lower case), so other prefixes stay FTS5 prefixes. A prefix
//! that starts more words than [`MAX_WORDS`] stays one too.

use rusqlite::Connection;

use crate::Result;

/// The most words a prefix is replaced by; beyond, FTS5's own prefix query is cheaper than the OR.
pub(crate) const MAX_WORDS: usize = 24;

/// The shortest prefix replaced by its words: shorter ones are in FTS5's prefix index already.
const MIN_EXPANDED: usize = 4;

/// Unicode's private-use characters: FTS5's tokenizer keeps them in words, and the index's hidden
/// words start with one (`hidden::MARK`), so none is ever part of what a person's words search for.
fn private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// The terms of what a person typed: split on white space, quotes and private-use characters removed,
/// and only those with at least two letters or digits (one letter typed at the start of a search
/// would match nearly everything).
fn terms(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|t| {
            t.chars()
                .filter(|c| *c != '"' && !private_use(*c))
                .collect::<String>()
        })
        .filter(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .collect()
}

/// The FTS5 expression for what a person typed: each term quoted (so nothing is syntax) and made a
/// prefix, all required. Terms of fewer than two letters or digits are left out (one letter typed at
/// the start of a search would match nearly everything). `None` when nothing searchable is left.
pub fn fts_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = terms(text).iter().map(|t| format!("\"{t}\"*")).collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

/// The expression a search runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Planned {
    /// Nothing searchable was typed: the filters alone decide.
    NoText,
    /// A typed prefix starts no word of the index: nothing can match.
    NoMatch,
    /// The FTS5 expression to run.
    Run(String),
}

/// The expression for `text` on `conn`'s index: [`fts_expression`]'s, with long ASCII prefixes replaced
/// by the words of the index they start (see the module's notes).
pub(crate) fn plan(conn: &Connection, text: &str) -> Result<Planned> {
    let terms = terms(text);
    if terms.is_empty() {
        return Ok(Planned::NoText);
    }
    let mut parts = Vec::with_capacity(terms.len());
    for term in &terms {
        let plain = term.chars().all(|c| c.is_ascii_alphanumeric());
        if !plain || term.len() < MIN_EXPANDED {
            parts.push(format!("\"{term}\"*"));
            continue;
        }
        let prefix = term.to_ascii_lowercase();
        let words = words_starting(conn, &prefix)?;
        match words.len() {
            0 => return Ok(Planned::NoMatch),
            1 => parts.push(quoted(&words[0])),
            n if n <= MAX_WORDS => {
                let alternatives: Vec<String> = words.iter().map(|w| quoted(w)).collect();
                parts.push(format!("({})", alternatives.join(" OR ")));
            }
            _ => parts.push(format!("\"{term}\"*")),
        }
    }
    Ok(Planned::Run(parts.join(" AND ")))
}

/// A word of the index as an FTS5 string (the tokenizer's words hold no quotes; doubled if one did).
fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// The index's words that start with `prefix` (lower-case ASCII letters and digits), at most one more
/// than [`MAX_WORDS`] (enough to know there are too many).
fn words_starting(conn: &Connection, prefix: &str) -> Result<Vec<String>> {
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.note_fts_words USING fts5vocab(main, note_fts, row)",
        [],
    )?;
    // The first string after every word that starts with `prefix`: its last byte, one higher (ASCII
    // letters and digits are never the highest byte).
    let mut end = prefix.as_bytes().to_vec();
    if let Some(last) = end.last_mut() {
        *last = last.saturating_add(1);
    }
    let end = String::from_utf8_lossy(&end).into_owned();
    let mut stmt = conn.prepare_cached(
        "SELECT term FROM temp.note_fts_words WHERE term >= ?1 AND term < ?2 LIMIT ?3",
    )?;
    let words = stmt
        .query_map(rusqlite::params![prefix, end, MAX_WORDS as i64 + 1], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(words)
}
