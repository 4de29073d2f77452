//! The `desk` command-line tool: the same engine as the app, for scripts, tests and people who prefer a
//! terminal. Text output is for people; `--json` output is stable and documented in `docs/cli.md`.

mod actions;
mod agenda;
mod conferences;
mod data;
mod delegation;
mod exchange;
mod import;
mod notes;
mod output;
mod pack;
mod planner;
mod programme;
mod resolve;
pub mod security;
mod taxonomy;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::app;
use crate::programme::conference::Conference;
use crate::{data::paths, Error, Result, Store};

/// Plan a delegation's coverage of a conference, take session notes, print briefing packs.
#[derive(Debug, Parser)]
#[command(name = "desk", version, about, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: the app's data folder, e.g. ~/.local/share/org.delegationdesk.app/desk.sqlite3]
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Act on this conference instead of the most recently created one
    #[arg(long, global = true, value_name = "ID")]
    conference: Option<i64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the sample conference (the 2023 Alliance in Vienna); running it twice changes nothing
    Sample {
        /// Make a synthetic conference of SESSIONSxMEMBERS instead, e.g. 600x40 (see docs/cli.md)
        #[arg(long, value_name = "NxM")]
        synthetic: Option<String>,
        /// With --synthetic: also write this many synthetic notes (for benchmarks and large packs)
        #[arg(long, value_name = "N", requires = "synthetic", default_value_t = 0)]
        notes: usize,
    },
    /// List the conferences, most recent (current) first
    Conferences(conferences::ConferencesArgs),
    /// List the sessions by day, in the conference's time zone; add, edit, cancel or restore one
    Sessions(programme::SessionsArgs),
    /// List the delegation's members; add, edit or remove one
    Members(delegation::MembersArgs),
    /// A member's (or the delegation's) agenda by day, or as an .ics calendar file
    Agenda(agenda::AgendaArgs),
    /// Import an agenda (frab/pretalx JSON or XML, iCalendar, CSV); a re-import updates it (docs/import.md)
    Import(import::ImportArgs),
    /// Assign a member to a session (SESSION and MEMBER: an id or part of the title/name)
    Assign {
        session: String,
        member: String,
        /// lead, attend, speak or notes
        #[arg(long, default_value = "attend")]
        role: String,
    },
    /// Take a member off a session
    Unassign { session: String, member: String },
    /// Set a session's priority and wanted head-count
    Priority(planner::PriorityArgs),
    /// Lock a member's assignment so that the auto-planner keeps it
    Lock(planner::LockArgs),
    /// Unlock an assignment
    Unlock(planner::LockArgs),
    /// How many must and should sessions are covered, per day, and which are not
    Coverage(planner::JsonArgs),
    /// What is wrong with the plan, one sentence each
    Conflicts(planner::JsonArgs),
    /// Plan the delegation's coverage: `desk plan --auto [--dry-run] [--replace-auto] [--json]`
    Plan(planner::PlanArgs),
    /// Write and read notes
    Notes {
        #[command(subcommand)]
        command: notes::NotesCommand,
    },
    /// The building blocks: list, add, rename, describe, move, archive, delete
    Blocks {
        #[command(subcommand)]
        command: Option<taxonomy::BlocksCommand>,
    },
    /// The building-block matrix: notes per block and session (or country)
    Matrix(notes::MatrixArgs),
    /// Follow-up actions: add, list, done
    Actions {
        #[command(subcommand)]
        command: Option<actions::ActionsCommand>,
    },
    /// The daily report to capital, in Markdown
    Report(notes::ReportArgs),
    /// Show or write a session's brief for the pack: objectives, points to make, defensive lines
    Brief(pack::BriefArgs),
    /// Print the briefing pack as a PDF: `desk pack --out FILE.pdf [--sections LIST] [--member M]`
    Pack(pack::PackArgs),
    /// Back the data up into the backups folder (rotating), or save a copy with --out FILE
    Backup(data::BackupArgs),
    /// List the backups beside the data file, newest first
    Backups(data::BackupsArgs),
    /// Replace the data with a copy or backup; the current data is kept first (never rotated away)
    Restore(data::RestoreArgs),
    /// Exchange plans and notes with the delegation's other laptops by file (docs/exchange.md)
    Exchange {
        #[command(subcommand)]
        command: exchange::ExchangeCommand,
    },
    /// Join a delegation from the copy its coordinator made (`desk exchange copy`)
    Join(exchange::JoinArgs),
    /// Encrypt the data file with a passphrase, change it, or remove it (docs/cli.md)
    Passphrase {
        #[command(subcommand)]
        command: security::PassphraseCommand,
    },
}

