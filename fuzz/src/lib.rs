//! Structure-aware generators for the fuzz targets: `Arbitrary` descriptions of real-looking but
//! hostile schedule files (a valid skeleton, hostile field values), each rendered to the file's text
//! and fed to the same body as the plain target (`desk_core::fuzzing`). See docs/fuzzing.md.

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

/// The file a structured target's input stands for: `(plain target, file text)`, or `None` for a
/// target that is not structured.
pub fn render(target: &str, data: &[u8]) -> Option<(&'static str, String)> {
    use arbitrary::{Arbitrary, Unstructured};
    // libFuzzer's `fuzz_target!(|x: T|)` builds `T` with `arbitrary_take_rest`.
    let u = Unstructured::new(data);
    Some(match target {
        "import_ics_structured" => ("import_ics", Ics::arbitrary_take_rest(u).ok()?.render()),
        "import_frab_json_structured" => (
            "import_frab_json",
            FrabJson::arbitrary_take_rest(u).ok()?.render(),
        ),
        "import_frab_xml_structured" => (
            "import_frab_xml",
            FrabXml::arbitrary_take_rest(u).ok()?.render(),
        ),
        "import_csv_structured" => ("import_csv", Csv::arbitrary_take_rest(u).ok()?.render()),
        _ => return None,
    })
}
