//! The conferences: the current one, loading the sample, creating one by hand.

use desk_core::app::conferences::{self, ConferenceFields};
use desk_core::programme::conference::Conference;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn current_conference(state: State<'_, AppState>) -> Result<Option<Conference>> {
    state.with(|s| conferences::current(s))
}

#[tauri::command]
pub fn load_sample(state: State<'_, AppState>) -> Result<Conference> {
    state.with(|s| conferences::load_sample(s).map(|o| o.conference))
}

#[tauri::command]
pub fn create_conference(
    state: State<'_, AppState>,
    fields: ConferenceFields,
) -> Result<Conference> {
    state.with(|s| conferences::create(s, &fields))
}
