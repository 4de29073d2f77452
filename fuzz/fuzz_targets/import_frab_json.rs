//! `desk_core::fixtures::fuzzing::import_frab_json` on raw bytes (seeded from fuzz/seeds/import_frab_json).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::import_frab_json(data));
