//! The programme: the sessions, and their editing by hand (see `docs/ipc.md`, "Programme").

use desk_core::app::programme;
use desk_core::programme::editing::SessionFields;
use desk_core::programme::sessions::Session;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn list_sessions(state: State<'_, AppState>) -> Result<Vec<Session>> {
    let home = state.home_time_zone();
    state.with_conference(|s, c| programme::list_sessions(s, c, None, home.as_deref()))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_session(state: State<'_, AppState>, fields: SessionFields) -> Result<Session> {
    state.with_conference(|s, c| programme::add_session(s, c, &fields))
}

#[tauri::command(rename_all = "snake_case")]
pub fn edit_session(
    state: State<'_, AppState>,
    session_id: i64,
    fields: SessionFields,
) -> Result<Session> {
    state.with_conference(|s, c| programme::edit_session(s, c, session_id, &fields))
}

/// Answers with the deleted session's title.
#[tauri::command(rename_all = "snake_case")]
pub fn delete_session(state: State<'_, AppState>, session_id: i64) -> Result<String> {
    state.with_conference(|s, c| programme::delete_session(s, c, session_id).map(|d| d.title))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_session_status(
    state: State<'_, AppState>,
    session_id: i64,
    status: String,
) -> Result<Session> {
    state.with_conference(|s, c| programme::set_session_status(s, c, session_id, &status))
}
