//! Backups, copies and restores on real SQLite files in temporary folders.

use std::path::Path;

use rusqlite::Connection;

use super::*;
use crate::{fixtures::sample, notes};

fn file_store(dir: &Path) -> Store {
    let mut store = crate::data::open_store(&dir.join("desk.sqlite3"), None).unwrap();
    sample::load(&mut store).unwrap();
    store
}

fn add_note(store: &mut Store, body: &str) {
    let c = crate::programme::conference::select(store.conn(), None).unwrap();
    notes::add(
        store,
        &c,
        &notes::NewNote {
            body: body.into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn only_recent(n: usize) -> Retention {
    Retention {
        recent: n,
        days: Default::default(),
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    list(dir)
        .unwrap()
        .into_iter()
        .map(|b| b.file_name)
        .collect()
}

#[test]
fn a_saved_copy_holds_everything_and_opens_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    add_note(&mut store, "kept in the copy");
    let copy = dir.path().join("elsewhere").join("copy.sqlite3");
    save_copy(&store, &copy).unwrap();
    let summary = describe(&copy, None).unwrap();
    assert_eq!(
        (summary.sessions, summary.members, summary.notes),
        (15, 6, 1),
        "{summary:?}"
    );
    let beside: Vec<_> = std::fs::read_dir(dir.path().join("elsewhere"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        beside,
        ["copy.sqlite3"],
        "the copy is self-contained and no partial file is left"
    );
}

#[test]
fn rotating_backups_keep_only_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(dir.path());
    let backups = backups_dir(&dir.path().join("desk.sqlite3"));
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(rotate(&store, &backups, &only_recent(3)).unwrap().file_name);
    }
    made.reverse();
    assert_eq!(
        names_in(&backups),
        made[..3].to_vec(),
        "only the newest 3 are kept, newest first"
    );
}

#[test]
fn restoring_from_the_oldest_backup_keeps_it_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let mut store = file_store(dir.path());
    let backups = backups_dir(&db);
    let oldest = rotate(&store, &backups, &only_recent(KEEP)).unwrap();
    for i in 1..KEEP {
        add_note(&mut store, &format!("note {i}"));
        rotate(&store, &backups, &only_recent(KEEP)).unwrap();
    }
    assert_eq!(list(&backups).unwrap().len(), KEEP, "the folder is full");
    let restored = restore(&mut store, Path::new(&oldest.path), &backups, None)
        .expect("restoring from the oldest backup succeeds");
    assert_eq!(restored.summary.notes, 0, "the oldest backup had no notes");
    assert!(
        Path::new(&oldest.path).exists(),
        "the oldest backup is still there"
    );
    assert_eq!(restored.kept.kind, Kind::BeforeRestore);
    for _ in 0..KEEP + 2 {
        rotate(&store, &backups, &only_recent(KEEP)).unwrap();
    }
    assert!(
        Path::new(&restored.kept.path).exists(),
        "the copy taken before the restore survives any number of rotations"
    );
    assert_eq!(
        describe(Path::new(&restored.kept.path), None)
            .unwrap()
            .notes,
        (KEEP - 1) as i64,
        "and it holds what the restore replaced"
    );
}

#[test]
fn restoring_a_copy_brings_back_its_content_after_backing_up_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let copy = dir.path().join("before.sqlite3");
    save_copy(&store, &copy).unwrap();
    add_note(&mut store, "written after the copy");
    let backups = dir.path().join(DIR_NAME);
    let now = restore(&mut store, &copy, &backups, None).unwrap();
    assert_eq!(now.summary.notes, 0, "the copy had no notes");
    let safety = list(&backups).unwrap();
    assert_eq!(safety.len(), 1, "the replaced content was backed up first");
    assert_eq!(
        describe(Path::new(&safety[0].path), None).unwrap().notes,
        1,
        "the backup holds the later note"
    );
    drop(store);
    let reopened = crate::data::open_store(&dir.path().join("desk.sqlite3"), None).unwrap();
    assert_eq!(
        describe_store(&reopened).unwrap().notes,
        0,
        "the restore is durable"
    );
}

