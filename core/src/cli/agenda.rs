//! `desk agenda`: a member's (or the whole delegation's) schedule, as text, JSON or an `.ics` file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{output, resolve};
use crate::app::agenda as app;
use crate::programme::conference::Conference;
use crate::{agenda, Result, Store};

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

/// Runs `desk agenda ...` on the conference `c`.
pub fn run(store: &Store, c: &Conference, args: AgendaArgs, out: &mut dyn Write) -> Result<()> {
    let member = args
        .member
        .map(|m| resolve::member(store.conn(), c.id, &m))
        .transpose()?;
    if let Some(path) = args.ics {
        let done = app::export_agenda_ics(store, c.id, member, &path)?;
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
    let a = app::member_agenda(store, c.id, member)?;
    if args.json {
        output::json(out, &a)
    } else {
        write!(out, "{}", agenda::to_text(&a)).map_err(|source| crate::Error::Io {
            context: "Could not write the output".into(),
            source,
        })
    }
}
