//! Hand editing and agendas out, through the real command handlers on the mock runtime.

use serde_json::json;

use super::{app, invoke};

#[test]
fn a_side_event_added_through_the_app_is_in_the_session_list() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let s = invoke(
        &h,
        "add_session",
        json!({ "fields": { "title": "Side event: shelters", "date": "2023-04-19", "start": "12:00",
                            "duration": 45, "room": "Ratsaal", "speakers": ["Ana Lima"] } }),
    )
    .unwrap();
    assert_eq!(
        (s["end"].as_str(), s["origin"].as_str()),
        (Some("12:45"), Some("manual"))
    );
    let all = invoke(&h, "list_sessions", json!({})).unwrap();
    assert!(
        all.as_array().unwrap().iter().any(|x| x["id"] == s["id"]),
        "listed"
    );
    let edited = invoke(
        &h,
        "edit_session",
        json!({ "session_id": s["id"], "fields": { "room": "Neuer Saal" } }),
    )
    .unwrap();
    assert_eq!(edited["room"], "Neuer Saal");
    let cancelled = invoke(
        &h,
        "set_session_status",
        json!({ "session_id": s["id"], "status": "cancelled" }),
    )
    .unwrap();
    assert_eq!(cancelled["status"], "cancelled");
}

#[test]
fn a_refused_field_crosses_as_invalid_naming_the_field() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(
        &h,
        "add_session",
        json!({ "fields": { "title": "No end", "date": "2023-04-19", "start": "12:00" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(
        err["message"].as_str().unwrap().starts_with("end:"),
        "{err}"
    );
    let err = invoke(
        &h,
        "add_member",
        json!({ "fields": { "name": "X", "max_per_day": "0" } }),
    )
    .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().starts_with("max_per_day:"),
        "{err}"
    );
}

#[test]
fn a_member_is_added_edited_and_removed_through_the_app() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let m = invoke(
        &h,
        "add_member",
        json!({ "fields": { "name": "Ines Duarte", "arrives": "2023-04-18 12:00", "expertise": ["law"] } }),
    )
    .unwrap();
    assert_eq!(m["arrives_at"], "2023-04-18T12:00:00+02:00");
    let m2 = invoke(
        &h,
        "edit_member",
        json!({ "member_id": m["id"], "fields": { "max_per_day": "3" } }),
    )
    .unwrap();
    assert_eq!(m2["max_per_day"], 3);
    let removed = invoke(&h, "remove_member", json!({ "member_id": m["id"] })).unwrap();
    assert_eq!(removed["name"], "Ines Duarte");
}

#[test]
fn the_agenda_is_exported_to_an_ics_file_in_the_chosen_folder() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let member = invoke(&h, "list_members", json!({})).unwrap()[0].clone();
    invoke(
        &h,
        "assign",
        json!({ "session_id": super::session_id(&h, 1), "member_id": member["id"], "role": "lead" }),
    )
    .unwrap();
    let agenda = invoke(&h, "member_agenda", json!({ "member_id": member["id"] })).unwrap();
    assert_eq!(agenda["member_name"], member["name"]);
    assert_eq!(agenda["days"][0]["items"][0]["role"], "lead");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.ics");
    let done = invoke(
        &h,
        "export_agenda_ics",
        json!({ "member_id": member["id"], "path": path.to_str().unwrap() }),
    )
    .unwrap();
    assert_eq!(done["events"], 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.contains("TZID=Europe/Vienna"),
        "{text}"
    );
}

#[test]
fn an_export_to_a_path_without_ics_is_refused_with_the_error_json() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agenda.txt");
    let err = invoke(
        &h,
        "export_agenda_ics",
        json!({ "member_id": null, "path": path.to_str().unwrap() }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("does not end in .ics"),
        "{err}"
    );
    assert!(!path.exists(), "nothing written");
}
