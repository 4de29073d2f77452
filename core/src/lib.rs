//! `desk-core` is the engine of Delegation Desk: everything the app and the `desk` command-line tool do,
//! without any dependency on the Tauri shell, so that all of it can be tested on a real SQLite file.
//!
//! # The layers
//!
//! `core/src` is grouped by capability, one folder per feature, named as the operations of [`app`],
//! the commands of [`cli`] and the shell's commands are. The folders are layers: each may use the
//! kernel files and the layers listed before it, never one after it, so dependencies point one way
//! (`core/tests/layers.rs` holds the rule for the code that ships; test code may use any layer).
//!
//! - kernel files: [`error`] (the one error type), [`domain`] (the domain's closed sets), [`time`]
//!   (stored in UTC, shown in the conference's zone), [`text`] (folding, the rules every form shares);
//!   usable by every layer, they use only each other.
//! - [`store`]: the SQLite connection, schema, migrations and the order of checks at open; the kernel only.
//! - [`data`]: where the files live, settings, backups, whole-or-nothing file writes, and opening the
//!   data file with a backup before a migration; may use the store.
//! - [`taxonomy`]: building blocks, their sub-elements and defaults, the OSCE States list; may use the
//!   layers above.
//! - [`programme`]: the conference, its sessions, briefs, and editing sessions by hand; may use the above.
//! - [`delegation`]: the members and editing them by hand; may use the above.
//! - [`planner`]: who covers which session: assignments, coverage, conflicts, the automatic plan; may
//!   use the above.
//! - [`notes`]: notes, their history and search, follow-up actions, the block matrix, the daily report;
//!   may use the above.
//! - [`ical`]: iCalendar content lines (folding, escaping, properties), shared by the import and the
//!   agenda export; may use the above.
//! - [`import`]: schedule files in (frab JSON and XML, iCalendar, CSV) and members' CSV, merged into the
//!   store; may use the above.
//! - [`agenda`]: a member's or the delegation's agenda and its `.ics` export; may use the above.
//! - [`pack`]: the briefing pack's content and PDF (laid out by `desk-typeset`); may use the above.
//! - [`exchange`]: one delegation, many laptops: the copy a laptop joins from, the changes sent and
//!   received in encrypted files, and the rules that make every replica converge; may use the above.
//! - [`fixtures`]: made-up data (the sample and synthetic conferences, synthetic notes), the tests'
//!   helpers and the fuzz targets' bodies; may use the above.
//! - [`app`]: the operations both front ends call, one function each; may use the above.
//! - [`cli`]: the `desk` command-line tool (parse, resolve a typed name, call [`app`], print); may use
//!   everything.

pub mod agenda;
pub mod app;
pub mod cli;
pub mod data;
pub mod delegation;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod fixtures;
pub mod ical;
pub mod import;
pub mod notes;
pub mod pack;
pub mod planner;
pub mod programme;
pub mod store;
pub mod taxonomy;
pub mod text;
pub mod time;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use store::Store;
