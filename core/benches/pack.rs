//! The full briefing pack of a large synthetic conference: 600 sessions, 40 members, 5,000 notes, a
//! planned delegation, briefs on the must sessions. Measures building the content from the store,
//! typesetting it, and both together (what `desk pack` and the app's Generate do).
//! Run with `cargo bench -p desk-core --bench pack`; peak memory: see docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::fixtures::{synthetic, synthetic_notes};
use desk_core::pack::{self, PackOptions};
use desk_core::planner::autoplan::{self, Options};
use desk_core::programme::briefs::{self, BriefChange};
use desk_core::Store;

/// The large conference, planned, with notes and briefs.
pub fn large_store() -> (Store, desk_core::programme::conference::Conference) {
    let mut store = Store::open_in_memory().unwrap();
    let c = synthetic::load(&mut store, 600, 40).unwrap().conference;
    synthetic_notes::generate(&mut store, &c, 5_000, 7).unwrap();
    autoplan::plan(&mut store, &c, Options::default()).unwrap();
    let must: Vec<i64> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM session WHERE conference_id = ?1 AND priority = 'must'")
            .unwrap();
        let ids = stmt.query_map([c.id], |r| r.get(0)).unwrap();
        ids.map(Result::unwrap).collect()
    };
    for id in must {
        let change = BriefChange {
            objectives: Some("Show our national referral mechanism reform and learn from Türkiye and Україна.".into()),
            points: Some("- Our rapporteur is independent by law\n- Survivors sit on the council\n- Budget doubled in 2023".into()),
            lines: Some("- On prosecutions: figures are in the annual report".into()),
        };
        briefs::save(&mut store, &c, id, &change).unwrap();
    }
    (store, c)
}

fn pack_bench(cr: &mut Criterion) {
    let (mut store, c) = large_store();
    let options = PackOptions::default();
    let now = chrono::Utc::now();
    let doc = pack::document(store.conn(), &c, &options, 1, now).unwrap();
    let made = pack::generate(&mut store, &c, &options, &mut |_| {}).unwrap();
    println!(
        "full pack: {} pages, {:.2} MB",
        made.pages,
        made.pdf.len() as f64 / 1_048_576.0
    );
    let mut group = cr.benchmark_group("pack 600x40, 5000 notes");
    group.sample_size(10);
    group.bench_function("build the content from the store", |b| {
        b.iter(|| pack::document(store.conn(), &c, &options, 1, now).unwrap())
    });
    group.bench_function("typeset and write the PDF", |b| {
        b.iter(|| desk_typeset::render(&doc, &mut |_| {}).unwrap())
    });
    group.bench_function("whole pack (desk pack)", |b| {
        b.iter(|| pack::generate(&mut store, &c, &options, &mut |_| {}).unwrap())
    });
    group.finish();
}

criterion_group!(benches, pack_bench);
criterion_main!(benches);
