//! Building blocks: the elements of an effective national anti-trafficking response (national
//! coordinator, rapporteur, referral mechanism, ...) against which sessions, members' expertise and notes
//! are tagged. Each conference gets its own copy of the default taxonomy, so it can grow per event.

use rusqlite::Connection;
use serde::Serialize;

use crate::{Error, Result};

/// A building block of a conference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub id: i64,
    /// Short stable code used on the command line and in files, e.g. `nrm`.
    pub code: String,
    pub name: String,
    /// One sentence saying what the block covers.
    pub description: String,
    pub position: i64,
    /// The block this one is a sub-element of (e.g. identification under the referral mechanism).
    pub parent_id: Option<i64>,
    /// Archived: kept on the notes that have it, not offered for new tags.
    pub archived: bool,
}

/// The conference's building blocks in taxonomy order: each top-level block followed by its sub-elements.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<Block>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.code, b.name, b.description, b.position, b.parent_id, b.archived
         FROM building_block b LEFT JOIN building_block p ON p.id = b.parent_id
         WHERE b.conference_id = ?1
         ORDER BY coalesce(p.position, b.position), coalesce(p.id, b.id), b.parent_id IS NOT NULL, b.position, b.id",
    )?;
    let rows = stmt.query_map([conference_id], |r| {
        Ok(Block {
            id: r.get(0)?,
            code: r.get(1)?,
            name: r.get(2)?,
            description: r.get(3)?,
            position: r.get(4)?,
            parent_id: r.get(5)?,
            archived: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of the blocks with these codes; an unknown code is refused, naming `field` and the known codes.
pub fn ids_for_codes(
    conn: &Connection,
    conference_id: i64,
    codes: &[String],
    field: &str,
) -> Result<Vec<i64>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let known = list(conn, conference_id)?;
    let mut ids = Vec::with_capacity(codes.len());
    for code in codes {
        let wanted = code.trim().to_ascii_lowercase();
        match known.iter().find(|b| b.code == wanted) {
            Some(b) if !ids.contains(&b.id) => ids.push(b.id),
            Some(_) => {}
            None => {
                let list = known
                    .iter()
                    .map(|b| b.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Error::invalid(
                    field,
                    format!("no building block \"{code}\"; known codes: {list}"),
                ));
            }
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_block_code_is_refused_with_the_known_codes() {
        let (store, conference) = crate::fixtures::testutil::sample();
        let err = ids_for_codes(
            store.conn(),
            conference.id,
            &["nrm".into(), "nmr".into()],
            "block",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("block: no building block \"nmr\""),
            "{message}"
        );
        assert!(
            message.contains("council, nrm, nrm-identification"),
            "lists the known codes: {message}"
        );
    }
}
