//! `desk notes add|list|search|history|edit|delete`, `desk matrix` and `desk report`: the notes feature
//! on the command line. Text for people, `--json` as in `docs/cli.md`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{self, json, line};
use super::resolve;
use crate::app::data as app_data;
use crate::app::notes::{self as app, NoteDraft};
use crate::data::paths;
use crate::domain::NoteKind;
use crate::notes::search::{self, Query};
use crate::programme::conference::Conference;
use crate::{time, Error, Result, Store};

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
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
    Search(SearchArgs),
    /// A note's earlier versions
    History(HistoryArgs),
    /// Rewrite a note's text, keeping the old one in its history
    Edit(EditArgs),
    /// Delete a note with its history (its author only, or anyone for a note without an author)
    Delete(DeleteArgs),
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The note's id
    id: String,
    /// Who is deleting it (an id or part of the name) [default: "You are" in the app's settings]
    #[arg(long = "as", value_name = "MEMBER")]
    as_member: Option<String>,
}

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

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// Columns: sessions or countries
    #[arg(long, default_value = "sessions")]
    by: String,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
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

/// Runs `desk notes ...` on the conference `c`.
pub(super) fn run(
    store: &mut Store,
    c: &Conference,
    command: NotesCommand,
    out: &mut dyn Write,
) -> Result<()> {
    match command {
        NotesCommand::Add {
            session,
            text,
            blocks,
            author,
            kind,
            countries,
        } => {
            let body = super::text_or_stdin(text)?;
            let draft = NoteDraft {
                id: None,
                session_id: session
                    .map(|s| resolve::session(store.conn(), c, &s))
                    .transpose()?,
                author_id: author
                    .map(|a| resolve::member(store.conn(), c.id, &a))
                    .transpose()?,
                body,
                blocks,
                // Checked here: `--kind ""` is refused, where the app's composer takes "" as the default.
                kind: kind.map(|k| k.parse::<NoteKind>().map(|_| k)).transpose()?,
                countries,
            };
            let note = app::save_note(store, c.id, draft)?;
            let place = note.session_title.as_deref().map_or_else(
                || "as a corridor note".to_string(),
                |t| format!("on \"{t}\""),
            );
            line(out, &format!("Saved note {} {place}.", note.id))
        }
        NotesCommand::List { session, json } => {
            let session = session
                .map(|s| resolve::session(store.conn(), c, &s))
                .transpose()?;
            let list = app::list_notes(store, c.id, session)?;
            if json {
                output::json(out, &list)
            } else {
                output::notes(out, &list)
            }
        }
        NotesCommand::Search(args) => search(store, c, args, out),
        NotesCommand::Delete(args) => {
            let asking = match args.as_member {
                Some(m) => Some(resolve::member(store.conn(), c.id, &m)?),
                None => app_data::me(paths::settings_path().ok().as_deref(), c.id),
            };
            let gone = app::delete_note(store, c.id, &args.id, asking)?;
            line(
                out,
                &format!(
                    "Deleted note {} and its {} earlier version(s).",
                    gone.id, gone.versions
                ),
            )
        }
        NotesCommand::History(args) => history(store, c, args, out),
        NotesCommand::Edit(args) => {
            let body = super::text_or_stdin(args.text)?;
            let saved = app::rewrite_note(store, c.id, &args.id, body)?;
            line(
                out,
                &format!(
                    "Saved note {} ({} earlier version(s) kept).",
                    saved.id, saved.versions
                ),
            )
        }
    }
}

fn search(store: &Store, c: &Conference, a: SearchArgs, out: &mut dyn Write) -> Result<()> {
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
    let hits = app::search_notes(store, c.id, &q)?;
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

fn history(store: &Store, c: &Conference, a: HistoryArgs, out: &mut dyn Write) -> Result<()> {
    let versions = app::note_history(store, c.id, &a.id)?;
    if a.json {
        return json(out, &versions);
    }
    let now = app::get_note(store, c.id, &a.id)?;
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

pub(super) fn matrix(
    store: &Store,
    c: &Conference,
    a: MatrixArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let m = app::block_matrix(store, c.id, &a.by)?;
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
    let r = app::get_report(store, c.id, &a.day)?;
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
