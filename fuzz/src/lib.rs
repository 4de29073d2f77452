//! Structure-aware generators for the fuzz targets: `Arbitrary` descriptions of real-looking but
//! hostile schedule files (a valid skeleton, hostile field values), each rendered to the file's text
//! and fed to the same body as the plain target (`desk_core::fixtures::fuzzing`). See docs/fuzzing.md.

pub mod csv;
pub mod frab;
pub mod frab_json;
pub mod frab_xml;
pub mod ics;
pub mod values;

pub use csv::Csv;
pub use frab_json::FrabJson;
pub use frab_xml::FrabXml;
pub use ics::Ics;

/// With `DESK_FUZZ_RENDER_TO=FILE` in the environment, writes `text` (a structured target's file) there:
/// run the target on one crashing input to get the file it stands for.
pub fn keep_rendered(text: &str) {
    if let Some(path) = std::env::var_os("DESK_FUZZ_RENDER_TO") {
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("DESK_FUZZ_RENDER_TO: {e}");
        }
    }
}
