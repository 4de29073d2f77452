//! `desk members`: list the delegation (the default, as before), and add, edit or remove a member by
//! hand. Further subcommands (such as an import) go beside these in [`MembersCommand`].

use std::io::Write;

use clap::{Args, Subcommand};

use super::{output, resolve};
use crate::app::delegation;
use crate::delegation::editing::{self, MemberFields};
use crate::programme::conference::Conference;
use crate::{Result, Store};

/// `desk members [--json]` or `desk members <add|edit|remove> ...`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MembersArgs {
    #[command(subcommand)]
    command: Option<MembersCommand>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum MembersCommand {
    /// Add members from a CSV: name,title,organisation,email,languages,expertise,arrives,departs,max_per_day
    Import { file: std::path::PathBuf },
    /// List the delegation's members (the default)
    List {
        /// Print JSON (see docs/cli.md)
        #[arg(long)]
        json: bool,
    },
    /// Add a member at the end of the delegation
    Add {
        /// The member's full name
        name: String,
        #[command(flatten)]
        fields: FieldArgs,
        /// Print the new member as JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a member's fields; those not given keep their value ("" clears --arrives, --departs, --max-per-day)
    Edit {
        /// The member (an id or part of the name)
        member: String,
        /// A new name
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: FieldArgs,
        /// Print the member as JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove a member and their assignments; the notes they wrote are kept, without an author
    Remove {
        /// The member (an id or part of the name)
        member: String,
    },
}

#[derive(Debug, Args)]
struct FieldArgs {
    /// Job title
    #[arg(long)]
    title: Option<String>,
    /// Organisation
    #[arg(long)]
    organisation: Option<String>,
    /// Email address
    #[arg(long)]
    email: Option<String>,
    /// Two-letter language codes separated by ";" (en;fr)
    #[arg(long)]
    languages: Option<String>,
    /// Building-block codes separated by ";" (nrm;law)
    #[arg(long)]
    expertise: Option<String>,
    /// Arrival, in the conference's time zone
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    arrives: Option<String>,
    /// Departure, in the conference's time zone
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    departs: Option<String>,
    /// The most sessions a day
    #[arg(long, value_name = "N")]
    max_per_day: Option<String>,
}

impl FieldArgs {
    fn into_fields(self, name: Option<String>) -> MemberFields {
        MemberFields {
            name,
            title: self.title,
            organisation: self.organisation,
            email: self.email,
            languages: self.languages.as_deref().map(editing::split_list),
            expertise: self.expertise.as_deref().map(editing::split_list),
            arrives: self.arrives,
            departs: self.departs,
            max_per_day: self.max_per_day,
        }
    }
}

/// Runs `desk members ...` on the conference `c`.
pub fn run(
    store: &mut Store,
    c: &Conference,
    args: MembersArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let command = args
        .command
        .unwrap_or(MembersCommand::List { json: args.json });
    match command {
        MembersCommand::Import { file } => super::import::members(store, c, &file, out),
        MembersCommand::List { json } => {
            let list = delegation::list_members(store, c.id)?;
            if json {
                output::json(out, &list)
            } else {
                output::members(out, &list)
            }
        }
        MembersCommand::Add { name, fields, json } => {
            let m = delegation::add_member(store, c.id, &fields.into_fields(Some(name)))?;
            if json {
                return output::json(out, &m);
            }
            output::line(
                out,
                &format!("Added #{} {} to the delegation.", m.id, m.name),
            )
        }
        MembersCommand::Edit {
            member,
            name,
            fields,
            json,
        } => {
            let id = resolve::member(store.conn(), c.id, &member)?;
            let m = delegation::edit_member(store, c.id, id, &fields.into_fields(name))?;
            if json {
                return output::json(out, &m);
            }
            output::line(out, &format!("Saved #{} {}.", m.id, m.name))
        }
        MembersCommand::Remove { member } => {
            let id = resolve::member(store.conn(), c.id, &member)?;
            let removed = delegation::remove_member(store, c.id, id)?;
            output::line(out, &removal_sentence(&removed))
        }
    }
}

/// "Removed Zoë Achterberg and her 2 assignments; her 1 note is kept without an author."
pub fn removal_sentence(r: &editing::RemovedMember) -> String {
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut s = format!(
        "Removed #{} {} and {} with them",
        r.id,
        r.name,
        plural(r.assignments, "assignment", "assignments")
    );
    if r.notes_kept > 0 {
        s.push_str(&format!(
            "; the {} they wrote {} kept without an author",
            plural(r.notes_kept, "note", "notes"),
            if r.notes_kept == 1 { "is" } else { "are" }
        ));
    }
    s.push('.');
    s
}
