//! `desk agenda`: a member's (or the whole delegation's) schedule, as text, JSON or an `.ics` file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::output;
use crate::{
    agenda::{self, ics as agenda_ics},
    programme::conference,
    resolve, Result, Store,
};

/// `desk agenda [--member MEMBER] [--ics FILE] [--json]`.
#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// Whose agenda (an id or part of the name); default: the whole delegation
    #[arg(long)]
    member: Option<String>,
    /// Write an iCalendar file (RFC 5545) for a phone or calendar app instead of printing
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    /// Print JSON (see docs/cli.md)
    #[arg(long, conflicts_with = "ics")]
    json: bool,
}

/// Runs `desk agenda ...`.
pub fn run(
    store: &mut Store,
    conference_id: Option<i64>,
    args: AgendaArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let c = conference::select(store.conn(), conference_id)?;
    let member = args
        .member
        .map(|m| resolve::member(store.conn(), c.id, &m))
        .transpose()?;
    let a = agenda::build(store, &c, member)?;
    if let Some(path) = args.ics {
        let done = agenda_ics::export(&a, &c, &path, chrono::Utc::now())?;
        return output::line(
            out,
            &format!(
                "Wrote {} {} to {} (calendar \"{}\").",
                done.events,
                if done.events == 1 { "event" } else { "events" },
                done.path,
                done.calendar_name
            ),
        );
    }
    if args.json {
        output::json(out, &a)
    } else {
        write!(out, "{}", agenda::to_text(&a)).map_err(|source| crate::Error::Io {
            context: "Could not write the output".into(),
            source,
        })
    }
}
