//! Encryption at rest, tested on real files: what is on disk after writing notes, briefs and a pack;
//! a wrong passphrase; rekey; a plain file encrypted and decrypted with every row kept.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use super::encryption::*;
use crate::app::notes::NoteDraft;
use crate::programme::briefs::BriefChange;
use crate::store::Passphrase;
use crate::store::{file_state, FileState};
use crate::{ErrorCode, Store};

/// Text in several scripts that must never be found in plain on disk.
const SECRETS: &[&str] = &[
    "Zażółć gęślą jaźń négociation",
    "Переговорная позиция делегации",
    "الموقف التفاوضي للوفد",
    "代表团的谈判立场",
    "ObjectiveFallbackLineSeventeen",
];

fn key() -> Passphrase {
    Passphrase::new("correct horse battery staple")
}

/// A data file in a fresh folder holding the sample conference, a note in each script, a brief and a
/// generated pack (whose PDF stays in memory: where packs go is the `pack` feature's).
fn filled(dir: &Path, key: Option<&Passphrase>) -> (PathBuf, Store) {
    let path = dir.join("desk.sqlite3");
    let mut store = crate::data::open_store(&path, key).unwrap();
    let conference = crate::fixtures::sample::load(&mut store)
        .unwrap()
        .conference;
    for secret in &SECRETS[..4] {
        crate::app::notes::save_note(
            &mut store,
            conference.id,
            NoteDraft {
                body: format!("{secret} — said in the corridor"),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let session: i64 = store
        .conn()
        .query_row("SELECT min(id) FROM session", [], |r| r.get(0))
        .unwrap();
    crate::app::pack::save_brief(
        &mut store,
        conference.id,
        session,
        &BriefChange {
            objectives: Some(SECRETS[4].into()),
            points: Some(format!("- {}", SECRETS[1])),
            lines: None,
        },
    )
    .unwrap();
    let pack = crate::pack::generate(
        &mut store,
        &conference,
        &crate::pack::PackOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    assert!(pack.pdf.len() > 1000, "a pack was made");
    (path, store)
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The files under `dir` holding any of the secrets in plain.
fn leaks(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for file in files_under(dir) {
        let bytes = std::fs::read(&file).unwrap();
        for secret in SECRETS {
            // Each script alone too: a fragment of a note is as telling as the whole.
            let words = secret.split_whitespace().filter(|w| w.chars().count() >= 4);
            if contains(&bytes, secret) || words.into_iter().any(|w| contains(&bytes, w)) {
                found.push(format!("{} holds {secret:?}", file.display()));
            }
        }
    }
    found
}

/// Every table's rows, as text, for comparing two files.
fn all_rows(store: &Store) -> Vec<(String, Vec<String>)> {
    let conn = store.conn();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

#[test]
fn nothing_written_can_be_read_in_plain_from_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = filled(dir.path(), Some(&key()));
    // The WAL while the app has the file open, and the backups it takes.
    crate::app::data::backup_now(&store, &path).unwrap();
    let copy = dir.path().join("copy.sqlite3");
    crate::data::backup::save_copy(&store, &copy).unwrap();
    assert!(
        dir.path().join("desk.sqlite3-wal").exists(),
        "the WAL is there to be searched"
    );
    let leaks_open = leaks(dir.path());
    assert!(leaks_open.is_empty(), "while open: {leaks_open:#?}");
    store.close().unwrap();
    let leaks_closed = leaks(dir.path());
    assert!(leaks_closed.is_empty(), "after closing: {leaks_closed:#?}");
    assert_eq!(
        file_state(&copy).unwrap(),
        FileState::Encrypted,
        "a saved copy is encrypted"
    );
    // The same data in a plain file shows the secrets: the search itself works.
    let plain_dir = tempfile::tempdir().unwrap();
    let (_, plain) = filled(plain_dir.path(), None);
    plain.close().unwrap();
    assert!(
        !leaks(plain_dir.path()).is_empty(),
        "the search finds the text in a plain file"
    );
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_private_and_every_file_in_it_too() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (path, store) = filled(&data, Some(&key()));
    crate::app::data::backup_now(&store, &path).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("backups")), 0o700, "the backups folder");
    let files = files_under(&data);
    assert!(
        files.len() >= 4,
        "the file, its WAL and SHM, a backup: {files:?}"
    );
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn full_text_search_works_in_an_encrypted_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = filled(dir.path(), Some(&key()));
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM note_fts WHERE note_fts MATCH ?1",
            ["Переговорная"],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1, "FTS5 MATCH finds the Cyrillic note");
}

#[test]
fn a_wrong_or_missing_passphrase_is_refused_and_the_file_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = filled(dir.path(), Some(&key()));
    store.close().unwrap();
    let before: Vec<(PathBuf, Vec<u8>)> = files_under(dir.path())
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    let err =
        crate::data::open_store(&path, Some(&Passphrase::new("not the passphrase"))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    assert!(!err.to_string().contains("not the passphrase"), "{err}");
    let err = crate::data::open_store(&path, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PassphraseNeeded, "{err}");
    let after: Vec<(PathBuf, Vec<u8>)> = files_under(dir.path())
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    assert!(before == after, "no file was changed, added or removed");
}

#[test]
fn a_new_passphrase_opens_the_file_after_rekey_and_the_old_one_no_longer_does() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = filled(dir.path(), Some(&key()));
    let rows = all_rows(&store);
    let new = Passphrase::new("a much longer new passphrase");
    store.rekey(&new).unwrap();
    store.close().unwrap();
    let err = crate::data::open_store(&path, Some(&key())).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "the old one: {err}");
    let store = crate::data::open_store(&path, Some(&new)).unwrap();
    assert!(all_rows(&store) == rows, "every row is still there");
    assert!(leaks(dir.path()).is_empty(), "{:#?}", leaks(dir.path()));
}

