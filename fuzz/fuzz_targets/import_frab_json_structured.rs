//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::frab_json`), fed to the same body as `import_frab_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::frab_json::FrabJson| {
    desk_core::fuzzing::import_frab_json(file.render().as_bytes())
});
