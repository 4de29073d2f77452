//! Notes: the composer (save with autosave), list, read, history, deletion, search, the building-block
//! matrix, the reference countries, quick capture and the daily report.

use desk_core::app::notes::{self, NoteDraft, NotesView, NotesViewAsk, SearchView};
use desk_core::notes::history::Version;
use desk_core::notes::matrix::Matrix;
use desk_core::notes::page::NotePage;
use desk_core::notes::report::DailyReport;
use desk_core::notes::search::{Hit, Query};
use desk_core::notes::{Deleted, Note};
use desk_core::programme::sessions::Session;
use desk_core::taxonomy::reference::Country;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn save_note(state: State<'_, AppState>, note: NoteDraft) -> Result<Note> {
    state.write(move |s, c| notes::save_note(s, c, note)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_notes(state: State<'_, AppState>, session_id: Option<i64>) -> Result<Vec<Note>> {
    state
        .read(move |s, c| notes::list_notes(s, c, session_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn note_page(
    state: State<'_, AppState>,
    session_id: Option<i64>,
    offset: usize,
    limit: usize,
) -> Result<NotePage> {
    state
        .read(move |s, c| notes::note_page(s, c, session_id, offset, limit))
        .await
}

/// The Notes view's first draw in one call (sessions and countries left out when the window holds them),
/// with who this laptop belongs to as the settings say.
#[tauri::command(rename_all = "snake_case")]
pub async fn notes_view(state: State<'_, AppState>, ask: NotesViewAsk) -> Result<NotesView> {
    let home = state.home_time_zone();
    state
        .run(move |st| {
            st.read_conference(|s, c| notes::notes_view(s, c, home.as_deref(), st.me(c), &ask))
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_note(state: State<'_, AppState>, id: String) -> Result<Note> {
    state.read(move |s, c| notes::get_note(s, c, &id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn note_history(state: State<'_, AppState>, id: String) -> Result<Vec<Version>> {
    state.read(move |s, c| notes::note_history(s, c, &id)).await
}

/// Who is asking is who this laptop belongs to ("You are" in the settings), not what the page says.
#[tauri::command(rename_all = "snake_case")]
pub async fn delete_note(state: State<'_, AppState>, id: String) -> Result<Deleted> {
    state
        .run(move |st| st.with_conference(|s, c| notes::delete_note(s, c, &id, st.me(c))))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search_notes(state: State<'_, AppState>, query: Query) -> Result<Vec<Hit>> {
    state
        .read(move |s, c| notes::search_notes(s, c, &query))
        .await
}

/// The Search view's first draw in one call: its filters' lists and the results of `query`.
#[tauri::command(rename_all = "snake_case")]
pub async fn search_view(
    state: State<'_, AppState>,
    with_sessions: bool,
    with_countries: bool,
    query: Query,
) -> Result<SearchView> {
    let home = state.home_time_zone();
    state
        .read(move |s, c| {
            notes::search_view(s, c, home.as_deref(), with_sessions, with_countries, &query)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn block_matrix(state: State<'_, AppState>, by: String) -> Result<Matrix> {
    state.read(move |s, c| notes::block_matrix(s, c, &by)).await
}

#[tauri::command]
pub fn list_countries() -> Result<Vec<Country>> {
    notes::list_countries()
}

#[tauri::command]
pub async fn session_now(state: State<'_, AppState>) -> Result<Option<Session>> {
    state.read(move |s, c| notes::session_now(s, c)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_report(state: State<'_, AppState>, day: String) -> Result<DailyReport> {
    state.read(move |s, c| notes::get_report(s, c, &day)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_report(
    state: State<'_, AppState>,
    day: String,
    body: String,
) -> Result<DailyReport> {
    state
        .write(move |s, c| notes::save_report(s, c, &day, &body))
        .await
}
