//! Real-looking but hostile files: a valid skeleton with hostile field values, built from an
//! `Arbitrary` description (`desk_fuzz::frab_xml`), fed to the same body as `import_frab_xml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|file: desk_fuzz::frab_xml::FrabXml| {
    desk_core::fuzzing::import_frab_xml(file.render().as_bytes())
});
