//! Planning at scale: conflicts, coverage and the auto-planner on the synthetic 600 x 40 conference
//! (`desk sample --synthetic 600x40`). Run with `cargo bench -p desk-core --bench planning`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::planner::autoplan::{self, Options};
use desk_core::planner::model::Snapshot;
use desk_core::planner::{conflicts, coverage};
use desk_core::{fixtures::synthetic, Store};

fn synthetic_store() -> (Store, desk_core::programme::conference::Conference) {
    let mut store = Store::open_in_memory().unwrap();
    let c = synthetic::load(&mut store, 600, 40).unwrap().conference;
    (store, c)
}

fn planning(c: &mut Criterion) {
    let (mut store, conf) = synthetic_store();
    let empty = Snapshot::load(store.conn(), &conf).unwrap();
    c.bench_function("snapshot load 600x40", |b| {
        b.iter(|| Snapshot::load(store.conn(), &conf).unwrap())
    });
    let mut group = c.benchmark_group("autoplan");
    group.sample_size(10);
    group.bench_function("propose 600x40 from an empty plan", |b| {
        b.iter(|| autoplan::propose(&empty, Options::default()).unwrap())
    });
    group.finish();
    autoplan::plan(&mut store, &conf, Options::default()).unwrap();
    let planned = Snapshot::load(store.conn(), &conf).unwrap();
    let mut group = c.benchmark_group("autoplan");
    group.sample_size(10);
    group.bench_function("propose 600x40 replacing every auto assignment", |b| {
        b.iter(|| autoplan::propose(&planned, Options { replace_auto: true }).unwrap())
    });
    group.finish();
    c.bench_function("conflicts 600x40 planned", |b| {
        b.iter(|| conflicts::conflicts(&planned))
    });
    c.bench_function("conflicts 600x40 empty", |b| {
        b.iter(|| conflicts::conflicts(&empty))
    });
    c.bench_function("coverage 600x40 planned", |b| {
        b.iter(|| coverage::coverage(&planned))
    });
}

criterion_group!(benches, planning);
criterion_main!(benches);
