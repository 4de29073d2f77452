//! The delegation: its members, and their editing by hand (see `docs/ipc.md`, "Delegation").

use desk_core::app::delegation;
use desk_core::delegation::editing::{MemberFields, RemovedMember};
use desk_core::delegation::members::Member;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn list_members(state: State<'_, AppState>) -> Result<Vec<Member>> {
    state.read(move |s, c| delegation::list_members(s, c)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_member(state: State<'_, AppState>, fields: MemberFields) -> Result<Member> {
    state
        .write(move |s, c| delegation::add_member(s, c, &fields))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_member(
    state: State<'_, AppState>,
    member_id: i64,
    fields: MemberFields,
) -> Result<Member> {
    state
        .write(move |s, c| delegation::edit_member(s, c, member_id, &fields))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_member(state: State<'_, AppState>, member_id: i64) -> Result<RemovedMember> {
    state
        .write(move |s, c| delegation::remove_member(s, c, member_id))
        .await
}
