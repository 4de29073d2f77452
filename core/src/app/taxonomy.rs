//! The taxonomy of building blocks: the list (plain, or with use counts), add, rename, describe, move,
//! archive, delete.

use crate::taxonomy::blocks::{self, Block};
use crate::taxonomy::{self, BlockUse, NewBlock};
use crate::{Result, Store};

/// The conference's building blocks by position.
pub fn list_blocks(store: &Store, conference: i64) -> Result<Vec<Block>> {
    blocks::list(store.conn(), conference)
}

/// The taxonomy in order, with how many notes and sessions use each block.
pub fn list_taxonomy(store: &Store, conference: i64) -> Result<Vec<BlockUse>> {
    taxonomy::list(store.conn(), conference)
}

/// Adds a block, or a sub-element when `parent` (a code) is given.
pub fn add_block(
    store: &mut Store,
    conference: i64,
    code: &str,
    name: &str,
    description: &str,
    parent: Option<String>,
) -> Result<Block> {
    taxonomy::add(
        store,
        conference,
        &NewBlock {
            code: code.into(),
            name: name.into(),
            description: description.into(),
            parent,
        },
    )
}

/// Renames a block; its notes keep their tags.
pub fn rename_block(store: &mut Store, conference: i64, code: &str, name: &str) -> Result<Block> {
    taxonomy::rename(store, conference, code, name)
}

/// Sets a block's description.
pub fn describe_block(
    store: &mut Store,
    conference: i64,
    code: &str,
    description: &str,
) -> Result<Block> {
    taxonomy::describe(store, conference, code, description)
}

/// Moves a block to a position (1 = first) among its siblings.
pub fn move_block(store: &mut Store, conference: i64, code: &str, position: i64) -> Result<Block> {
    taxonomy::move_to(store, conference, code, position)
}

/// Archives or restores a block.
pub fn archive_block(
    store: &mut Store,
    conference: i64,
    code: &str,
    archived: bool,
) -> Result<Block> {
    taxonomy::set_archived(store, conference, code, archived)
}

/// Deletes an unused block; one in use is refused with a suggestion to archive it.
pub fn delete_block(store: &mut Store, conference: i64, code: &str) -> Result<Block> {
    taxonomy::delete(store, conference, code)
}
