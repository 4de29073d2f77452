//! The conferences: the current one, loading the sample, creating one by hand.

use desk_core::app::conferences::{self, ConferenceFields};
use desk_core::programme::conference::Conference;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn current_conference(state: State<'_, AppState>) -> Result<Option<Conference>> {
    state.read_any(move |s| conferences::current(s)).await
}

#[tauri::command]
pub async fn load_sample(state: State<'_, AppState>) -> Result<Conference> {
    state
        .write_any(move |s| conferences::load_sample(s).map(|o| o.conference))
        .await
}

#[tauri::command]
pub async fn create_conference(
    state: State<'_, AppState>,
    fields: ConferenceFields,
) -> Result<Conference> {
    state
        .write_any(move |s| conferences::create(s, &fields))
        .await
}
