//! Importing an agenda from the app: the webview reads the file the person picked (the system's file
//! chooser, through `<input type="file">`) and sends its text, so the webview needs no file-system access.

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
