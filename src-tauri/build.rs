//! Generates one `allow-<command>` permission per app command, so that the capability in
//! `capabilities/main.json` grants each command explicitly and anything not listed is refused.

/// Every command the shell registers, by feature as in `src/commands/`; the handler list in `src/lib.rs`,
/// `capabilities/main.json`, `docs/ipc.md` and `ui/api.js` name the same set (checked by the test
/// `src/tests/command_lists.rs`).
const COMMANDS: &[&str] = &[
    // conferences
    "current_conference",
    "load_sample",
    "create_conference",
    // programme
    "list_sessions",
    "add_session",
    "edit_session",
    "delete_session",
    "set_session_status",
    // delegation
    "list_members",
    "add_member",
    "edit_member",
    "remove_member",
    // taxonomy
    "list_blocks",
    "list_taxonomy",
    "add_block",
    "rename_block",
    "describe_block",
    "move_block",
    "archive_block",
    "delete_block",
    // planner
    "assign",
    "unassign",
    "set_priority",
    "set_lock",
    "coverage",
    "conflicts",
    "plan_checks",
    "plan_grid",
    "propose_plan",
    "apply_plan",
    // notes
    "save_note",
    "list_notes",
    "note_page",
    "notes_view",
    "get_note",
    "note_history",
    "delete_note",
    "search_notes",
    "search_view",
    "block_matrix",
    "list_countries",
    "session_now",
    "get_report",
    "save_report",
    // actions
    "list_actions",
    "add_action",
    "set_action_done",
    // agenda
    "member_agenda",
    "export_agenda_ics",
    // pack
    "get_brief",
    "save_brief",
    "get_pack_settings",
    "save_pack_settings",
    "generate_pack",
    "list_packs",
    "open_pack",
    "save_pack_as",
    // data
    "app_info",
    "data_status",
    "data_health",
    "backup_now",
    "save_copy",
    "preview_restore",
    "restore_copy",
    "recover_data",
    "get_settings",
    "save_settings",
    // exchange
    "exchange_status",
    "make_copy",
    "join_delegation",
    "send_changes",
    "receive_changes",
    "sync_folder",
    "note_seen",
    "brief_seen",
    "report_seen",
    // import
    "import_agenda",
    // security
    "security_status",
    "wait_for_data",
    "create_passphrase",
    "choose_no_passphrase",
    "unlock",
    "lock",
    "change_passphrase",
    "remove_passphrase",
    "set_passphrase",
    "forget_passphrase",
    // launch
    "first_view",
    // window
    "close_window",
    "cancel_close",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build step failed: {e}"));
}
