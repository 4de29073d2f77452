//! The Tauri shell of Delegation Desk. It is deliberately thin: it opens the store, registers the
//! commands (one call each into `desk-core`), keeps one instance per user, remembers the window, and
//! takes the rotating backups. Everything testable lives in the engine.
//!
//! Two safety nets live here because they wrap every command: a command that panics answers `internal`
//! instead of taking the window down ([`contain_panics`]), and a close request waits for the UI to save
//! what is pending (`closing`).

pub mod closing;
pub mod commands;
pub mod display;
pub mod first_paint;
pub mod state;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use tauri::ipc::Invoke;
use tauri::{Builder, Manager, Runtime};

pub use state::AppState;

/// How often the data is backed up while it changes (and once at every start).
const BACKUP_EVERY: Duration = Duration::from_secs(60 * 60);

/// The longest the integrity check and the start backup wait for the page to load.
const PAGE_WAIT: Duration = Duration::from_secs(10);

/// The app's builder with its state and commands, shared by `run` and the mock-runtime tests.
pub fn builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .manage(closing::Closing::default())
        .manage(commands::launch::Started(std::time::Instant::now()))
        .on_window_event(closing::on_window_event)
        .invoke_handler(contain_panics(tauri::generate_handler![
            commands::conferences::current_conference,
            commands::conferences::load_sample,
            commands::conferences::create_conference,
            commands::programme::list_sessions,
            commands::programme::add_session,
            commands::programme::edit_session,
            commands::programme::delete_session,
            commands::programme::set_session_status,
            commands::delegation::list_members,
            commands::delegation::add_member,
            commands::delegation::edit_member,
            commands::delegation::remove_member,
            commands::taxonomy::list_blocks,
            commands::taxonomy::list_taxonomy,
            commands::taxonomy::add_block,
            commands::taxonomy::rename_block,
            commands::taxonomy::describe_block,
            commands::taxonomy::move_block,
            commands::taxonomy::archive_block,
            commands::taxonomy::delete_block,
            commands::planner::assign,
            commands::planner::unassign,
            commands::planner::set_priority,
            commands::planner::set_lock,
            commands::planner::coverage,
            commands::planner::conflicts,
            commands::planner::plan_checks,
            commands::planner::plan_grid,
            commands::planner::propose_plan,
            commands::planner::apply_plan,
            commands::notes::save_note,
            commands::notes::list_notes,
            commands::notes::note_page,
            commands::notes::notes_view,
            commands::notes::get_note,
            commands::notes::note_history,
            commands::notes::delete_note,
            commands::notes::search_notes,
            commands::notes::search_view,
            commands::notes::block_matrix,
            commands::notes::list_countries,
            commands::notes::session_now,
            commands::notes::get_report,
            commands::notes::save_report,
            commands::actions::list_actions,
            commands::actions::add_action,
            commands::actions::set_action_done,
            commands::agenda::member_agenda,
            commands::agenda::export_agenda_ics,
            commands::pack::get_brief,
            commands::pack::save_brief,
            commands::pack::get_pack_settings,
            commands::pack::save_pack_settings,
            commands::pack::generate_pack,
            commands::pack::list_packs,
            commands::pack::open_pack,
            commands::pack::save_pack_as,
            commands::data::app_info,
            commands::data::data_status,
            commands::data::data_health,
            commands::data::backup_now,
            commands::data::save_copy,
            commands::data::preview_restore,
            commands::data::restore_copy,
            commands::data::recover_data,
            commands::data::get_settings,
            commands::data::save_settings,
            commands::import::import_agenda,
            commands::exchange::exchange_status,
            commands::exchange::make_copy,
            commands::exchange::join_delegation,
            commands::exchange::send_changes,
            commands::exchange::receive_changes,
            commands::exchange::sync_folder,
            commands::exchange::note_seen,
            commands::exchange::brief_seen,
            commands::exchange::report_seen,
            commands::security::security_status,
            commands::security::wait_for_data,
            commands::security::create_passphrase,
            commands::security::choose_no_passphrase,
            commands::security::unlock,
            commands::security::lock,
            commands::security::change_passphrase,
            commands::security::remove_passphrase,
            commands::security::set_passphrase,
            commands::security::forget_passphrase,
            commands::launch::first_view,
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

/// The work that must not stand before the first paint, on its own thread once the page has loaded
/// (or after [`PAGE_WAIT`] at most): the open of an older version's data file (checked, backed up,
/// migrated), which the page starts once it says so (`wait_for_data`), or this thread [`PAGE_WAIT`]
/// later if the page did not ([`AppState::settle_opening`]); after each open of the data file (at
/// start, after an unlock) its integrity check on a read connection ([`AppState::check_pending`]);
/// then, for a sound file only, the start backup and one every [`BACKUP_EVERY`] while the data
/// changes (skipping data unchanged since the newest backup: `desk_core::app::data::auto_backup_at`),
/// copied from a read connection so a save never waits for it.
fn spawn_upkeep(state: AppState, page_loaded: std::sync::mpsc::Receiver<()>) {
    std::thread::spawn(move || {
        let _ = page_loaded.recv_timeout(PAGE_WAIT);
        state.settle_opening(PAGE_WAIT);
        let mut schedule = desk_core::data::backup::Schedule::new(BACKUP_EVERY);
        let path = state.db_path().clone();
        loop {
            if let Some(desk_core::app::data::Health::Ok) = state.check_pending() {
                if let Ok(generation) = state.with(|store| store.generation()) {
                    let _ = state.with_read(|reader| {
                        desk_core::app::data::auto_backup_at(
                            generation,
                            reader,
                            &path,
                            &mut schedule,
                        )
                    });
                }
            }
            state.wait_for_open(Duration::from_secs(60));
        }
    });
}

/// Starts the app on the database named by `DESK_DB`, the settings, or the data folder's default. Both
/// paths (the data file's and the settings file's) are resolved here, once, and kept in [`AppState`].
// `generate_context!` expands to Tauri's own `process::exit` on a broken embedded config.
#[allow(clippy::disallowed_methods)]
pub fn run() {
    // Everything the app writes (data file, backups, settings, set-aside files) is private.
    desk_core::data::modes::private_umask();
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
        .plugin(tauri_plugin_dialog::init());
    // Returns at once: the data file opens on its own thread while the window is built (an older
    // version's file is only looked at then, and opened after the window is up).
    let state = AppState::open(path, desk_core::data::paths::settings_path());
    // Nothing slow before the first paint: the open of an older version's file, the check and the
    // backups start once the page is up.
    let (loaded, page_loaded) = std::sync::mpsc::channel();
    let loaded = std::sync::Mutex::new(Some(loaded));
    let app = app.on_page_load(move |_, payload| {
        if let tauri::webview::PageLoadEvent::Finished = payload.event() {
            if let Some(tx) = loaded.lock().ok().and_then(|mut l| l.take()) {
                let _ = tx.send(());
            }
        }
    });
    spawn_upkeep(state.clone(), page_loaded);
    let app = app.setup(|app| {
        // Before the window's first draw: see first_paint.rs.
        #[cfg(target_os = "linux")]
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.with_webview(|webview| first_paint::hold_until_loaded(&webview.inner()));
        }
        #[cfg(not(target_os = "linux"))]
        let _ = app;
        Ok(())
    });
    match builder(app, state).build(tauri::generate_context!()) {
        Ok(app) => app.run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                clear_private_folder();
            }
        }),
        Err(e) => eprintln!("Delegation Desk could not start: {e}"),
    }
    // Also when the event loop ends without an exit event (it should not).
    clear_private_folder();
}

/// Removes the temporary copies of opened packs (`desk_core::data::private`): nothing plain is left
/// behind when the app ends.
fn clear_private_folder() {
    if let Err(e) = desk_core::data::private::clear() {
        eprintln!("Delegation Desk: {e}");
    }
}

#[cfg(test)]
mod tests;