/// Runs `desk` with these arguments, writing its output to `out`. Usage errors are printed by clap.
pub fn main_with(
    args: impl IntoIterator<Item = OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and --version go to standard output with success; usage errors to stderr with 2.
            if e.use_stderr() {
                let _ = write!(err, "{}", e.render());
                return 2;
            }
            let _ = write!(out, "{}", e.render());
            return 0;
        }
    };
    match run(cli, out) {
        Ok(()) => 0,
        // `desk sessions | head` closes the pipe early: that is the reader's choice, not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "desk: {e}");
            1
        }
    }
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let path = match cli.db {
        Some(p) => p,
        None => paths::database_path()?,
    };
    // These open (or, for a damaged file, recover) the data file themselves.
    let command = match cli.command {
        Command::Backups(args) => return data::list(&path, args, out),
        Command::Passphrase { command } => {
            let settings = paths::settings_path().ok();
            return security::run(&path, settings.as_deref(), command, out);
        }
        other => other,
    };
    // The passphrase from DESK_PASSPHRASE or the terminal when the file is encrypted (or, set, for a
    // new file: it is created encrypted).
    let key = security::for_open(&path)?;
    let command = match command {
        Command::Backup(args) => return data::backup(&path, key.as_ref(), args, out),
        Command::Restore(args) => return data::restore(&path, key.as_ref(), args, out),
        other => other,
    };
    let mut store = crate::data::open_store(&path, key.as_ref())?;
    match command {
        Command::Sample { synthetic, notes } => {
            conferences::sample(&mut store, synthetic.as_deref(), notes, &path, out)
        }
        Command::Conferences(args) => conferences::run(&mut store, args, out),
        Command::Join(args) => exchange::join(&mut store, &path, args, out),
        Command::Exchange { command } => {
            let c = app::conferences::resolve(&store, cli.conference)?;
            exchange::run(&mut store, &c, command, out)
        }
        Command::Import(args) => import::run(&mut store, cli.conference, args, out),
        other => {
            let c = app::conferences::resolve(&store, cli.conference)?;
            on_conference(&mut store, &c, other, out)
        }
    }
}

/// Runs a command that works on one conference, `c` (resolved from `--conference`, else the current one).
fn on_conference(
    store: &mut Store,
    c: &Conference,
    command: Command,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        Command::Sessions(args) => programme::run(store, c, args, out),
        Command::Members(args) => delegation::run(store, c, args, out),
        Command::Agenda(args) => agenda::run(store, c, args, out),
        Command::Assign {
            session,
            member,
            role,
        } => planner::assign(store, c, &session, &member, &role, out),
        Command::Unassign { session, member } => {
            planner::unassign(store, c, &session, &member, out)
        }
        Command::Priority(a) => planner::priority(store, c, a, out),
        Command::Lock(a) => planner::lock(store, c, a, true, out),
        Command::Unlock(a) => planner::lock(store, c, a, false, out),
        Command::Coverage(a) => planner::show_coverage(store, c, a, out),
        Command::Conflicts(a) => planner::show_conflicts(store, c, a, out),
        Command::Plan(a) => planner::plan(store, c, a, out),
        Command::Notes { command } => notes::run(store, c, command, out),
        Command::Blocks { command } => {
            let cmd = command.unwrap_or(taxonomy::BlocksCommand::List { json: false });
            taxonomy::run(store, c, cmd, out)
        }
        Command::Matrix(args) => notes::matrix(store, c, args, out),
        Command::Actions { command } => {
            let cmd = command.unwrap_or(actions::ActionsCommand::List { json: false });
            actions::run(store, c, cmd, out)
        }
        Command::Report(args) => notes::report(store, c, args, out),
        Command::Brief(args) => pack::brief(store, c, args, out),
        Command::Pack(args) => pack::pack(store, c, args, out),
        Command::Sample { .. }
        | Command::Conferences(_)
        | Command::Import(_)
        | Command::Backup(_)
        | Command::Backups(_)
        | Command::Restore(_)
        | Command::Exchange { .. }
        | Command::Join(_)
        | Command::Passphrase { .. } => Err(Error::Internal(
            "this command does not work on one conference".into(),
        )),
    }
}

/// The text of a `--text`-like argument: `-` reads standard input.
pub(crate) fn text_or_stdin(text: String) -> Result<String> {
    if text == "-" {
        read_stdin()
    } else {
        Ok(text)
    }
}

pub(crate) fn read_stdin() -> Result<String> {
    let mut body = String::new();
    std::io::stdin()
        .read_to_string(&mut body)
        .map_err(|source| Error::Io {
            context: "Could not read the note from standard input".into(),
            source,
        })?;
    Ok(body)
}