#[test]
fn a_plain_file_is_encrypted_in_place_with_every_row_kept_and_its_backups_too() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = filled(dir.path(), None);
    crate::app::data::backup_now(&store, &path).unwrap();
    let rows = all_rows(&store);
    store.close().unwrap();
    assert!(!leaks(dir.path()).is_empty(), "plain to start with");
    let done = encrypt_file(&path, &key()).unwrap();
    assert_eq!(done.backups, 1, "the backup was encrypted too: {done:?}");
    assert!(done.left_plain.is_empty(), "{done:?}");
    assert_eq!(file_state(&path).unwrap(), FileState::Encrypted);
    let leftovers: Vec<_> = files_under(dir.path())
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
    let store = crate::data::open_store(&path, Some(&key())).unwrap();
    assert!(all_rows(&store) == rows, "every table's rows are the same");
    crate::store::check(store.conn()).unwrap();
    store.close().unwrap();
    assert!(leaks(dir.path()).is_empty(), "{:#?}", leaks(dir.path()));
}

#[test]
fn removing_the_passphrase_gives_a_plain_file_with_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = filled(dir.path(), Some(&key()));
    let rows = all_rows(&store);
    store.close().unwrap();
    let err = decrypt_file(&path, &Passphrase::new("wrong passphrase!")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    assert_eq!(
        file_state(&path).unwrap(),
        FileState::Encrypted,
        "untouched"
    );
    decrypt_file(&path, &key()).unwrap();
    assert_eq!(file_state(&path).unwrap(), FileState::Plain);
    let store = crate::data::open_store(&path, None).unwrap();
    assert!(all_rows(&store) == rows, "every table's rows are the same");
}

#[test]
fn an_encrypted_file_is_not_encrypted_again() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = filled(dir.path(), Some(&key()));
    store.close().unwrap();
    let err = encrypt_file(&path, &key()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid, "{err}");
}

#[test]
fn a_backup_made_with_another_passphrase_asks_for_it_before_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = filled(dir.path(), Some(&key()));
    let old = crate::app::data::backup_now(&store, &path).unwrap();
    let new = Passphrase::new("the passphrase after a change");
    store.rekey(&new).unwrap();
    let err = crate::app::data::restore_copy(&mut store, &path, &old.path, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PassphraseNeeded, "{err}");
    let err = crate::app::data::restore_copy(
        &mut store,
        &path,
        &old.path,
        Some(&Passphrase::new("neither of them")),
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    let summary =
        crate::app::data::restore_copy(&mut store, &path, &old.path, Some(&key())).unwrap();
    assert_eq!(summary.notes, 4, "the backup's notes are back");
    store.close().unwrap();
    let store = crate::data::open_store(&path, Some(&new)).unwrap();
    assert!(
        store.is_encrypted(),
        "still encrypted with the data file's passphrase"
    );
    drop(store);
    assert!(leaks(dir.path()).is_empty(), "{:#?}", leaks(dir.path()));
}

#[test]
fn a_plain_copy_restored_into_an_encrypted_file_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let plain_dir = tempfile::tempdir().unwrap();
    let (plain_path, plain) = filled(plain_dir.path(), None);
    let rows = all_rows(&plain);
    plain.close().unwrap();
    let path = dir.path().join("desk.sqlite3");
    let mut store = crate::data::open_store(&path, Some(&key())).unwrap();
    crate::app::data::restore_copy(&mut store, &path, &plain_path.display().to_string(), None)
        .unwrap();
    assert!(all_rows(&store) == rows, "the copy's rows");
    store.close().unwrap();
    assert!(leaks(dir.path()).is_empty(), "{:#?}", leaks(dir.path()));
}
