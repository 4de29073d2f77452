//! Briefs and daily reports edited on two laptops before they exchanged keep both texts, in either
//! order of delivery, and are marked until someone looks (docs/exchange.md, rule 5); a note deleted
//! on two laptops and edited on a third keeps its whole history (rule 2).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::{assert_same, delegation, pass};
use super::*;
use crate::app::{notes as app_notes, pack};
use crate::programme::briefs::BriefChange;

fn first_session(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT min(id) FROM session", [], |r| r.get(0))
        .unwrap()
}

/// The last clock laptop `store` issued: of two laptops' concurrent edits, the one with the later
/// clock becomes the current text (two writes in the same millisecond are ordered by laptop id).
fn clock_of(store: &Store) -> String {
    store
        .conn()
        .query_row("SELECT clock FROM exchange_laptop", [], |r| r.get(0))
        .unwrap()
}

fn objectives(text: &str) -> BriefChange {
    BriefChange {
        objectives: Some(text.into()),
        ..Default::default()
    }
}

#[test]
fn a_brief_edited_on_two_laptops_keeps_both_texts_on_both_in_either_order() {
    for coordinator_first in [true, false] {
        let (_dir, mut laptops, c) = delegation(3);
        let s = first_session(&laptops[0]);
        pack::save_brief(&mut laptops[0], c, s, &objectives("Agreed wording")).unwrap();
        pass(&mut laptops, 0, 1);
        pass(&mut laptops, 0, 2);
        pack::save_brief(&mut laptops[1], c, s, &objectives("Ask for a referral law")).unwrap();
        pack::save_brief(&mut laptops[2], c, s, &objectives("Stress funding")).unwrap();
        let (won, lost) = if clock_of(&laptops[2]) > clock_of(&laptops[1]) {
            ("Stress funding", "Ask for a referral law")
        } else {
            ("Ask for a referral law", "Stress funding")
        };
        // Laptop 0 hears from both in one order or the other; 1 and 2 from each other.
        let (a, b) = if coordinator_first { (1, 2) } else { (2, 1) };
        pass(&mut laptops, a, 0);
        pass(&mut laptops, b, 0);
        pass(&mut laptops, b, a);
        pass(&mut laptops, a, b);
        for (i, store) in laptops.iter().enumerate() {
            let current = pack::get_brief(store, c, s).unwrap().objectives;
            assert_eq!(
                current, won,
                "laptop {i} (order {coordinator_first}): the later edit by clock is the current text"
            );
            let status = status(store).unwrap();
            let marked: Vec<&BriefEdited> = status
                .briefs_edited_in_two_places
                .iter()
                .filter(|b| b.session_id == s)
                .collect();
            assert_eq!(
                marked.len(),
                1,
                "laptop {i} (order {coordinator_first}) marks the brief: {status:?}"
            );
            let kept: Vec<(&str, &str)> = marked[0]
                .kept
                .iter()
                .map(|k| (k.field.as_str(), k.body.as_str()))
                .collect();
            assert!(
                kept.contains(&("objectives", lost)),
                "laptop {i} (order {coordinator_first}) keeps the other text in the brief's history: {kept:?}"
            );
            assert!(
                !kept.iter().any(|(_, body)| *body == won),
                "laptop {i}: the current text is not listed as kept: {kept:?}"
            );
        }
        assert_same(&laptops, u64::from(coordinator_first));
        brief_seen(&mut laptops[0], s).unwrap();
        assert!(
            status(&laptops[0])
                .unwrap()
                .briefs_edited_in_two_places
                .is_empty(),
            "seen: no longer marked"
        );
        assert_eq!(
            brief_seen(&mut laptops[0], s).unwrap_err().code(),
            crate::ErrorCode::NotFound,
            "a brief not marked is not found"
        );
        assert_eq!(
            status(&laptops[1])
                .unwrap()
                .briefs_edited_in_two_places
                .len(),
            1,
            "the mark is each laptop's own: seen on one, still marked on another"
        );
    }
}

