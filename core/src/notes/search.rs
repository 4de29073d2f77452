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
mod tests {
    use super::*;
    use crate::notes::{self, NewNote};
    use crate::{fixtures::testutil, Store};
    use rusqlite::Connection;

    fn add(store: &mut Store, c: &Conference, body: &str, f: impl FnOnce(&mut NewNote)) -> Note {
        let mut new = NewNote {
            body: body.into(),
            ..Default::default()
        };
        f(&mut new);
        notes::add(store, c, &new).unwrap()
    }

    fn find(store: &Store, c: &Conference, text: &str) -> Vec<String> {
        search(
            store.conn(),
            c,
            &Query {
                text: text.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|h| h.note.body)
        .collect()
    }

    #[test]
    fn words_are_found_without_their_diacritics() {
        let (mut store, c) = testutil::sample();
        add(
            &mut store,
            &c,
            "Siobhán from the Irish rapporteur office spoke.",
            |_| {},
        );
        add(&mut store, &c, "Shelters funded.", |n| {
            n.countries = vec!["Türkiye".into()]
        });
        assert_eq!(
            find(&store, &c, "Siobhan"),
            vec!["Siobhán from the Irish rapporteur office spoke."]
        );
        assert_eq!(
            find(&store, &c, "turkiye"),
            vec!["Shelters funded."],
            "via the country tag"
        );
        assert_eq!(find(&store, &c, "TÜRKIYE").len(), 1);
    }

    #[test]
    fn every_term_is_a_prefix_and_all_are_required() {
        let (mut store, c) = testutil::sample();
        add(
            &mut store,
            &c,
            "Identification indicators for labour exploitation.",
            |_| {},
        );
        add(&mut store, &c, "Identification of children.", |_| {});
        assert_eq!(find(&store, &c, "ident").len(), 2);
        assert_eq!(
            find(&store, &c, "ident lab"),
            vec!["Identification indicators for labour exploitation."]
        );
        assert!(find(&store, &c, "identx").is_empty());
    }

    #[test]
    fn session_titles_authors_and_block_names_are_searched_too() {
        let (mut store, c) = testutil::sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let maren = testutil::member_id(&store, &c, "Maren");
        add(&mut store, &c, "Short.", |n| {
            n.session_id = Some(panel);
            n.author_id = Some(maren);
            n.blocks = vec!["nrm".into()];
        });
        assert_eq!(find(&store, &c, "maren").len(), 1, "the author");
        assert_eq!(
            find(&store, &c, "referral mechanism").len(),
            1,
            "the block's name"
        );
        assert_eq!(find(&store, &c, "panel").len(), 1, "the session's title");
    }

    #[test]
    fn the_best_match_comes_first() {
        let (mut store, c) = testutil::sample();
        add(&mut store, &c, "Shelters. Long note about many other things: budgets, staff, training, law reform, data, cooperation, outreach.", |_| {});
        add(&mut store, &c, "Shelters shelters shelters.", |_| {});
        add(&mut store, &c, "Nothing relevant here.", |_| {});
        let found = find(&store, &c, "shelter");
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0], "Shelters shelters shelters.",
            "bm25: more and denser hits rank first"
        );
    }

    #[test]
    fn the_snippet_marks_the_hits_as_segments() {
        let (mut store, c) = testutil::sample();
        add(
            &mut store,
            &c,
            "The <b>national</b> coordinator met Siobhán.",
            |_| {},
        );
        let hits = search(
            store.conn(),
            &c,
            &Query {
                text: "siob".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let segs = &hits[0].snippet;
        assert!(
            segs.iter().any(|s| s.hit && s.text == "Siobhán"),
            "{segs:?}"
        );
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            joined, "The <b>national</b> coordinator met Siobhán.",
            "markup stays text"
        );
    }

    #[test]
    fn fts_syntax_in_the_query_is_never_an_error() {
        let (mut store, c) = testutil::sample();
        add(
            &mut store,
            &c,
            "NEAR the border, \"quoted\" words and stars*.",
            |_| {},
        );
        for q in [
            "\"",
            "NEAR(",
            "*",
            "a OR",
            "AND",
            "(",
            ")",
            "col:x",
            "^",
            "-",
            "\"\"*",
            "NOT x",
            "NEAR(border quoted, 2)",
            "'",
        ] {
            let r = search(
                store.conn(),
                &c,
                &Query {
                    text: q.into(),
                    ..Default::default()
                },
            );
            assert!(r.is_ok(), "{q:?}: {r:?}");
        }
        assert_eq!(find(&store, &c, "NEAR(").len(), 1, "NEAR is a word here");
        assert_eq!(find(&store, &c, "\"quoted").len(), 1);
    }

    #[test]
    fn filters_narrow_the_results_and_work_without_text() {
        let (mut store, c) = testutil::sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let maren = testutil::member_id(&store, &c, "Maren");
        add(&mut store, &c, "Victims identified early.", |n| {
            n.session_id = Some(panel);
            n.blocks = vec!["nrm-identification".into()];
            n.countries = vec!["Greece".into()];
            n.kind = NoteKind::GoodPractice;
            n.author_id = Some(maren);
        });
        add(&mut store, &c, "Victims need lawyers.", |n| {
            n.blocks = vec!["law".into()]
        });
        let run = |q: Query| search(store.conn(), &c, &q).unwrap().len();
        let text = || "victims".to_string();
        assert_eq!(
            run(Query {
                text: text(),
                ..Default::default()
            }),
            2
        );
        assert_eq!(
            run(Query {
                text: text(),
                block: Some("nrm".into()),
                ..Default::default()
            }),
            1,
            "sub-elements count for their block"
        );
        assert_eq!(
            run(Query {
                text: text(),
                session_id: Some(panel),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            run(Query {
                text: text(),
                country: Some("gr".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            run(Query {
                text: text(),
                kind: Some("good-practice".into()),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            run(Query {
                text: text(),
                author_id: Some(maren),
                ..Default::default()
            }),
            1
        );
        assert_eq!(
            run(Query {
                day: Some("2023-04-19".into()),
                ..Default::default()
            }),
            1,
            "Panel 2 is on the second day"
        );
        assert_eq!(
            run(Query {
                day: Some("2023-04-18".into()),
                ..Default::default()
            }),
            0
        );
        assert_eq!(
            run(Query {
                block: Some("law".into()),
                ..Default::default()
            }),
            1,
            "filters alone"
        );
        assert_eq!(
            run(Query {
                text: text(),
                no_session: true,
                ..Default::default()
            }),
            1,
            "corridor notes only"
        );
        let err = search(
            store.conn(),
            &c,
            &Query {
                kind: Some("gossip".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("kind:"), "{err}");
    }

    #[test]
    fn an_edit_is_searchable_at_once_and_the_old_text_is_not() {
        let (mut store, c) = testutil::sample();
        let n = add(&mut store, &c, "Draft about shelters.", |_| {});
        notes::update(
            &mut store,
            &c,
            &n.id,
            &NewNote {
                body: "Final about hotlines.".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(find(&store, &c, "shelters").is_empty());
        assert_eq!(find(&store, &c, "hotlines").len(), 1);
    }

    #[test]
    fn a_version_2_file_is_upgraded_with_its_notes_indexed_and_the_nrm_sub_elements() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            #[allow(clippy::disallowed_methods)] // building a v2 file by hand
            conn.execute_batch(concat!(
                include_str!("../../migrations/0001_initial.sql"),
                include_str!("../../migrations/0002_planning.sql"),
                "INSERT INTO conference (id, title, time_zone, starts_on, ends_on, created_at)
                   VALUES (1, 'Old', 'Europe/Vienna', '2023-04-18', '2023-04-19', '2023-01-01T00:00:00Z');
                 INSERT INTO building_block (id, conference_id, code, name, position)
                   VALUES (1, 1, 'nrm', 'National referral mechanism', 1);
                 INSERT INTO note (id, conference_id, body, created_at, updated_at)
                   VALUES ('00000000-0000-4000-8000-000000000001', 1, 'Siobhán spoke before the upgrade.',
                           '2023-04-18T09:00:00Z', '2023-04-18T09:00:00Z');
                 INSERT INTO note_block (note_id, block_id) VALUES ('00000000-0000-4000-8000-000000000001', 1);"
            ))
            .unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
        }
        let store = crate::data::open_store(&path, None).unwrap();
        let c = crate::programme::conference::select(store.conn(), None).unwrap();
        assert_eq!(
            find(&store, &c, "siobhan").len(),
            1,
            "the old note is in the index"
        );
        assert_eq!(
            find(&store, &c, "referral").len(),
            1,
            "with its block's name"
        );
        let note = &search(store.conn(), &c, &Query::default()).unwrap()[0].note;
        assert_eq!(
            note.kind,
            NoteKind::Observation,
            "old notes are observations"
        );
        let codes: Vec<String> = blocks::list(store.conn(), c.id)
            .unwrap()
            .into_iter()
            .map(|b| b.code)
            .collect();
        assert_eq!(codes.len(), 6, "nrm and its five sub-elements: {codes:?}");
    }
}
