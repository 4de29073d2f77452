//! Commands that add and edit sessions and members by hand (see `docs/ipc.md`, "Editing").

use desk_core::app::editing as app;
use desk_core::delegation::editing::{MemberFields, RemovedMember};
use desk_core::delegation::members::Member;
use desk_core::programme::editing::SessionFields;
use desk_core::programme::sessions::Session;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn add_session(state: State<'_, AppState>, fields: SessionFields) -> Result<Session> {
    state.with(|s| app::add_session(s, &fields))
}

#[tauri::command(rename_all = "snake_case")]
pub fn edit_session(
    state: State<'_, AppState>,
    session_id: i64,
    fields: SessionFields,
) -> Result<Session> {
    state.with(|s| app::edit_session(s, session_id, &fields))
}

#[tauri::command(rename_all = "snake_case")]
pub fn delete_session(state: State<'_, AppState>, session_id: i64) -> Result<String> {
    state.with(|s| app::delete_session(s, session_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_session_status(
    state: State<'_, AppState>,
    session_id: i64,
    status: String,
) -> Result<Session> {
    state.with(|s| app::set_session_status(s, session_id, &status))
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_member(state: State<'_, AppState>, fields: MemberFields) -> Result<Member> {
    state.with(|s| app::add_member(s, &fields))
}

#[tauri::command(rename_all = "snake_case")]
pub fn edit_member(
    state: State<'_, AppState>,
    member_id: i64,
    fields: MemberFields,
) -> Result<Member> {
    state.with(|s| app::edit_member(s, member_id, &fields))
}

#[tauri::command(rename_all = "snake_case")]
pub fn remove_member(state: State<'_, AppState>, member_id: i64) -> Result<RemovedMember> {
    state.with(|s| app::remove_member(s, member_id))
}
