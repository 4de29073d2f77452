//! Generates one `allow-<command>` permission per app command, so that the capability in
//! `capabilities/main.json` grants each command explicitly and anything not listed is refused.

/// Every command the shell registers; keep in step with `commands.rs` and `docs/ipc.md`.
const COMMANDS: &[&str] = &[
    "app_info",
    "current_conference",
    "load_sample",
    "list_sessions",
    "list_members",
    "list_blocks",
    "assign",
    "unassign",
    "add_note",
    "list_notes",
    "import_agenda",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e}"));
}
