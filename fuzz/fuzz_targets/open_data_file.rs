//! `desk_core::fixtures::fuzzing::open_data_file` on raw bytes (seeded from fuzz/seeds/open_data_file).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::open_data_file(data));
