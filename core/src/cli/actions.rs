//! `desk actions`: follow-up actions on the command line: add, list (open first, overdue marked), done.

use std::io::Write;

use clap::Subcommand;

use super::output::{json, line};
use super::resolve;
use crate::app::actions;
use crate::domain::ActionStatus;
use crate::programme::conference::Conference;
use crate::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// Add a follow-up action
    Add {
        title: String,
        /// Who does it (an id or part of the name)
        #[arg(long)]
        owner: Option<String>,
        /// When it is due (YYYY-MM-DD)
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        /// The note it comes from (its id)
        #[arg(long)]
        note: Option<String>,
    },
    /// List the actions, open ones first; overdue ones are marked
    List {
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Mark an action done (--undo: open again)
    Done {
        id: i64,
        #[arg(long)]
        undo: bool,
    },
}

/// Runs `desk actions ...` on the conference `c`.
pub(super) fn run(
    store: &mut Store,
    c: &Conference,
    cmd: ActionsCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        ActionsCommand::Add {
            title,
            owner,
            due,
            note,
        } => {
            let owner_id = owner
                .map(|o| resolve::member(store.conn(), c.id, &o))
                .transpose()?;
            let added = actions::add_action(store, c.id, &title, owner_id, due, note)?;
            line(out, &format!("Added action #{}.", added.id))
        }
        ActionsCommand::List { json: as_json } => {
            let list = actions::list_actions(store, c.id)?;
            if as_json {
                return json(out, &list);
            }
            if list.is_empty() {
                return line(out, "No actions.");
            }
            for a in &list {
                let mark = if a.status == ActionStatus::Done {
                    "x"
                } else {
                    " "
                };
                let owner = a.owner_name.as_deref().unwrap_or("no owner");
                let due = a
                    .due_on
                    .as_deref()
                    .map(|d| format!(", due {d}"))
                    .unwrap_or_default();
                let overdue = if a.overdue { "  OVERDUE" } else { "" };
                line(
                    out,
                    &format!("#{:<3} [{mark}] {}  ({owner}{due}){overdue}", a.id, a.title),
                )?;
            }
            Ok(())
        }
        ActionsCommand::Done { id, undo } => {
            actions::set_action_done(store, c.id, id, !undo)?;
            line(
                out,
                &format!(
                    "Action #{id} is {}.",
                    if undo { "open again" } else { "done" }
                ),
            )
        }
    }
}
