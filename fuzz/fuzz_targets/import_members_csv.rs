//! `desk_core::fixtures::fuzzing::import_members_csv` on raw bytes (seeded from fuzz/seeds/import_members_csv).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::import_members_csv(data));
