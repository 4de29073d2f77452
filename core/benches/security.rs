//! What encryption at rest costs. Opening an encrypted data file is dominated by SQLCipher's key
//! derivation (PBKDF2-HMAC-SHA512, 256,000 iterations): measured as open+unlock of a small file,
//! against opening the same file plain. Then the two operations people wait for, on file databases
//! (the page cache is SQLite's default, so encrypted pages are decrypted as they are read): full-text
//! search over 5,000 synthetic notes, and the briefing pack of a 300-session conference, encrypted
//! against plain. Run with `cargo bench -p desk-core --bench security`; numbers in docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::fixtures::{synthetic, synthetic_notes};
use desk_core::notes::search::{search, Query};
use desk_core::pack::{self, PackOptions};
use desk_core::planner::autoplan::{self, Options};
use desk_core::store::Passphrase;
use desk_core::Store;

fn key() -> Passphrase {
    Passphrase::new("a benchmark passphrase")
}

/// A file database at `path` (encrypted with `key` when given) holding a synthetic conference of
/// `sessions` sessions with `notes` notes, planned.
fn make(path: &Path, key: Option<&Passphrase>, sessions: usize, notes: usize) {
    let mut store = desk_core::data::open_store(path, key).unwrap();
    let c = synthetic::load(&mut store, sessions, 30)
        .unwrap()
        .conference;
    synthetic_notes::generate(&mut store, &c, notes, 7).unwrap();
    autoplan::plan(&mut store, &c, Options::default()).unwrap();
    store.close().unwrap();
}

fn both(dir: &Path, name: &str, sessions: usize, notes: usize) -> (PathBuf, PathBuf) {
    let plain = dir.join(format!("{name}-plain.sqlite3"));
    let encrypted = dir.join(format!("{name}-encrypted.sqlite3"));
    make(&plain, None, sessions, notes);
    make(&encrypted, Some(&key()), sessions, notes);
    (plain, encrypted)
}

fn open(path: &Path, key: Option<&Passphrase>) -> Store {
    desk_core::data::open_store(path, key).unwrap()
}

fn security_bench(cr: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (small_plain, small_encrypted) = both(dir.path(), "small", 20, 10);
    let mut g = cr.benchmark_group("open");
    g.sample_size(20);
    g.bench_function("plain", |b| b.iter(|| open(&small_plain, None)));
    g.bench_function("encrypted (open + unlock: key derivation)", |b| {
        b.iter(|| open(&small_encrypted, Some(&key())))
    });
    g.finish();

    let (plain, encrypted) = both(dir.path(), "large", 300, 5_000);
    let query = Query {
        text: "victims identification".into(),
        ..Default::default()
    };
    let mut g = cr.benchmark_group("search 5000 notes");
    for (name, path, k) in [
        ("plain", &plain, None),
        ("encrypted", &encrypted, Some(key())),
    ] {
        let store = open(path, k.as_ref());
        let c = desk_core::app::conferences::resolve(&store, None).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| search(store.conn(), &c, &query).unwrap())
        });
    }
    g.finish();

    let mut g = cr.benchmark_group("pack 300 sessions");
    g.sample_size(10);
    for (name, path, k) in [
        ("plain", &plain, None),
        ("encrypted", &encrypted, Some(key())),
    ] {
        let mut store = open(path, k.as_ref());
        let c = desk_core::app::conferences::resolve(&store, None).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| pack::generate(&mut store, &c, &PackOptions::default(), &mut |_| {}).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, security_bench);
criterion_main!(benches);
