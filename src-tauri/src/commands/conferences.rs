//! Creating a conference by hand.

use desk_core::app::conferences::{self, ConferenceFields};
use desk_core::programme::conference::Conference;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn create_conference(
    state: State<'_, AppState>,
    fields: ConferenceFields,
) -> Result<Conference> {
    state.with(|s| conferences::create(s, &fields))
}
