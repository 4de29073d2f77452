//! `desk_core::fixtures::fuzzing::markdown` on raw bytes (seeded from fuzz/seeds/markdown).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| desk_core::fixtures::fuzzing::markdown(data));
