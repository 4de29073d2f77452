//! Briefing pack commands through the real handlers on the mock runtime: briefs, settings, generating
//! with a progress channel, and the refusal of any file the app did not generate.

use serde_json::json;

use super::{app, invoke};

#[test]
fn a_brief_and_the_delegations_country_are_kept_and_a_pack_is_generated() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let sessions = invoke(&h, "list_sessions", json!({})).unwrap();
    let panel = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with("Panel 2"))
        .unwrap()["id"]
        .clone();
    let brief = invoke(
        &h,
        "save_brief",
        json!({ "session_id": panel, "brief": { "objectives": "Present our NRM reform." } }),
    )
    .unwrap();
    assert_eq!(brief["objectives"], "Present our NRM reform.");
    assert_eq!(
        invoke(&h, "get_brief", json!({ "session_id": panel })).unwrap()["objectives"],
        "Present our NRM reform.",
        "the brief is kept"
    );
    let settings = invoke(
        &h,
        "save_pack_settings",
        json!({ "settings": { "country": "Ireland", "marking": "RESTRICTED" } }),
    )
    .unwrap();
    assert_eq!(
        (settings["country"].as_str(), settings["edition"].as_i64()),
        (Some("Ireland"), Some(0))
    );

    let made = invoke(
        &h,
        "generate_pack",
        json!({ "request": { "sections": ["cover", "contents", "briefs"], "member_id": null,
                             "paper": "letter", "marking": null },
                "progress": "__CHANNEL__:7" }),
    )
    .unwrap();
    assert_eq!(made["file_name"], "briefing-pack-v1.pdf");
    assert!(made["pages"].as_u64().unwrap() > 3, "{made}");
    let bytes = std::fs::read(made["path"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF in the packs folder");
}

#[test]
fn the_webview_cannot_name_a_file_the_app_did_not_generate() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(
        &h,
        "save_pack_as",
        json!({ "file_name": "../desk.sqlite3", "path": "/tmp/stolen.pdf" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let err = invoke(&h, "open_pack", json!({ "file_name": "/etc/passwd" })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn an_unknown_section_is_refused_as_invalid() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let err = invoke(
        &h,
        "generate_pack",
        json!({ "request": { "sections": ["gossip"], "member_id": null, "paper": "a4", "marking": null },
                "progress": "__CHANNEL__:8" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "invalid", "{err}");
    assert!(err["message"].as_str().unwrap().contains("gossip"));
}
