//! `desk exchange copy|send|receive|sync|status` and `desk join`: one delegation, many laptops, by
//! file (docs/exchange.md). The exchange passphrase comes from `DESK_EXCHANGE_PASSPHRASE` or the
//! terminal (no echo); it is the delegation's, separate from the data file's own passphrase.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{output, security};
use crate::app::exchange;
use crate::exchange::Received;
use crate::programme::conference::Conference;
use crate::{Result, Store};

/// `desk exchange ...`
#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Write a copy of the conference for another laptop to join from (makes this laptop the first
    /// of a new delegation)
    Copy {
        /// The copy file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// This laptop's name in the delegation (first time only) [default: "<user>'s laptop"]
        #[arg(long)]
        name: Option<String>,
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Write the changes another laptop has not seen to a file
    Send {
        /// The file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only what this laptop (id or part of its name) has not seen [default: what not every
        /// laptop is known to hold]
        #[arg(long = "for", value_name = "LAPTOP")]
        for_laptop: Option<String>,
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Take in files of changes from other laptops (all checked first, then applied together)
    Receive {
        /// The files to receive
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Take in the other laptops' files in a folder, then write this laptop's own file there
    Sync {
        /// The shared folder (a USB stick, a network share, a Syncthing folder)
        dir: PathBuf,
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Clear a note's "edited in two places" mark once its two texts have been looked at
    Seen {
        /// The note's id
        note: String,
    },
    /// Clear a brief's "edited in two places" mark once its kept texts have been looked at
    BriefSeen {
        /// The session's id
        session: i64,
    },
    /// Clear a daily report's "edited in two places" mark once its kept texts have been looked at
    ReportSeen {
        /// The day (YYYY-MM-DD)
        day: String,
    },
    /// This laptop in its delegation, and per laptop what was last received from it and when
    Status {
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
}

/// `desk join FILE [--name NAME] [--json]`
#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The copy file the coordinator made (`desk exchange copy`)
    file: PathBuf,
    /// This laptop's name in the delegation [default: "<user>'s laptop"]
    #[arg(long)]
    name: Option<String>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

fn default_name(name: Option<String>) -> String {
    name.unwrap_or_else(|| match std::env::var("USER") {
        Ok(user) if !user.trim().is_empty() => format!("{user}'s laptop"),
        _ => "Laptop".into(),
    })
}

/// Joins the delegation of a copy file: the data file becomes a replica of the coordinator's.
pub fn join(store: &mut Store, db_path: &Path, args: JoinArgs, out: &mut dyn Write) -> Result<()> {
    let phrase = security::for_exchange()?;
    let backups = crate::data::backup::backups_dir(db_path);
    let joined = exchange::join(
        store,
        &args.file,
        &phrase,
        &default_name(args.name),
        &backups,
    )?;
    if args.json {
        return output::json(out, &joined);
    }
    output::line(
        out,
        &format!(
            "Joined the delegation as \"{}\" (laptop {}): conference \"{}\" from {}.",
            joined.laptop.name, joined.laptop.laptop, joined.conference, joined.from
        ),
    )
}

/// Runs `desk exchange ...` on conference `c`.
pub fn run(
    store: &mut Store,
    c: &Conference,
    command: ExchangeCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        ExchangeCommand::Copy {
            out: dest,
            name,
            json,
        } => {
            let phrase = security::for_exchange()?;
            let made = exchange::make_copy(store, c.id, &default_name(name), &phrase, &dest)?;
            if json {
                return output::json(out, &made);
            }
            output::line(
                out,
                &format!(
                    "Wrote a copy of \"{}\" to {} ({} bytes): a laptop joins with `desk join {}`.",
                    c.title, made.file, made.bytes, made.file
                ),
            )
        }
        ExchangeCommand::Send {
            out: dest,
            for_laptop,
            json,
        } => {
            let phrase = security::for_exchange()?;
            let sent = exchange::send(store, c.id, &dest, for_laptop.as_deref(), &phrase)?;
            if json {
                return output::json(out, &sent);
            }
            output::line(
                out,
                &format!(
                    "Wrote {} changes to {} ({} bytes).",
                    sent.changes,
                    dest.display(),
                    sent.bytes
                ),
            )
        }
        ExchangeCommand::Receive { files, json } => {
            let phrase = security::for_exchange()?;
            let got = exchange::receive(store, c.id, &files, &phrase)?;
            if json {
                return output::json(out, &got);
            }
            received(out, &got)
        }
        ExchangeCommand::Sync { dir, json } => {
            let phrase = security::for_exchange()?;
            let synced = exchange::sync(store, c.id, &dir, &phrase)?;
            if json {
                return output::json(out, &synced);
            }
            received(out, &synced.received)?;
            for skipped in &synced.skipped {
                output::line(out, &format!("Skipped {}: {}", skipped.file, skipped.why))?;
            }
            output::line(
                out,
                &format!(
                    "Wrote {} changes to {}.",
                    synced.sent.changes, synced.written
                ),
            )
        }
        ExchangeCommand::Seen { note } => {
            exchange::note_seen(store, &note)?;
            output::line(out, &format!("Note {note} is no longer marked."))
        }
        ExchangeCommand::BriefSeen { session } => {
            exchange::brief_seen(store, session)?;
            output::line(
                out,
                &format!("The brief of session {session} is no longer marked."),
            )
        }
        ExchangeCommand::ReportSeen { day } => {
            exchange::report_seen(store, c.id, &day)?;
            output::line(
                out,
                &format!("The daily report of {day} is no longer marked."),
            )
        }
        ExchangeCommand::Status { json } => {
            let Some(status) = exchange::status(store)? else {
                // Not part of a delegation: the engine's refusal says what to do.
                return crate::exchange::laptop_of(store).map(|_| ());
            };
            if json {
                return output::json(out, &status);
            }
            output::line(
                out,
                &format!(
                    "This laptop: \"{}\" ({}), conference \"{}\"; {} changes written here, {} held in all.",
                    status.laptop.name,
                    status.laptop.laptop,
                    status.conference,
                    status.own_changes,
                    status.changes_held
                ),
            )?;
            for id in &status.notes_edited_in_two_places {
                output::line(
                    out,
                    &format!(
                        "Note {id} was edited in two places: both texts are kept (`desk notes history {id}`; \
                         `desk exchange seen {id}` clears the mark)."
                    ),
                )?;
            }
            for brief in &status.briefs_edited_in_two_places {
                output::line(
                    out,
                    &format!(
                        "The brief of session {} \"{}\" was edited in two places; kept beside the current text \
                         (`desk exchange brief-seen {}` clears the mark):",
                        brief.session_id, brief.title, brief.session_id
                    ),
                )?;
                kept_texts(out, &brief.kept)?;
            }
            for report in &status.reports_edited_in_two_places {
                output::line(
                    out,
                    &format!(
                        "The daily report of {} was edited in two places; kept beside the current text \
                         (`desk exchange report-seen {}` clears the mark):",
                        report.day, report.day
                    ),
                )?;
                kept_texts(out, &report.kept)?;
            }
            for p in &status.peers {
                let when = p.received_at.as_deref().unwrap_or("never");
                output::line(
                    out,
                    &format!(
                        "  {} ({}): its changes 1..{} held here; last file received: {when}",
                        p.name, p.laptop, p.changes_held
                    ),
                )?;
            }
            Ok(())
        }
    }
}

fn kept_texts(out: &mut dyn Write, kept: &[crate::exchange::KeptText]) -> Result<()> {
    for text in kept {
        output::line(
            out,
            &format!(
                "  {} (written {}): {}",
                text.field, text.written_at, text.body
            ),
        )?;
    }
    Ok(())
}

fn received(out: &mut dyn Write, got: &[Received]) -> Result<()> {
    for r in got {
        let t = &r.tally;
        let mut line = format!(
            "From {} ({}): {} changes: {} notes, {} plan changes, {} other; {} conflicts kept",
            r.from, r.file, t.changes, t.notes, t.plan, t.other, t.conflicts_kept
        );
        if t.duplicates > 0 {
            line.push_str(&format!("; {} already here", t.duplicates));
        }
        if t.waiting > 0 {
            line.push_str(&format!(
                "; {} waiting for earlier changes from another laptop",
                t.waiting
            ));
        }
        if t.refused > 0 {
            line.push_str(&format!(
                "; {} rows refused by a rule of the data",
                t.refused
            ));
        }
        output::line(out, &(line + "."))?;
    }
    Ok(())
}
