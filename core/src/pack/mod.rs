//! The briefing pack: the printed document a delegation carries into the conference. This module
//! decides what goes in (sections, whole delegation or one member, paper, marking) and writes the PDF;
//! [`content`] turns the store's data into a [`desk_typeset::Document`], and `desk-typeset` lays it out.
//! Keeping content and typesetting apart lets each be tested on its own.

mod content;
mod learning;
pub(crate) mod markdown;
mod parts;
mod plan;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub use desk_typeset::Paper;

use crate::programme::conference::Conference;
use crate::store::Access;
use crate::{Error, Result, Store};

/// A section of the pack, in the order a person asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    /// Conference, country, dates and venue, marking, prepared on, version.
    Cover,
    /// Contents with page numbers, linked.
    Contents,
    /// Name, title, organisation, contact, languages.
    Delegation,
    /// Table per day: time, session, room, priority, who covers it.
    Schedule,
    /// One page per member.
    Agendas,
    /// One or more pages per session: description, people, objectives, points, lines, notes.
    Briefs,
    /// What was learnt per building block.
    Blocks,
    /// The follow-up actions.
    Actions,
    /// The daily reports to capital.
    Reports,
}

impl Section {
    /// Every section, in the default order.
    pub const ALL: [Section; 9] = [
        Section::Cover,
        Section::Contents,
        Section::Delegation,
        Section::Schedule,
        Section::Agendas,
        Section::Briefs,
        Section::Blocks,
        Section::Actions,
        Section::Reports,
    ];

    /// The word used on the command line and over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Cover => "cover",
            Section::Contents => "contents",
            Section::Delegation => "delegation",
            Section::Schedule => "schedule",
            Section::Agendas => "agendas",
            Section::Briefs => "briefs",
            Section::Blocks => "blocks",
            Section::Actions => "actions",
            Section::Reports => "reports",
        }
    }

    /// The section's heading in the pack (cover and contents have none of their own).
    pub fn title(self) -> &'static str {
        match self {
            Section::Cover => "Cover",
            Section::Contents => "Contents",
            Section::Delegation => "Delegation",
            Section::Schedule => "Schedule",
            Section::Agendas => "Personal agendas",
            Section::Briefs => "Session briefs",
            Section::Blocks => "What we learnt, by building block",
            Section::Actions => "Follow-up actions",
            Section::Reports => "Daily reports",
        }
    }
}

/// Parses a comma-separated section list (`cover,schedule,briefs`), keeping its order, dropping repeats.
pub fn parse_sections(list: &str) -> Result<Vec<Section>> {
    let mut out = Vec::new();
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let lower = word.to_ascii_lowercase();
        let section = Section::ALL
            .into_iter()
            .find(|s| s.as_str() == lower)
            .ok_or_else(|| {
                Error::invalid(
                    "sections",
                    format!(
                        "\"{word}\" is not a section; use some of: {}",
                        Section::ALL.map(Section::as_str).join(", ")
                    ),
                )
            })?;
        if !out.contains(&section) {
            out.push(section);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid("sections", "name at least one section"));
    }
    Ok(out)
}

/// Parses `a4` or `letter`.
pub fn parse_paper(word: &str) -> Result<Paper> {
    match word.trim().to_ascii_lowercase().as_str() {
        "a4" => Ok(Paper::A4),
        "letter" => Ok(Paper::Letter),
        other => Err(Error::invalid(
            "paper",
            format!("\"{other}\" is not a paper size; use a4 or letter"),
        )),
    }
}

/// What to print.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// One member's personal pack (their agenda, their sessions' briefs, their actions); `None`: the
    /// whole delegation's.
    pub member_id: Option<i64>,
    pub paper: Paper,
    /// The handling marking for this pack; `None`: the conference's saved one.
    pub marking: Option<String>,
    /// Body text (briefs, notes, reports) justified, with hyphenation; `false`: ragged right.
    pub justify: bool,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions {
            sections: Section::ALL.to_vec(),
            member_id: None,
            paper: Paper::A4,
            marking: None,
            justify: true,
        }
    }
}

