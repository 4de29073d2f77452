//! The planning commands on the mock runtime.

use serde_json::{json, Value};

use super::{app, invoke};

fn session_titled(h: &super::Harness, prefix: &str) -> Value {
    let sessions = invoke(h, "list_sessions", json!({})).unwrap();
    sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"].as_str().unwrap().starts_with(prefix))
        .cloned()
        .unwrap()
}

#[test]
fn setting_a_priority_and_a_lock_crosses_the_ipc_boundary() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let side = session_titled(&h, "Side event (illustrative): Online");
    let s = invoke(
        &h,
        "set_priority",
        json!({ "session_id": side["id"], "priority": "must", "need": 2 }),
    )
    .unwrap();
    assert_eq!(
        (s["priority"].clone(), s["need"].clone()),
        (json!("must"), json!(2))
    );
    let s = invoke(
        &h,
        "set_priority",
        json!({ "session_id": side["id"], "priority": "should", "need": null }),
    )
    .unwrap();
    assert_eq!(s["need"], 1, "null need: the priority's default");
    let member = invoke(&h, "list_members", json!({})).unwrap()[0].clone();
    let err = invoke(
        &h,
        "set_lock",
        json!({ "session_id": side["id"], "member_id": member["id"], "locked": true }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
    invoke(
        &h,
        "assign",
        json!({ "session_id": side["id"], "member_id": member["id"], "role": "attend" }),
    )
    .unwrap();
    let s = invoke(
        &h,
        "set_lock",
        json!({ "session_id": side["id"], "member_id": member["id"], "locked": true }),
    )
    .unwrap();
    assert_eq!(s["assignments"][0]["locked"], true);
}

#[test]
fn conflicts_and_coverage_report_the_double_booked_member_and_the_open_sessions() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let panel = session_titled(&h, "Panel 3");
    let side = session_titled(&h, "Side event (illustrative): Online");
    let member = invoke(&h, "list_members", json!({})).unwrap()[2].clone();
    for s in [&panel, &side] {
        invoke(
            &h,
            "assign",
            json!({ "session_id": s["id"], "member_id": member["id"], "role": "attend" }),
        )
        .unwrap();
    }
    let conflicts = invoke(&h, "conflicts", json!({})).unwrap();
    let overlap = conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "overlap")
        .expect("an overlap conflict");
    assert!(
        overlap["message"]
            .as_str()
            .unwrap()
            .contains("is in two sessions at once on Wed 19 April"),
        "{overlap}"
    );
    assert_eq!(overlap["cells"].as_array().unwrap().len(), 2);
    let coverage = invoke(&h, "coverage", json!({})).unwrap();
    assert_eq!(coverage["days"].as_array().unwrap().len(), 2);
    assert!(coverage["uncovered"].as_u64().unwrap() > 0, "{coverage}");
}

#[test]
fn a_proposal_goes_to_the_window_and_back_to_be_applied() {
    let h = app();
    invoke(&h, "load_sample", json!({})).unwrap();
    let proposal = invoke(&h, "propose_plan", json!({ "replace_auto": false })).unwrap();
    let adds = proposal["add"].as_array().unwrap().len();
    assert!(adds > 0, "{proposal}");
    let applied = invoke(&h, "apply_plan", json!({ "proposal": proposal })).unwrap();
    assert_eq!(applied["added"], adds);
    let coverage = invoke(&h, "coverage", json!({})).unwrap();
    assert_eq!(coverage["must"]["covered"], coverage["must"]["total"]);
    let err = invoke(&h, "apply_plan", json!({ "proposal": proposal })).unwrap_err();
    assert_eq!(err["code"], "invalid", "a stale proposal is refused: {err}");
}
