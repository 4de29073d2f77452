//! `desk_core::fixtures::fuzzing::exchange_file` on raw bytes (seeded from fuzz/seeds/exchange_file).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::exchange_file(data));
