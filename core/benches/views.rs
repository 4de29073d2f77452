//! What the window's views ask the engine for, timed on a real data file of the size (600
//! sessions × 40 members, planned, with 5,000 or 100,000 notes): the building-block matrix by session
//! and by country, the Plan grid's first call (`plan_grid`) and the checks it asks again after each
//! assignment (`plan_checks`), against the two calls they replace (`conflicts`, `coverage`).
//!
//! Run with `DESK_BENCH_VIEWS_FILE=/path/to/file.sqlite3 cargo bench -p desk-core --bench views`: the
//! window benchmark's data files (tests/tests/window_bench.rs, `DESK_BENCH_DATA`) are such files. The
//! file is copied first (opening it migrates it). Medians of `DESK_BENCH_ROUNDS` runs (default 7).
//! Numbers in docs/benchmarks.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use desk_core::app;

fn rounds() -> usize {
    std::env::var("DESK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

fn time<T>(what: &str, mut f: impl FnMut() -> T) {
    let mut samples: Vec<Duration> = (0..rounds())
        .map(|_| {
            let start = Instant::now();
            let out = f();
            let took = start.elapsed();
            drop(out);
            took
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  {what}: median {:.1} ms (min {:.1}, max {:.1})",
        ms(samples[samples.len() / 2]),
        ms(samples[0]),
        ms(samples[samples.len() - 1])
    );
}

fn main() {
    let Some(source) = std::env::var_os("DESK_BENCH_VIEWS_FILE").map(PathBuf::from) else {
        println!(
            "views: set DESK_BENCH_VIEWS_FILE to a data file (see the bench's docs); nothing run"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.sqlite3");
    std::fs::copy(&source, &path).unwrap();
    let started = Instant::now();
    let store = desk_core::data::open_store(&path, None).unwrap();
    println!(
        "{} ({} MB), opened and migrated in {:.0} ms",
        source.display(),
        std::fs::metadata(&path).unwrap().len() / 1_000_000,
        started.elapsed().as_secs_f64() * 1e3
    );
    let c = app::conferences::current(&store)
        .unwrap()
        .expect("a conference")
        .id;
    // Once untimed: the pages in the cache for every step alike.
    drop(app::notes::block_matrix(&store, c, "sessions").unwrap());
    time("matrix by session", || {
        app::notes::block_matrix(&store, c, "sessions").unwrap()
    });
    time("matrix by country", || {
        app::notes::block_matrix(&store, c, "countries").unwrap()
    });
    time("plan_grid (sessions, members, conflicts, coverage)", || {
        app::planner::plan_grid(&store, c, None, true).unwrap()
    });
    time("plan_grid without the sessions", || {
        app::planner::plan_grid(&store, c, None, false).unwrap()
    });
    time("plan_checks (conflicts and coverage, one snapshot)", || {
        app::planner::checks(&store, c).unwrap()
    });
    time("conflicts + coverage (the two calls before)", || {
        (
            app::planner::conflicts(&store, c).unwrap(),
            app::planner::coverage(&store, c).unwrap(),
        )
    });
}
