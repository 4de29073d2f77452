//! Follow-up actions: list, add, mark done.

use desk_core::app::actions;
use desk_core::notes::actions::Action;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_actions(state: State<'_, AppState>) -> Result<Vec<Action>> {
    state.read(move |s, c| actions::list_actions(s, c)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_action(
    state: State<'_, AppState>,
    title: String,
    owner_id: Option<i64>,
    due_on: Option<String>,
    note_id: Option<String>,
) -> Result<Action> {
    state
        .write(move |s, c| actions::add_action(s, c, &title, owner_id, due_on, note_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_action_done(state: State<'_, AppState>, id: i64, done: bool) -> Result<Action> {
    state
        .write(move |s, c| actions::set_action_done(s, c, id, done))
        .await
}
