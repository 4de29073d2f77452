//! The data and the app itself: what the app is, where the data is, backups, copies, restore, recovery,
//! settings.

use desk_core::app::data::{self, AppInfo, DataStatus, RestorePreview};
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
pub fn data_status(state: State<'_, AppState>) -> Result<DataStatus> {
    state.with_either(|path, store| data::status(path, store.map(|s| &*s)))
}

#[tauri::command]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupFile> {
    let path = state.db_path().clone();
    state.with(|s| data::backup_now(s, &path))
}

#[tauri::command]
pub fn save_copy(state: State<'_, AppState>, path: String) -> Result<String> {
    state.with(|s| data::save_copy(s, &path))
}

#[tauri::command]
pub fn preview_restore(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Passphrase>,
) -> Result<RestorePreview> {
    state.with_either(|_, store| {
        data::preview_restore(store.ok().map(|s| &*s), &path, passphrase.as_ref())
    })
}

#[tauri::command]
pub fn restore_copy(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Passphrase>,
) -> Result<Summary> {
    let db = state.db_path().clone();
    state.with(|s| data::restore_copy(s, &db, &path, passphrase.as_ref()))
}

#[tauri::command]
pub fn recover_data(
    state: State<'_, AppState>,
    source: String,
    passphrase: Option<Passphrase>,
) -> Result<String> {
    state.recover(&source, passphrase.as_ref())
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Result<Settings> {
    data::get_settings(state.settings_path()?)
}

#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<Settings> {
    state.refuse_when_locked()?;
    data::save_settings(state.settings_path()?, &settings)
}
