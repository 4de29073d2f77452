//! Building blocks: the elements of an effective national anti-trafficking response (national
//! coordinator, rapporteur, referral mechanism, ...) against which sessions, members' expertise and notes
//! are tagged. Each conference gets its own copy of the default taxonomy, so it can grow per event.

use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The default taxonomy shipped with the app.
const DEFAULTS_JSON: &str = include_str!("../../assets/reference/building-blocks.json");

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

#[derive(Debug, Deserialize)]
struct DefaultBlock {
    code: String,
    name: String,
    description: String,
}

fn defaults() -> Result<Vec<DefaultBlock>> {
    serde_json::from_str(DEFAULTS_JSON)
        .map_err(|e| Error::Internal(format!("assets/reference/building-blocks.json: {e}")))
}

/// Gives a new conference the default building blocks.
pub(crate) fn seed_defaults(tx: &Transaction<'_>, conference_id: i64) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO building_block (conference_id, code, name, description, position) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, b) in defaults()?.iter().enumerate() {
        stmt.execute(params![
            conference_id,
            b.code,
            b.name,
            b.description,
            position as i64 + 1
        ])?;
    }
    crate::taxonomy::seed_sub_elements(tx, conference_id)?;
    Ok(())
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
    fn the_default_taxonomy_has_thirteen_blocks_with_descriptions() {
        let blocks = defaults().unwrap();
        assert_eq!(
            blocks.len(),
            13,
            "the taxonomy named in the foundation issue"
        );
        assert_eq!(blocks[0].code, "coordinator");
        assert!(blocks
            .iter()
            .any(|b| b.code == "nrm" && b.name == "National referral mechanism"));
        for b in &blocks {
            assert!(
                !b.description.trim().is_empty(),
                "{} has a one-line description",
                b.code
            );
            assert!(
                b.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is a simple code",
                b.code
            );
        }
    }

    #[test]
    fn an_unknown_block_code_is_refused_with_the_known_codes() {
        let (store, conference) = crate::testutil::sample();
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
