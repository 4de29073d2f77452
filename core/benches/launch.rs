//! What stands between starting the app and its first paint, step by step, at the sample's size and
//! at 100,000 notes, plain and encrypted: opening the data file as the app does now (`Check::Later`:
//! header, schema, no migration transaction, the key derived once) and as it did before (`Check::Now`,
//! with SQLite's `quick_check` of the whole file), the key derivation alone (SQLCipher's, which every
//! keyed connection paid before, and ours), the first queries the window makes, and the two steps that
//! now run after the page is up on a read connection (the integrity check, the start backup).
//!
//! Run with `cargo bench -p desk-core --bench launch`. `DESK_BENCH_LAUNCH_DIR` keeps (and reuses) the
//! generated files in that folder (the 100,000-note file takes minutes to make; any data file of that
//! size can be put there as `launch-100000-plain.sqlite3`). Medians of
//! `DESK_BENCH_ROUNDS` runs (default 7). Numbers in docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use desk_core::fixtures::{sample, synthetic_notes};
use desk_core::store::{Check, Passphrase};

fn key() -> Passphrase {
    Passphrase::new("a benchmark passphrase")
}

fn rounds() -> usize {
    std::env::var("DESK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

/// The sample conference with `notes` synthetic notes at `path` (made once, reused when kept).
fn make(path: &Path, key: Option<&Passphrase>, notes: usize) {
    if path.exists() {
        return;
    }
    let mut store = desk_core::data::open_store(path, key).unwrap();
    let c = sample::load(&mut store).unwrap().conference;
    if notes > 0 {
        synthetic_notes::generate(&mut store, &c, notes, 7).unwrap();
    }
    store.close().unwrap();
}

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1e3
}

fn time<T>(what: &str, mut f: impl FnMut() -> T) -> f64 {
    let samples = (0..rounds())
        .map(|_| {
            let start = Instant::now();
            let out = f();
            let took = start.elapsed();
            drop(out);
            took
        })
        .collect();
    let ms = median(samples);
    println!("  {what}: {ms:.1} ms");
    ms
}

fn steps(label: &str, path: &Path, key: Option<&Passphrase>) {
    // Once untimed: the file in the system's cache for every step alike.
    drop(desk_core::data::open_store_checking(path, key, Check::Now).unwrap());
    println!(
        "{label} ({} MB)",
        std::fs::metadata(path).unwrap().len() / 1_000_000
    );
    let open_later = time("open as the app does now (Check::Later)", || {
        desk_core::data::open_store_checking(path, key, Check::Later).unwrap()
    });
    time(
        "open with the quick check first (Check::Now, as before)",
        || desk_core::data::open_store_checking(path, key, Check::Now).unwrap(),
    );
    if let Some(k) = key {
        time(
            "one SQLCipher key derivation (PRAGMA key + first read)",
            || {
                let conn = rusqlite::Connection::open(path).unwrap();
                conn.pragma_update(None, "key", k.expose()).unwrap();
                conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                    r.get::<_, i64>(0)
                })
                .unwrap()
            },
        );
    }
    let store = desk_core::data::open_store_checking(path, key, Check::Later).unwrap();
    let readers = store.readers().unwrap();
    let first = time(
        "first queries (conference, sessions, members) on a reader",
        || {
            readers
                .with(|r| {
                    let c = desk_core::app::conferences::resolve(r, None)?.id;
                    let sessions = desk_core::app::programme::list_sessions(r, c, None, None)?;
                    let members = desk_core::app::delegation::list_members(r, c)?;
                    Ok((sessions.len(), members.len()))
                })
                .unwrap()
        },
    );
    time("open a reader", || readers.open().unwrap());
    time("after the page: the integrity check on a reader", || {
        readers.with(|r| r.check_integrity()).unwrap()
    });
    let backups = tempfile::tempdir().unwrap();
    time("after the page: the start backup from a reader", || {
        readers
            .with(|r| desk_core::data::backup::save_copy(r, &backups.path().join("copy.sqlite3")))
            .unwrap()
    });
    println!("  => before the first paint: {:.1} ms", open_later + first);
}

/// An autosave at this size: one note's body changed and committed (synchronous=FULL), p50 and p99
/// of 40, with FTS5's `secure-delete` on (as migration 5 sets it) and, on the same file, off.
fn autosave(path: &Path, key: Option<&Passphrase>) {
    let mut store = desk_core::data::open_store_checking(path, key, Check::Later).unwrap();
    let c = desk_core::app::conferences::resolve(&store, None)
        .unwrap()
        .id;
    let id: String = store
        .conn()
        .query_row(
            "SELECT id FROM note ORDER BY rowid LIMIT 1 OFFSET (SELECT count(*) / 2 FROM note)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    autosave_round(&mut store, c, &id, "FTS5 secure-delete on");
    secure_delete(&store, 0);
    autosave_round(&mut store, c, &id, "secure-delete off");
    secure_delete(&store, 1);
}

/// FTS5's `secure-delete` option of the notes index (migration 5 sets it to 1).
fn secure_delete(store: &desk_core::Store, on: i64) {
    store
        .conn()
        .execute(
            "INSERT INTO note_fts (note_fts, rank) VALUES ('secure-delete', ?1)",
            [on],
        )
        .unwrap();
}

fn autosave_round(store: &mut desk_core::Store, c: i64, id: &str, label: &str) {
    use desk_core::app::notes::{get_note, save_note, NoteDraft};
    let mut samples: Vec<Duration> = (0..40)
        .map(|i| {
            let note = get_note(store, c, id).unwrap();
            let draft = NoteDraft {
                id: Some(note.id),
                session_id: note.session_id,
                author_id: note.author_id,
                body: format!("{} autosave {i}", note.body),
                blocks: note.blocks,
                kind: Some(note.kind.as_str().to_string()),
                countries: note.countries,
            };
            let start = Instant::now();
            save_note(store, c, draft).unwrap();
            start.elapsed()
        })
        .collect();
    samples.sort();
    println!(
        "  autosave of one note, {label}: p50 {:.1} ms, p99 {:.1} ms",
        samples[samples.len() / 2].as_secs_f64() * 1e3,
        samples[samples.len() * 99 / 100].as_secs_f64() * 1e3
    );
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let kept = std::env::var_os("DESK_BENCH_LAUNCH_DIR").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).unwrap();
    for (name, notes) in [("sample", 0), ("100000 notes", 100_000)] {
        let plain = dir.join(format!("launch-{notes}-plain.sqlite3"));
        let encrypted = dir.join(format!("launch-{notes}-encrypted.sqlite3"));
        make(&plain, None, notes);
        steps(&format!("{name}, plain"), &plain, None);
        // Making 100,000 encrypted notes takes long: measured when the kept folder has the file.
        if notes == 0 || encrypted.exists() {
            make(&encrypted, Some(&key()), notes);
            steps(&format!("{name}, encrypted"), &encrypted, Some(&key()));
        }
        if notes > 0 {
            autosave(&plain, None);
        }
    }
}
