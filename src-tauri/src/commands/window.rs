//! The window's own commands: the UI's answer to a close request (see `closing.rs`). They touch no
//! data, so there is no `desk_core::app` call behind them.

use desk_core::{Error, Result};
use tauri::{Runtime, State, Window};

use crate::closing::Closing;

/// Closes the window for real, once the UI has saved what was pending.
#[tauri::command]
pub fn close_window<R: Runtime>(window: Window<R>, closing: State<'_, Closing>) -> Result<()> {
    closing.cancel();
    window
        .destroy()
        .map_err(|e| Error::Internal(format!("the window could not be closed: {e}")))
}

/// Keeps the window open after a close request: the UI could not save and says so.
#[tauri::command]
pub fn cancel_close(closing: State<'_, Closing>) -> Result<()> {
    closing.cancel();
    Ok(())
}
