//! The programme: the sessions, and their editing by hand (see `docs/ipc.md`, "Programme").

use desk_core::app::programme;
use desk_core::programme::editing::SessionFields;
use desk_core::programme::sessions::Session;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_sessions(state: State<'_, AppState>) -> Result<Vec<Session>> {
    let home = state.home_time_zone();
    state
        .read(move |s, c| programme::list_sessions(s, c, None, home.as_deref()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_session(state: State<'_, AppState>, fields: SessionFields) -> Result<Session> {
    state
        .write(move |s, c| programme::add_session(s, c, &fields))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_session(
    state: State<'_, AppState>,
    session_id: i64,
    fields: SessionFields,
) -> Result<Session> {
    state
        .write(move |s, c| programme::edit_session(s, c, session_id, &fields))
        .await
}

/// Answers with the deleted session's title.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_session(state: State<'_, AppState>, session_id: i64) -> Result<String> {
    state
        .write(move |s, c| programme::delete_session(s, c, session_id).map(|d| d.title))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_session_status(
    state: State<'_, AppState>,
    session_id: i64,
    status: String,
) -> Result<Session> {
    state
        .write(move |s, c| programme::set_session_status(s, c, session_id, &status))
        .await
}
