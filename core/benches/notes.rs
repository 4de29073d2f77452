//! Benchmarks of the notes feature: search latency over 100,000 synthetic notes (p50/p95 over many
//! individual queries, plus criterion's estimate for one typical query) and the latency of an autosave
//! (one note updated and committed with synchronous=FULL on a temporary file database, p50/p99).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::notes::search::{search, Query};
use desk_core::{fixtures::sample, programme::conference};
use desk_core::{
    fixtures::synthetic_notes,
    notes::{self, NewNote},
};

const NOTES: usize = 100_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut samples: Vec<Duration>, high: f64) {
    samples.sort();
    println!(
        "{what}: n={} p50={:.3} ms p{}={:.3} ms max={:.3} ms",
        samples.len(),
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        (high * 100.0).round(),
        percentile(&samples, high).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3
    );
}

fn queries() -> Vec<Query> {
    let text = |t: &str| Query {
        text: t.into(),
        ..Default::default()
    };
    vec![
        text("siobhan"),
        text("turkiye"),
        text("ident"),
        text("referral mechanism"),
        text("victims identification"),
        text("Schutzunterkünfte"),
        text("жертвы"),
        text("la ley"),
        text("compensation lawyers"),
        text("supply chain due"),
        text("nothingmatcheshere"),
        text("\"NEAR(*"),
        Query {
            text: "identification".into(),
            block: Some("nrm".into()),
            ..Default::default()
        },
        Query {
            text: "data".into(),
            country: Some("Greece".into()),
            ..Default::default()
        },
        Query {
            text: "rapporteur".into(),
            kind: Some("good-practice".into()),
            ..Default::default()
        },
        Query {
            text: "".into(),
            block: Some("law".into()),
            ..Default::default()
        },
        Query {
            text: "victims".into(),
            day: Some("2023-04-19".into()),
            ..Default::default()
        },
    ]
}

fn search_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = desk_core::data::open_store(&dir.path().join("bench.sqlite3"), None).unwrap();
    let conf = sample::load(&mut store).unwrap().conference;
    let started = Instant::now();
    synthetic_notes::generate(&mut store, &conf, NOTES, 42).unwrap();
    println!(
        "generated {NOTES} notes in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut samples = Vec::new();
    let shapes = queries();
    let mut per_shape: Vec<Vec<Duration>> = vec![Vec::new(); shapes.len()];
    for _round in 0..20 {
        for (i, q) in shapes.iter().enumerate() {
            let t = Instant::now();
            let hits = search(store.conn(), &conf, q).unwrap();
            let took = t.elapsed();
            samples.push(took);
            per_shape[i].push(took);
            std::hint::black_box(hits);
        }
    }
    for (q, times) in shapes.iter().zip(per_shape) {
        let hits = search(store.conn(), &conf, q).unwrap().len();
        report(
            &format!(
                "  {:?} block={:?} country={:?} kind={:?} day={:?} ({hits} hits)",
                q.text, q.block, q.country, q.kind, q.day
            ),
            times,
            0.95,
        );
    }
    report(
        &format!("search over {NOTES} notes (50 hits max, 17 query shapes)"),
        samples,
        0.95,
    );

    c.bench_function("search 100k notes: \"referral mechanism\"", |b| {
        let q = Query {
            text: "referral mechanism".into(),
            ..Default::default()
        };
        b.iter(|| search(store.conn(), &conf, &q).unwrap())
    });
}

fn autosave_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        desk_core::data::open_store(&dir.path().join("autosave.sqlite3"), None).unwrap();
    sample::load(&mut store).unwrap();
    let conf = conference::select(store.conn(), None).unwrap();
    let mut new = NewNote {
        body: "Panel 2: the NRM needs a first-line identification step".into(),
        blocks: vec!["nrm".into(), "council".into()],
        countries: vec!["Türkiye".into()],
        ..Default::default()
    };
    let note = notes::add(&mut store, &conf, &new).unwrap();
    let mut samples = Vec::new();
    for i in 0..300 {
        new.body.push_str(&format!(" word{i}"));
        let t = Instant::now();
        notes::update(&mut store, &conf, &note.id, &new).unwrap();
        samples.push(t.elapsed());
    }
    report(
        "autosave (update one note, synchronous=FULL, temp file)",
        samples,
        0.99,
    );

    let mut i = 0u64;
    c.bench_function("autosave commit (synchronous=FULL)", |b| {
        b.iter(|| {
            i += 1;
            new.body.push_str(" x");
            if i % 200 == 0 {
                new.body.truncate(60);
            }
            notes::update(&mut store, &conf, &note.id, &new).unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(5));
    targets = search_benches, autosave_benches
}
criterion_main!(benches);
