//! How long importing the 31C3 schedule XML (138 events) takes: reading alone, and reading plus applying it
//! to an in-memory store (a first import, then an identical re-import that changes nothing). And reading
//! large files (a 100 000-row CSV with a bad row at the end, the XML's events repeated 100 times), which
//! stays linear: line numbers come from one index, not a rescan per row.

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

/// A CSV of `rows` good rows and a bad one at the end (so a line number is looked up for every row).
fn big_csv(rows: usize) -> String {
    let mut s = String::from("date,start,end,title,room\n");
    for i in 0..rows {
        s.push_str(&format!(
            "2023-04-18,{:02}:{:02},23:59,Row {i},Room {}\n",
            i % 23,
            i % 60,
            i % 7
        ));
    }
    s.push_str("2023-04-18,nine,10:00,Bad,Room 1\n");
    s
}

fn bench_large(c: &mut Criterion) {
    let csv = big_csv(100_000);
    let mut group = c.benchmark_group("large files");
    group.sample_size(10);
    group.bench_function("parse a 100 000-row csv (4 MB)", |b| {
        b.iter(|| {
            import::parse(Format::Csv, "big.csv", &csv, chrono_tz::Tz::UTC).map(|s| s.skipped.len())
        })
    });
    let xml = content();
    let (head, rest) = xml.split_at(xml.find("<day").unwrap_or(0));
    let days = rest.trim_end().trim_end_matches("</schedule>");
    let big_xml = format!("{head}{}</schedule>", days.repeat(100));
    group.bench_function(
        "parse the 31c3 xml's events 100 times over (13 800 events)",
        |b| {
            b.iter(|| {
                import::parse(Format::FrabXml, "big.xml", &big_xml, chrono_tz::Tz::UTC)
                    .map(|s| s.skipped.len())
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench, bench_large);
criterion_main!(benches);
