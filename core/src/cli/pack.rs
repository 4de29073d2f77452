//! `desk brief` (what the coordinator writes per session for the pack) and `desk pack` (the PDF).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{output, resolve};
use crate::app::pack::{self as app, PackRequest};
use crate::app::programme;
use crate::pack::{PackSettings, Section};
use crate::programme::briefs::BriefChange;
use crate::programme::conference::Conference;
use crate::{Error, Result, Store};

/// `desk brief SESSION [--objectives T] [--points T] [--lines T] [--json]`.
#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The session (an id or part of the title)
    session: String,
    /// The delegation's objectives for the session (`-` reads standard input)
    #[arg(long, allow_hyphen_values = true)]
    objectives: Option<String>,
    /// Points to make, one per line
    #[arg(long, allow_hyphen_values = true)]
    points: Option<String>,
    /// Defensive lines, one per line
    #[arg(long, allow_hyphen_values = true)]
    lines: Option<String>,
    /// Print JSON (see docs/cli.md)
    #[arg(long)]
    json: bool,
}

/// `desk pack --out FILE.pdf [...]` or `desk pack settings [--country C] [--marking M]`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PackArgs {
    #[command(subcommand)]
    command: Option<PackCommand>,
    /// Where to write the PDF
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    /// Sections in order, comma-separated: cover, contents, delegation, schedule, agendas, briefs,
    /// blocks, actions, reports [default: all]
    #[arg(long, value_name = "LIST")]
    sections: Option<String>,
    /// One member's personal pack (an id or part of the name)
    #[arg(long)]
    member: Option<String>,
    /// a4 or letter
    #[arg(long, default_value = "a4")]
    paper: String,
    /// Handling marking for this pack, e.g. RESTRICTED [default: the saved one]
    #[arg(long)]
    marking: Option<String>,
    /// Justify body text (briefs, notes, reports), with hyphenation [the default]
    #[arg(long, conflicts_with = "ragged")]
    justify: bool,
    /// Set body text ragged right instead of justified
    #[arg(long)]
    ragged: bool,
}

#[derive(Debug, Subcommand)]
enum PackCommand {
    /// Show or set the delegation's country (cover) and the default handling marking
    Settings {
        #[arg(long)]
        country: Option<String>,
        /// An empty text removes the marking
        #[arg(long)]
        marking: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// Runs `desk brief`.
pub fn brief(
    store: &mut Store,
    c: &Conference,
    args: BriefArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let id = resolve::session(store.conn(), c, &args.session)?;
    let stdin = |v: Option<String>| -> Result<Option<String>> {
        match v.as_deref() {
            Some("-") => super::read_stdin().map(Some),
            _ => Ok(v),
        }
    };
    let change = BriefChange {
        objectives: stdin(args.objectives)?,
        points: stdin(args.points)?,
        lines: stdin(args.lines)?,
    };
    let writes = change.objectives.is_some() || change.points.is_some() || change.lines.is_some();
    let brief = if writes {
        app::save_brief(store, c.id, id, &change)?
    } else {
        app::get_brief(store, c.id, id)?
    };
    if args.json {
        return output::json(out, &brief);
    }
    let title = programme::get_session(store, c.id, id)?.title;
    let mut text = format!(
        "{} the brief of \"{title}\".\n",
        if writes { "Saved" } else { "This is" }
    );
    for (name, value) in [
        ("Objectives", brief.objectives.trim()),
        ("Points to make", brief.points.trim()),
        ("Defensive lines", brief.lines.trim()),
    ] {
        text.push_str(&format!(
            "\n{name}:\n{}\n",
            if value.is_empty() {
                "(none yet)"
            } else {
                value
            }
        ));
    }
    output::line(out, text.trim_end())
}

/// Runs `desk pack`.
pub fn pack(store: &mut Store, c: &Conference, args: PackArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(PackCommand::Settings {
        country,
        marking,
        json,
    }) = args.command
    {
        let current = app::get_pack_settings(store, c.id)?;
        let saved = if country.is_some() || marking.is_some() {
            let change = PackSettings {
                country: country.unwrap_or(current.country),
                marking: marking.unwrap_or(current.marking),
                edition: current.edition,
            };
            app::save_pack_settings(store, c.id, &change)?
        } else {
            current
        };
        if json {
            return output::json(out, &saved);
        }
        let or_none = |s: &str| {
            if s.is_empty() {
                "(none)".to_string()
            } else {
                s.to_string()
            }
        };
        return output::line(
            out,
            &format!(
                "Country: {}\nMarking: {}\nPacks printed: {}",
                or_none(&saved.country),
                or_none(&saved.marking),
                saved.edition
            ),
        );
    }
    let path = args.out.ok_or_else(|| {
        Error::invalid(
            "out",
            "say where to write the PDF: desk pack --out FILE.pdf",
        )
    })?;
    let request = PackRequest {
        sections: match args.sections {
            Some(list) => vec![list],
            None => Section::ALL
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        },
        member_id: args
            .member
            .map(|m| resolve::member(store.conn(), c.id, &m))
            .transpose()?,
        paper: args.paper,
        marking: args.marking,
        justify: Some(args.justify || !args.ragged),
    };
    let made = app::write_pack(store, c.id, &request, &path)?;
    output::line(
        out,
        &format!(
            "Wrote {} ({} pages, {} KB, version {}).",
            path.display(),
            made.pages,
            made.size_bytes.div_ceil(1024),
            made.edition
        ),
    )
}
