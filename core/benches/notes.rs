//! Benchmarks of the notes feature: search latency over 100,000 synthetic notes (p50/p95 per query shape
//! and per group of shapes: one word, two words, a name, a prefix, very common words, each with and
//! without filters, and a search typed key by key; plus criterion's estimate for two queries) and the
//! latency of an autosave (one note updated and committed with synchronous=FULL on a temporary file
//! database, p50/p99).
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
/// How many times each query shape runs (its p50 and p95 are over these).
const ROUNDS: usize = 20;

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

/// One query shape of the bench: its group, a label and the query.
struct Shape {
    group: &'static str,
    label: String,
    query: Query,
}

/// The query shapes: typed words, names and prefixes, very common words, each alone and with each
/// filter, and what a person types key by key.
fn shapes(session: i64, author: i64) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut add = |group: &'static str, text: &str, f: &dyn Fn(&mut Query)| {
        let mut query = Query {
            text: text.into(),
            ..Default::default()
        };
        f(&mut query);
        let label = format!(
            "{text:?}{}{}{}{}{}{}",
            query
                .block
                .as_deref()
                .map(|b| format!(" block={b}"))
                .unwrap_or_default(),
            query
                .session_id
                .map(|_| " session".to_string())
                .unwrap_or_default(),
            query
                .author_id
                .map(|_| " author".to_string())
                .unwrap_or_default(),
            query
                .country
                .as_deref()
                .map(|c| format!(" country={c}"))
                .unwrap_or_default(),
            query
                .kind
                .as_deref()
                .map(|k| format!(" kind={k}"))
                .unwrap_or_default(),
            query
                .day
                .as_deref()
                .map(|d| format!(" day={d}"))
                .unwrap_or_default(),
        );
        out.push(Shape {
            group,
            label,
            query,
        });
    };
    let none = |_: &mut Query| {};
    // Block, session, author, country, kind, day.
    let filters: [&dyn Fn(&mut Query); 6] = [
        &|q: &mut Query| q.block = Some("nrm".into()),
        &move |q: &mut Query| q.session_id = Some(session),
        &move |q: &mut Query| q.author_id = Some(author),
        &|q: &mut Query| q.country = Some("Greece".into()),
        &|q: &mut Query| q.kind = Some("good-practice".into()),
        &|q: &mut Query| q.day = Some("2023-04-19".into()),
    ];
    for (group, text) in [
        ("one word", "compensation"),
        ("one word", "hotline"),
        ("two words", "referral mechanism"),
        ("two words", "compensation lawyers"),
        ("name", "Siobhán"),
        ("name", "siobhan"),
        ("name", "Yılmaz"),
        ("name", "Schutzunterkünfte"),
        ("prefix", "ident"),
        ("prefix", "rappor"),
        ("prefix", "tur"),
        ("common word", "the"),
        ("common word", "victims"),
        ("common word", "la"),
    ] {
        add(group, text, &none);
        for f in &filters {
            add(
                if group == "common word" {
                    "common word + filter"
                } else {
                    "with a filter"
                },
                text,
                *f,
            );
        }
    }
    for text in [
        "жертвы",
        "supply chain due",
        "nothingmatcheshere",
        "\"NEAR(*",
    ] {
        add("other", text, &none);
    }
    for f in &filters {
        add("filters alone", "", *f);
    }
    // Typed key by key, as search-as-you-type sends it.
    for typed in ["referral mechanism", "siobhan turkiye"] {
        for end in 1..=typed.len() {
            add("typing", &typed[..end], &none);
        }
    }
    out
}

/// The store to search: 100,000 synthetic notes in the sample conference. `DESK_BENCH_NOTES_DB` names a
/// file to keep them in and reuse on the next run (generating them takes minutes on a busy machine);
/// `DESK_BENCH_NOTES_KEY` makes (or opens) it encrypted with that passphrase.
fn notes_store(dir: &std::path::Path) -> (desk_core::Store, conference::Conference) {
    let path = std::env::var_os("DESK_BENCH_NOTES_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.join("bench.sqlite3"));
    let key = std::env::var("DESK_BENCH_NOTES_KEY")
        .ok()
        .map(desk_core::store::Passphrase::new);
    println!(
        "search bench store: {}",
        if key.is_some() { "encrypted" } else { "plain" }
    );
    if path.exists() {
        let started = Instant::now();
        let store = desk_core::data::open_store(&path, key.as_ref()).unwrap();
        let conf = conference::select(store.conn(), None).unwrap();
        println!(
            "reused {} (opened in {:.1} s)",
            path.display(),
            started.elapsed().as_secs_f64()
        );
        return (store, conf);
    }
    let mut store = desk_core::data::open_store(&path, key.as_ref()).unwrap();
    let conf = sample::load(&mut store).unwrap().conference;
    let started = Instant::now();
    synthetic_notes::generate(&mut store, &conf, NOTES, 42).unwrap();
    println!(
        "generated {NOTES} notes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (store, conf)
}

fn search_benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (store, conf) = notes_store(dir.path());
    let first = |sql: &str| -> i64 {
        store
            .conn()
            .query_row(sql, [conf.id], |r| r.get(0))
            .unwrap()
    };
    let session =
        first("SELECT id FROM session WHERE conference_id = ?1 ORDER BY starts_at, id LIMIT 1");
    let author = first("SELECT id FROM member WHERE conference_id = ?1 ORDER BY id LIMIT 1");
    let shapes = shapes(session, author);

    let mut per_shape: Vec<Vec<Duration>> = vec![Vec::new(); shapes.len()];
    for _round in 0..ROUNDS {
        for (i, shape) in shapes.iter().enumerate() {
            let t = Instant::now();
            let hits = search(store.conn(), &conf, &shape.query).unwrap();
            per_shape[i].push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    let mut groups: Vec<(&str, Vec<Duration>)> = Vec::new();
    for (shape, times) in shapes.iter().zip(&per_shape) {
        let hits = search(store.conn(), &conf, &shape.query).unwrap().len();
        report(
            &format!("  [{}] {} ({hits} hits)", shape.group, shape.label),
            times.clone(),
            0.95,
        );
        match groups.iter_mut().find(|(g, _)| *g == shape.group) {
            Some((_, all)) => all.extend(times),
            None => groups.push((shape.group, times.clone())),
        }
    }
    for (group, times) in groups {
        report(&format!("group {group}"), times, 0.95);
    }
    report(
        &format!(
            "search over {NOTES} notes (50 hits max, {} query shapes x {ROUNDS})",
            shapes.len()
        ),
        per_shape.into_iter().flatten().collect(),
        0.95,
    );

    c.bench_function("search 100k notes: \"referral mechanism\"", |b| {
        let q = Query {
            text: "referral mechanism".into(),
            ..Default::default()
        };
        b.iter(|| search(store.conn(), &conf, &q).unwrap())
    });
    c.bench_function("search 100k notes: \"victims\" (a very common word)", |b| {
        let q = Query {
            text: "victims".into(),
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
