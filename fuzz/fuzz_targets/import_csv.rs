//! `desk_core::fixtures::fuzzing::import_csv` on raw bytes (seeded from fuzz/seeds/import_csv).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::import_csv(data));