#[test]
fn two_laptops_writing_different_fields_of_a_brief_keep_both_without_a_mark() {
    let (_dir, mut laptops, c) = delegation(2);
    let s = first_session(&laptops[0]);
    pack::save_brief(&mut laptops[0], c, s, &objectives("Objectives")).unwrap();
    pass(&mut laptops, 0, 1);
    let points = BriefChange {
        points: Some("- one point".into()),
        ..Default::default()
    };
    pack::save_brief(&mut laptops[1], c, s, &points).unwrap();
    pack::save_brief(&mut laptops[0], c, s, &objectives("Sharper objectives")).unwrap();
    pass(&mut laptops, 0, 1);
    pass(&mut laptops, 1, 0);
    for (i, store) in laptops.iter().enumerate() {
        let brief = pack::get_brief(store, c, s).unwrap();
        assert_eq!(
            (brief.objectives.as_str(), brief.points.as_str()),
            ("Sharper objectives", "- one point"),
            "laptop {i}: each field keeps its own last edit"
        );
        assert!(
            status(store)
                .unwrap()
                .briefs_edited_in_two_places
                .is_empty(),
            "laptop {i}: different fields are no conflict"
        );
    }
    assert_same(&laptops, 0);
}

#[test]
fn a_daily_report_written_on_two_laptops_keeps_both_texts_in_either_order() {
    for first in [0, 1] {
        let (_dir, mut laptops, c) = delegation(2);
        let day = "2023-04-18";
        // Both write the day's report for the first time: two inserts of the same row.
        app_notes::save_report(&mut laptops[0], c, day, "Coordinator's report").unwrap();
        app_notes::save_report(&mut laptops[1], c, day, "Deputy's report").unwrap();
        let (won, lost) = if clock_of(&laptops[1]) > clock_of(&laptops[0]) {
            ("Deputy's report", "Coordinator's report")
        } else {
            ("Coordinator's report", "Deputy's report")
        };
        pass(&mut laptops, first, 1 - first);
        pass(&mut laptops, 1 - first, first);
        for (i, store) in laptops.iter().enumerate() {
            let saved = app_notes::get_report(store, c, day).unwrap().saved;
            assert_eq!(
                saved.as_deref(),
                Some(won),
                "laptop {i} (first sender {first}): the later text is current"
            );
            let reports = status(store).unwrap().reports_edited_in_two_places;
            assert_eq!(reports.len(), 1, "laptop {i}: the report is marked");
            assert_eq!(reports[0].day, day);
            assert_eq!(
                reports[0]
                    .kept
                    .iter()
                    .map(|k| k.body.as_str())
                    .collect::<Vec<_>>(),
                [lost],
                "laptop {i} (first sender {first}): the other text is kept"
            );
        }
        assert_same(&laptops, first as u64);
        report_seen(&mut laptops[0], c, day).unwrap();
        assert!(
            status(&laptops[0])
                .unwrap()
                .reports_edited_in_two_places
                .is_empty(),
            "seen: no longer marked"
        );
    }
}

#[test]
fn a_note_deleted_on_two_laptops_and_edited_on_a_third_keeps_its_whole_history_in_either_order() {
    for edit_last in [true, false] {
        let (_dir, mut laptops, c) = delegation(4);
        let id = super::tests::write_note(&mut laptops[0], c, "Written");
        for to in 1..4 {
            pass(&mut laptops, 0, to);
        }
        // Laptop 1 edits the note (its history gains "Written"), then deletes it; laptop 2 deletes
        // it without having seen that edit, after laptop 1; laptop 3 edits it meanwhile.
        app_notes::rewrite_note(&mut laptops[1], c, &id, "Edited on 1".into()).unwrap();
        app_notes::delete_note(&mut laptops[1], c, &id, None).unwrap();
        app_notes::delete_note(&mut laptops[2], c, &id, None).unwrap();
        app_notes::rewrite_note(&mut laptops[3], c, &id, "Edited on 3".into()).unwrap();
        let order: &[usize] = if edit_last { &[1, 2, 3] } else { &[3, 1, 2] };
        for &from in order {
            pass(&mut laptops, from, 0);
        }
        for to in 1..4 {
            pass(&mut laptops, 0, to);
        }
        for (i, store) in laptops.iter().enumerate() {
            let history: Vec<String> = app_notes::note_history(store, c, &id)
                .unwrap_or_else(|e| {
                    panic!("laptop {i} (edit last: {edit_last}) lost the note: {e}")
                })
                .into_iter()
                .map(|v| v.body)
                .collect();
            assert!(
                history.contains(&"Edited on 1".to_string())
                    || history.contains(&"Written".to_string()),
                "laptop {i} (edit last: {edit_last}) keeps the note's history: {history:?}"
            );
        }
        assert_same(&laptops, u64::from(edit_last));
    }
}
