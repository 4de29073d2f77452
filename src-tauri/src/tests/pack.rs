//! Briefing pack commands through the real handlers on the mock runtime: briefs, settings, generating
//! with a progress channel into the data file, the list of packs kept, saving a copy, and the refusal of
//! any pack that is not kept for this conference.

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
    let kept = invoke(&h, "list_packs", json!({})).unwrap();
    assert_eq!(kept[0]["id"], made["id"], "the pack is kept: {kept}");
    assert_eq!(kept[0]["size_bytes"], made["size_bytes"]);
    assert!(
        !h.dir.path().join("packs").exists(),
        "no plain file beside the data file"
    );
    let target = h.dir.path().join("copy for the head");
    let saved = invoke(
        &h,
        "save_pack_as",
        json!({ "id": made["id"], "path": target.to_str().unwrap() }),
    )
    .unwrap();
    let bytes = std::fs::read(saved.as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "the copy is a PDF: {saved}");
    assert_eq!(Some(bytes.len() as u64), made["size_bytes"].as_u64());
}

#[test]
fn the_webview_cannot_name_a_file_or_a_pack_that_is_not_kept() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let stolen = h.dir.path().join("stolen.pdf");
    let err = invoke(
        &h,
        "save_pack_as",
        json!({ "id": 1, "path": stolen.to_str().unwrap() }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    assert!(!stolen.exists(), "nothing written");
    let err = invoke(&h, "open_pack", json!({ "id": 7 })).unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    let err = invoke(&h, "open_pack", json!({ "file_name": "/etc/passwd" })).unwrap_err();
    assert!(
        err.to_string().contains("missing required key id"),
        "a file name is no argument: {err}"
    );
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
