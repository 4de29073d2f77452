//! Launch: the page says when it drew its first view; the shell adds its own clock and writes the line
//! (`desk_core::app::launch`) to its standard error.

use std::io::Write;
use std::time::Instant;

use desk_core::app::launch;
use desk_core::Result;
use tauri::State;

/// When the shell started: the app's builder is made first thing in `run`, milliseconds after the
/// process itself.
pub struct Started(pub Instant);

/// The page drew its first view `page_ms` after its start.
#[tauri::command(rename_all = "snake_case")]
pub async fn first_view(started: State<'_, Started>, view: String, page_ms: f64) -> Result<()> {
    let process_ms = started.0.elapsed().as_secs_f64() * 1000.0;
    let first = launch::first_view(&view, page_ms, process_ms)?;
    // Not `eprintln!`, which panics when standard error is gone (a launch from the desktop).
    let _ = writeln!(std::io::stderr(), "Delegation Desk: {first}");
    Ok(())
}
