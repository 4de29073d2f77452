//! How long importing the 31C3 schedule XML (138 events) takes: reading alone, and reading plus applying it
//! to an in-memory store (a first import, then an identical re-import that changes nothing).

use criterion::{criterion_group, criterion_main, Criterion};
use desk_core::import::{self, Format, Options};
use desk_core::Store;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/samples/schedules/31c3-schedule.xml"
);

fn content() -> String {
    std::fs::read_to_string(FILE).unwrap_or_else(|e| panic!("{FILE}: {e}"))
}

fn bench(c: &mut Criterion) {
    let xml = content();
    c.bench_function("parse 31c3 xml", |b| {
        b.iter(|| {
            import::parse(
                Format::FrabXml,
                "31c3-schedule.xml",
                &xml,
                chrono_tz::Tz::UTC,
            )
            .map(|s| s.sessions.len())
        })
    });
    c.bench_function("import 31c3 xml into a new in-memory store", |b| {
        b.iter(|| {
            let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
            import::run(&mut store, "31c3-schedule.xml", &xml, &Options::default())
                .map(|r| r.added.len())
        })
    });
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
    import::run(&mut store, "31c3-schedule.xml", &xml, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    c.bench_function("re-import 31c3 xml unchanged", |b| {
        b.iter(|| {
            import::run(&mut store, "31c3-schedule.xml", &xml, &Options::default())
                .map(|r| r.unchanged)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
