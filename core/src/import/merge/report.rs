//! What an import did, as the CLI prints it and the app shows it (`docs/ipc.md`): the sessions added,
//! changed (field by field, before -> after), removed and flagged, and one summary sentence. Kept apart from
//! the code that fills it in, because the report is the merge's public face.

use serde::Serialize;

use crate::import::{Format, Skipped};
use crate::programme::conference::Conference;

/// What an import did (printed by `desk import`, shown by the app; `docs/ipc.md`).
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file_name: String,
    pub format: Format,
    pub conference: Conference,
    pub created_conference: bool,
    pub added: Vec<ReportSession>,
    pub changed: Vec<Change>,
    pub removed: Vec<Removed>,
    pub flagged: Vec<Flagged>,
    /// Sessions in the file that were already there as they are.
    pub unchanged: usize,
    /// What the reader decided that a person may want to know.
    pub notes: Vec<String>,
    /// Events of the file that were left out, each with where it is and why.
    pub skipped: Vec<Skipped>,
    /// Events imported with a repair (an empty title, a bad priority), each with what was done.
    pub repaired: Vec<Skipped>,
}

/// A session as a line of the report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReportSession {
    pub id: i64,
    pub title: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub room: String,
}

/// A session the import changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub title: String,
    pub changes: Vec<FieldChange>,
}

/// One field's change: `time`, `room`, `title`, `details` (kind, track, description, speakers,
/// moderator) or `status` (back on the programme).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A session no longer in the file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Removed {
    pub id: i64,
    pub title: String,
    pub day: String,
    pub start: String,
    /// Kept with status `cancelled` (it has notes, assignments or a brief) rather than deleted.
    pub kept_as_cancelled: bool,
}

/// An assignment a change broke.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Flagged {
    pub session_id: i64,
    pub session_title: String,
    pub member_id: i64,
    pub member_name: String,
    pub flag: String,
}

impl ImportReport {
    /// One sentence for the top of the report.
    pub fn summary(&self) -> String {
        let into = if self.created_conference {
            "new conference"
        } else {
            "conference"
        };
        let mut s = format!(
            "{}: {} added, {} changed, {} removed, {} unchanged in the {into} \"{}\" (#{}).",
            self.file_name,
            self.added.len(),
            self.changed.len(),
            self.removed.len(),
            self.unchanged,
            self.conference.title,
            self.conference.id
        );
        if !self.flagged.is_empty() {
            s.push_str(&format!(
                " {} assignment(s) flagged: check them in the Plan.",
                self.flagged.len()
            ));
        }
        if self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty() {
            s.push_str(" Nothing changed.");
        }
        if !self.skipped.is_empty() || !self.repaired.is_empty() {
            s.push_str(&format!(
                " {} event(s) of the file skipped, {} repaired: see below.",
                self.skipped.len(),
                self.repaired.len()
            ));
        }
        s
    }
}
