//! The programme: the [`conference`] a delegation attends, its [`sessions`], the [`briefs`] the
//! coordinator writes for them, and [`editing`] sessions by hand.

pub mod briefs;
pub mod conference;
pub mod editing;
pub mod sessions;