#[test]
fn a_file_that_is_not_ours_is_refused_before_anything_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    let err = restore(&mut store, &junk, &dir.path().join(DIR_NAME), None).unwrap_err();
    assert!(err.to_string().contains("cannot be used"), "{err}");
    assert_eq!(
        describe_store(&store).unwrap().sessions,
        15,
        "nothing was replaced"
    );
    assert!(
        list(&dir.path().join(DIR_NAME)).unwrap().is_empty(),
        "no backup was taken for a refused restore"
    );
    let other = dir.path().join("other.sqlite3");
    Connection::open(&other)
        .unwrap()
        .execute("CREATE TABLE t (x)", [])
        .unwrap();
    let err = describe(&other, None).unwrap_err().to_string();
    assert!(err.contains("not a Delegation Desk data file"), "{err}");
}

#[test]
fn a_copy_carrying_an_extra_trigger_is_refused_naming_it_and_nothing_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let copy = dir.path().join("from-a-colleague.sqlite3");
    save_copy(&store, &copy).unwrap();
    Connection::open(&copy)
        .unwrap()
        .execute(
            "CREATE TRIGGER wipe_members AFTER INSERT ON note BEGIN DELETE FROM member; END",
            [],
        )
        .unwrap();
    let before = std::fs::read(&copy).unwrap();
    let err = restore(&mut store, &copy, &dir.path().join(DIR_NAME), None).unwrap_err();
    assert!(
        err.to_string().contains("trigger \"wipe_members\""),
        "the refusal names the trigger: {err}"
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the copy is untouched"
    );
    add_note(&mut store, "still here");
    assert_eq!(
        describe_store(&store).unwrap().members,
        6,
        "the trigger never reached the data"
    );
    let err = recover(&dir.path().join("desk.sqlite3"), &copy, None).unwrap_err();
    assert!(
        err.to_string().contains("wipe_members"),
        "recovery refuses it too: {err}"
    );
}

#[test]
fn saving_a_copy_onto_the_live_file_by_any_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    add_note(&mut store, "written since the last backup");
    let db = dir.path().join("desk.sqlite3");
    let before = describe_store(&store).unwrap();
    std::os::unix::fs::symlink(&db, dir.path().join("link.sqlite3")).unwrap();
    std::fs::hard_link(&db, dir.path().join("hard-link.sqlite3")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for dest in [
        db.clone(),
        dir.path().join("desk.sqlite3-wal"),
        dir.path().join("desk.sqlite3-shm"),
        dir.path().join("sub").join("..").join("desk.sqlite3"),
        dir.path().join("link.sqlite3"),
        dir.path().join("hard-link.sqlite3"),
    ] {
        let err = save_copy(&store, &dest).unwrap_err().to_string();
        assert!(
            err.contains("is the data file in use"),
            "{}: {err}",
            dest.display()
        );
    }
    let backup_name = backups_dir(&db).join("desk-20260101T000000Z-001.sqlite3");
    let err = save_copy(&store, &backup_name).unwrap_err().to_string();
    assert!(err.contains("named like an automatic backup"), "{err}");
    drop(store);
    let store = crate::data::open_store(&db, None).unwrap();
    assert_eq!(
        describe_store(&store).unwrap(),
        before,
        "the data is as it was"
    );
}

#[test]
fn a_copy_with_another_page_size_is_refused_clearly_before_anything_is_kept_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let copy = dir.path().join("vacuumed.sqlite3");
    save_copy(&store, &copy).unwrap();
    let conn = Connection::open(&copy).unwrap();
    conn.pragma_update(None, "page_size", 8192).unwrap();
    conn.execute("VACUUM", []).unwrap();
    drop(conn);
    let err = restore(&mut store, &copy, &dir.path().join(DIR_NAME), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("8192-byte pages"), "{err}");
    assert!(
        list(&dir.path().join(DIR_NAME)).unwrap().is_empty(),
        "nothing kept"
    );
    assert_eq!(
        describe_store(&store).unwrap().sessions,
        15,
        "nothing replaced"
    );
}

#[test]
fn restoring_from_the_live_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let db = dir.path().join("desk.sqlite3");
    let err = restore(&mut store, &db, &backups_dir(&db), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is the data file in use"), "{err}");
    assert!(
        list(&backups_dir(&db)).unwrap().is_empty(),
        "nothing was taken or replaced"
    );
}

