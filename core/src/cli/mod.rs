//! The `desk` command-line tool: the same engine as the app, for scripts, tests and people who prefer a
//! terminal. Text output is for people; `--json` output is stable and documented in `docs/cli.md`.

mod agenda;
mod backup_commands;
mod conference_commands;
mod import;
mod member_commands;
mod notebook;
mod output;
mod pack_commands;
mod planning;
mod session_commands;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::Role;
use crate::notes::NewNote;
use crate::{
    data::paths, delegation::members, fixtures::sample, notes, planner, programme::conference,
    resolve, Error, Result, Store,
};

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
    Conferences(conference_commands::ConferencesArgs),
    /// List the sessions by day, in the conference's time zone; add, edit, cancel or restore one
    Sessions(session_commands::SessionsArgs),
    /// List the delegation's members; add, edit or remove one
    Members(member_commands::MembersArgs),
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
    Priority(planning::PriorityArgs),
    /// Lock a member's assignment so that the auto-planner keeps it
    Lock(planning::LockArgs),
    /// Unlock an assignment
    Unlock(planning::LockArgs),
    /// How many must and should sessions are covered, per day, and which are not
    Coverage(planning::JsonArgs),
    /// What is wrong with the plan, one sentence each
    Conflicts(planning::JsonArgs),
    /// Plan the delegation's coverage: `desk plan --auto [--dry-run] [--replace-auto] [--json]`
    Plan(planning::PlanArgs),
    /// Write and read notes
    Notes {
        #[command(subcommand)]
        command: NotesCommand,
    },
    /// The building blocks: list, add, rename, describe, move, archive, delete
    Blocks {
        #[command(subcommand)]
        command: Option<notebook::BlocksCommand>,
    },
    /// The building-block matrix: notes per block and session (or country)
    Matrix(notebook::MatrixArgs),
    /// Follow-up actions: add, list, done
    Actions {
        #[command(subcommand)]
        command: Option<notebook::ActionsCommand>,
    },
    /// The daily report to capital, in Markdown
    Report(notebook::ReportArgs),
    /// Show or write a session's brief for the pack: objectives, points to make, defensive lines
    Brief(pack_commands::BriefArgs),
    /// Print the briefing pack as a PDF: `desk pack --out FILE.pdf [--sections LIST] [--member M]`
    Pack(pack_commands::PackArgs),
    /// Back the data up into the backups folder (rotating), or save a copy with --out FILE
    Backup(backup_commands::BackupArgs),
    /// List the backups beside the data file, newest first
    Backups(backup_commands::BackupsArgs),
    /// Replace the data with a copy or backup; the current data is kept first (never rotated away)
    Restore(backup_commands::RestoreArgs),
}

