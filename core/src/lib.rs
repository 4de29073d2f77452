//! `desk-core` is the engine of Delegation Desk: everything the app and the `desk` command-line tool do,
//! without any dependency on the Tauri shell, so that all of it can be tested on a real SQLite file.
//!
//! The modules follow the coordinator's jobs: the [`store`] owns the database, [`conference`],
//! [`sessions`], [`members`] and [`blocks`] hold the programme and the delegation, [`planner`] decides
//! who covers what, [`notes`] keeps what delegates write, and [`sample`] loads the embedded conference.

pub mod agenda;
pub mod app;
pub mod cli;
pub mod data;
pub mod delegation;
pub mod domain;
pub mod error;
pub mod fixtures;
pub mod import;
pub mod notes;
pub mod pack;
pub mod planner;
pub mod programme;
pub mod resolve;
pub mod store;
pub mod taxonomy;
pub mod text;
pub mod time;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use store::Store;
