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
    "create_conference",
    "data_status",
    "backup_now",
    "save_copy",
    "preview_restore",
    "restore_copy",
    "recover_data",
    "get_settings",
    "save_settings",
    "add_session",
    "edit_session",
    "delete_session",
    "set_session_status",
    "add_member",
    "edit_member",
    "remove_member",
    "member_agenda",
    "export_agenda_ics",
    "set_priority",
    "set_lock",
    "coverage",
    "conflicts",
    "propose_plan",
    "apply_plan",
    "import_agenda",
    "save_note",
    "get_note",
    "note_history",
    "search_notes",
    "block_matrix",
    "list_countries",
    "session_now",
    "list_taxonomy",
    "add_block",
    "rename_block",
    "describe_block",
    "move_block",
    "archive_block",
    "delete_block",
    "list_actions",
    "add_action",
    "set_action_done",
    "get_report",
    "save_report",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e}"));
}
