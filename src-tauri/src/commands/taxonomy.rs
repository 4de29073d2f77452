//! The taxonomy of building blocks: the list (plain or with use counts), add, rename, describe, move,
//! archive, delete.

use desk_core::app::taxonomy;
use desk_core::taxonomy::blocks::Block;
use desk_core::taxonomy::BlockUse;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_blocks(state: State<'_, AppState>) -> Result<Vec<Block>> {
    state.read(move |s, c| taxonomy::list_blocks(s, c)).await
}

#[tauri::command]
pub async fn list_taxonomy(state: State<'_, AppState>) -> Result<Vec<BlockUse>> {
    state.read(move |s, c| taxonomy::list_taxonomy(s, c)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_block(
    state: State<'_, AppState>,
    code: String,
    name: String,
    description: Option<String>,
    parent: Option<String>,
) -> Result<Block> {
    let description = description.unwrap_or_default();
    state
        .write(move |s, c| taxonomy::add_block(s, c, &code, &name, &description, parent))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_block(state: State<'_, AppState>, code: String, name: String) -> Result<Block> {
    state
        .write(move |s, c| taxonomy::rename_block(s, c, &code, &name))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn describe_block(
    state: State<'_, AppState>,
    code: String,
    description: String,
) -> Result<Block> {
    state
        .write(move |s, c| taxonomy::describe_block(s, c, &code, &description))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn move_block(state: State<'_, AppState>, code: String, position: i64) -> Result<Block> {
    state
        .write(move |s, c| taxonomy::move_block(s, c, &code, position))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn archive_block(
    state: State<'_, AppState>,
    code: String,
    archived: bool,
) -> Result<Block> {
    state
        .write(move |s, c| taxonomy::archive_block(s, c, &code, archived))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_block(state: State<'_, AppState>, code: String) -> Result<Block> {
    state
        .write(move |s, c| taxonomy::delete_block(s, c, &code))
        .await
}
