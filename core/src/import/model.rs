//! The schedule model: what every reader produces from its file (the conference as the file names it,
//! its sessions with UTC instants and the source's uid, and the events left out or repaired, with where
//! and why), and the one table that maps a source's session type to a kind. Apart from the readers so
//! that each reader, the shared checks and the merge speak of the same types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Format;
use crate::domain::{Priority, SessionKind};
use crate::{text, Error};

/// The conference as the file describes it; everything optional, as files say more or less.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedConference {
    /// The source's identifier (frab acronym, ICS calendar name), stored as `conference.uid`.
    pub uid: Option<String>,
    pub title: Option<String>,
    /// The IANA zone the file's local times are in, when it says (or it could be inferred).
    pub time_zone: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub url: Option<String>,
}

/// One programme item as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSession {
    /// The source's uid/guid/id: what a re-import matches on.
    pub external_uid: String,
    pub title: String,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room: String,
    pub track: String,
    pub description: String,
    pub speakers: Vec<String>,
    pub moderator: String,
    /// A priority the file suggests (CSV `priority` column); only used for new sessions.
    pub priority: Option<Priority>,
    /// Where the file has it (`line 12`, a JSON path), for the report.
    pub at: String,
}

/// An event the import left out, or took in with a repair: where the file has it, which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// `line 12` (CSV, XML, iCalendar) or the JSON path of the event.
    pub at: String,
    /// The event's title (else its uid), as far as it could be read; empty when not even that.
    pub event: String,
    /// The reason, naming the field (and its own line when it differs from `at`).
    pub reason: String,
}

impl Skipped {
    /// A skip from a reader's error about one event; the file name the message starts with is dropped
    /// (the report names the file once).
    pub fn from_error(file_name: &str, at: impl Into<String>, event: &str, err: &Error) -> Skipped {
        let message = err.to_string();
        let reason = message
            .strip_prefix(file_name)
            .and_then(|r| r.strip_prefix(": "))
            .unwrap_or(&message)
            .to_string();
        Skipped {
            at: at.into(),
            event: event.trim().to_string(),
            reason,
        }
    }
}

/// The title an event without one is imported under (and reported as repaired).
pub const UNTITLED: &str = "(untitled)";

/// What a reader made of a file.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub format: Format,
    pub conference: ParsedConference,
    pub sessions: Vec<ParsedSession>,
    /// Things the reader decided that a person may want to know (shown in the report).
    pub notes: Vec<String>,
    /// Whether local times without a zone of their own were read in the fallback zone.
    pub used_fallback_zone: bool,
    /// Events left out, with the reason.
    pub skipped: Vec<Skipped>,
    /// Events taken in with a repair (e.g. an empty title), with what was done.
    pub repaired: Vec<Skipped>,
}

/// Maps a source's session type (frab `type`, ICS `CATEGORIES`, the CSV `kind`) and the title to a kind.
/// The table is in `docs/import.md`.
pub fn kind_from(kind_word: &str, title: &str) -> SessionKind {
    let word = text::fold(kind_word.trim());
    let by_word = match word.as_str() {
        "opening" | "welcome" | "opening ceremony" => Some(SessionKind::Opening),
        "closing" | "closing ceremony" => Some(SessionKind::Closing),
        "panel" | "podium" | "discussion" | "panel discussion" | "roundtable" | "round table" => {
            Some(SessionKind::Panel)
        }
        "plenary" | "lecture" | "talk" | "keynote" | "presentation" | "lightning talk"
        | "lightning" | "session" => Some(SessionKind::Plenary),
        "side-event" | "side event" | "sideevent" | "workshop" | "meeting" | "self-organized"
        | "self organized" | "hands-on" | "meetup" | "bof" => Some(SessionKind::SideEvent),
        "break" | "pause" | "coffee" | "coffee break" | "lunch" | "lunch break"
        | "registration" => Some(SessionKind::Break),
        "other" | "performance" | "concert" | "film" | "party" => Some(SessionKind::Other),
        _ => None,
    };
    let t = text::fold(title);
    let has = |w: &str| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    match by_word {
        // A talk or an unnamed type called "Opening ..." is the opening; likewise the closing.
        Some(SessionKind::Plenary | SessionKind::Other) | None if has("opening") => {
            SessionKind::Opening
        }
        Some(SessionKind::Plenary | SessionKind::Other) | None if has("closing") => {
            SessionKind::Closing
        }
        Some(k) => k,
        None if has("panel") => SessionKind::Panel,
        None if has("break") || has("lunch") || has("coffee") => SessionKind::Break,
        None if has("workshop") || t.contains("side event") || t.contains("side-event") => {
            SessionKind::SideEvent
        }
        None if has("plenary") || has("keynote") => SessionKind::Plenary,
        None => SessionKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frab_types_and_titles_map_to_kinds() {
        let cases = [
            ("lecture", "Some talk", SessionKind::Plenary),
            ("lecture", "31C3 Opening Event", SessionKind::Opening),
            ("podium", "Anything", SessionKind::Panel),
            ("Workshop", "Hands on", SessionKind::SideEvent),
            ("break", "Lunch", SessionKind::Break),
            ("other", "Closing Event", SessionKind::Closing),
            ("", "Panel 2: Data", SessionKind::Panel),
            ("", "Coffee break", SessionKind::Break),
            ("performance", "Concert", SessionKind::Other),
            ("", "Networking", SessionKind::Other),
        ];
        for (word, title, kind) in cases {
            assert_eq!(kind_from(word, title), kind, "{word:?} / {title:?}");
        }
    }
}
