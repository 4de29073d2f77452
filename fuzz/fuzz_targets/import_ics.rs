//! `desk_core::fixtures::fuzzing::import_ics` on raw bytes (seeded from fuzz/seeds/import_ics).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::import_ics(data));
