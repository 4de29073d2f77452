//! How `desk` prints: aligned, readable text for people, pretty JSON for programs.

use std::io::Write;
use std::path::Path;

use crate::delegation::members::Member;
use crate::fixtures::sample::Outcome;
use crate::notes::Note;
use crate::programme::conference::Conference;
use crate::programme::sessions::Session;
use crate::{time, Error, Result};

fn io(e: std::io::Error) -> Error {
    Error::Io {
        context: "Could not write the output".into(),
        source: e,
    }
}

/// One line.
pub fn line(out: &mut dyn Write, text: &str) -> Result<()> {
    writeln!(out, "{text}").map_err(io)
}

/// Pretty JSON of any serialisable value.
pub fn json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io(kind.into()),
        None => Error::Internal(e.to_string()),
    })?;
    writeln!(out).map_err(io)
}

pub fn sample(out: &mut dyn Write, outcome: &Outcome, path: &Path) -> Result<()> {
    let c = &outcome.conference;
    if outcome.created {
        line(
            out,
            &format!(
                "Loaded the sample conference \"{}\" (#{}) into {}.",
                c.title,
                c.id,
                path.display()
            ),
        )
    } else {
        line(
            out,
            &format!(
                "The sample conference \"{}\" (#{}) is already loaded; nothing changed.",
                c.title, c.id
            ),
        )
    }
}

pub fn conferences(out: &mut dyn Write, list: &[Conference]) -> Result<()> {
    if list.is_empty() {
        return line(
            out,
            "No conference yet: run `desk sample` to load the sample conference.",
        );
    }
    for (i, c) in list.iter().enumerate() {
        let current = if i == 0 { "  [current]" } else { "" };
        let place = [c.venue.as_str(), c.city.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        line(
            out,
            &format!(
                "#{:<3} {}  {} to {}  {} ({}){current}",
                c.id, c.title, c.starts_on, c.ends_on, place, c.time_zone
            ),
        )?;
    }
    Ok(())
}

pub fn sessions(out: &mut dyn Write, c: &Conference, list: &[Session]) -> Result<()> {
    line(out, &format!("{}: times in {}", c.title, c.time_zone))?;
    if list.is_empty() {
        return line(out, "No sessions.");
    }
    let id_width = list
        .iter()
        .map(|s| s.id.to_string().len())
        .max()
        .unwrap_or(1)
        + 1;
    let mut day = "";
    for s in list {
        if s.day != day {
            day = &s.day;
            let label = time::parse_date("day", day)
                .map(time::day_label)
                .unwrap_or_else(|_| day.to_string());
            line(out, &format!("\n{label}"))?;
        }
        let room = if s.room.is_empty() {
            String::new()
        } else {
            format!("  ({})", s.room)
        };
        let id = format!("#{}", s.id);
        line(
            out,
            &format!(
                "  {id:<id_width$} {}-{}  {:<8} {:<10} {}{room}",
                s.start, s.end, s.priority, s.kind, s.title
            ),
        )?;
        if !s.assignments.is_empty() {
            let who: Vec<String> = s
                .assignments
                .iter()
                .map(|a| format!("{} ({})", a.member_name, a.role))
                .collect();
            line(
                out,
                &format!(
                    "  {:id_width$} {:<11}  covered by: {}",
                    "",
                    "",
                    who.join(", ")
                ),
            )?;
        }
    }
    Ok(())
}

pub fn members(out: &mut dyn Write, list: &[Member]) -> Result<()> {
    if list.is_empty() {
        return line(out, "No members in this delegation yet.");
    }
    for m in list {
        let role = [m.title.as_str(), m.organisation.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        line(out, &format!("#{:<3} {}  {role}", m.id, m.name))?;
        let mut extra = Vec::new();
        if !m.email.is_empty() {
            extra.push(m.email.clone());
        }
        if !m.languages.is_empty() {
            extra.push(format!("languages: {}", m.languages.join(", ")));
        }
        if !m.expertise.is_empty() {
            extra.push(format!("expertise: {}", m.expertise.join(", ")));
        }
        if !extra.is_empty() {
            line(out, &format!("     {}", extra.join("  |  ")))?;
        }
    }
    Ok(())
}

pub fn assigned(out: &mut dyn Write, s: &Session, member_id: i64) -> Result<()> {
    let a = s
        .assignments
        .iter()
        .find(|a| a.member_id == member_id)
        .ok_or_else(|| Error::Internal("assignment missing after assign".into()))?;
    line(
        out,
        &format!(
            "Assigned {} to \"{}\" ({} {}-{}) as {}.",
            a.member_name, s.title, s.day, s.start, s.end, a.role
        ),
    )
}

pub fn notes(out: &mut dyn Write, list: &[Note]) -> Result<()> {
    if list.is_empty() {
        return line(out, "No notes yet.");
    }
    for n in list {
        let when = n
            .created_at
            .get(..16)
            .unwrap_or(&n.created_at)
            .replace('T', " ");
        let place = n.session_title.as_deref().unwrap_or("(corridor note)");
        let by = n
            .author_name
            .as_deref()
            .map(|a| format!("  by {a}"))
            .unwrap_or_default();
        let tags = if n.blocks.is_empty() {
            String::new()
        } else {
            format!("  [{}]", n.blocks.join(", "))
        };
        line(out, &format!("{when}  {place}{by}{tags}  ({})", n.id))?;
        for text in n.body.lines() {
            line(out, &format!("    {text}"))?;
        }
    }
    Ok(())
}
