//! The merge's tests: real imports into in-memory stores, then re-imports that change, drop or break
//! sessions, and the choice of the conference an import goes to.

use super::*;
use crate::delegation::members::{self, NewMember};
use crate::domain::{Priority, SessionKind};
use crate::notes::{self, NewNote};
use crate::{planner, programme::sessions};

/// One event of a small frab schedule: guid, title, start on 2023-04-18 (Vienna), minutes, room.
type Ev<'a> = (&'a str, &'a str, &'a str, u32, &'a str);

/// A frab schedule JSON of the "alliance-test" conference with these events.
fn frab(events: &[Ev<'_>]) -> String {
    let list: Vec<serde_json::Value> = events
        .iter()
        .map(|(guid, title, start, minutes, room)| {
            serde_json::json!({
                "guid": guid, "id": 1, "title": title, "start": start, "room": room, "type": "podium",
                "duration": format!("{:02}:{:02}", minutes / 60, minutes % 60), "persons": []
            })
        })
        .collect();
    serde_json::json!({ "schedule": { "conference": {
        "acronym": "alliance-test", "title": "Alliance test", "start": "2023-04-18", "end": "2023-04-18",
        "time_zone_name": "Europe/Vienna",
        "days": [{ "index": 1, "date": "2023-04-18", "rooms": { "all": list } }]
    }}})
    .to_string()
}

fn import(store: &mut Store, content: &str) -> ImportReport {
    run(store, "alliance.json", content, &Options::default()).unwrap()
}

fn id_of(store: &Store, uid: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT id FROM session WHERE external_uid = ?1",
            [uid],
            |r| r.get(0),
        )
        .unwrap()
}

const FIRST: &[Ev<'static>] = &[
    ("p2", "Panel 2", "10:00", 60, "Neuer Saal"),
    ("key", "Keynote", "09:00", 60, "Festsaal"),
    ("old", "Old side event", "13:00", 60, "Room 3"),
    ("plain", "Plain", "15:00", 30, "Room 4"),
];

