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
pub async fn get_brief(state: State<'_, AppState>, session_id: i64) -> Result<Brief> {
    state
        .read(move |s, c| pack::get_brief(s, c, session_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_brief(
    state: State<'_, AppState>,
    session_id: i64,
    brief: BriefChange,
) -> Result<Brief> {
    state
        .write(move |s, c| pack::save_brief(s, c, session_id, &brief))
        .await
}

#[tauri::command]
pub async fn get_pack_settings(state: State<'_, AppState>) -> Result<PackSettings> {
    state.read(move |s, c| pack::get_pack_settings(s, c)).await
}

#[tauri::command]
pub async fn save_pack_settings(
    state: State<'_, AppState>,
    settings: PackSettings,
) -> Result<PackSettings> {
    state
        .write(move |s, c| pack::save_pack_settings(s, c, &settings))
        .await
}

/// Runs off the main thread so the window stays responsive; progress goes out on `progress`. The
/// content is read on a read connection and the writer is held only for the two short writes, so
/// autosave goes on while the pack is made.
#[tauri::command]
pub async fn generate_pack(
    state: State<'_, AppState>,
    request: PackRequest,
    progress: Channel<f32>,
) -> Result<PackMade> {
    state
        .run(move |st| {
            let conference = st.read_conference(|_, c| Ok(c))?;
            pack::generate_pack_on(st, conference, &request, &mut |f| {
                let _ = progress.send(f);
            })
        })
        .await
}

#[tauri::command]
pub async fn list_packs(state: State<'_, AppState>) -> Result<Vec<StoredPack>> {
    state.read(move |s, c| pack::list_packs(s, c)).await
}

/// The copy goes to this user's private folder, emptied when the app locks and exits.
#[tauri::command]
pub async fn open_pack(state: State<'_, AppState>, id: i64) -> Result<String> {
    state
        .read(move |s, c| pack::open_pack(s, c, id, &private::location()))
        .await
}

#[tauri::command]
pub async fn save_pack_as(state: State<'_, AppState>, id: i64, path: String) -> Result<String> {
    state
        .read(move |s, c| pack::save_pack_as(s, c, id, &path))
        .await
}
