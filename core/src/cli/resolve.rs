//! Turns what a person types on the command line (an id, or a fragment of a title or name) into one
//! record. Matching ignores case and diacritics; an ambiguous fragment is an error listing the candidates.

use rusqlite::Connection;

use crate::programme::conference::Conference;
use crate::{text, time, Error, Result};

/// How many candidates an ambiguity error lists before it says "and N more".
const SHOWN: usize = 12;

struct Candidate {
    id: i64,
    text: String,
    display: String,
}

/// The session of `conference` that `query` names.
pub fn session(conn: &Connection, conference: &Conference, query: &str) -> Result<i64> {
    let tz = conference.tz()?;
    let mut stmt = conn.prepare(
        "SELECT id, title, starts_at FROM session WHERE conference_id = ?1 ORDER BY starts_at, id",
    )?;
    let mut rows = stmt.query([conference.id])?;
    let mut candidates = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, title): (i64, String) = (r.get(0)?, r.get(1)?);
        let at = time::local_stored(tz, &r.get::<_, String>(2)?)?;
        candidates.push(Candidate {
            id,
            display: format!("#{id} {} {} {title}", at.day, at.clock),
            text: title,
        });
    }
    pick("session", "desk sessions", query, &candidates)
}

/// The member of the conference that `query` names.
pub fn member(conn: &Connection, conference_id: i64, query: &str) -> Result<i64> {
    let mut stmt =
        conn.prepare("SELECT id, name FROM member WHERE conference_id = ?1 ORDER BY position, id")?;
    let candidates = stmt
        .query_map([conference_id], |r| {
            let (id, name): (i64, String) = (r.get(0)?, r.get(1)?);
            Ok(Candidate {
                id,
                display: format!("#{id} {name}"),
                text: name,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    pick("member", "desk members", query, &candidates)
}

fn pick(what: &str, list_command: &str, query: &str, candidates: &[Candidate]) -> Result<i64> {
    let q = query.trim().trim_start_matches('#');
    if q.is_empty() {
        return Err(Error::invalid(
            what,
            "empty: give an id or part of the name",
        ));
    }
    if let Ok(id) = q.parse::<i64>() {
        if candidates.iter().any(|c| c.id == id) {
            return Ok(id);
        }
    }
    let folded = text::fold(q);
    let matches: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| text::fold(&c.text).contains(&folded))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Error::NotFound(format!(
            "No {what} matches \"{query}\" (see `{list_command}` for the list)."
        ))),
        several => {
            // A fragment that is exactly one candidate's whole name is not ambiguous.
            let exact: Vec<_> = several
                .iter()
                .filter(|c| text::fold(&c.text) == folded)
                .collect();
            if let [one] = exact.as_slice() {
                return Ok(one.id);
            }
            let mut lines: Vec<String> = several
                .iter()
                .take(SHOWN)
                .map(|c| format!("  {}", c.display))
                .collect();
            if several.len() > SHOWN {
                lines.push(format!("  ... and {} more", several.len() - SHOWN));
            }
            Err(Error::Ambiguous(format!(
                "\"{query}\" matches {} {what}s; give more of the name or the id:\n{}",
                several.len(),
                lines.join("\n")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fixtures::testutil, ErrorCode};

    #[test]
    fn a_unique_fragment_names_one_session_ignoring_case() {
        let (store, conference) = testutil::sample();
        let id = session(store.conn(), &conference, "panel 2").unwrap();
        let title: String = store
            .conn()
            .query_row("SELECT title FROM session WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(title.starts_with("Panel 2"), "{title}");
    }

    #[test]
    fn an_id_names_the_session_directly() {
        let (store, conference) = testutil::sample();
        let id = session(store.conn(), &conference, "panel 3").unwrap();
        assert_eq!(
            session(store.conn(), &conference, &id.to_string()).unwrap(),
            id
        );
        assert_eq!(
            session(store.conn(), &conference, &format!("#{id}")).unwrap(),
            id
        );
    }

    #[test]
    fn an_ambiguous_fragment_lists_the_candidates() {
        let (store, conference) = testutil::sample();
        let err = session(store.conn(), &conference, "panel").unwrap_err();
        assert_eq!(err.code(), ErrorCode::Ambiguous);
        let message = err.to_string();
        assert!(
            message.contains("Panel 1") && message.contains("Panel 3"),
            "{message}"
        );
    }

    #[test]
    fn a_fragment_that_matches_nothing_is_not_found() {
        let (store, conference) = testutil::sample();
        let err = session(store.conn(), &conference, "karaoke").unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound);
        assert!(err.to_string().contains("\"karaoke\""), "{err}");
    }

    #[test]
    fn member_names_match_without_their_diacritics() {
        let (store, conference) = testutil::sample();
        let id = member(store.conn(), conference.id, "lukasz").unwrap();
        let name: String = store
            .conn()
            .query_row("SELECT name FROM member WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert!(name.starts_with("Łukasz"), "{name}");
    }
}
