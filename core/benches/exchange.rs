//! Benchmarks of the exchange between a delegation's laptops (docs/exchange.md): a copy of the synthetic
//! conference (600 sessions, 40 members, 5,000 notes) — its size, the time to make it and to join from
//! it — and a day's changes from six laptops (200 notes each) received in one go by the coordinator.
//! Sealing (age, scrypt) is timed apart: its cost is set to about a second on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use desk_core::app::{conferences, notes};
use desk_core::exchange::{self, file};
use desk_core::store::Passphrase;
use desk_core::Store;

const LAPTOPS: usize = 6;
const NOTES_EACH: usize = 200;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut coordinator = Store::open_in_memory().unwrap();
    let conference = conferences::load_synthetic(&mut coordinator, "600x40", 5_000)
        .unwrap()
        .outcome
        .conference
        .id;
    let (header, plain) =
        exchange::copy_unsealed(&mut coordinator, conference, "Coordinator").unwrap();
    let phrase = Passphrase::new("the delegation's phrase");
    let started = Instant::now();
    let sealed = file::seal(&header, &plain, &phrase).unwrap();
    let sealing = started.elapsed();
    let started = Instant::now();
    file::open(&sealed, "copy", &phrase).unwrap();
    println!(
        "copy of 600 sessions, 40 members, 5,000 notes: {} bytes plain, {} bytes sealed; sealing {:.0} ms, opening {:.0} ms (scrypt included)",
        plain.len(),
        sealed.len(),
        sealing.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut group = c.benchmark_group("exchange");
    group.sample_size(10);
    group.bench_function("make the copy (unsealed)", |b| {
        b.iter(|| exchange::copy_unsealed(&mut coordinator, conference, "Coordinator").unwrap())
    });
    group.bench_function("join from the copy (unsealed)", |b| {
        b.iter_batched(
            || Store::open_in_memory().unwrap(),
            |mut store| {
                exchange::join_unsealed(
                    &mut store,
                    &header,
                    &plain,
                    "copy",
                    "Delegate",
                    &dir.path().join("b"),
                )
                .unwrap();
                store
            },
            BatchSize::PerIteration,
        )
    });

    // Six delegates, 200 notes each, sent to the coordinator in one go.
    let mut files = Vec::new();
    for i in 0..LAPTOPS {
        let mut laptop = Store::open_in_memory().unwrap();
        exchange::join_unsealed(
            &mut laptop,
            &header,
            &plain,
            "copy",
            &format!("Delegate {i}"),
            &dir.path().join("b"),
        )
        .unwrap();
        for n in 0..NOTES_EACH {
            notes::save_note(
                &mut laptop,
                conference,
                notes::NoteDraft {
                    body: format!(
                        "Delegate {i}, note {n}: shelters, referral and the rapporteur's data."
                    ),
                    blocks: vec!["nrm".into()],
                    ..Default::default()
                },
            )
            .unwrap();
        }
        files.push(exchange::send_unsealed(&mut laptop, None).unwrap());
    }
    let bytes: usize = files
        .iter()
        .map(|f| file::encode_changes(&f.changes).unwrap().len())
        .sum();
    println!("six laptops x 200 notes: {bytes} bytes of changes in all (before sealing)");
    group.bench_function("receive 6 laptops x 200 notes in one go", |b| {
        b.iter_batched(
            || {
                let mut store = Store::open_in_memory().unwrap();
                exchange::join_unsealed(
                    &mut store,
                    &header,
                    &plain,
                    "copy",
                    "Coordinator 2",
                    &dir.path().join("b"),
                )
                .unwrap();
                store
            },
            |mut store| {
                let got = exchange::apply(&mut store, &files).unwrap();
                assert_eq!(
                    got.iter().map(|r| r.tally.notes).sum::<usize>(),
                    LAPTOPS * NOTES_EACH
                );
                store
            },
            BatchSize::PerIteration,
        )
    });

    // The log after a morning of autosaves: 1,000 saves of one note on a laptop that has not sent.
    let mut writer = Store::open_in_memory().unwrap();
    exchange::join_unsealed(
        &mut writer,
        &header,
        &plain,
        "copy",
        "Writer",
        &dir.path().join("w"),
    )
    .unwrap();
    let rows = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("SELECT count(*) FROM exchange_change", [], |r| r.get(0))
            .unwrap()
    };
    let before = rows(&writer);
    let id = notes::save_note(
        &mut writer,
        conference,
        notes::NoteDraft {
            body: "Draft".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    for i in 0..1_000 {
        notes::rewrite_note(&mut writer, conference, &id, format!("Draft, autosave {i}")).unwrap();
    }
    let started = Instant::now();
    let sent = exchange::send_unsealed(&mut writer, None).unwrap();
    println!(
        "1,001 saves of one note: {} change rows added to the log; send {:.1} ms ({} changes)",
        rows(&writer) - before,
        started.elapsed().as_secs_f64() * 1e3,
        sent.changes.len()
    );
    group.bench_function("send after 1,000 autosaves of one note", |b| {
        b.iter(|| exchange::send_unsealed(&mut writer, None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
