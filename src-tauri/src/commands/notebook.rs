//! Commands of the notes feature: composer (save with autosave), history, search, matrix, countries,
//! quick capture, taxonomy, follow-up actions and the daily report. Each is one call into `desk_core::app`.

use desk_core::app::{followup, notebook, taxonomy};
use desk_core::notes::actions::Action;
use desk_core::notes::history::Version;
use desk_core::notes::matrix::Matrix;
use desk_core::notes::report::DailyReport;
use desk_core::notes::search::{Hit, Query};
use desk_core::notes::Note;
use desk_core::programme::sessions::Session;
use desk_core::taxonomy::blocks::Block;
use desk_core::taxonomy::reference::Country;
use desk_core::taxonomy::BlockUse;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn save_note(state: State<'_, AppState>, note: notebook::NoteDraft) -> Result<Note> {
    state.with(|s| notebook::save_note(s, note))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_note(state: State<'_, AppState>, id: String) -> Result<Note> {
    state.with(|s| notebook::get_note(s, &id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn note_history(state: State<'_, AppState>, id: String) -> Result<Vec<Version>> {
    state.with(|s| notebook::note_history(s, &id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn search_notes(state: State<'_, AppState>, query: Query) -> Result<Vec<Hit>> {
    state.with(|s| notebook::search_notes(s, &query))
}

#[tauri::command(rename_all = "snake_case")]
pub fn block_matrix(state: State<'_, AppState>, by: String) -> Result<Matrix> {
    state.with(|s| notebook::block_matrix(s, &by))
}

#[tauri::command]
pub fn list_countries() -> Result<Vec<Country>> {
    notebook::list_countries()
}

#[tauri::command]
pub fn session_now(state: State<'_, AppState>) -> Result<Option<Session>> {
    state.with(|s| notebook::session_now(s))
}

#[tauri::command]
pub fn list_taxonomy(state: State<'_, AppState>) -> Result<Vec<BlockUse>> {
    state.with(|s| taxonomy::list_taxonomy(s))
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
    state.with(|s| taxonomy::add_block(s, &code, &name, &description, parent))
}

#[tauri::command(rename_all = "snake_case")]
pub fn rename_block(state: State<'_, AppState>, code: String, name: String) -> Result<Block> {
    state.with(|s| taxonomy::rename_block(s, &code, &name))
}

#[tauri::command(rename_all = "snake_case")]
pub fn describe_block(
    state: State<'_, AppState>,
    code: String,
    description: String,
) -> Result<Block> {
    state.with(|s| taxonomy::describe_block(s, &code, &description))
}

#[tauri::command(rename_all = "snake_case")]
pub fn move_block(state: State<'_, AppState>, code: String, position: i64) -> Result<Block> {
    state.with(|s| taxonomy::move_block(s, &code, position))
}

#[tauri::command(rename_all = "snake_case")]
pub fn archive_block(state: State<'_, AppState>, code: String, archived: bool) -> Result<Block> {
    state.with(|s| taxonomy::archive_block(s, &code, archived))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_block(state: State<'_, AppState>, code: String) -> Result<Block> {
    state.with(|s| taxonomy::delete_block(s, &code))
}

#[tauri::command]
pub fn list_actions(state: State<'_, AppState>) -> Result<Vec<Action>> {
    state.with(|s| followup::list_actions(s))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_action(
    state: State<'_, AppState>,
    title: String,
    owner_id: Option<i64>,
    due_on: Option<String>,
    note_id: Option<String>,
) -> Result<Action> {
    state.with(|s| followup::add_action(s, &title, owner_id, due_on, note_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_action_done(state: State<'_, AppState>, id: i64, done: bool) -> Result<Action> {
    state.with(|s| followup::set_action_done(s, id, done))
}

#[tauri::command(rename_all = "snake_case")]
pub fn get_report(state: State<'_, AppState>, day: String) -> Result<DailyReport> {
    state.with(|s| followup::get_report(s, &day))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_report(state: State<'_, AppState>, day: String, body: String) -> Result<DailyReport> {
    state.with(|s| followup::save_report(s, &day, &body))
}
