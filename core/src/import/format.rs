//! Which format a schedule file is in: by its content first (what the file is), then by its name's
//! extension, then by a CSV header naming the required columns. Kept apart from the readers so that the
//! command line and the app can name a format (`--format`) and recognise one the same way.

use serde::Serialize;

use crate::{Error, Result};

/// The formats an agenda can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    #[serde(rename = "frab-json")]
    FrabJson,
    #[serde(rename = "frab-xml")]
    FrabXml,
    #[serde(rename = "ics")]
    Ics,
    #[serde(rename = "csv")]
    Csv,
}

impl Format {
    /// The word used on the command line and stored in `conference.source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::FrabJson => "frab-json",
            Format::FrabXml => "frab-xml",
            Format::Ics => "ics",
            Format::Csv => "csv",
        }
    }

    /// Parses `auto` (→ `None`) or a format word, naming the option on error.
    pub fn parse_option(word: &str) -> Result<Option<Format>> {
        match word.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Ok(None),
            "frab-json" | "json" | "pretalx" => Ok(Some(Format::FrabJson)),
            "frab-xml" | "xml" => Ok(Some(Format::FrabXml)),
            "ics" | "ical" | "icalendar" => Ok(Some(Format::Ics)),
            "csv" => Ok(Some(Format::Csv)),
            other => Err(Error::invalid(
                "format",
                format!("\"{other}\" is not one of: auto, frab-json, frab-xml, ics, csv"),
            )),
        }
    }
}

/// Recognises the format by the content first (what the file is), then by the name's extension.
pub fn detect(file_name: &str, content: &str) -> Result<Format> {
    let head = content.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        return Ok(Format::FrabJson);
    }
    if head.starts_with('<') {
        return Ok(Format::FrabXml);
    }
    if head
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Ok(Format::Ics);
    }
    let lower = file_name.to_ascii_lowercase();
    let by_extension = [
        (".json", Format::FrabJson),
        (".xml", Format::FrabXml),
        (".ics", Format::Ics),
        (".ical", Format::Ics),
        (".csv", Format::Csv),
        (".txt", Format::Csv),
    ];
    if let Some((_, f)) = by_extension.iter().find(|(ext, _)| lower.ends_with(ext)) {
        return Ok(*f);
    }
    // A header line naming the required columns is a CSV whatever the file is called.
    let first = head.lines().next().unwrap_or("").to_ascii_lowercase();
    if first.contains("date") && first.contains("start") && first.contains("title") {
        return Ok(Format::Csv);
    }
    Err(Error::Invalid(format!(
        "{file_name}: the format could not be recognised (not schedule JSON or XML, not iCalendar, no CSV \
         header with date, start and title): give it with --format frab-json|frab-xml|ics|csv"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_recognised_by_content_before_the_extension() {
        assert_eq!(
            detect("x.txt", "  {\"schedule\":{}}").unwrap(),
            Format::FrabJson
        );
        assert_eq!(
            detect("x.json", "<?xml version='1.0'?><schedule/>").unwrap(),
            Format::FrabXml
        );
        assert_eq!(
            detect("cal", "BEGIN:VCALENDAR\r\nEND:VCALENDAR").unwrap(),
            Format::Ics
        );
        assert_eq!(detect("side.csv", "Title;Date;Start").unwrap(), Format::Csv);
        assert_eq!(
            detect("programme", "date,start,title\n").unwrap(),
            Format::Csv
        );
        let err = detect("notes.md", "# hello").unwrap_err().to_string();
        assert!(
            err.contains("notes.md") && err.contains("--format"),
            "{err}"
        );
    }
}
