//! The taxonomy of a conference, editable: blocks are added, renamed, described, reordered and archived.
//! Notes tag blocks by id, so a rename keeps every tag; a block that anything uses is never deleted (it
//! can be archived: kept on the notes that have it, no longer offered for new ones). Sub-elements (a
//! block with a parent) refine a block where that helps, e.g. the referral mechanism's five stages.
//!
//! The blocks themselves (reading and matching codes) are in [`blocks`], the default taxonomy a new
//! conference starts from in `defaults.rs`, and the OSCE States that notes are tagged with in
//! [`reference`](mod@reference).

pub mod blocks;
pub(crate) mod defaults;
pub mod reference;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::{Error, Result, Store};
use blocks::Block;

/// The longest block name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A block with what uses it, as `desk blocks list` and the app's taxonomy show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockUse {
    #[serde(flatten)]
    pub block: Block,
    /// The parent's code for a sub-element.
    pub parent_code: Option<String>,
    /// How many notes are tagged with it.
    pub notes: i64,
    /// How many sessions deal with it.
    pub sessions: i64,
}

/// What it takes to add a block.
#[derive(Debug, Clone, Default)]
pub struct NewBlock {
    pub code: String,
    pub name: String,
    pub description: String,
    /// The parent's code, for a sub-element.
    pub parent: Option<String>,
}

