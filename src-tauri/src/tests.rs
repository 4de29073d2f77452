//! Commands tested on Tauri's mock runtime: the real command handlers and the real store on a temp
//! file, with no window or display.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use crate::{builder, AppState};

mod command_lists;
mod import;
mod panics;
mod ui_modules;
mod updating;
mod upkeep;

struct Harness {
    dir: tempfile::TempDir,
    _app: tauri::App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

/// The app's state on `path`, on a laptop where "no passphrase" was chosen (the data opens without a
/// question, as before encryption), with no keyring.
fn plain_state(dir: &std::path::Path, path: std::path::PathBuf) -> AppState {
    let settings = dir.join("settings.json");
    std::fs::write(&settings, r#"{ "passphrase": false }"#).unwrap();
    AppState::open_with(
        path,
        Ok(settings),
        Box::new(desk_core::data::keyring::NoKeyring),
    )
}

impl Harness {
    /// The app on the mock runtime with `state`, its window open; `dir` lives as long as it.
    fn on(dir: tempfile::TempDir, state: AppState) -> Harness {
        let app = builder(mock_builder(), state)
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness {
            dir,
            _app: app,
            window,
        }
    }
}

fn app() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let state = plain_state(dir.path(), dir.path().join("desk.sqlite3"));
    Harness::on(dir, state)
}

/// Invokes a command as the webview would; `Ok` carries the value, `Err` the error JSON.
/// The id of the `n`th session of the current conference as the app lists them (ids are random).
fn session_id(h: &Harness, n: usize) -> i64 {
    invoke(h, "list_sessions", json!({})).unwrap()[n]["id"]
        .as_i64()
        .expect("a session with an id")
}

fn invoke(h: &Harness, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&h.window, request).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn an_empty_database_has_no_current_conference() {
    let h = app();
    assert_eq!(
        invoke(&h, "current_conference", json!({})).unwrap(),
        Value::Null
    );
}

#[test]
fn the_page_reports_its_first_view_and_a_report_that_is_not_one_is_refused() {
    let h = app();
    assert_eq!(
        invoke(
            &h,
            "first_view",
            json!({ "view": "agenda", "page_ms": 171.5 })
        )
        .unwrap(),
        Value::Null,
        "the first view is taken (and logged to standard error)"
    );
    let err = invoke(
        &h,
        "first_view",
        json!({ "view": "<img src=x>", "page_ms": 1 }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(
        err["message"].as_str().unwrap_or_default().contains("view"),
        "the refusal names the field: {err}"
    );
}

#[test]
fn listing_sessions_without_a_conference_fails_with_the_error_json() {
    let h = app();
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert_eq!(err["code"], "no_conference", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("sample"),
        "the message says what to do: {err}"
    );
    assert_eq!(
        err.as_object().unwrap().len(),
        2,
        "exactly {{code, message}}: {err}"
    );
}

#[test]
fn loading_the_sample_then_assigning_crosses_the_ipc_boundary() {
    let h = app();
    let conference = invoke(&h, "load_sample", json!({})).unwrap();
    assert_eq!(conference["time_zone"], "Europe/Vienna");
    let sessions = invoke(&h, "list_sessions", json!({})).unwrap();
    let panel = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("Panel 2"))
        .unwrap();
    let members = invoke(&h, "list_members", json!({})).unwrap();
    let member = &members[0];
    let session = invoke(
        &h,
        "assign",
        json!({ "session_id": panel["id"], "member_id": member["id"], "role": "lead" }),
    )
    .unwrap();
    assert_eq!(session["assignments"][0]["role"], "lead");
    assert_eq!(session["assignments"][0]["member_name"], member["name"]);
    let session = invoke(
        &h,
        "unassign",
        json!({ "session_id": panel["id"], "member_id": member["id"] }),
    )
    .unwrap();
    assert_eq!(session["assignments"], json!([]));
}

#[test]
fn a_bad_role_is_refused_as_invalid() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(
        &h,
        "assign",
        json!({ "session_id": 2, "member_id": 1, "role": "boss" }),
    )
    .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "invalid", "message": "role: \"boss\" is not one of: lead, attend, speak, notes" })
    );
}

