//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::csv`), fed to the same body as `import_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::csv::Csv| {
    desk_core::fuzzing::import_csv(file.render().as_bytes())
});
