//! `desk notes search|history|edit`, `desk blocks`, `desk matrix`, `desk actions` and `desk report`:
//! the notes feature on the command line. Text for people, `--json` as in `docs/cli.md`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{json, line};
use crate::notes::matrix::{self, By};
use crate::notes::search::{self, Query};
use crate::notes::{self, history, NewNote};
use crate::programme::conference::Conference;
use crate::taxonomy::{self, NewBlock};
use crate::{
    notes::{actions, report},
    resolve, time, Error, Result, Store,
};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find (each a prefix; case and accents ignored); may be empty with filters
    #[arg(default_value = "")]
    query: String,
    /// Only notes tagged with this block (or one of its sub-elements)
    #[arg(long, value_name = "CODE")]
    block: Option<String>,
    /// Only this session's notes (an id or part of the title)
    #[arg(long)]
    session: Option<String>,
    /// Only corridor notes (no session)
    #[arg(long, conflicts_with = "session")]
    corridor: bool,
    /// Only this conference day (YYYY-MM-DD, conference time)
    #[arg(long, value_name = "YYYY-MM-DD")]
    day: Option<String>,
    /// Only notes by this member (an id or part of the name)
    #[arg(long)]
    author: Option<String>,
    /// Only notes about this country or organisation (name or ISO code)
    #[arg(long)]
    country: Option<String>,
    /// Only notes of this kind: observation, good-practice, commitment, question, intervention, follow-up
    #[arg(long)]
    kind: Option<String>,
    /// At most this many results
    #[arg(long, default_value_t = search::DEFAULT_LIMIT)]
    limit: usize,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The note's id
    id: String,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The note's id
    id: String,
    /// The new text; `-` reads it from standard input (the old text is kept in the history)
    #[arg(long)]
    text: String,
}

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

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Columns: sessions or countries
    #[arg(long, default_value = "sessions")]
    by: String,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

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

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The conference day (YYYY-MM-DD)
    #[arg(long, value_name = "YYYY-MM-DD")]
    day: String,
    /// Write the Markdown to this file instead of standard output
    #[arg(long, value_name = "FILE.md")]
    out: Option<PathBuf>,
    /// The fresh draft from the notes, ignoring an edited version saved in the app
    #[arg(long)]
    draft: bool,
}