#[derive(Debug, Subcommand)]
enum NotesCommand {
    /// Save a note, on a session or on its own (a corridor conversation)
    Add {
        /// The session it belongs to (an id or part of the title)
        #[arg(long)]
        session: Option<String>,
        /// The note's text; `-` reads it from standard input
        #[arg(long)]
        text: String,
        /// A building block it informs (repeatable), e.g. --block nrm --block law
        #[arg(long = "block", value_name = "CODE")]
        blocks: Vec<String>,
        /// Who wrote it (an id or part of the name)
        #[arg(long)]
        author: Option<String>,
        /// observation (default), good-practice, commitment, question, intervention, follow-up
        #[arg(long)]
        kind: Option<String>,
        /// A country or organisation it is about (repeatable): a reference name, ISO code or free entry
        #[arg(long = "country", value_name = "NAME")]
        countries: Vec<String>,
    },
    /// List notes, newest first
    List {
        /// Only this session's notes
        #[arg(long)]
        session: Option<String>,
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Full-text search with filters, best matches first
    Search(notebook::SearchArgs),
    /// A note's earlier versions
    History(notebook::HistoryArgs),
    /// Rewrite a note's text, keeping the old one in its history
    Edit(notebook::EditArgs),
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
        Command::Backup(args) => return backup_commands::backup(&path, args, out),
        Command::Backups(args) => return backup_commands::list(&path, args, out),
        Command::Restore(args) => return backup_commands::restore(&path, args, out),
        other => other,
    };
    let mut store = crate::data::open_store(&path)?;
    let conn_conf = |store: &Store| conference::select(store.conn(), cli.conference);
    match command {
        Command::Sample {
            synthetic: Some(size),
            notes,
        } => planning::synthetic(&mut store, &size, notes, &path, out),
        Command::Sample {
            synthetic: None, ..
        } => {
            let outcome = sample::load(&mut store)?;
            output::sample(out, &outcome, &path)
        }
        Command::Conferences(args) => conference_commands::run(&mut store, args, out),
        Command::Sessions(args) => session_commands::run(&mut store, cli.conference, args, out),
        Command::Members(args) => member_commands::run(&mut store, cli.conference, args, out),
        Command::Agenda(args) => agenda::run(&mut store, cli.conference, args, out),
        Command::Import(args) => import::run(&mut store, cli.conference, args, out),
        Command::Assign {
            session,
            member,
            role,
        } => {
            let c = conn_conf(&store)?;
            let role: Role = role.parse()?;
            let (s, m) = (
                resolve::session(store.conn(), &c, &session)?,
                resolve::member(store.conn(), c.id, &member)?,
            );
            let view = planner::assign(&mut store, s, m, role)?;
            output::assigned(out, &view, m)
        }
        Command::Unassign { session, member } => {
            let c = conn_conf(&store)?;
            let (s, m) = (
                resolve::session(store.conn(), &c, &session)?,
                resolve::member(store.conn(), c.id, &member)?,
            );
            let name = members::list(store.conn(), c.id)?
                .into_iter()
                .find(|x| x.id == m)
                .map(|x| x.name)
                .unwrap_or_default();
            let view = planner::unassign(&mut store, s, m)?;
            output::line(out, &format!("Took {name} off \"{}\".", view.title))
        }
        Command::Priority(a) => {
            let c = conn_conf(&store)?;
            planning::priority(&mut store, &c, a, out)
        }
        Command::Lock(a) => {
            let c = conn_conf(&store)?;
            planning::lock(&mut store, &c, a, true, out)
        }
        Command::Unlock(a) => {
            let c = conn_conf(&store)?;
            planning::lock(&mut store, &c, a, false, out)
        }
        Command::Coverage(a) => planning::show_coverage(&store, &conn_conf(&store)?, a, out),
        Command::Conflicts(a) => planning::show_conflicts(&store, &conn_conf(&store)?, a, out),
        Command::Plan(a) => {
            let c = conn_conf(&store)?;
            planning::plan(&mut store, &c, a, out)
        }
        Command::Notes {
            command:
                NotesCommand::Add {
                    session,
                    text,
                    blocks,
                    author,
                    kind,
                    countries,
                },
        } => {
            let c = conn_conf(&store)?;
            let body = if text == "-" { read_stdin()? } else { text };
            let new = NewNote {
                session_id: session
                    .map(|s| resolve::session(store.conn(), &c, &s))
                    .transpose()?,
                author_id: author
                    .map(|a| resolve::member(store.conn(), c.id, &a))
                    .transpose()?,
                body,
                blocks,
                kind: kind.map(|k| k.parse()).transpose()?.unwrap_or_default(),
                countries,
            };
            let note = notes::add(&mut store, &c, &new)?;
            let place = note.session_title.as_deref().map_or_else(
                || "as a corridor note".to_string(),
                |t| format!("on \"{t}\""),
            );
            output::line(out, &format!("Saved note {} {place}.", note.id))
        }
        Command::Notes {
            command: NotesCommand::List { session, json },
        } => {
            let c = conn_conf(&store)?;
            let session = session
                .map(|s| resolve::session(store.conn(), &c, &s))
                .transpose()?;
            let list = notes::list(store.conn(), &c, session)?;
            if json {
                output::json(out, &list)
            } else {
                output::notes(out, &list)
            }
        }
        Command::Notes {
            command: NotesCommand::Search(args),
        } => notebook::search(&store, &conn_conf(&store)?, args, out),
        Command::Notes {
            command: NotesCommand::History(args),
        } => notebook::history(&store, &conn_conf(&store)?, args, out),
        Command::Notes {
            command: NotesCommand::Edit(args),
        } => {
            let c = conn_conf(&store)?;
            let body = if args_text_is_stdin(&args) {
                read_stdin()?
            } else {
                notebook::edit_text(&args)
            };
            notebook::edit(&mut store, &c, args, body, out)
        }
        Command::Blocks { command } => {
            let c = conn_conf(&store)?;
            let cmd = command.unwrap_or(notebook::BlocksCommand::List { json: false });
            notebook::blocks(&mut store, &c, cmd, out)
        }
        Command::Matrix(args) => notebook::matrix(&store, &conn_conf(&store)?, args, out),
        Command::Actions { command } => {
            let c = conn_conf(&store)?;
            let cmd = command.unwrap_or(notebook::ActionsCommand::List { json: false });
            notebook::actions(&mut store, &c, cmd, out)
        }
        Command::Report(args) => notebook::report(&store, &conn_conf(&store)?, args, out),
        Command::Brief(args) => {
            let c = conn_conf(&store)?;
            pack_commands::brief(&mut store, &c, args, out)
        }
        Command::Pack(args) => {
            let c = conn_conf(&store)?;
            pack_commands::pack(&mut store, &c, args, out)
        }
        Command::Backup(_) | Command::Backups(_) | Command::Restore(_) => Err(Error::Internal(
            "the data commands are run before the store is opened".into(),
        )),
    }
}

fn args_text_is_stdin(args: &notebook::EditArgs) -> bool {
    notebook::edit_text(args) == "-"
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
