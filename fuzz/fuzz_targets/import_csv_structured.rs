//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::csv`), fed to the same body as `import_csv`.
//! With `DESK_FUZZ_RENDER_TO=FILE` set, the file an input stands for is also written there (what goes
//! into the plain target's regression folder).
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::csv::Csv| {
    let text = file.render();
    desk_fuzz::keep_rendered(&text);
    desk_core::fixtures::fuzzing::import_csv(text.as_bytes())
});
