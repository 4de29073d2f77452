//! iCalendar's content lines (RFC 5545 section 3.1 and 3.3.11), in one place for the two sides that
//! speak the format: the import reads them, the agenda export writes them. A content line is
//! `NAME;PARAM=value:value`, folded onto several physical lines of at most 75 octets, with TEXT values
//! escaped (`\\ \; \, \n`). Reading and writing these rules in one module keeps the two sides agreeing
//! (what the writer folds and escapes, the reader unfolds and unescapes: the tests check the round trip).
//!
//! This is a low layer: it knows nothing of sessions, conferences or the store, only the error type.

mod fold;
mod property;
mod text;

pub use fold::{push_folded, unfold, FOLD_OCTETS};
pub use property::Property;
pub use text::{escape, unescape};

#[cfg(test)]
mod round_trip_tests;
