//! The Tauri shell of Delegation Desk. It is deliberately thin: it opens the store, registers the
//! commands (one call each into `desk-core`), keeps one instance per user, remembers the window, and
//! takes the rotating backups. Everything testable lives in the engine.
//!
//! Two safety nets live here because they wrap every command: a command that panics answers `internal`
//! instead of taking the window down ([`contain_panics`]), and a close request waits for the UI to save
//! what is pending (`closing`).

pub mod closing;
pub mod commands;
pub mod state;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use tauri::ipc::Invoke;
use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// How often the data is backed up while it changes (and once at every start).
const BACKUP_EVERY: Duration = Duration::from_secs(60 * 60);

/// The app's builder with its state and commands, shared by `run` and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .manage(closing::Closing::default())
        .on_window_event(closing::on_window_event)
        .invoke_handler(contain_panics(tauri::generate_handler![
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
            commands::conferences::create_conference,
            commands::data::data_status,
            commands::data::backup_now,
            commands::data::save_copy,
            commands::data::preview_restore,
            commands::data::restore_copy,
            commands::data::recover_data,
            commands::data::get_settings,
            commands::data::save_settings,
            commands::editing::add_session,
            commands::editing::edit_session,
            commands::editing::delete_session,
            commands::editing::set_session_status,
            commands::editing::add_member,
            commands::editing::edit_member,
            commands::editing::remove_member,
            commands::agenda::member_agenda,
            commands::agenda::export_agenda_ics,
            commands::planning::set_priority,
            commands::planning::set_lock,
            commands::planning::coverage,
            commands::planning::conflicts,
            commands::planning::propose_plan,
            commands::planning::apply_plan,
            commands::import::import_agenda,
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
            commands::pack::get_brief,
            commands::pack::save_brief,
            commands::pack::get_pack_settings,
            commands::pack::save_pack_settings,
            commands::pack::generate_pack,
            commands::pack::open_pack,
            commands::pack::save_pack_as,
            commands::window::close_window,
            commands::window::cancel_close,
            #[cfg(test)]
            commands::testing::panic_in_store,
            #[cfg(test)]
            commands::testing::panic_outside_store,
        ]))
}

/// Wraps the command handler so that a panic in any command (its arguments, its body, a shell-only
/// command) rejects that call with `{code: "internal", message}` instead of unwinding into the
/// webview's callback, which would abort the app. Calls on the store are also contained one level
/// down (`AppState::with`), which keeps the store usable; this catches everything else.
pub fn contain_panics<R: Runtime>(
    handler: impl Fn(Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    move |invoke| {
        let resolver = invoke.resolver.clone();
        match catch_unwind(AssertUnwindSafe(|| handler(invoke))) {
            Ok(handled) => handled,
            Err(panic) => {
                // A call that already answered before panicking keeps its answer; this one is dropped.
                resolver.reject(state::panicked(&*panic));
                true
            }
        }
    }
}

/// Backs up at start, then every [`BACKUP_EVERY`] while the data changes, for as long as the app runs
/// (skipping data unchanged since the newest backup: `desk_core::app::data::auto_backup`).
fn spawn_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    std::thread::spawn(move || {
        let mut schedule = desk_core::data::backup::Schedule::new(BACKUP_EVERY);
        loop {
            let state = app.state::<AppState>();
            let path = state.db_path().clone();
            let _ =
                state.with(|store| desk_core::app::data::auto_backup(store, &path, &mut schedule));
            std::thread::sleep(Duration::from_secs(60));
        }
    });
}

/// Starts the app on the database named by `DESK_DB`, the settings, or the data folder's default.
// `generate_context!` expands to Tauri's own `process::exit` on a broken embedded config.
#[allow(clippy::disallowed_methods)]
pub fn run() {
    // A settings file that does not read falls back to the data folder's default, never to a file in
    // whatever folder the app was started from.
    let path = desk_core::data::paths::database_path()
        .or_else(|_| desk_core::data::paths::default_database_path())
        .unwrap_or_else(|_| std::path::PathBuf::from(desk_core::data::paths::DB_FILE));
    let app = tauri::Builder::default()
        // First: a second launch hands over to the running window and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            spawn_backups(app.handle().clone());
            Ok(())
        });
    let app = builder(app, AppState::open(path)).run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("Delegation Desk could not start: {e}");
    }
}

#[cfg(test)]
mod tests;
