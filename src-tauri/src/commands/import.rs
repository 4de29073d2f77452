//! `import_agenda`: the text of the agenda file the person picked, in; the import report, out.

use desk_core::app::import;
use desk_core::import::ImportReport;
use desk_core::Result;
use tauri::State;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn import_agenda(
    state: State<'_, AppState>,
    file_name: String,
    content: String,
    format: Option<String>,
) -> Result<ImportReport> {
    state
        .write_any(move |s| import::import_agenda(s, &file_name, &content, format.as_deref()))
        .await
}
