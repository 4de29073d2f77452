//! The small typeset pieces every section of the pack is built from: headings, small print and
//! labels, table cells and columns, a day's label, a session's priority and the people covering it.
//! Shared by [`super::content`], [`super::plan`] and [`super::learning`].

use chrono::NaiveDate;
use desk_typeset::{Block, Column, Heading, ParaStyle, Paragraph, Span};

use crate::domain::SessionKind;
use crate::programme::sessions::Session;
use crate::time;

/// "Tuesday 18 April 2023" for a stored day; the day as given if it is not one.
pub(super) fn day_label(day: &str) -> String {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(time::day_label)
        .unwrap_or_else(|_| day.to_string())
}

/// A heading; levels 1 and 2 go into the contents, `anchor` is what links point to.
pub(super) fn heading(level: u8, text: impl Into<String>, anchor: Option<String>) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        in_contents: level <= 2,
        anchor,
    })
}

/// A paragraph of small print (hints, "none yet").
pub(super) fn small(text: impl Into<String>) -> Block {
    Block::Paragraph(Paragraph::styled(text, ParaStyle::Small))
}

/// A small label above what follows ("Our objectives", a day).
pub(super) fn label(text: impl Into<String>) -> Block {
    Block::Paragraph(Paragraph::styled(text, ParaStyle::Label))
}

/// A plain table cell.
pub(super) fn cell(text: impl Into<String>) -> Paragraph {
    Paragraph::text(text)
}

/// Table columns by header; `true` marks a column of names, e-mail addresses, times or
/// identifiers, whose words are never hyphenated or broken.
pub(super) fn columns(spec: &[(&str, bool)]) -> Vec<Column> {
    spec.iter()
        .map(|&(header, names)| {
            if names {
                Column::names(header)
            } else {
                Column::new(header)
            }
        })
        .collect()
}

/// The session's priority as the pack prints it; nothing for a break.
pub(super) fn priority_label(s: &Session) -> &'static str {
    if s.kind == SessionKind::Break {
        return "";
    }
    s.priority.label()
}

/// "Mehmet Murphy (attends), Zoë Achterberg (lead)": each person kept on one line.
pub(super) fn covered_by(s: &Session) -> Paragraph {
    let mut spans = Vec::with_capacity(s.assignments.len() * 2);
    for (i, a) in s.assignments.iter().enumerate() {
        if i > 0 {
            spans.push(Span::plain(", "));
        }
        spans.push(Span::name(format!(
            "{} ({})",
            a.member_name,
            a.role.beside_name()
        )));
    }
    Paragraph::spans(spans, ParaStyle::Body)
}

/// "Vienna" for `Europe/Vienna`: the time zone as the reader knows it.
pub(super) fn zone_city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}