/// The taxonomy in order, with how many notes and sessions use each block.
pub fn list(conn: &Connection, conference_id: i64) -> Result<Vec<BlockUse>> {
    let all = blocks::list(conn, conference_id)?;
    let mut stmt = conn.prepare(
        "SELECT (SELECT count(*) FROM note_block WHERE block_id = ?1),
                (SELECT count(*) FROM session_block WHERE block_id = ?1)",
    )?;
    let mut out = Vec::with_capacity(all.len());
    for b in &all {
        let (notes, sessions) = stmt.query_row([b.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let parent_code = b
            .parent_id
            .and_then(|p| all.iter().find(|x| x.id == p))
            .map(|p| p.code.clone());
        out.push(BlockUse {
            block: b.clone(),
            parent_code,
            notes,
            sessions,
        });
    }
    Ok(out)
}

fn find(conn: &Connection, conference_id: i64, code: &str) -> Result<Block> {
    let wanted = code.trim().to_ascii_lowercase();
    let all = blocks::list(conn, conference_id)?;
    let known = all
        .iter()
        .map(|b| b.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    all.into_iter().find(|b| b.code == wanted).ok_or_else(|| {
        Error::NotFound(format!(
            "No building block \"{code}\"; known codes: {known}."
        ))
    })
}

fn check_code(code: &str) -> Result<String> {
    let c = code.trim().to_ascii_lowercase();
    let ok = (1..=40).contains(&c.len())
        && c.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && c.chars()
            .next()
            .is_some_and(|ch| ch.is_ascii_alphanumeric());
    if ok {
        Ok(c)
    } else {
        Err(Error::invalid(
            "code",
            format!("\"{code}\" must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit (e.g. nrm-data)"),
        ))
    }
}

fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Error::invalid("name", "a building block needs a name"));
    }
    if n.chars().count() > MAX_NAME_CHARS {
        return Err(Error::invalid(
            "name",
            format!("longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(n.to_string())
}

/// Adds a block (or, with a parent, a sub-element) at the end of its siblings.
pub fn add(store: &mut Store, conference_id: i64, new: &NewBlock) -> Result<Block> {
    let code = check_code(&new.code)?;
    let name = check_name(&new.name)?;
    let id = store.write(|tx| {
        if let Ok(existing) = find(tx, conference_id, &code) {
            return Err(Error::invalid(
                "code",
                format!("\"{code}\" is already used by \"{}\"", existing.name),
            ));
        }
        let parent = match new.parent.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => {
                let parent = find(tx, conference_id, p)?;
                if parent.parent_id.is_some() {
                    return Err(Error::invalid(
                        "parent",
                        format!("\"{}\" is itself a sub-element; sub-elements go one level deep", parent.code),
                    ));
                }
                Some(parent.id)
            }
            None => None,
        };
        let position: i64 = tx.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM building_block WHERE conference_id = ?1 AND parent_id IS ?2",
            params![conference_id, parent],
            |r| r.get(0),
        )?;
        let id = crate::store::new_id();
        tx.execute(
            "INSERT INTO building_block (id, conference_id, code, name, description, position, parent_id)
             VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![conference_id, code, name, new.description.trim(), position, parent, id],
        )?;
        Ok(id)
    })?;
    by_id(store.conn(), conference_id, id)
}

fn by_id(conn: &Connection, conference_id: i64, id: i64) -> Result<Block> {
    blocks::list(conn, conference_id)?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| Error::Internal(format!("block {id} vanished")))
}

/// Renames a block; the notes keep their tags (they point at the block, not at its name).
pub fn rename(store: &mut Store, conference_id: i64, code: &str, name: &str) -> Result<Block> {
    let name = check_name(name)?;
    let id = store.write(|tx| {
        let b = find(tx, conference_id, code)?;
        tx.execute(
            "UPDATE building_block SET name = ?1 WHERE id = ?2",
            params![name, b.id],
        )?;
        Ok(b.id)
    })?;
    by_id(store.conn(), conference_id, id)
}

/// Sets the one sentence saying what the block covers.
pub fn describe(
    store: &mut Store,
    conference_id: i64,
    code: &str,
    description: &str,
) -> Result<Block> {
    let id = store.write(|tx| {
        let b = find(tx, conference_id, code)?;
        tx.execute(
            "UPDATE building_block SET description = ?1 WHERE id = ?2",
            params![description.trim(), b.id],
        )?;
        Ok(b.id)
    })?;
    by_id(store.conn(), conference_id, id)
}

/// Moves a block to `position` (1 = first) among its siblings; the others close up around it.
pub fn move_to(store: &mut Store, conference_id: i64, code: &str, position: i64) -> Result<Block> {
    let id = store.write(|tx| {
        let b = find(tx, conference_id, code)?;
        let mut siblings: Vec<i64> = blocks::list(tx, conference_id)?
            .into_iter()
            .filter(|x| x.parent_id == b.parent_id)
            .map(|x| x.id)
            .collect();
        if position < 1 || position > siblings.len() as i64 {
            return Err(Error::invalid(
                "position",
                format!("{position} is not between 1 and {}", siblings.len()),
            ));
        }
        siblings.retain(|x| *x != b.id);
        siblings.insert((position - 1) as usize, b.id);
        let mut stmt = tx.prepare("UPDATE building_block SET position = ?1 WHERE id = ?2")?;
        for (i, sid) in siblings.iter().enumerate() {
            stmt.execute(params![i as i64 + 1, sid])?;
        }
        Ok(b.id)
    })?;
    by_id(store.conn(), conference_id, id)
}

/// Archives (or restores) a block: it stays on the notes that have it but is not offered for new tags.
pub fn set_archived(
    store: &mut Store,
    conference_id: i64,
    code: &str,
    archived: bool,
) -> Result<Block> {
    let id = store.write(|tx| {
        let b = find(tx, conference_id, code)?;
        tx.execute(
            "UPDATE building_block SET archived = ?1 WHERE id = ?2",
            params![archived, b.id],
        )?;
        Ok(b.id)
    })?;
    by_id(store.conn(), conference_id, id)
}

/// Deletes a block nothing uses; one with notes, sessions, members or sub-elements is refused, and the
/// message suggests archiving it instead.
pub fn delete(store: &mut Store, conference_id: i64, code: &str) -> Result<Block> {
    store.write(|tx| {
        let b = find(tx, conference_id, code)?;
        let (notes, sessions, members, children): (i64, i64, i64, i64) = tx.query_row(
            "SELECT (SELECT count(*) FROM note_block WHERE block_id = ?1),
                    (SELECT count(*) FROM session_block WHERE block_id = ?1),
                    (SELECT count(*) FROM member_expertise WHERE block_id = ?1),
                    (SELECT count(*) FROM building_block WHERE parent_id = ?1)",
            [b.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut uses = Vec::new();
        for (n, one, many) in [
            (notes, "note", "notes"),
            (sessions, "session", "sessions"),
            (members, "member's expertise", "members' expertise"),
            (children, "sub-element", "sub-elements"),
        ] {
            if n > 0 {
                uses.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        if !uses.is_empty() {
            return Err(Error::invalid(
                "block",
                format!(
                    "\"{}\" is used by {}; it was not deleted. Archive it instead (`desk blocks archive {}`): it stays on those, and is no longer offered for new notes",
                    b.code,
                    uses.join(", "),
                    b.code
                ),
            ));
        }
        tx.execute("DELETE FROM building_block WHERE id = ?1", [b.id])?;
        Ok(b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;
    use crate::notes::{self, NewNote};

    fn codes(store: &Store, conference_id: i64) -> Vec<String> {
        blocks::list(store.conn(), conference_id)
            .unwrap()
            .into_iter()
            .map(|b| b.code)
            .collect()
    }

    #[test]
    fn the_referral_mechanism_has_five_sub_elements_right_after_it() {
        let (store, conference) = testutil::sample();
        let all = codes(&store, conference.id);
        let nrm = all.iter().position(|c| c == "nrm").unwrap();
        assert_eq!(
            &all[nrm + 1..nrm + 6],
            &[
                "nrm-identification",
                "nrm-referral",
                "nrm-services",
                "nrm-inclusion",
                "nrm-justice"
            ],
            "sub-elements follow their parent in taxonomy order"
        );
        assert_eq!(all.len(), 18, "13 blocks and 5 sub-elements");
    }

    #[test]
    fn renaming_a_block_keeps_the_tags_of_its_notes() {
        let (mut store, conference) = testutil::sample();
        let note = notes::add(
            &mut store,
            &conference,
            &NewNote {
                body: "Rapporteur reports to parliament.".into(),
                blocks: vec!["rapporteur".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let renamed = rename(
            &mut store,
            conference.id,
            "rapporteur",
            "National rapporteur",
        )
        .unwrap();
        assert_eq!(renamed.name, "National rapporteur");
        let again = notes::get(store.conn(), &conference, &note.id).unwrap();
        assert_eq!(
            again.blocks,
            vec!["rapporteur"],
            "the tag survived the rename"
        );
        let hits = notes::search::search(
            store.conn(),
            &conference,
            &notes::search::Query {
                text: "national rapporteur".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(hits.len(), 1, "the index knows the new name");
    }

    #[test]
    fn a_block_with_notes_is_never_deleted_and_archiving_is_suggested() {
        let (mut store, conference) = testutil::sample();
        notes::add(
            &mut store,
            &conference,
            &NewNote {
                body: "x".into(),
                blocks: vec!["data".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let before = codes(&store, conference.id);
        let err = delete(&mut store, conference.id, "data").unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("1 note") && message.contains("Archive it"),
            "{message}"
        );
        assert_eq!(codes(&store, conference.id), before, "nothing was deleted");
    }

    #[test]
    fn an_unused_block_can_be_deleted() {
        let (mut store, conference) = testutil::sample();
        add(
            &mut store,
            conference.id,
            &NewBlock {
                code: "labour".into(),
                name: "Labour exploitation".into(),
                ..Default::default()
            },
        )
        .unwrap();
        delete(&mut store, conference.id, "labour").unwrap();
        assert!(!codes(&store, conference.id).contains(&"labour".to_string()));
    }

    #[test]
    fn an_archived_block_stays_on_notes_but_is_refused_for_new_tags() {
        let (mut store, conference) = testutil::sample();
        let note = notes::add(
            &mut store,
            &conference,
            &NewNote {
                body: "x".into(),
                blocks: vec!["data".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let b = set_archived(&mut store, conference.id, "data", true).unwrap();
        assert!(b.archived);
        let kept = notes::update(
            &mut store,
            &conference,
            &note.id,
            &NewNote {
                body: "x, edited".into(),
                blocks: vec!["data".into()],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(kept.blocks, vec!["data"], "an existing tag stays");
        let err = notes::add(
            &mut store,
            &conference,
            &NewNote {
                body: "y".into(),
                blocks: vec!["data".into()],
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("archived"), "{err}");
    }

    #[test]
    fn adding_renaming_and_moving_follow_the_rules() {
        let (mut store, conference) = testutil::sample();
        let sub = add(
            &mut store,
            conference.id,
            &NewBlock {
                code: "nrm-data".into(),
                name: "Data on referrals".into(),
                description: "Counting who is referred where.".into(),
                parent: Some("nrm".into()),
            },
        )
        .unwrap();
        assert!(sub.parent_id.is_some());
        let err = add(
            &mut store,
            conference.id,
            &NewBlock {
                code: "nrm".into(),
                name: "Again".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("code:"), "{err}");
        let err = add(
            &mut store,
            conference.id,
            &NewBlock {
                code: "Bad Code".into(),
                name: "x".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("code:"), "{err}");
        assert!(
            rename(&mut store, conference.id, "law", "  ").is_err(),
            "a name is required"
        );
        move_to(&mut store, conference.id, "law", 1).unwrap();
        assert_eq!(codes(&store, conference.id)[0], "law", "moved to the front");
        assert!(move_to(&mut store, conference.id, "law", 99).is_err());
        let d = describe(&mut store, conference.id, "law", "One law.").unwrap();
        assert_eq!(d.description, "One law.");
        let listed = list(store.conn(), conference.id).unwrap();
        let nrm_data = listed.iter().find(|b| b.block.code == "nrm-data").unwrap();
        assert_eq!(nrm_data.parent_code.as_deref(), Some("nrm"));
    }
}
