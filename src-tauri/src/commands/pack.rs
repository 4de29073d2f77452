//! The briefing pack: session briefs, the pack's settings, generating the PDF with progress (kept in the
//! data file), the packs kept, and opening one (through the private folder) or saving a copy.

use desk_core::app::pack::{self, PackMade, PackRequest};
use desk_core::data::packs::StoredPack;
use desk_core::data::private;
use desk_core::pack::PackSettings;
use desk_core::programme::briefs::{Brief, BriefChange};
use desk_core::Result;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn get_brief(state: State<'_, AppState>, session_id: i64) -> Result<Brief> {
    state.with_conference(|s, c| pack::get_brief(s, c, session_id))
}

#[tauri::command(rename_all = "snake_case")]
pub fn save_brief(
    state: State<'_, AppState>,
    session_id: i64,
    brief: BriefChange,
) -> Result<Brief> {
    state.with_conference(|s, c| pack::save_brief(s, c, session_id, &brief))
}

#[tauri::command]
pub fn get_pack_settings(state: State<'_, AppState>) -> Result<PackSettings> {
    state.with_conference(|s, c| pack::get_pack_settings(s, c))
}

#[tauri::command]
pub fn save_pack_settings(
    state: State<'_, AppState>,
    settings: PackSettings,
) -> Result<PackSettings> {
    state.with_conference(|s, c| pack::save_pack_settings(s, c, &settings))
}

/// Runs off the main thread so the window stays responsive; progress goes out on `progress`.
#[tauri::command(async)]
pub fn generate_pack(
    state: State<'_, AppState>,
    request: PackRequest,
    progress: Channel<f32>,
) -> Result<PackMade> {
    state.with_conference(|s, c| {
        pack::generate_pack(s, c, &request, &mut |f| {
            let _ = progress.send(f);
        })
    })
}

#[tauri::command]
pub fn list_packs(state: State<'_, AppState>) -> Result<Vec<StoredPack>> {
    state.with_conference(|s, c| pack::list_packs(s, c))
}

/// The copy goes to this user's private folder, emptied when the app locks and exits.
#[tauri::command]
pub fn open_pack(state: State<'_, AppState>, id: i64) -> Result<String> {
    state.with_conference(|s, c| pack::open_pack(s, c, id, &private::location()))
}

#[tauri::command]
pub fn save_pack_as(state: State<'_, AppState>, id: i64, path: String) -> Result<String> {
    state.with_conference(|s, c| pack::save_pack_as(s, c, id, &path))
}
