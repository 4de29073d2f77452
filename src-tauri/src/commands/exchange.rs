//! Exchange: one delegation, many laptops, no server (docs/exchange.md). Copies for the others, joining
//! from one, and changes sent, received or synced through a folder, each sealed with the delegation's
//! passphrase (separate from this laptop's own).

use std::path::PathBuf;

use desk_core::app::exchange::{self, CopyMade, Synced};
use desk_core::data::backup::backups_dir;
use desk_core::exchange::{Joined, Received, Sent, Status};
use desk_core::store::Passphrase;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

/// Where this laptop stands in its delegation, or `null` while it is not part of one.
#[tauri::command]
pub async fn exchange_status(state: State<'_, AppState>) -> Result<Option<Status>> {
    state.read_any(|s| exchange::status(s)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn make_copy(
    state: State<'_, AppState>,
    laptop_name: String,
    passphrase: Passphrase,
    path: String,
) -> Result<CopyMade> {
    state
        .write(move |s, c| exchange::make_copy(s, c, &laptop_name, &passphrase, path.as_ref()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn join_delegation(
    state: State<'_, AppState>,
    path: String,
    passphrase: Passphrase,
    laptop_name: String,
) -> Result<Joined> {
    let backups = backups_dir(state.db_path());
    state
        .write_any(move |s| exchange::join(s, path.as_ref(), &passphrase, &laptop_name, &backups))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn send_changes(
    state: State<'_, AppState>,
    path: String,
    for_laptop: Option<String>,
    passphrase: Passphrase,
) -> Result<Sent> {
    state
        .write(move |s, c| exchange::send(s, c, path.as_ref(), for_laptop.as_deref(), &passphrase))
        .await
}

#[tauri::command]
pub async fn receive_changes(
    state: State<'_, AppState>,
    paths: Vec<String>,
    passphrase: Passphrase,
) -> Result<Vec<Received>> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    state
        .write(move |s, c| exchange::receive(s, c, &paths, &passphrase))
        .await
}

#[tauri::command]
pub async fn sync_folder(
    state: State<'_, AppState>,
    path: String,
    passphrase: Passphrase,
) -> Result<Synced> {
    state
        .write(move |s, c| exchange::sync(s, c, path.as_ref(), &passphrase))
        .await
}

/// Clears a note's "edited in two places" mark: someone has looked at it.
#[tauri::command(rename_all = "snake_case")]
pub async fn note_seen(state: State<'_, AppState>, note_id: String) -> Result<()> {
    state
        .write_any(move |s| exchange::note_seen(s, &note_id))
        .await
}

/// Clears a brief's "edited in two places" mark: someone has looked at its kept texts.
#[tauri::command(rename_all = "snake_case")]
pub async fn brief_seen(state: State<'_, AppState>, session_id: i64) -> Result<()> {
    state
        .write_any(move |s| exchange::brief_seen(s, session_id))
        .await
}

/// Clears a daily report's "edited in two places" mark: someone has looked at its kept texts.
#[tauri::command]
pub async fn report_seen(state: State<'_, AppState>, day: String) -> Result<()> {
    state
        .write(move |s, c| exchange::report_seen(s, c, &day))
        .await
}
