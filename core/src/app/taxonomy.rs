//! The app's taxonomy commands: list with use counts, add, rename, describe, move, archive, delete.

use crate::programme::conference;
use crate::taxonomy::blocks::Block;
use crate::taxonomy::{self, BlockUse, NewBlock};
use crate::{Result, Store};

fn conference_id(store: &Store) -> Result<i64> {
    Ok(conference::select(store.conn(), None)?.id)
}

/// The taxonomy in order, with how many notes and sessions use each block.
pub fn list_taxonomy(store: &Store) -> Result<Vec<BlockUse>> {
    taxonomy::list(store.conn(), conference_id(store)?)
}

/// Adds a block, or a sub-element when `parent` (a code) is given.
pub fn add_block(
    store: &mut Store,
    code: &str,
    name: &str,
    description: &str,
    parent: Option<String>,
) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::add(
        store,
        id,
        &NewBlock {
            code: code.into(),
            name: name.into(),
            description: description.into(),
            parent,
        },
    )
}

/// Renames a block; its notes keep their tags.
pub fn rename_block(store: &mut Store, code: &str, name: &str) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::rename(store, id, code, name)
}

/// Sets a block's description.
pub fn describe_block(store: &mut Store, code: &str, description: &str) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::describe(store, id, code, description)
}

/// Moves a block to a position (1 = first) among its siblings.
pub fn move_block(store: &mut Store, code: &str, position: i64) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::move_to(store, id, code, position)
}

/// Archives or restores a block.
pub fn archive_block(store: &mut Store, code: &str, archived: bool) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::set_archived(store, id, code, archived)
}

/// Deletes an unused block; one in use is refused with a suggestion to archive it.
pub fn delete_block(store: &mut Store, code: &str) -> Result<Block> {
    let id = conference_id(store)?;
    taxonomy::delete(store, id, code)
}
