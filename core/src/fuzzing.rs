//! The bodies of the fuzz targets (`fuzz/`, cargo-fuzz on nightly) and of the regression test that
//! replays every input that ever crashed (`core/tests/fuzz_regressions.rs`, on stable). Both call these
//! functions, so a crash found by the fuzzer is replayed through exactly the code that found it.
//!
//! Each function takes raw bytes as they would arrive from outside (a picked file, a pasted note, a data
//! file from someone else) and drives the public entry point the app and `desk` use. Returning is
//! success, whatever the result: readers must answer bad input with an `Err`, never a panic, an abort or
//! a hang. Not part of the API (hidden from the docs).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono_tz::Tz;

use crate::import::{self, Format, Options, Target};
use crate::programme::conference::{self, NewConference};
use crate::{data::backup, notes, pack, Store};

/// A fuzz target body: raw input in, nothing out (a panic is the failure).
pub type Body = fn(&[u8]);

/// The targets by name (the names of the fuzz targets and of the regression folders).
pub const TARGETS: &[(&str, Body)] = &[
    ("import_frab_json", import_frab_json),
    ("import_frab_xml", import_frab_xml),
    ("import_ics", import_ics),
    ("import_csv", import_csv),
    ("import_members_csv", import_members_csv),
    ("markdown", markdown),
    ("open_data_file", open_data_file),
];

/// The body of the target named `name`.
pub fn target(name: &str) -> Option<Body> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// frab/pretalx schedule JSON: read, then imported into a fresh store twice (create, then update).
pub fn import_frab_json(data: &[u8]) {
    schedule(Format::FrabJson, "schedule.json", data);
}

/// frab schedule XML: read, then imported twice.
pub fn import_frab_xml(data: &[u8]) {
    schedule(Format::FrabXml, "schedule.xml", data);
}

/// iCalendar: read, then imported twice.
pub fn import_ics(data: &[u8]) {
    schedule(Format::Ics, "calendar.ics", data);
}

/// The coordinator's schedule CSV: read, then added to a conference twice.
pub fn import_csv(data: &[u8]) {
    schedule(Format::Csv, "programme.csv", data);
}

/// The files' text as the readers get it (the app and `desk` refuse non-UTF-8 before reading; the
/// lossy text keeps the fuzzer's bytes useful).
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Reads `data` in `format` as `desk import` does, and when it reads, applies it through the real
/// import path ([`import::run`]) to an in-memory store: first as a new conference, then again as an
/// update of the one it made (the merge's change detection).
fn schedule(format: Format, file_name: &str, data: &[u8]) {
    let content = text(data);
    // Format recognition is part of what `desk import` runs on an unknown file.
    let _ = import::detect(file_name, &content);
    let Ok(parsed) = import::parse(format, file_name, &content, Tz::Europe__Vienna) else {
        return;
    };
    let Ok(mut store) = Store::open_in_memory() else {
        return;
    };
    let new = Options {
        format: Some(format),
        target: Target::New,
        title: Some("Fuzzed".into()),
        time_zone: None,
    };
    if import::run(&mut store, file_name, &content, &new).is_err() {
        return;
    }
    let again = Options {
        target: match format {
            Format::Csv => Target::Auto,
            _ if parsed.conference.uid.is_some() => Target::Auto,
            _ => Target::New,
        },
        ..new
    };
    let _ = import::run(&mut store, file_name, &content, &again);
}

/// The members CSV (`desk members import`), into a conference of an in-memory store.
pub fn import_members_csv(data: &[u8]) {
    let content = text(data);
    let Ok(mut store) = Store::open_in_memory() else {
        return;
    };
    let made = store.write(|tx| {
        conference::create(
            tx,
            &NewConference {
                title: "Fuzzed".into(),
                time_zone: "Europe/Vienna".into(),
                starts_on: "2023-04-18".into(),
                ends_on: "2023-04-19".into(),
                ..NewConference::default()
            },
        )
    });
    let Ok(id) = made else { return };
    let Ok(c) = conference::get(store.conn(), id) else {
        return;
    };
    let _ = import::members_csv::import(&mut store, &c, "members.csv", &content);
}

/// The light Markdown of notes, briefs and reports (as the pack reads it), and the other readers of
/// typed text: the search box's expression, a brief's point list, country tags.
pub fn markdown(data: &[u8]) {
    let content = text(data);
    let _ = pack::markdown::blocks(&content);
    let _ = notes::search::fts_expression(&content);
    let brief = crate::programme::briefs::Brief {
        session_id: 1,
        objectives: content.clone(),
        points: content.clone(),
        lines: content.clone(),
        updated_at: None,
    };
    let _ = (brief.point_list(), brief.line_list(), brief.is_empty());
    let entries: Vec<String> = content.split([',', '\n']).map(str::to_string).collect();
    let _ = notes::country_tags(&entries);
}

static OPENED: AtomicU64 = AtomicU64::new(0);

/// A data file that is not ours: the bytes written to a temporary file, then described (what restore
/// shows before it replaces anything) and opened as the store (what the app does at start).
pub fn open_data_file(data: &[u8]) {
    let dir = std::env::temp_dir().join(format!("desk-fuzz-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let n = OPENED.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("data-{n}.sqlite3"));
    if std::fs::write(&path, data).is_ok() {
        let _ = backup::describe(&path);
        if let Ok(store) = crate::data::open_store(&path) {
            let _ = backup::describe_store(&store);
        }
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
