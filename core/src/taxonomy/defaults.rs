//! The default taxonomy every new conference gets its own copy of: the thirteen building blocks and the
//! sub-elements that refine some of them (the referral mechanism's five stages), all in one asset,
//! `assets/reference/building-blocks.json`.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Deserialize;

use crate::{Error, Result};

/// The default taxonomy shipped with the app.
const DEFAULTS_JSON: &str = include_str!("../../../assets/reference/building-blocks.json");

/// A block of the default taxonomy, with its sub-elements in order.
#[derive(Debug, Deserialize)]
pub(crate) struct DefaultBlock {
    pub code: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub sub_elements: Vec<DefaultBlock>,
}

/// The default taxonomy's top-level blocks in order, each with its sub-elements.
pub(crate) fn defaults() -> Result<Vec<DefaultBlock>> {
    serde_json::from_str(DEFAULTS_JSON)
        .map_err(|e| Error::Internal(format!("assets/reference/building-blocks.json: {e}")))
}

/// Gives a new conference the default building blocks: every top-level block first, then the
/// sub-elements of each block the conference has.
pub(crate) fn seed(tx: &Transaction<'_>, conference_id: i64) -> Result<()> {
    let defaults = defaults()?;
    let mut stmt = tx.prepare(
        "INSERT INTO building_block (id, conference_id, code, name, description, position) VALUES (?6, ?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, b) in defaults.iter().enumerate() {
        stmt.execute(params![
            conference_id,
            b.code,
            b.name,
            b.description,
            position as i64 + 1,
            crate::store::new_id()
        ])?;
    }
    for parent in defaults.iter().filter(|b| !b.sub_elements.is_empty()) {
        seed_sub_elements(tx, conference_id, parent)?;
    }
    Ok(())
}

/// Seeds `parent`'s sub-elements (when the conference has that top-level block).
fn seed_sub_elements(
    tx: &Transaction<'_>,
    conference_id: i64,
    parent: &DefaultBlock,
) -> Result<()> {
    let parent_id: Option<i64> = tx
        .query_row(
            "SELECT id FROM building_block WHERE conference_id = ?1 AND code = ?2 AND parent_id IS NULL",
            params![conference_id, parent.code],
            |r| r.get(0),
        )
        .optional()?;
    let Some(parent_id) = parent_id else {
        return Ok(());
    };
    let mut stmt = tx.prepare(
        "INSERT OR IGNORE INTO building_block (id, conference_id, code, name, description, position, parent_id)
         VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, b) in parent.sub_elements.iter().enumerate() {
        stmt.execute(params![
            conference_id,
            b.code,
            b.name,
            b.description,
            i as i64 + 1,
            parent_id,
            crate::store::new_id()
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_taxonomy_has_thirteen_blocks_with_descriptions() {
        let blocks = defaults().unwrap();
        assert_eq!(blocks.len(), 13, "the thirteen building blocks");
        assert_eq!(blocks[0].code, "coordinator");
        assert!(blocks
            .iter()
            .any(|b| b.code == "nrm" && b.name == "National referral mechanism"));
        for b in blocks
            .iter()
            .chain(blocks.iter().flat_map(|b| &b.sub_elements))
        {
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
    fn only_the_referral_mechanism_has_default_sub_elements_each_one_level_deep() {
        let blocks = defaults().unwrap();
        let with_subs: Vec<&str> = blocks
            .iter()
            .filter(|b| !b.sub_elements.is_empty())
            .map(|b| b.code.as_str())
            .collect();
        assert_eq!(with_subs, ["nrm"], "the referral mechanism's stages");
        let nrm = blocks.iter().find(|b| b.code == "nrm").unwrap();
        let codes: Vec<&str> = nrm.sub_elements.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "nrm-identification",
                "nrm-referral",
                "nrm-services",
                "nrm-inclusion",
                "nrm-justice"
            ],
            "the five stages in order"
        );
        assert!(
            nrm.sub_elements.iter().all(|s| s.sub_elements.is_empty()),
            "sub-elements have no sub-elements of their own"
        );
    }
}
