//! Importing agendas and delegations. The app's webview reads the file the person picked (the system's
//! file chooser, through `<input type="file">`) and sends its text, so the webview needs no file-system
//! access; the command line names the file, read here. The formats are in `docs/import.md`.

use std::path::Path;

use crate::import::members_csv::MembersImport;
use crate::import::{self, Format, ImportReport, Options, Target};
use crate::{programme::conference, Error, Result, Store};

/// The largest agenda accepted from the app, in bytes: far beyond any programme (the 31C3 XML is 0.4 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Imports the agenda `content` (named `file_name` in messages) in `format` (`None` or `"auto"`:
/// recognise it). A file that names its conference updates or creates it; a CSV adds to the current
/// conference, or creates one (titled after the file) when there is none yet.
pub fn import_agenda(
    store: &mut Store,
    file_name: &str,
    content: &str,
    format: Option<&str>,
) -> Result<ImportReport> {
    if content.len() > MAX_BYTES {
        return Err(Error::Invalid(format!(
            "{file_name}: the file is larger than {} MB: that is not an agenda",
            MAX_BYTES / 1024 / 1024
        )));
    }
    let format: Option<Format> = format.map(Format::parse_option).transpose()?.flatten();
    let target = if conference::current_opt(store.conn())?.is_some() {
        Target::Auto
    } else {
        Target::New
    };
    import::run(
        store,
        file_name,
        content,
        &Options {
            format,
            target,
            title: None,
            time_zone: None,
        },
    )
}

/// How `desk import` imports a file.
#[derive(Debug, Clone)]
pub struct FileImport {
    /// `auto`, `frab-json`, `frab-xml`, `ics` or `csv`.
    pub format: String,
    /// Which conference the agenda goes into.
    pub target: Target,
    /// The title of a new conference when the file names none.
    pub title: Option<String>,
    /// The zone of a new conference and of local times the file gives no zone for.
    pub time_zone: Option<String>,
}

/// Imports the agenda file at `path` (`desk import`).
pub fn import_file(store: &mut Store, path: &Path, how: FileImport) -> Result<ImportReport> {
    let content = read_text(path)?;
    let options = Options {
        format: Format::parse_option(&how.format)?,
        target: how.target,
        title: how.title,
        time_zone: how.time_zone,
    };
    import::run(store, &path.display().to_string(), &content, &options)
}

/// Adds the members in the CSV file at `path` to the conference (`desk members import`), skipping and
/// reporting the rows that cannot be added.
pub fn import_members(store: &mut Store, conference: i64, path: &Path) -> Result<MembersImport> {
    let c = conference::get(store.conn(), conference)?;
    let content = read_text(path)?;
    import::members_csv::import(store, &c, &path.display().to_string(), &content)
}

/// Reads a text file, naming it on error (and the line of the first byte that is not UTF-8).
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        context: format!("Could not read {}", path.display()),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e
            .as_bytes()
            .get(..at)
            .unwrap_or_default()
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Error::Invalid(format!(
            "{}: line {line}: not UTF-8 text (byte {at}): save it as UTF-8 (in a spreadsheet: CSV UTF-8)",
            path.display(),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_csv_on_an_empty_database_creates_a_conference_named_after_the_file() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_agenda(
            &mut store,
            "Side events.csv",
            "date,start,title\n2023-04-18,13:15,Briefing\n",
            None,
        )
        .unwrap();
        assert!(report.created_conference);
        assert_eq!(report.conference.title, "Side events");
        assert_eq!(
            conference::current_opt(store.conn()).unwrap().map(|c| c.id),
            Some(report.conference.id)
        );
    }

    #[test]
    fn a_bad_format_word_is_refused_as_invalid() {
        let mut store = Store::open_in_memory().unwrap();
        let err = import_agenda(&mut store, "x.csv", "", Some("pdf")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.to_string().starts_with("format:"), "{err}");
    }
}