/// The pack's per-conference settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PackSettings {
    /// The delegation's country, on the cover.
    pub country: String,
    /// The handling marking printed in every page's header, e.g. "RESTRICTED"; empty: none.
    pub marking: String,
    /// How many packs were printed so far: the next one is `edition + 1`.
    pub edition: i64,
}

/// The conference's pack settings (defaults when never set).
pub fn settings(conn: &Connection, c: &Conference) -> Result<PackSettings> {
    Ok(conn
        .query_row(
            "SELECT country, marking, edition FROM pack_settings WHERE conference_id = ?1",
            params![c.id],
            |r| {
                Ok(PackSettings {
                    country: r.get(0)?,
                    marking: r.get(1)?,
                    edition: r.get(2)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

fn check_marking(marking: &str) -> Result<()> {
    if marking.chars().count() > 60 {
        return Err(Error::invalid("marking", "longer than 60 characters"));
    }
    Ok(())
}

/// Saves the country and marking (the edition counter is the app's own).
pub fn save_settings(
    store: &mut Store,
    c: &Conference,
    country: &str,
    marking: &str,
) -> Result<PackSettings> {
    let (country, marking) = (country.trim(), marking.trim());
    if country.chars().count() > 120 {
        return Err(Error::invalid("country", "longer than 120 characters"));
    }
    check_marking(marking)?;
    store.write(|tx| {
        tx.execute(
            "INSERT INTO pack_settings (conference_id, country, marking) VALUES (?1, ?2, ?3)
             ON CONFLICT (conference_id) DO UPDATE SET country = excluded.country, marking = excluded.marking",
            params![c.id, country, marking],
        )?;
        Ok(())
    })?;
    settings(store.conn(), c)
}

/// A pack made: the PDF and what it holds.
#[derive(Debug, Clone)]
pub struct Pack {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The version printed on its cover.
    pub edition: i64,
    /// Contents entries with their pages.
    pub contents: Vec<(String, usize)>,
}

/// Builds and typesets a pack, counting it as a new edition. `progress` gets fractions in `0..=1`.
pub fn generate(
    store: &mut Store,
    c: &Conference,
    options: &PackOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<Pack> {
    generate_on(&std::cell::RefCell::new(store), c, options, progress)
}

/// [`generate`] with its reads on a read connection and its one write on the writer (`access`): the
/// content is read in one snapshot and typeset holding no connection at all.
pub fn generate_on(
    access: &impl Access,
    c: &Conference,
    options: &PackOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<Pack> {
    if let Some(m) = options.marking.as_deref() {
        check_marking(m.trim())?;
    }
    let edition = access.write(|store| {
        store.write(|tx| {
            tx.execute(
                "INSERT INTO pack_settings (conference_id, edition) VALUES (?1, 1)
                 ON CONFLICT (conference_id) DO UPDATE SET edition = edition + 1",
                params![c.id],
            )?;
            Ok(tx.query_row(
                "SELECT edition FROM pack_settings WHERE conference_id = ?1",
                params![c.id],
                |r| r.get::<_, i64>(0),
            )?)
        })
    })?;
    progress(0.02);
    let doc = access
        .read(|store| content::document(store.conn(), c, options, edition, chrono::Utc::now()))?;
    progress(0.1);
    let rendered = desk_typeset::render(&doc, &mut |f| progress(0.1 + 0.9 * f))
        .map_err(|e| Error::Internal(format!("typesetting the pack: {e}")))?;
    progress(1.0);
    Ok(Pack {
        pdf: rendered.pdf,
        pages: rendered.pages,
        edition,
        contents: rendered.contents,
    })
}

/// The document a pack would print, without typesetting it (for tests and previews).
pub fn document(
    conn: &Connection,
    c: &Conference,
    options: &PackOptions,
    edition: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<desk_typeset::Document> {
    content::document(conn, c, options, edition, now)
}

#[cfg(test)]
mod tests;
