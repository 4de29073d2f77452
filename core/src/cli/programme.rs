//! `desk sessions`: list the programme (the default, as before), and add, edit, cancel, restore or
//! delete a session by hand. The sibling of `members` for the programme.

use std::io::Write;

use clap::{Args, Subcommand};

use super::{output, resolve};
use crate::app::programme;
use crate::domain::SessionStatus;
use crate::programme::conference::Conference;
use crate::programme::editing::{self, SessionFields};
use crate::{time, Result, Store};

/// `desk sessions [--day D] [--json]` or `desk sessions <add|edit|cancel|restore|delete> ...`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SessionsArgs {
    #[command(subcommand)]
    command: Option<SessionsCommand>,
    #[command(flatten)]
    list: ListArgs,
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Only this conference day (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    day: Option<String>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum SessionsCommand {
    /// List the sessions by day (the default)
    List(ListArgs),
    /// Add a session by hand (a side event announced on the day); times are the conference's
    Add {
        #[command(flatten)]
        fields: FieldArgs,
        /// Print the new session as JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a session's fields; those not given keep their value, and its people stay on it
    Edit {
        /// The session (an id or part of the title)
        session: String,
        #[command(flatten)]
        fields: FieldArgs,
        /// Print the session as JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark a session cancelled (it stays, with its notes and assignments)
    Cancel { session: String },
    /// Undo a cancellation
    Restore { session: String },
    /// Delete a session that has no notes (one with notes: cancel it instead)
    Delete { session: String },
}

#[derive(Debug, Args)]
struct FieldArgs {
    /// The title
    #[arg(long)]
    title: Option<String>,
    /// The conference day
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Start, in the conference's time zone
    #[arg(long, value_name = "HH:MM")]
    start: Option<String>,
    /// End, in the conference's time zone
    #[arg(long, value_name = "HH:MM", conflicts_with = "duration")]
    end: Option<String>,
    /// Length in minutes, in place of --end
    #[arg(long, value_name = "MIN")]
    duration: Option<i64>,
    /// The room
    #[arg(long)]
    room: Option<String>,
    /// opening, plenary, panel, side-event (default for a new session), break, closing or other
    #[arg(long)]
    kind: Option<String>,
    /// The track
    #[arg(long)]
    track: Option<String>,
    /// must, should, optional (default for a new session) or skip
    #[arg(long)]
    priority: Option<String>,
    /// The description
    #[arg(long)]
    description: Option<String>,
    /// Speakers separated by ";" ("Ana Lima;Jo Park")
    #[arg(long)]
    speakers: Option<String>,
    /// The moderator
    #[arg(long)]
    moderator: Option<String>,
}

impl From<FieldArgs> for SessionFields {
    fn from(a: FieldArgs) -> Self {
        SessionFields {
            title: a.title,
            date: a.date,
            start: a.start,
            end: a.end,
            duration: a.duration,
            room: a.room,
            kind: a.kind,
            track: a.track,
            description: a.description,
            moderator: a.moderator,
            speakers: a.speakers.as_deref().map(editing::split_names),
            priority: a.priority,
        }
    }
}

/// Runs `desk sessions ...` on the conference `c`.
pub fn run(
    store: &mut Store,
    c: &Conference,
    args: SessionsArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let command = args.command.unwrap_or(SessionsCommand::List(args.list));
    match command {
        SessionsCommand::List(ListArgs { day, json }) => {
            let day = day.map(|d| time::parse_date("--day", &d)).transpose()?;
            let list = programme::list_sessions(store, c.id, day, None)?;
            if json {
                output::json(out, &list)
            } else {
                output::sessions(out, c, &list)
            }
        }
        SessionsCommand::Add { fields, json } => {
            let s = programme::add_session(store, c.id, &fields.into())?;
            if json {
                return output::json(out, &s);
            }
            output::line(
                out,
                &format!(
                    "Added #{} \"{}\" ({}) on {} {}-{}{}.",
                    s.id,
                    s.title,
                    s.kind,
                    s.day,
                    s.start,
                    s.end,
                    room(&s.room)
                ),
            )
        }
        SessionsCommand::Edit {
            session,
            fields,
            json,
        } => {
            let id = resolve::session(store.conn(), c, &session)?;
            let s = programme::edit_session(store, c.id, id, &fields.into())?;
            if json {
                return output::json(out, &s);
            }
            output::line(
                out,
                &format!(
                    "Saved #{} \"{}\": {} {}-{}{}, {} {}.",
                    s.id,
                    s.title,
                    s.day,
                    s.start,
                    s.end,
                    room(&s.room),
                    s.kind,
                    s.priority
                ),
            )
        }
        SessionsCommand::Cancel { session } => {
            status(store, c, &session, SessionStatus::Cancelled, out)
        }
        SessionsCommand::Restore { session } => {
            status(store, c, &session, SessionStatus::Scheduled, out)
        }
        SessionsCommand::Delete { session } => {
            let id = resolve::session(store.conn(), c, &session)?;
            let deleted = programme::delete_session(store, c.id, id)?;
            output::line(out, &deleted.message())
        }
    }
}

fn status(
    store: &mut Store,
    c: &Conference,
    session: &str,
    status: SessionStatus,
    out: &mut dyn Write,
) -> Result<()> {
    let id = resolve::session(store.conn(), c, session)?;
    let s = programme::set_session_status(store, c.id, id, status.as_str())?;
    let what = match status {
        SessionStatus::Cancelled => "Cancelled",
        SessionStatus::Scheduled => "Restored",
    };
    let kept = if s.assignments.is_empty() {
        String::new()
    } else {
        format!(
            "; its {} {} kept",
            s.assignments.len(),
            if s.assignments.len() == 1 {
                "assignment is"
            } else {
                "assignments are"
            }
        )
    };
    output::line(
        out,
        &format!(
            "{what} #{} \"{}\" ({} {}){kept}.",
            s.id, s.title, s.day, s.start
        ),
    )
}

fn room(room: &str) -> String {
    if room.is_empty() {
        String::new()
    } else {
        format!(" in {room}")
    }
}
