//! `desk import FILE` and `desk members import FILE`: agendas and delegations from files, with a report
//! of what changed. The formats are documented in `docs/import.md`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::output::{json, line};
use crate::app::import::{self as app, FileImport};
use crate::import::{self, ImportReport, Target};
use crate::programme::conference::Conference;
use crate::{Error, Result, Store};

/// `desk import`'s arguments.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The agenda: frab/pretalx schedule JSON or XML, iCalendar (.ics) or the CSV of docs/import.md
    file: PathBuf,
    /// auto, frab-json, frab-xml, ics or csv
    #[arg(long, default_value = "auto")]
    format: String,
    /// Always create a new conference (--conference ID imports into that one instead)
    #[arg(long)]
    new: bool,
    /// The title of a new conference when the file names none (a CSV with --new)
    #[arg(long)]
    title: Option<String>,
    /// The time zone of a new conference and of local times the file gives no zone for [default: Europe/Vienna]
    #[arg(long = "time-zone", value_name = "IANA")]
    time_zone: Option<String>,
    /// Print the report as JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// Runs `desk import`.
pub fn run(
    store: &mut Store,
    conference_id: Option<i64>,
    args: ImportArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let target = match (args.new, conference_id) {
        (true, Some(_)) => {
            return Err(Error::Invalid(
                "--new and --conference exclude each other: create a new conference, or import into one".into(),
            ))
        }
        (true, None) => Target::New,
        (false, Some(id)) => Target::Conference(id),
        (false, None) => Target::Auto,
    };
    let how = FileImport {
        format: args.format,
        target,
        title: args.title,
        time_zone: args.time_zone,
    };
    let report = app::import_file(store, &args.file, how)?;
    if args.json {
        json(out, &report)
    } else {
        print_report(out, &report)
    }
}

/// Runs `desk members import` into the conference `c`.
pub fn members(store: &mut Store, c: &Conference, file: &Path, out: &mut dyn Write) -> Result<()> {
    let report = app::import_members(store, c.id, file)?;
    line(
        out,
        &format!(
            "Added {} member(s) to the delegation to \"{}\".",
            report.added.len(),
            c.title
        ),
    )?;
    print_skipped(out, "Skipped (not added):", "x", &report.skipped)
}

fn print_report(out: &mut dyn Write, r: &ImportReport) -> Result<()> {
    line(out, &r.summary())?;
    for note in &r.notes {
        line(out, &format!("note: {note}"))?;
    }
    if !r.added.is_empty() {
        line(out, "Added:")?;
        for s in &r.added {
            let room = if s.room.is_empty() {
                String::new()
            } else {
                format!("  ({})", s.room)
            };
            line(
                out,
                &format!(
                    "  + #{} {} {}-{}  {}{room}",
                    s.id, s.day, s.start, s.end, s.title
                ),
            )?;
        }
    }
    if !r.changed.is_empty() {
        line(out, "Changed:")?;
        for c in &r.changed {
            line(out, &format!("  ~ #{} {}", c.id, c.title))?;
            for f in &c.changes {
                if f.before.is_empty() {
                    line(out, &format!("      {}: {}", f.field, f.after))?;
                } else {
                    line(
                        out,
                        &format!("      {}: {} -> {}", f.field, f.before, f.after),
                    )?;
                }
            }
        }
    }
    if !r.removed.is_empty() {
        line(out, "Removed:")?;
        for s in &r.removed {
            let how = if s.kept_as_cancelled {
                "kept as cancelled (it has notes, assignments or a brief)"
            } else {
                "deleted"
            };
            line(
                out,
                &format!("  - {} {} {}: {how}", s.day, s.start, s.title),
            )?;
        }
    }
    if !r.flagged.is_empty() {
        line(out, "Flagged assignments:")?;
        for f in &r.flagged {
            line(out, &format!("  ! {}: {}", f.member_name, f.flag))?;
        }
    }
    print_skipped(out, "Skipped (not imported):", "x", &r.skipped)?;
    print_skipped(out, "Repaired:", "*", &r.repaired)
}

/// Lists skipped or repaired records under a heading, each with where it is and why.
fn print_skipped(
    out: &mut dyn Write,
    heading: &str,
    mark: &str,
    list: &[import::Skipped],
) -> Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    line(out, heading)?;
    for p in list {
        let event = if p.event.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", p.event)
        };
        line(out, &format!("  {mark} {}{event}: {}", p.at, p.reason))?;
    }
    Ok(())
}
