//! Commands that exist only in the shell's own test build (`#[cfg(test)]`): they panic on purpose, so
//! the mock-runtime tests can show that a panicking command answers `internal` and leaves the store
//! usable and unchanged. Never registered in the app.

use desk_core::Result;
use tauri::State;

use crate::state::AppState;

/// Renames the conference and panics before committing: inside `Store::write` (`raw: false`) or in a
/// transaction begun by hand that nothing would ever close (`raw: true`).
#[tauri::command]
pub fn panic_in_store(state: State<'_, AppState>, raw: bool) -> Result<()> {
    const RENAME: &str = "UPDATE conference SET title = 'Half-written'";
    state.with(|s| {
        if raw {
            s.conn().execute("BEGIN", [])?;
            s.conn().execute(RENAME, [])?;
            panic!("a test panic in a transaction begun by hand");
        }
        s.write(|tx| {
            tx.execute(RENAME, [])?;
            panic!("a test panic in the middle of a write");
        })
    })
}

/// Panics outside any store call (as a bug in argument handling or a shell-only command would).
#[tauri::command]
pub fn panic_outside_store() -> Result<()> {
    panic!("a test panic outside the store");
}
