//! `import_agenda` on the mock runtime: a real file's text in, the report out; a broken file's error JSON.

use serde_json::json;

use super::{app, invoke};

fn sample(name: &str) -> String {
    let path = format!(
        "{}/../../shared/samples/schedules/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn importing_the_camp_schedule_reports_79_added_and_makes_it_current() {
    let h = app();
    let report = invoke(
        &h,
        "import_agenda",
        json!({ "file_name": "frab-camp2019.json", "content": sample("frab-camp2019.json"), "format": null }),
    )
    .unwrap();
    assert_eq!(report["format"], "frab-json");
    assert_eq!(report["created_conference"], true);
    assert_eq!(report["added"].as_array().map(Vec::len), Some(79));
    assert_eq!(report["conference"]["time_zone"], "Europe/Berlin");
    let current = invoke(&h, "current_conference", json!({})).unwrap();
    assert_eq!(
        current["id"], report["conference"]["id"],
        "the imported conference is shown"
    );
    let again = invoke(
        &h,
        "import_agenda",
        json!({ "file_name": "frab-camp2019.json", "content": sample("frab-camp2019.json"), "format": "auto" }),
    )
    .unwrap();
    assert_eq!(
        (
            again["unchanged"].as_u64(),
            again["changed"].as_array().map(Vec::len)
        ),
        (Some(79), Some(0))
    );
}

#[test]
fn a_broken_file_is_refused_with_the_error_json_naming_line_and_column() {
    let h = app();
    let err = invoke(
        &h,
        "import_agenda",
        json!({ "file_name": "side.csv", "content": "date,start,title\n2023-04-18,9h,Briefing\n", "format": "csv" }),
    )
    .unwrap_err();
    assert_eq!(
        err,
        json!({ "code": "invalid", "message": "side.csv: none of its 1 event(s) could be imported: line 2, column start: \"9h\" is not a time like 09:30" })
    );
    assert_eq!(
        invoke(&h, "current_conference", json!({})).unwrap(),
        serde_json::Value::Null,
        "nothing written"
    );
}
