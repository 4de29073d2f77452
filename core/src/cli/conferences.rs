//! `desk conferences` (list them, or create one by hand) and `desk sample` (the sample conference, or a
//! synthetic one of any size).

use std::io::Write;
use std::path::Path;

use clap::{Args, Subcommand};

use super::output::{self, line};
use crate::app::conferences::{self, ConferenceFields};
use crate::{Result, Store};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ConferencesArgs {
    #[command(subcommand)]
    command: Option<ConferencesCommand>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ConferencesCommand {
    /// Create a conference (it becomes the current one) with the default building blocks
    New {
        #[arg(long)]
        title: String,
        /// IANA time zone in which every time is typed and shown
        #[arg(long = "time-zone", default_value = "Europe/Vienna")]
        time_zone: String,
        /// First day, YYYY-MM-DD
        #[arg(long)]
        from: String,
        /// Last day, YYYY-MM-DD (default: the first day)
        #[arg(long, default_value = "")]
        to: String,
        #[arg(long, default_value = "")]
        venue: String,
        #[arg(long, default_value = "")]
        city: String,
        #[arg(long, default_value = "")]
        organiser: String,
        #[arg(long, default_value = "")]
        url: String,
        /// Print the new conference as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(store: &mut Store, args: ConferencesArgs, out: &mut dyn Write) -> Result<()> {
    match args.command {
        None => {
            let all = conferences::list(store)?;
            if args.json {
                output::json(out, &all)
            } else {
                output::conferences(out, &all)
            }
        }
        Some(ConferencesCommand::New {
            title,
            time_zone,
            from,
            to,
            venue,
            city,
            organiser,
            url,
            json,
        }) => {
            let fields = ConferenceFields {
                title,
                venue,
                city,
                time_zone,
                starts_on: from,
                ends_on: to,
                organiser,
                url,
            };
            let c = conferences::create(store, &fields)?;
            if json {
                output::json(out, &c)
            } else {
                output::line(
                    out,
                    &format!(
                        "Created conference #{} \"{}\" ({} to {}, {}); it is now the current one.",
                        c.id, c.title, c.starts_on, c.ends_on, c.time_zone
                    ),
                )
            }
        }
    }
}

/// Runs `desk sample [--synthetic NxM [--notes N]]`.
pub fn sample(
    store: &mut Store,
    synthetic: Option<&str>,
    notes: usize,
    path: &Path,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(size) = synthetic else {
        let outcome = conferences::load_sample(store)?;
        return output::sample(out, &outcome, path);
    };
    let made = conferences::load_synthetic(store, size, notes)?;
    let c = &made.outcome.conference;
    if made.notes > 0 {
        line(out, &format!("Wrote {} synthetic notes.", made.notes))?;
    }
    if made.outcome.created {
        line(
            out,
            &format!(
                "Made \"{}\" (#{}) in {}; it is now the current conference.",
                c.title,
                c.id,
                path.display()
            ),
        )
    } else {
        line(
            out,
            &format!(
                "\"{}\" (#{}) is already there; nothing changed.",
                c.title, c.id
            ),
        )
    }
}
