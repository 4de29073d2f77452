//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::ics`), fed to the same body as `import_ics`.
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::ics::Ics| {
    desk_core::fuzzing::import_ics(file.render().as_bytes())
});
