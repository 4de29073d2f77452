//! The data and the app itself: what the app is, where the data is, backups, copies, restore, recovery,
//! settings.

use desk_core::app::data::{self, AppInfo, DataStatus, Health, RestorePreview};
use desk_core::data::backup::{BackupFile, Summary};
use desk_core::data::settings::Settings;
use desk_core::store::Passphrase;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    data::info(state.db_path())
}

#[tauri::command]
pub async fn data_status(state: State<'_, AppState>) -> Result<DataStatus> {
    state
        .run(|st| st.with_either(|path, store| data::status(path, store.map(|s| &*s))))
        .await
}

/// What the check of the data file after start has found (`checking`, `ok`, or `problem`).
#[tauri::command]
pub async fn data_health(state: State<'_, AppState>) -> Result<Health> {
    state.run(|st| st.health()).await
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupFile> {
    let path = state.db_path().clone();
    state.read_any(move |s| data::backup_now(s, &path)).await
}

#[tauri::command]
pub async fn save_copy(state: State<'_, AppState>, path: String) -> Result<String> {
    state.read_any(move |s| data::save_copy(s, &path)).await
}

#[tauri::command]
pub async fn preview_restore(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Passphrase>,
) -> Result<RestorePreview> {
    state
        .run(move |st| {
            st.with_either(|_, store| {
                data::preview_restore(store.ok().map(|s| &*s), &path, passphrase.as_ref())
            })
        })
        .await
}

#[tauri::command]
pub async fn restore_copy(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Passphrase>,
) -> Result<Summary> {
    let db = state.db_path().clone();
    state
        .write_any(move |s| data::restore_copy(s, &db, &path, passphrase.as_ref()))
        .await
}

#[tauri::command]
pub async fn recover_data(
    state: State<'_, AppState>,
    source: String,
    passphrase: Option<Passphrase>,
) -> Result<String> {
    state
        .run(move |st| st.recover(&source, passphrase.as_ref()))
        .await
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings> {
    data::get_settings(state.settings_path()?)
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<Settings> {
    state
        .run(move |st| {
            st.refuse_when_locked()?;
            data::save_settings(st.settings_path()?, &settings)
        })
        .await
}
