//! Security: the passphrase, locking and unlocking (`desk_core::app::security`). These are the only
//! commands that answer while the app is locked; each runs one operation on the store's slot, which
//! it may open or close. While an older version's data file is opened after the window came up, they
//! answer `updating`, but for `security_status` and `wait_for_data`, which waits for that open.

use desk_core::app::security::{self, SecurityStatus};
use desk_core::store::{Passphrase, Step};
use desk_core::Result;
use tauri::ipc::Channel;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
pub async fn security_status(state: State<'_, AppState>) -> Result<SecurityStatus> {
    state.run(|s| s.security_status()).await
}

/// While the status is `updating` (an older version's data file opened after the window came up):
/// waits, on a blocking thread, until it is open (or failed, or locked), then answers the status;
/// the steps of the open go out on `progress` as they start.
#[tauri::command]
pub async fn wait_for_data(
    state: State<'_, AppState>,
    progress: Channel<Step>,
) -> Result<SecurityStatus> {
    state
        .run(move |s| {
            s.wait_for_data(|step| {
                let _ = progress.send(step);
            })
        })
        .await
}

#[tauri::command]
pub async fn create_passphrase(
    state: State<'_, AppState>,
    passphrase: Passphrase,
    remember: bool,
) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| {
            security::create_passphrase(place, slot, &passphrase, remember)
        })
        .await
}

#[tauri::command]
pub async fn choose_no_passphrase(state: State<'_, AppState>) -> Result<SecurityStatus> {
    state.security(security::choose_no_passphrase).await
}

#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    passphrase: Passphrase,
    remember: bool,
) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| security::unlock(place, slot, &passphrase, remember))
        .await
}

#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<SecurityStatus> {
    state.security(security::lock).await
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    old: Passphrase,
    new: Passphrase,
) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| security::change_passphrase(place, slot, &old, &new))
        .await
}

#[tauri::command]
pub async fn remove_passphrase(
    state: State<'_, AppState>,
    old: Passphrase,
) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| security::remove_passphrase(place, slot, &old))
        .await
}

#[tauri::command]
pub async fn set_passphrase(
    state: State<'_, AppState>,
    new: Passphrase,
    remember: bool,
) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| security::set_passphrase(place, slot, &new, remember))
        .await
}

#[tauri::command]
pub async fn forget_passphrase(state: State<'_, AppState>) -> Result<SecurityStatus> {
    state
        .security(move |place, slot| security::forget_passphrase(place, slot.as_ref()))
        .await
}