#[test]
fn recovering_a_damaged_file_moves_it_aside_and_never_overwrites_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let store = file_store(dir.path());
    let backups = backups_dir(&db);
    let latest = rotate(&store, &backups, &only_recent(KEEP)).unwrap();
    drop(store);
    let damaged = b"garbage that used to be a database".repeat(200);
    std::fs::write(&db, &damaged).unwrap();
    std::fs::write(dir.path().join("desk.sqlite3-wal"), b"stale wal").unwrap();
    assert!(
        crate::data::open_store(&db, None).is_err(),
        "the damaged file does not open"
    );
    let aside = recover(&db, Path::new(&latest.path), None)
        .unwrap()
        .expect("there was a damaged file");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged,
        "the damaged file is kept byte for byte"
    );
    assert!(
        !dir.path().join("desk.sqlite3-wal").exists(),
        "its journal went with it, away from the new file"
    );
    let store = crate::data::open_store(&db, None).unwrap();
    assert_eq!(
        describe_store(&store).unwrap().sessions,
        15,
        "the backup is in place"
    );
}

#[test]
fn a_backup_is_due_at_start_then_hourly_only_while_the_data_changes() {
    use std::time::{Duration, Instant};
    let hour = Duration::from_secs(3600);
    let mut schedule = Schedule::new(hour);
    let t0 = Instant::now();
    assert!(schedule.due(t0, "a"), "the first backup is due at once");
    schedule.taken(t0, "a".into());
    assert!(
        !schedule.due(t0 + Duration::from_secs(60), "b"),
        "not within the hour"
    );
    assert!(!schedule.due(t0 + hour, "a"), "not when nothing changed");
    assert!(schedule.due(t0 + hour, "b"), "due after an hour of changes");
}

#[test]
fn the_change_mark_moves_with_any_edit_and_matches_a_backup_of_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(dir.path());
    let backups = dir.path().join(DIR_NAME);
    let taken = rotate(&store, &backups, &only_recent(KEEP)).unwrap();
    let before = change_mark(&store).unwrap();
    assert_eq!(
        mark_of_file(Path::new(&taken.path), None).unwrap(),
        before,
        "a backup has the mark of the data it copied"
    );
    add_note(&mut store, "new");
    let after_note = change_mark(&store).unwrap();
    assert_ne!(after_note, before, "a new note changes the mark");
    store
        .write(|tx| {
            Ok(tx.execute(
                "UPDATE session SET room = 'Elsewhere' WHERE id = (SELECT min(id) FROM session)",
                [],
            )?)
        })
        .unwrap();
    assert_ne!(
        change_mark(&store).unwrap(),
        after_note,
        "a session's room changes the mark"
    );
}

#[test]
fn an_automatic_backup_of_unchanged_data_is_skipped_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let mut store = file_store(dir.path());
    let backups = backups_dir(&db);
    let every = std::time::Duration::from_secs(3600);
    let first = crate::app::data::auto_backup(&store, &db, &mut Schedule::new(every)).unwrap();
    assert!(first.is_some(), "the first start backs up");
    for _ in 0..12 {
        // Each loop is a new start of the app: a fresh schedule.
        let again = crate::app::data::auto_backup(&store, &db, &mut Schedule::new(every)).unwrap();
        assert!(again.is_none(), "an unchanged file is not backed up again");
    }
    assert_eq!(list(&backups).unwrap().len(), 1, "one backup, not twelve");
    add_note(&mut store, "a change");
    let next = crate::app::data::auto_backup(&store, &db, &mut Schedule::new(every)).unwrap();
    assert!(
        next.is_some(),
        "a changed file is backed up at the next start"
    );
}

#[test]
fn a_summary_reads_as_a_sentence() {
    let s = Summary {
        schema_version: 2,
        conferences: vec!["Alliance".into()],
        sessions: 15,
        members: 6,
        notes: 2,
    };
    assert_eq!(
        s.sentence(),
        "1 conference (Alliance), 15 sessions, 6 members, 2 notes"
    );
}
