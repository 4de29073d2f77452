//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::frab_json`), fed to the same body as `import_frab_json`.
//! With `DESK_FUZZ_RENDER_TO=FILE` set, the file an input stands for is also written there (what goes
//! into the plain target's regression folder).
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::frab_json::FrabJson| {
    let text = file.render();
    desk_fuzz::keep_rendered(&text);
    desk_core::fixtures::fuzzing::import_frab_json(text.as_bytes())
});