#[test]
fn a_reimport_reports_changes_keeps_the_delegations_work_and_flags_broken_assignments() {
    let mut store = Store::open_in_memory().unwrap();
    let first = import(&mut store, &frab(FIRST));
    assert_eq!(first.added.len(), 4);
    let c = first.conference;
    let (p2, old) = (id_of(&store, "p2"), id_of(&store, "old"));
    let member = store
        .write(|tx| {
            members::insert(
                tx,
                c.id,
                &NewMember {
                    name: "Zoë Achterberg".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    planner::assign(&mut store, p2, member, crate::domain::Role::Lead).unwrap();
    planner::assign(&mut store, old, member, crate::domain::Role::Attend).unwrap();
    store
        .conn()
        .execute(
            "UPDATE session SET priority = 'must', need = 2 WHERE id = ?1",
            [p2],
        )
        .unwrap();
    notes::add(
        &mut store,
        &c,
        &NewNote {
            session_id: Some(p2),
            body: "Ask about the NRM.".into(),
            ..Default::default()
        },
    )
    .unwrap();

    let second = import(
        &mut store,
        &frab(&[
            ("p2", "Panel 2", "11:00", 60, "Neuer Saal"),
            ("key", "Opening keynote", "09:00", 60, "Redoutensaal"),
            ("new", "Side event: data", "16:00", 45, "Room 5"),
        ]),
    );
    assert_eq!(
        second
            .added
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        vec!["Side event: data"]
    );
    let panel = second
        .changed
        .iter()
        .find(|x| x.id == p2)
        .expect("Panel 2 changed");
    assert_eq!(
        panel.changes,
        vec![FieldChange {
            field: "time".into(),
            before: "Tue 18 Apr 10:00-11:00".into(),
            after: "Tue 18 Apr 11:00-12:00".into()
        }]
    );
    let keynote = second
        .changed
        .iter()
        .find(|x| x.title == "Opening keynote")
        .expect("the keynote changed");
    let fields: Vec<&str> = keynote.changes.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["title", "room"], "{keynote:?}");
    let removed: Vec<(&str, bool)> = second
        .removed
        .iter()
        .map(|r| (r.title.as_str(), r.kept_as_cancelled))
        .collect();
    assert_eq!(
        removed,
        vec![("Old side event", true), ("Plain", false)],
        "kept when assigned, else deleted"
    );
    let flags: Vec<&str> = second.flagged.iter().map(|f| f.flag.as_str()).collect();
    assert_eq!(
        flags,
        vec![
            "Panel 2 moved from Tue 10:00 to Tue 11:00",
            "Old side event was dropped from the programme (it was on Tue 13:00)"
        ]
    );

    let after = sessions::get(store.conn(), &c, p2).unwrap();
    assert_eq!(
        (after.priority, after.need, after.start.as_str()),
        (Priority::Must, 2, "11:00"),
        "priority and need kept"
    );
    assert_eq!(
        after.assignments[0].flag.as_deref(),
        Some("Panel 2 moved from Tue 10:00 to Tue 11:00")
    );
    assert_eq!(
        notes::list(store.conn(), &c, Some(p2)).unwrap().len(),
        1,
        "the note stays on the session"
    );
    let cancelled = sessions::get(store.conn(), &c, old).unwrap();
    assert_eq!(cancelled.status, crate::domain::SessionStatus::Cancelled);
    assert_eq!(
        cancelled.assignments.len(),
        1,
        "the assignment is kept, flagged"
    );

    let third = import(
        &mut store,
        &frab(&[
            ("p2", "Panel 2", "11:00", 60, "Neuer Saal"),
            ("key", "Opening keynote", "09:00", 60, "Redoutensaal"),
            ("new", "Side event: data", "16:00", 45, "Room 5"),
        ]),
    );
    assert!(
        third.summary().ends_with("Nothing changed."),
        "{}",
        third.summary()
    );
    assert_eq!((third.unchanged, third.flagged.len()), (3, 0));
}

#[test]
fn importing_into_a_given_conference_keeps_its_title_zone_and_sample_sessions() {
    let (mut store, c) = crate::fixtures::testutil::sample();
    let before = sessions::list(store.conn(), &c, None).unwrap().len();
    let content =
        frab(&[("x", "Extra", "18:00", 30, "Room 9")]).replace("Europe/Vienna", "Europe/Berlin");
    let options = Options {
        target: Target::Conference(c.id),
        ..Default::default()
    };
    let r = run(&mut store, "extra.json", &content, &options).unwrap();
    assert_eq!(
        (r.conference.title.as_str(), r.conference.time_zone.as_str()),
        (c.title.as_str(), "Europe/Vienna")
    );
    assert_eq!(
        (r.added.len(), r.removed.len()),
        (1, 0),
        "sample sessions are never removed"
    );
    assert_eq!(
        sessions::list(store.conn(), &c, None).unwrap().len(),
        before + 1
    );
}

#[test]
fn a_reimport_with_one_bad_event_updates_the_rest_reports_it_and_removes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &frab(FIRST));
    let count = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM session", [], |r| r.get(0))
            .unwrap()
    };
    let before = count(&store);
    let broken = frab(&[
        ("p2", "Panel 2", "11:00", 60, ""),
        ("key", "Keynote", "25:00", 60, ""),
    ]);
    let report = run(&mut store, "alliance.json", &broken, &Options::default()).unwrap();
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    let skip = &report.skipped[0];
    assert_eq!(skip.at, "schedule.conference.days[0].rooms[\"all\"][1]");
    assert_eq!(skip.event, "Keynote");
    assert!(
        skip.reason.contains("start: \"25:00\" is not a time"),
        "{}",
        skip.reason
    );
    assert_eq!(
        report.changed.len(),
        1,
        "Panel 2 moved: {:?}",
        report.changed
    );
    assert!(
        report.removed.is_empty(),
        "nothing removed while events were skipped"
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("no session was removed")),
        "{:?}",
        report.notes
    );
    assert_eq!(count(&store), before, "every session is still there");
}

