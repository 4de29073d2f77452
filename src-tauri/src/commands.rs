//! The app's commands: each deserialises its arguments, makes one call into `desk_core::app` and lets
//! the engine's error cross as `{code, message}`. Every one is granted in `capabilities/main.json`.

pub mod agenda;
pub mod conferences;
pub mod data;
pub mod editing;
pub mod import;
pub mod notebook;
pub mod pack;
pub mod planning;
#[cfg(test)]
pub mod testing;
pub mod window;

use desk_core::app::{self, AppInfo, NoteInput};
use desk_core::delegation::members::Member;
use desk_core::notes::Note;
use desk_core::programme::conference::Conference;
use desk_core::programme::sessions::Session;
use desk_core::taxonomy::blocks::Block;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo> {
    let path = state.db_path().display().to_string();
    Ok(state.with(|s| Ok(app::info(s))).unwrap_or(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        db_path: path,
    }))
}

#[tauri::command]
pub fn current_conference(state: State<'_, AppState>) -> Result<Option<Conference>> {
    state.with(|s| app::current_conference(s))
}

#[tauri::command]
pub fn load_sample(state: State<'_, AppState>) -> Result<Conference> {
    state.with(app::load_sample)
}

#[tauri::command]
pub fn list_sessions(state: State<'_, AppState>) -> Result<Vec<Session>> {
    state.with(|s| app::list_sessions(s))
}

#[tauri::command]
pub fn list_members(state: State<'_, AppState>) -> Result<Vec<Member>> {
    state.with(|s| app::list_members(s))
}

#[tauri::command]
pub fn list_blocks(state: State<'_, AppState>) -> Result<Vec<Block>> {
    state.with(|s| app::list_blocks(s))
}

#[tauri::command(rename_all = "snake_case")]
pub fn assign(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
    role: String,
) -> Result<Session> {
    state.with(|s| app::assign(s, session_id, member_id, &role))
}

#[tauri::command(rename_all = "snake_case")]
pub fn unassign(state: State<'_, AppState>, session_id: i64, member_id: i64) -> Result<Session> {
    state.with(|s| app::unassign(s, session_id, member_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_note(
    state: State<'_, AppState>,
    session_id: Option<i64>,
    author_id: Option<i64>,
    body: String,
    blocks: Vec<String>,
) -> Result<Note> {
    state.with(|s| {
        app::add_note(
            s,
            NoteInput {
                session_id,
                author_id,
                body,
                blocks,
            },
        )
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn list_notes(state: State<'_, AppState>, session_id: Option<i64>) -> Result<Vec<Note>> {
    state.with(|s| app::list_notes(s, session_id))
}
