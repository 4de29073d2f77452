//! The notes feature's commands on the mock runtime: the real handlers, a real store on a temp file.

use serde_json::json;

use super::{app, invoke};

#[test]
fn autosave_creates_then_updates_one_note_and_search_finds_it_with_segments() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let first = invoke(
        &h,
        "save_note",
        json!({ "note": { "body": "Siobhán: <b>NRM</b>", "blocks": ["nrm"], "countries": ["tr"] } }),
    )
    .unwrap();
    let id = first["id"].as_str().unwrap().to_string();
    let second = invoke(
        &h,
        "save_note",
        json!({ "note": { "id": id, "body": "Siobhán: <b>NRM</b> and more", "blocks": ["nrm"], "kind": "good-practice" } }),
    )
    .unwrap();
    assert_eq!(second["id"], first["id"], "the same note");
    assert_eq!(second["kind"], "good-practice");
    let history = invoke(&h, "note_history", json!({ "id": id })).unwrap();
    assert_eq!(
        history[0]["body"], "Siobhán: <b>NRM</b>",
        "the first version is kept"
    );
    let hits = invoke(
        &h,
        "search_notes",
        json!({ "query": { "text": "siobhan" } }),
    )
    .unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(
        hits[0]["snippet"][0],
        json!({ "text": "Siobhán", "hit": true })
    );
    let err = invoke(
        &h,
        "search_notes",
        json!({ "query": { "text": "\"NEAR(*" } }),
    );
    assert!(err.is_ok(), "no FTS syntax error: {err:?}");
}

#[test]
fn taxonomy_actions_matrix_and_report_cross_the_ipc_boundary() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    invoke(
        &h,
        "save_note",
        json!({ "note": { "body": "x", "blocks": ["data"] } }),
    )
    .unwrap();
    let err = invoke(&h, "delete_block", json!({ "code": "data" })).unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    let b = invoke(
        &h,
        "archive_block",
        json!({ "code": "data", "archived": true }),
    )
    .unwrap();
    assert_eq!(b["archived"], true);
    let b = invoke(
        &h,
        "add_block",
        json!({ "code": "labour", "name": "Labour" }),
    )
    .unwrap();
    assert_eq!(b["code"], "labour");
    let m = invoke(&h, "block_matrix", json!({ "by": "sessions" })).unwrap();
    assert!(m["cells"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["block"] == "data"));
    let a = invoke(
        &h,
        "add_action",
        json!({ "title": "Call", "due_on": "2023-04-18" }),
    )
    .unwrap();
    assert_eq!(a["overdue"], true, "the sample's days are long past");
    let done = invoke(
        &h,
        "set_action_done",
        json!({ "id": a["id"], "done": true }),
    )
    .unwrap();
    assert_eq!(done["status"], "done");
    let r = invoke(
        &h,
        "save_report",
        json!({ "day": "2023-04-18", "body": "Edited" }),
    )
    .unwrap();
    assert_eq!(r["saved"], "Edited");
    let r = invoke(&h, "get_report", json!({ "day": "2023-04-18" })).unwrap();
    assert!(r["generated"]
        .as_str()
        .unwrap()
        .starts_with("# Report to capital"));
    assert_eq!(
        invoke(&h, "list_countries", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        68
    );
    assert!(
        invoke(&h, "session_now", json!({})).unwrap().is_null(),
        "2023 is over"
    );
}

#[test]
fn a_note_is_deleted_by_its_author_as_the_settings_say_and_refused_otherwise() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let conference = invoke(&h, "current_conference", json!({})).unwrap()["id"].clone();
    let members = invoke(&h, "list_members", json!({})).unwrap();
    let maren = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"].as_str().unwrap().starts_with("Maren"))
        .unwrap()["id"]
        .clone();
    let note = invoke(
        &h,
        "save_note",
        json!({ "note": { "body": "Maren on shelters.", "author_id": maren } }),
    )
    .unwrap();
    let id = note["id"].clone();
    let err = invoke(&h, "delete_note", json!({ "id": id })).unwrap_err();
    assert_eq!(err["code"], "invalid", "nobody set on this laptop: {err}");
    assert!(
        err["message"].as_str().unwrap().contains("You are"),
        "says how to say who you are: {err}"
    );
    let settings = invoke(&h, "get_settings", json!({})).unwrap();
    let mut settings = settings.as_object().unwrap().clone();
    settings.insert(
        "me".into(),
        json!({ conference.to_string(): maren.clone() }),
    );
    invoke(&h, "save_settings", json!({ "settings": settings })).unwrap();
    let view = invoke(&h, "notes_view", json!({ "ask": {} })).unwrap();
    assert_eq!(
        view["me"], maren,
        "the Notes view is told who this laptop belongs to, as the deletion reads it"
    );
    let gone = invoke(&h, "delete_note", json!({ "id": id })).unwrap();
    assert_eq!(
        (gone["id"].clone(), gone["versions"].clone()),
        (id, json!(0))
    );
    assert_eq!(
        invoke(&h, "list_notes", json!({ "session_id": null })).unwrap(),
        json!([]),
        "gone from the list"
    );
}

#[test]
fn the_notes_and_search_views_first_draw_crosses_the_ipc_boundary_in_one_call_each() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let note = invoke(
        &h,
        "save_note",
        json!({ "note": { "body": "referral mechanism", "blocks": ["nrm"] } }),
    )
    .unwrap();
    let view = invoke(
        &h,
        "notes_view",
        json!({ "ask": {
            "with_sessions": true, "with_countries": false, "now": true, "note_id": note["id"],
            "list": { "follow": "note", "session_id": null, "limit": 100 }
        } }),
    )
    .unwrap();
    assert!(
        !view["sessions"].as_array().unwrap().is_empty(),
        "sessions asked for: {view}"
    );
    assert_eq!(view["countries"], json!([]), "countries not asked for");
    assert_eq!(view["me"], json!(null), "nobody set on this laptop");
    assert_eq!(view["note"]["id"], note["id"], "the note to open");
    assert_eq!(view["list"]["session_id"], json!(null), "a corridor note");
    assert_eq!(view["list"]["total"], 1, "the first page's total: {view}");
    let search = invoke(
        &h,
        "search_view",
        json!({ "with_sessions": false, "with_countries": true, "query": { "text": "referral" } }),
    )
    .unwrap();
    assert_eq!(search["sessions"], json!([]), "sessions not asked for");
    assert_eq!(search["countries"].as_array().unwrap().len(), 68);
    assert_eq!(search["hits"][0]["note"]["id"], note["id"], "{search}");
}
