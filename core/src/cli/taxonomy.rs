//! `desk blocks`: the taxonomy of building blocks on the command line: list (with use counts), add,
//! rename, describe, move, archive, delete.

use std::io::Write;

use clap::Subcommand;

use super::output::{json, line};
use crate::app::taxonomy;
use crate::programme::conference::Conference;
use crate::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum BlocksCommand {
    /// List the building blocks with how many notes and sessions use each
    List {
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Add a block (or a sub-element with --parent)
    Add {
        /// Short code: lower-case letters, digits, dashes (e.g. labour)
        code: String,
        /// The name shown on chips and in reports
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// Make it a sub-element of this block
        #[arg(long, value_name = "CODE")]
        parent: Option<String>,
    },
    /// Rename a block; its notes keep their tags
    Rename { code: String, name: String },
    /// Set a block's one-sentence description
    Describe { code: String, description: String },
    /// Move a block to a position (1 = first) among its siblings
    Move { code: String, position: i64 },
    /// Archive a block: kept on its notes, no longer offered for new ones (--undo restores it)
    Archive {
        code: String,
        #[arg(long)]
        undo: bool,
    },
    /// Delete a block nothing uses (a block in use is refused: archive it)
    Delete { code: String },
}

/// Runs `desk blocks ...` on the conference `c`.
pub(super) fn run(
    store: &mut Store,
    c: &Conference,
    cmd: BlocksCommand,
    out: &mut dyn Write,
) -> Result<()> {
    let done = |out: &mut dyn Write, what: &str, b: &crate::taxonomy::blocks::Block| {
        line(out, &format!("{what} {} \"{}\".", b.code, b.name))
    };
    match cmd {
        BlocksCommand::List { json: as_json } => {
            let list = taxonomy::list_taxonomy(store, c.id)?;
            if as_json {
                return json(out, &list);
            }
            for b in &list {
                let indent = if b.parent_code.is_some() { "    " } else { "" };
                let archived = if b.block.archived { "  (archived)" } else { "" };
                line(
                    out,
                    &format!(
                        "{indent}{:<20} {}  [notes: {}, sessions: {}]{archived}",
                        b.block.code, b.block.name, b.notes, b.sessions
                    ),
                )?;
            }
            Ok(())
        }
        BlocksCommand::Add {
            code,
            name,
            description,
            parent,
        } => {
            let b = taxonomy::add_block(store, c.id, &code, &name, &description, parent)?;
            done(out, "Added", &b)
        }
        BlocksCommand::Rename { code, name } => {
            let b = taxonomy::rename_block(store, c.id, &code, &name)?;
            done(out, "Renamed", &b)
        }
        BlocksCommand::Describe { code, description } => {
            let b = taxonomy::describe_block(store, c.id, &code, &description)?;
            done(out, "Described", &b)
        }
        BlocksCommand::Move { code, position } => {
            let b = taxonomy::move_block(store, c.id, &code, position)?;
            done(out, &format!("Moved to position {position}:"), &b)
        }
        BlocksCommand::Archive { code, undo } => {
            let b = taxonomy::archive_block(store, c.id, &code, !undo)?;
            done(out, if undo { "Restored" } else { "Archived" }, &b)
        }
        BlocksCommand::Delete { code } => {
            let b = taxonomy::delete_block(store, c.id, &code)?;
            done(out, "Deleted", &b)
        }
    }
}