#[test]
fn a_note_written_through_the_app_is_listed_for_its_session() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let session = session_id(&h, 1);
    let note = invoke(
        &h,
        "save_note",
        json!({ "note": { "session_id": session, "author_id": null, "body": "<b>not bold</b>", "blocks": ["nrm"] } }),
    )
    .unwrap();
    assert_eq!(note["body"], "<b>not bold</b>");
    let notes = invoke(&h, "list_notes", json!({ "session_id": session })).unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["id"], note["id"]);
}

#[test]
fn a_database_from_a_newer_version_is_reported_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    {
        let conn = rusqlite_conn(&path);
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let state = AppState::open_with(
        path,
        Ok(dir.path().join("settings.json")),
        Box::new(desk_core::data::keyring::NoKeyring),
    );
    let h = Harness::on(dir, state);
    let err = invoke(&h, "current_conference", json!({})).unwrap_err();
    assert_eq!(err["code"], "newer_database", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("newer version"),
        "{err}"
    );
}

mod agenda;
mod pack;
mod security;

fn rusqlite_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

fn harness_on(dir: tempfile::TempDir, path: std::path::PathBuf) -> Harness {
    let state = plain_state(dir.path(), path);
    Harness::on(dir, state)
}

#[test]
fn data_status_says_where_the_data_lives() {
    let h = app();
    let status = invoke(&h, "data_status", json!({})).unwrap();
    assert!(
        status["db_path"]
            .as_str()
            .unwrap()
            .ends_with("desk.sqlite3"),
        "{status}"
    );
    assert_eq!(status["problem"], Value::Null);
    assert_eq!(status["backups"], json!([]));
}

#[test]
fn a_copy_is_saved_only_to_an_absolute_sqlite3_path() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(&h, "save_copy", json!({ "path": "relative.sqlite3" })).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("copy.sqlite3");
    invoke(
        &h,
        "save_copy",
        json!({ "path": dest.display().to_string() }),
    )
    .unwrap();
    let preview = invoke(
        &h,
        "preview_restore",
        json!({ "path": dest.display().to_string() }),
    )
    .unwrap();
    assert_eq!(preview["copy"]["sessions"], 15);
    assert!(
        preview["message"]
            .as_str()
            .unwrap()
            .starts_with("Replace the current data"),
        "{preview}"
    );
}

#[test]
fn a_damaged_data_file_is_reported_and_recovered_from_the_latest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite3");
    {
        let mut store = desk_core::data::open_store(&path, None).unwrap();
        desk_core::fixtures::sample::load(&mut store).unwrap();
        desk_core::app::data::backup_now(&store, &path).unwrap();
    }
    let garbage = b"this file was damaged".repeat(300);
    std::fs::write(&path, &garbage).unwrap();
    let h = harness_on(dir, path.clone());
    let status = invoke(&h, "data_status", json!({})).unwrap();
    assert_eq!(status["problem"]["code"], "database", "{status}");
    assert_eq!(status["backups"].as_array().unwrap().len(), 1);
    let err = invoke(&h, "list_sessions", json!({})).unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("damaged"),
        "every command says so: {err}"
    );
    let latest = status["backups"][0]["path"].as_str().unwrap().to_string();
    let said = invoke(&h, "recover_data", json!({ "source": latest })).unwrap();
    assert!(
        said.as_str().unwrap().contains("damaged file was kept"),
        "{said}"
    );
    assert_eq!(
        invoke(&h, "list_sessions", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        15
    );
    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(
        std::fs::read(kept[0].path()).unwrap(),
        garbage,
        "the damaged file is kept, byte for byte"
    );
}
mod planner;

#[test]
fn a_conference_created_through_the_app_becomes_current() {
    let h = app();
    let fields = json!({ "fields": { "title": "Alliance 2024", "time_zone": "Europe/Vienna", "starts_on": "2024-04-15", "ends_on": "" } });
    let c = invoke(&h, "create_conference", fields).unwrap();
    assert_eq!(c["days"], json!(["2024-04-15"]));
    assert_eq!(
        invoke(&h, "current_conference", json!({})).unwrap()["id"],
        c["id"]
    );
    let err = invoke(
        &h,
        "create_conference",
        json!({ "fields": { "title": "", "time_zone": "UTC", "starts_on": "2024-01-01" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(
        err["message"].as_str().unwrap().starts_with("title:"),
        "{err}"
    );
}
mod notes;