#[test]
fn a_reimport_whose_every_event_is_bad_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &frab(FIRST));
    let starts = |store: &Store| -> Vec<String> {
        store
            .conn()
            .prepare("SELECT starts_at FROM session ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let before = starts(&store);
    let broken = frab(&[("key", "Keynote", "25:00", 60, "")]);
    let err = run(&mut store, "alliance.json", &broken, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("alliance.json: none of its 1 event(s) could be imported")
            && err.contains("rooms[\"all\"][0].start"),
        "{err}"
    );
    assert_eq!(starts(&store), before, "all or nothing");
}

#[test]
fn a_session_with_a_brief_dropped_by_a_reimport_is_kept_as_cancelled() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &frab(FIRST));
    let keynote = id_of(&store, "key");
    let c = conference::current_opt(store.conn()).unwrap().unwrap();
    crate::programme::briefs::save(
        &mut store,
        &c,
        keynote,
        &crate::programme::briefs::BriefChange {
            lines: Some("- We fund three shelters already.".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let without_keynote: Vec<Ev<'_>> = FIRST.iter().copied().filter(|e| e.0 != "key").collect();
    let report = import(&mut store, &frab(&without_keynote));
    let removed = report
        .removed
        .iter()
        .find(|r| r.id == keynote)
        .expect("the keynote is reported removed");
    assert!(removed.kept_as_cancelled, "kept, not deleted: {removed:?}");
    let brief = crate::programme::briefs::get(store.conn(), &c, keynote).unwrap();
    assert_eq!(
        brief.lines, "- We fund three shelters already.",
        "the defensive lines survive the re-import"
    );
}

#[test]
fn rows_dated_years_after_the_conference_are_refused_rather_than_stretching_it() {
    let (mut store, conference) = crate::fixtures::testutil::sample();
    let before = sessions::list(store.conn(), &conference, None)
        .unwrap()
        .len();
    let csv = "date,start,title\n2025-06-01,10:00,Next year's side event\n";
    let err = run(&mut store, "side.csv", csv, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("side.csv: with this file, \"")
            && err.contains("would run from 2023-04-18 to 2025-06-01, more than 366 days")
            && err.contains("--new"),
        "{err}"
    );
    let after = conference::get(store.conn(), conference.id).unwrap();
    assert_eq!(
        (after.starts_on.as_str(), after.ends_on.as_str()),
        ("2023-04-18", "2023-04-19"),
        "the conference keeps its days"
    );
    assert_eq!(
        sessions::list(store.conn(), &conference, None)
            .unwrap()
            .len(),
        before,
        "nothing written"
    );
}

#[test]
fn a_csv_adds_side_events_to_the_current_conference_and_removes_nothing() {
    let (mut store, conference) = crate::fixtures::testutil::sample();
    let before = sessions::list(store.conn(), &conference, None)
        .unwrap()
        .len();
    let csv = "date,start,end,title,room,priority\n2023-04-18,13:15,14:30,Side event: survivors' voices,Room 3,should\n";
    let report = run(&mut store, "side.csv", csv, &Options::default()).unwrap();
    assert_eq!(
        (
            report.conference.id,
            report.added.len(),
            report.removed.len()
        ),
        (conference.id, 1, 0)
    );
    let all = sessions::list(store.conn(), &conference, None).unwrap();
    assert_eq!(all.len(), before + 1, "the sample programme stays");
    let side = all
        .iter()
        .find(|s| s.title.starts_with("Side event: survivors"))
        .unwrap();
    assert_eq!(
        (side.start.as_str(), side.priority, side.kind),
        ("13:15", Priority::Should, SessionKind::SideEvent)
    );
    let again = run(&mut store, "side.csv", csv, &Options::default()).unwrap();
    assert_eq!(again.unchanged, 1);
}

#[test]
fn a_csv_with_new_creates_a_conference_from_its_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let csv =
        "date,start,duration,title\n2024-05-06,09:00,90,Opening\n2024-05-07,09:00,1:00,Closing\n";
    let options = Options {
        target: Target::New,
        title: Some("Regional meeting".into()),
        time_zone: Some("Europe/Warsaw".into()),
        ..Default::default()
    };
    let report = run(&mut store, "programme.csv", csv, &options).unwrap();
    let c = &report.conference;
    assert_eq!(
        (
            c.title.as_str(),
            c.time_zone.as_str(),
            c.starts_on.as_str(),
            c.ends_on.as_str()
        ),
        (
            "Regional meeting",
            "Europe/Warsaw",
            "2024-05-06",
            "2024-05-07"
        )
    );
    let err = run(
        &mut Store::open_in_memory().unwrap(),
        "side.csv",
        csv,
        &Options::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("--new"), "{err}");
}

#[test]
fn a_named_calendar_creates_its_conference_and_updates_it_on_reimport() {
    let mut store = Store::open_in_memory().unwrap();
    let ics = |start: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Side events\r\nX-WR-TIMEZONE:Europe/Vienna\r\nBEGIN:VEVENT\r\nUID:se1\r\n\
             DTSTART:20230418T{start}00\r\nDURATION:PT1H\r\nSUMMARY:Briefing\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let first = run(&mut store, "side.ics", &ics("0800"), &Options::default()).unwrap();
    assert_eq!(
        (first.created_conference, first.conference.uid.as_deref()),
        (true, Some("Side events"))
    );
    assert_eq!(
        first.added[0].start, "08:00",
        "floating time in the calendar's zone"
    );
    let second = run(&mut store, "side.ics", &ics("0900"), &Options::default()).unwrap();
    assert_eq!(
        (second.created_conference, second.changed.len()),
        (false, 1)
    );
}
