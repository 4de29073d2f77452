//! The taxonomy of building blocks: the list (plain or with use counts), add, rename, describe, move,
//! archive, delete.

use desk_core::app::taxonomy;
use desk_core::taxonomy::blocks::Block;
use desk_core::taxonomy::BlockUse;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn list_blocks(state: State<'_, AppState>) -> Result<Vec<Block>> {
    state.with_conference(|s, c| taxonomy::list_blocks(s, c))
}

#[tauri::command]
pub fn list_taxonomy(state: State<'_, AppState>) -> Result<Vec<BlockUse>> {
    state.with_conference(|s, c| taxonomy::list_taxonomy(s, c))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_block(
    state: State<'_, AppState>,
    code: String,
    name: String,
    description: Option<String>,
    parent: Option<String>,
) -> Result<Block> {
    let description = description.unwrap_or_default();
    state.with_conference(|s, c| taxonomy::add_block(s, c, &code, &name, &description, parent))
}

#[tauri::command(rename_all = "snake_case")]
pub fn rename_block(state: State<'_, AppState>, code: String, name: String) -> Result<Block> {
    state.with_conference(|s, c| taxonomy::rename_block(s, c, &code, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn describe_block(
    state: State<'_, AppState>,
    code: String,
    description: String,
) -> Result<Block> {
    state.with_conference(|s, c| taxonomy::describe_block(s, c, &code, &description))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_block(state: State<'_, AppState>, code: String, position: i64) -> Result<Block> {
    state.with_conference(|s, c| taxonomy::move_block(s, c, &code, position))
}

#[tauri::command(rename_all = "snake_case")]
pub fn archive_block(state: State<'_, AppState>, code: String, archived: bool) -> Result<Block> {
    state.with_conference(|s, c| taxonomy::archive_block(s, c, &code, archived))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_block(state: State<'_, AppState>, code: String) -> Result<Block> {
    state.with_conference(|s, c| taxonomy::delete_block(s, c, &code))
}
