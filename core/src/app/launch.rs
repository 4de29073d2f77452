//! Launch: how long the window took to show its first view. The page knows when it drew that view (from
//! its own start); the shell knows when its process started; together they are the launch as a person
//! sees it, from the click on the icon to content on the screen. The shell writes it to its standard
//! error, one line per launch, so a launch can be timed with no driver attached to the window (the
//! window benchmark reads that line; docs/benchmarks.md), and a slow start on a delegate's laptop can be
//! read from a terminal.

use std::fmt;

use serde::Serialize;

use crate::{Error, Result};

/// The first view drawn after launch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirstView {
    /// The view's name (`agenda`, `welcome`, `lock`, ...).
    pub view: String,
    /// Milliseconds from the page's start to the view drawn.
    pub page_ms: f64,
    /// Milliseconds from the shell's start to the moment the page said so.
    pub process_ms: f64,
}

/// Longer than any launch: a figure past it is not a launch time.
const LONGEST_MS: f64 = 24.0 * 3_600_000.0;

/// The page's report of its first view, checked (it comes from the webview, outside data), with the
/// shell's own figure.
pub fn first_view(view: &str, page_ms: f64, process_ms: f64) -> Result<FirstView> {
    let name_ok = !view.is_empty()
        && view.len() <= 32
        && view
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
    if !name_ok {
        return Err(Error::invalid(
            "view",
            "a view's name is 1 to 32 lower-case letters, '-' or '_'",
        ));
    }
    for (field, ms) in [("page_ms", page_ms), ("process_ms", process_ms)] {
        if !(ms.is_finite() && (0.0..=LONGEST_MS).contains(&ms)) {
            return Err(Error::invalid(
                field,
                format!("{ms} is not a time in milliseconds since the start"),
            ));
        }
    }
    Ok(FirstView {
        view: view.to_string(),
        page_ms,
        process_ms,
    })
}

impl fmt::Display for FirstView {
    /// `first view (agenda) drawn 412 ms after the app started, 171 ms after its page did`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "first view ({}) drawn {:.0} ms after the app started, {:.0} ms after its page did",
            self.view, self.process_ms, self.page_ms
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn the_first_view_is_said_in_one_line_with_both_times() {
        let first = first_view("agenda", 171.4, 412.6).unwrap();
        assert_eq!(
            first.to_string(),
            "first view (agenda) drawn 413 ms after the app started, 171 ms after its page did",
            "one line, whole milliseconds"
        );
    }

    #[test]
    fn a_report_that_is_not_a_view_and_a_time_is_refused_naming_the_field() {
        for (view, page, process, field) in [
            ("", 1.0, 1.0, "view"),
            ("Agenda", 1.0, 1.0, "view"),
            ("agenda\n<script>", 1.0, 1.0, "view"),
            (&"a".repeat(33), 1.0, 1.0, "view"),
            ("agenda", f64::NAN, 1.0, "page_ms"),
            ("agenda", -1.0, 1.0, "page_ms"),
            ("agenda", 1.0, f64::INFINITY, "process_ms"),
            ("agenda", 1.0, 1e300, "process_ms"),
        ] {
            let err = first_view(view, page, process).unwrap_err();
            assert_eq!(err.code(), ErrorCode::Invalid, "{view:?} {page} {process}");
            assert!(
                err.to_string().contains(field),
                "the error names {field}: {err}"
            );
        }
    }
}
