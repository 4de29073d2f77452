//! The Tauri shell of Delegation Desk. It is deliberately thin: it opens the store, registers the
//! commands (one call each into `desk-core`) and leaves everything testable to the engine.

pub mod commands;
pub mod state;

use tauri::{Builder, Runtime};

pub use state::AppState;

/// The app's builder with its state and commands, shared by `run` and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::current_conference,
            commands::load_sample,
            commands::list_sessions,
            commands::list_members,
            commands::list_blocks,
            commands::assign,
            commands::unassign,
            commands::add_note,
            commands::list_notes,
            commands::notebook::save_note,
            commands::notebook::get_note,
            commands::notebook::note_history,
            commands::notebook::search_notes,
            commands::notebook::block_matrix,
            commands::notebook::list_countries,
            commands::notebook::session_now,
            commands::notebook::list_taxonomy,
            commands::notebook::add_block,
            commands::notebook::rename_block,
            commands::notebook::describe_block,
            commands::notebook::move_block,
            commands::notebook::archive_block,
            commands::notebook::delete_block,
            commands::notebook::list_actions,
            commands::notebook::add_action,
            commands::notebook::set_action_done,
            commands::notebook::get_report,
            commands::notebook::save_report,
        ])
}

/// Starts the app on the database named by `DESK_DB`, else the one in the data folder.
// `generate_context!` expands to Tauri's own `process::exit` on a broken embedded config.
#[allow(clippy::disallowed_methods)]
pub fn run() {
    let path = desk_core::paths::database_path()
        .unwrap_or_else(|_| std::path::PathBuf::from(desk_core::paths::DB_FILE));
    let app =
        builder(tauri::Builder::default(), AppState::open(path)).run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("Delegation Desk could not start: {e}");
    }
}

#[cfg(test)]
mod tests;
