//! The app's commands, one file per feature with the names used in every layer (`desk_core::app`, the
//! `desk` command line, the sections of `ui/api.js`). Each command deserialises its arguments, makes one
//! call into `desk_core::app` (on the current conference through [`AppState::with_conference`]) and lets
//! the engine's error cross as `{code, message}`. Every one is registered in `lib.rs`, listed in
//! `build.rs`, granted in `capabilities/main.json` and documented in `docs/ipc.md`; the test
//! `tests::command_lists` checks that these lists and `ui/api.js` agree.
//!
//! [`AppState::with_conference`]: crate::state::AppState::with_conference

pub mod actions;
pub mod agenda;
pub mod conferences;
pub mod data;
pub mod delegation;
pub mod exchange;
pub mod import;
pub mod launch;
pub mod notes;
pub mod pack;
pub mod planner;
pub mod programme;
pub mod security;
pub mod taxonomy;
#[cfg(test)]
pub mod testing;
pub mod window;
