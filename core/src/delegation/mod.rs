//! The delegation: its [`members`] (availability, languages, expertise) and [`editing`] them by hand.

pub mod editing;
pub mod members;
