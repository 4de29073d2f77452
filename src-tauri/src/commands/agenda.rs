//! Agendas out: a member's agenda, and its `.ics` export to a path from the save dialog.

use std::path::Path;

use desk_core::agenda::ics::Exported;
use desk_core::agenda::Agenda;
use desk_core::app::agenda;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn member_agenda(state: State<'_, AppState>, member_id: Option<i64>) -> Result<Agenda> {
    state
        .read(move |s, c| agenda::member_agenda(s, c, member_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_agenda_ics(
    state: State<'_, AppState>,
    member_id: Option<i64>,
    path: String,
) -> Result<Exported> {
    state
        .read(move |s, c| agenda::export_agenda_ics(s, c, member_id, Path::new(&path)))
        .await
}
