//! The planner: assignments, priorities, locks, coverage, conflicts, and the auto-planner's proposal.

use desk_core::app::planner;
use desk_core::planner::autoplan::{Applied, Proposal};
use desk_core::planner::conflicts::Conflict;
use desk_core::planner::coverage::Coverage;
use desk_core::programme::sessions::Session;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn assign(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
    role: String,
) -> Result<Session> {
    state.with(|s| planner::assign(s, session_id, member_id, &role))
}

#[tauri::command(rename_all = "snake_case")]
pub fn unassign(state: State<'_, AppState>, session_id: i64, member_id: i64) -> Result<Session> {
    state.with(|s| planner::unassign(s, session_id, member_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_priority(
    state: State<'_, AppState>,
    session_id: i64,
    priority: String,
    need: Option<i64>,
) -> Result<Session> {
    state.with(|s| planner::set_priority(s, session_id, &priority, need))
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_lock(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
    locked: bool,
) -> Result<Session> {
    state.with(|s| planner::set_lock(s, session_id, member_id, locked))
}

#[tauri::command]
pub fn coverage(state: State<'_, AppState>) -> Result<Coverage> {
    state.with_conference(|s, c| planner::coverage(s, c))
}

#[tauri::command]
pub fn conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>> {
    state.with_conference(|s, c| planner::conflicts(s, c))
}

#[tauri::command(rename_all = "snake_case")]
pub fn propose_plan(state: State<'_, AppState>, replace_auto: Option<bool>) -> Result<Proposal> {
    state.with_conference(|s, c| planner::propose_plan(s, c, replace_auto.unwrap_or(false)))
}

#[tauri::command]
pub fn apply_plan(state: State<'_, AppState>, proposal: Proposal) -> Result<Applied> {
    state.with_conference(|s, c| planner::apply_plan(s, c, &proposal))
}
