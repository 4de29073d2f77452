//! The planner: assignments, priorities, locks, coverage, conflicts, and the auto-planner's proposal.

use desk_core::app::planner::{self, Checks, PlanGrid};
use desk_core::planner::autoplan::{Applied, Proposal};
use desk_core::planner::conflicts::Conflict;
use desk_core::planner::coverage::Coverage;
use desk_core::programme::sessions::Session;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn assign(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
    role: String,
) -> Result<Session> {
    state
        .write_any(move |s| planner::assign(s, session_id, member_id, &role))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unassign(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
) -> Result<Session> {
    state
        .write_any(move |s| planner::unassign(s, session_id, member_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_priority(
    state: State<'_, AppState>,
    session_id: i64,
    priority: String,
    need: Option<i64>,
) -> Result<Session> {
    state
        .write_any(move |s| planner::set_priority(s, session_id, &priority, need))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_lock(
    state: State<'_, AppState>,
    session_id: i64,
    member_id: i64,
    locked: bool,
) -> Result<Session> {
    state
        .write_any(move |s| planner::set_lock(s, session_id, member_id, locked))
        .await
}

#[tauri::command]
pub async fn coverage(state: State<'_, AppState>) -> Result<Coverage> {
    state.read(move |s, c| planner::coverage(s, c)).await
}

#[tauri::command]
pub async fn conflicts(state: State<'_, AppState>) -> Result<Vec<Conflict>> {
    state.read(move |s, c| planner::conflicts(s, c)).await
}

#[tauri::command]
pub async fn plan_checks(state: State<'_, AppState>) -> Result<Checks> {
    state.read(move |s, c| planner::checks(s, c)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn plan_grid(
    state: State<'_, AppState>,
    with_sessions: Option<bool>,
) -> Result<PlanGrid> {
    let home = state.home_time_zone();
    state
        .read(move |s, c| planner::plan_grid(s, c, home.as_deref(), with_sessions.unwrap_or(true)))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn propose_plan(
    state: State<'_, AppState>,
    replace_auto: Option<bool>,
) -> Result<Proposal> {
    state
        .read(move |s, c| planner::propose_plan(s, c, replace_auto.unwrap_or(false)))
        .await
}

#[tauri::command]
pub async fn apply_plan(state: State<'_, AppState>, proposal: Proposal) -> Result<Applied> {
    state
        .write(move |s, c| planner::apply_plan(s, c, &proposal))
        .await
}
