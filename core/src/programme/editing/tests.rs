//! Editing the programme by hand, tested on the sample conference in a real store: adding a side
//! event in the conference's time, each refused field named, moving, cancelling, deleting. Kept
//! beside the editing code, not in it, because the tests are nearly as long as the code.

use super::*;
use crate::{fixtures::testutil, notes, planner, ErrorCode};

fn side_event() -> SessionFields {
    SessionFields {
        title: Some("Side event: survivors' voices".into()),
        date: Some("2023-04-18".into()),
        start: Some("13:15".into()),
        end: Some("14:15".into()),
        room: Some("Ratsaal".into()),
        speakers: Some(vec!["Ana Lima".into(), " ".into(), "Jo Park".into()]),
        ..Default::default()
    }
}

fn field_of(err: &Error) -> String {
    err.to_string().split(':').next().unwrap_or("").to_string()
}

#[test]
fn a_side_event_typed_in_vienna_time_is_stored_in_utc_as_a_manual_side_event() {
    let (mut store, conference) = testutil::sample();
    let id = add_session(&mut store, &conference, &side_event()).unwrap();
    let s = sessions::get(store.conn(), &conference, id).unwrap();
    assert_eq!(
        s.starts_at, "2023-04-18T13:15:00+02:00",
        "shown in Vienna time"
    );
    let stored: String = store
        .conn()
        .query_row("SELECT starts_at FROM session WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, "2023-04-18T11:15:00Z", "stored in UTC");
    assert_eq!(
        (s.kind, s.origin, s.priority, s.status),
        (
            SessionKind::SideEvent,
            SessionOrigin::Manual,
            Priority::Optional,
            SessionStatus::Scheduled
        ),
        "the defaults of a hand-typed session"
    );
    assert_eq!(
        s.speakers,
        vec!["Ana Lima", "Jo Park"],
        "blank speakers are dropped"
    );
}

#[test]
fn a_duration_stands_in_for_the_end_time() {
    let (mut store, conference) = testutil::sample();
    let fields = SessionFields {
        end: None,
        duration: Some(45),
        ..side_event()
    };
    let id = add_session(&mut store, &conference, &fields).unwrap();
    assert_eq!(
        sessions::get(store.conn(), &conference, id).unwrap().end,
        "14:00"
    );
}

#[test]
fn each_missing_or_wrong_field_is_named_in_the_refusal() {
    let (mut store, conference) = testutil::sample();
    let cases: Vec<(&str, SessionFields)> = vec![
        (
            "title",
            SessionFields {
                title: Some("  ".into()),
                ..side_event()
            },
        ),
        (
            "date",
            SessionFields {
                date: None,
                ..side_event()
            },
        ),
        (
            "date",
            SessionFields {
                date: Some("2023-05-01".into()),
                ..side_event()
            },
        ),
        (
            "start",
            SessionFields {
                start: Some("25:00".into()),
                ..side_event()
            },
        ),
        (
            "end",
            SessionFields {
                end: Some("12:00".into()),
                ..side_event()
            },
        ),
        (
            "end",
            SessionFields {
                end: None,
                ..side_event()
            },
        ),
        (
            "duration",
            SessionFields {
                end: None,
                duration: Some(0),
                ..side_event()
            },
        ),
        (
            "duration",
            SessionFields {
                duration: Some(30),
                ..side_event()
            },
        ),
        (
            "kind",
            SessionFields {
                kind: Some("party".into()),
                ..side_event()
            },
        ),
        (
            "priority",
            SessionFields {
                priority: Some("urgent".into()),
                ..side_event()
            },
        ),
    ];
    let before = sessions::list(store.conn(), &conference, None)
        .unwrap()
        .len();
    for (field, fields) in cases {
        let err = add_session(&mut store, &conference, &fields).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
        assert_eq!(field_of(&err), field, "the refusal names {field}: {err}");
    }
    assert_eq!(
        sessions::list(store.conn(), &conference, None)
            .unwrap()
            .len(),
        before,
        "nothing was added"
    );
}

#[test]
fn moving_a_session_keeps_its_length_and_the_people_on_it() {
    let (mut store, conference) = testutil::sample();
    let panel = testutil::session_id(&store, &conference, "Panel 2");
    let zoe = testutil::member_id(&store, &conference, "Zoë");
    planner::assign(&mut store, panel, zoe, crate::domain::Role::Lead).unwrap();
    let before = sessions::get(store.conn(), &conference, panel).unwrap();
    let fields = SessionFields {
        start: Some("15:00".into()),
        room: Some("Redoutensaal".into()),
        ..Default::default()
    };
    edit_session(&mut store, &conference, panel, &fields).unwrap();
    let after = sessions::get(store.conn(), &conference, panel).unwrap();
    assert_eq!(
        (after.start.as_str(), after.end.as_str()),
        ("15:00", "17:00"),
        "two hours, as before"
    );
    assert_eq!(after.room, "Redoutensaal");
    assert_eq!(
        after.title, before.title,
        "untouched fields keep their values"
    );
    assert_eq!(
        after.assignments, before.assignments,
        "the assignment stays"
    );
}

#[test]
fn an_edit_with_a_bad_field_changes_nothing_and_names_the_field() {
    let (mut store, conference) = testutil::sample();
    let panel = testutil::session_id(&store, &conference, "Panel 2");
    let before = sessions::get(store.conn(), &conference, panel).unwrap();
    let fields = SessionFields {
        title: Some("Renamed".into()),
        end: Some("09:00".into()),
        ..Default::default()
    };
    let err = edit_session(&mut store, &conference, panel, &fields).unwrap_err();
    assert_eq!(field_of(&err), "end", "{err}");
    assert_eq!(
        sessions::get(store.conn(), &conference, panel).unwrap(),
        before
    );
}

#[test]
fn a_session_with_notes_cannot_be_deleted_but_can_be_cancelled_and_restored() {
    let (mut store, conference) = testutil::sample();
    let panel = testutil::session_id(&store, &conference, "Panel 2");
    notes::add(
        &mut store,
        &conference,
        &notes::NewNote {
            session_id: Some(panel),
            author_id: None,
            body: "Worth following up.".into(),
            blocks: vec![],
            ..Default::default()
        },
    )
    .unwrap();
    let err = delete_session(&mut store, &conference, panel).unwrap_err();
    assert!(err.to_string().contains("cancel it instead"), "{err}");
    set_status(&mut store, &conference, panel, SessionStatus::Cancelled).unwrap();
    assert_eq!(
        sessions::get(store.conn(), &conference, panel)
            .unwrap()
            .status,
        SessionStatus::Cancelled
    );
    set_status(&mut store, &conference, panel, SessionStatus::Scheduled).unwrap();
    assert_eq!(
        sessions::get(store.conn(), &conference, panel)
            .unwrap()
            .status,
        SessionStatus::Scheduled
    );
}

#[test]
fn a_session_without_notes_is_deleted_with_its_assignments() {
    let (mut store, conference) = testutil::sample();
    let id = add_session(&mut store, &conference, &side_event()).unwrap();
    let zoe = testutil::member_id(&store, &conference, "Zoë");
    planner::assign(&mut store, id, zoe, crate::domain::Role::Attend).unwrap();
    let deleted = delete_session(&mut store, &conference, id).unwrap();
    assert!(deleted.title.starts_with("Side event"), "{deleted:?}");
    assert_eq!(deleted.assignments, 1, "Zoë's assignment went with it");
    assert!(
        deleted.message().contains("with its assignment") && !deleted.brief,
        "{}",
        deleted.message()
    );
    assert_eq!(
        sessions::get(store.conn(), &conference, id)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn deleting_a_session_with_a_brief_says_that_its_brief_goes_with_it() {
    let (mut store, conference) = testutil::sample();
    let id = add_session(&mut store, &conference, &side_event()).unwrap();
    crate::programme::briefs::save(
        &mut store,
        &conference,
        id,
        &crate::programme::briefs::BriefChange {
            objectives: Some("Get the shelter funding on the agenda.".into()),
            points: Some("- Three new shelters".into()),
            lines: None,
        },
    )
    .unwrap();
    assert!(
        briefs::has_brief(store.conn(), id).unwrap(),
        "the brief is there"
    );
    let deleted = delete_session(&mut store, &conference, id).unwrap();
    assert!(deleted.brief, "the answer says a brief was deleted");
    assert!(
        deleted
            .message()
            .contains("its brief (objectives, points to make, defensive lines)"),
        "{}",
        deleted.message()
    );
    let left: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM session_brief WHERE session_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the brief went with the session");
}