pub(super) fn search(
    store: &Store,
    c: &Conference,
    a: SearchArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let q = Query {
        text: a.query,
        block: a.block,
        session_id: a
            .session
            .map(|s| resolve::session(store.conn(), c, &s))
            .transpose()?,
        no_session: a.corridor,
        day: a.day,
        author_id: a
            .author
            .map(|m| resolve::member(store.conn(), c.id, &m))
            .transpose()?,
        country: a.country,
        kind: a.kind,
        limit: Some(a.limit),
    };
    let hits = search::search(store.conn(), c, &q)?;
    if a.json {
        return json(out, &hits);
    }
    if hits.is_empty() {
        return line(out, "No notes found.");
    }
    for h in &hits {
        let n = &h.note;
        let place = n.session_title.as_deref().unwrap_or("(corridor note)");
        let by = n
            .author_name
            .as_deref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default();
        line(
            out,
            &format!("{}  {place}{by}  [{}]  ({})", n.day, n.kind, n.id),
        )?;
        let snippet: String = h
            .snippet
            .iter()
            .map(|s| {
                if s.hit {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect();
        line(
            out,
            &format!(
                "    {}",
                snippet.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
        )?;
    }
    Ok(())
}

pub(super) fn history(
    store: &Store,
    c: &Conference,
    a: HistoryArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let versions = history::versions(store.conn(), c, &a.id)?;
    if a.json {
        return json(out, &versions);
    }
    let now = notes::get(store.conn(), c, &a.id)?;
    line(out, &format!("Now (saved {}):", now.updated_at))?;
    for t in now.body.lines() {
        line(out, &format!("    {t}"))?;
    }
    if versions.is_empty() {
        return line(out, "No earlier versions: the note was never edited.");
    }
    for v in &versions {
        let tags = if v.blocks.is_empty() {
            String::new()
        } else {
            format!(" [{}]", v.blocks.join(", "))
        };
        line(
            out,
            &format!(
                "\nVersion {} (saved {}, replaced {}){tags}:",
                v.number, v.written_at, v.replaced_at
            ),
        )?;
        for t in v.body.lines() {
            line(out, &format!("    {t}"))?;
        }
    }
    Ok(())
}

/// The `--text` of `desk notes edit`.
pub(super) fn edit_text(a: &EditArgs) -> String {
    a.text.clone()
}

pub(super) fn edit(
    store: &mut Store,
    c: &Conference,
    a: EditArgs,
    body: String,
    out: &mut dyn Write,
) -> Result<()> {
    let n = notes::get(store.conn(), c, &a.id)?;
    let new = NewNote {
        session_id: n.session_id,
        author_id: n.author_id,
        body,
        blocks: n.blocks,
        kind: n.kind,
        countries: n.countries,
    };
    let saved = notes::update(store, c, &a.id, &new)?;
    line(
        out,
        &format!(
            "Saved note {} ({} earlier version(s) kept).",
            saved.id, saved.versions
        ),
    )
}

pub(super) fn blocks(
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
            let list = taxonomy::list(store.conn(), c.id)?;
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
            let b = taxonomy::add(
                store,
                c.id,
                &NewBlock {
                    code,
                    name,
                    description,
                    parent,
                },
            )?;
            done(out, "Added", &b)
        }
        BlocksCommand::Rename { code, name } => {
            let b = taxonomy::rename(store, c.id, &code, &name)?;
            done(out, "Renamed", &b)
        }
        BlocksCommand::Describe { code, description } => {
            let b = taxonomy::describe(store, c.id, &code, &description)?;
            done(out, "Described", &b)
        }
        BlocksCommand::Move { code, position } => {
            let b = taxonomy::move_to(store, c.id, &code, position)?;
            done(out, &format!("Moved to position {position}:"), &b)
        }
        BlocksCommand::Archive { code, undo } => {
            let b = taxonomy::set_archived(store, c.id, &code, !undo)?;
            done(out, if undo { "Restored" } else { "Archived" }, &b)
        }
        BlocksCommand::Delete { code } => {
            let b = taxonomy::delete(store, c.id, &code)?;
            done(out, "Deleted", &b)
        }
    }
}

pub(super) fn matrix(
    store: &Store,
    c: &Conference,
    a: MatrixArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let by: By = a.by.parse()?;
    let m = matrix::build(store.conn(), c, by)?;
    if a.json {
        return json(out, &m);
    }
    let columns: Vec<_> = m.columns.iter().filter(|col| col.total > 0).collect();
    if columns.is_empty() {
        return line(out, "No tagged notes yet.");
    }
    for (i, col) in columns.iter().enumerate() {
        line(
            out,
            &format!("  C{:<3} {} {}", i + 1, col.detail, col.label),
        )?;
    }
    let header: String = columns
        .iter()
        .enumerate()
        .map(|(i, _)| format!("{:>5}", format!("C{}", i + 1)))
        .collect();
    line(out, &format!("\n{:<22}{header}  total", "block"))?;
    for r in &m.rows {
        let cells: String = columns
            .iter()
            .map(|col| match m.count(&r.code, &col.key) {
                0 => format!("{:>5}", "."),
                n => format!("{n:>5}"),
            })
            .collect();
        line(out, &format!("{:<22}{cells}  {:>5}", r.code, r.total))?;
    }
    Ok(())
}

pub(super) fn actions(
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
            let id = actions::add(
                store,
                c,
                &actions::NewAction {
                    title,
                    owner_id,
                    due_on: due,
                    note_id: note,
                },
            )?;
            line(out, &format!("Added action #{id}."))
        }
        ActionsCommand::List { json: as_json } => {
            let list = actions::list(store.conn(), c, actions::today(c)?)?;
            if as_json {
                return json(out, &list);
            }
            if list.is_empty() {
                return line(out, "No actions.");
            }
            for a in &list {
                let mark = if a.status == "done" { "x" } else { " " };
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
            actions::set_done(store, c, id, !undo)?;
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

pub(super) fn report(
    store: &Store,
    c: &Conference,
    a: ReportArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let day = time::parse_date("--day", &a.day)?;
    if !c.days.contains(&day.format("%Y-%m-%d").to_string()) {
        return Err(Error::invalid(
            "--day",
            format!(
                "{} is not a day of \"{}\" ({} to {})",
                a.day, c.title, c.starts_on, c.ends_on
            ),
        ));
    }
    let r = report::get(store.conn(), c, day)?;
    let text = if a.draft {
        r.generated.as_str()
    } else {
        r.text()
    };
    match a.out {
        Some(path) => {
            std::fs::write(&path, text).map_err(|source| Error::Io {
                context: format!("Could not write the report to {}", path.display()),
                source,
            })?;
            line(
                out,
                &format!("Wrote the report for {} to {}.", r.day, path.display()),
            )
        }
        None => write!(out, "{text}").map_err(|source| Error::Io {
            context: "Could not write the output".into(),
            source,
        }),
    }
}
