//! The pack's sections built from what the delegation prepared and learnt: a brief per session (its
//! facts, the coordinator's objectives, points and lines, and the notes so far) and the notes grouped by
//! building block. [`super::content`] assembles the document; [`super::plan`] holds the programme and
//! people sections.

use std::collections::HashMap;

use desk_typeset::{Block, ParaStyle, Paragraph};

use super::content::Data;
use super::parts::{cell, covered_by, day_label, heading, label, priority_label, small};
use super::{markdown, Section};
use crate::domain::SessionStatus;
use crate::notes::Note;
use crate::programme::briefs::Brief;
use crate::programme::sessions::Session;
use crate::taxonomy::blocks;

fn note_line(n: &Note) -> String {
    let mut parts = vec![n.kind.label().to_string()];
    parts.push(
        n.session_title
            .clone()
            .unwrap_or_else(|| "Corridor note".into()),
    );
    if !n.countries.is_empty() {
        parts.push(n.countries.join(", "));
    }
    if let Some(a) = &n.author_name {
        parts.push(a.clone());
    }
    parts.push(day_label(&n.day));
    parts.join(" · ")
}

/// A note's meta line (kind, session, countries, author, day), kept on the page of its text.
fn meta(line: String) -> Block {
    Block::Paragraph(Paragraph::styled(line, ParaStyle::Small).kept_with_next())
}

pub(super) fn session_briefs(data: &Data<'_>, out: &mut Vec<Block>) {
    out.push(heading(1, Section::Briefs.title(), Some("briefs".into())));
    let mut notes_by_session: HashMap<i64, Vec<&Note>> = HashMap::new();
    for n in &data.notes {
        if let Some(id) = n.session_id {
            notes_by_session.entry(id).or_default().push(n);
        }
    }
    let list: Vec<&Session> = data
        .my_sessions()
        .filter(|s| data.has_brief_page(s))
        .collect();
    if list.is_empty() {
        out.push(small("No sessions to brief."));
    }
    for (i, s) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(Block::PageBreak);
        }
        out.push(heading(2, &s.title, Some(format!("session-{}", s.id))));
        let mut fields = vec![(
            "When".to_string(),
            cell(format!("{}, {}–{}", day_label(&s.day), s.start, s.end)),
        )];
        if !s.room.is_empty() {
            fields.push(("Room".into(), cell(&s.room)));
        }
        fields.push((
            "Priority".into(),
            cell(format!(
                "{}{}",
                priority_label(s),
                if s.status == SessionStatus::Cancelled {
                    " · cancelled"
                } else {
                    ""
                }
            )),
        ));
        if !s.moderator.is_empty() {
            fields.push(("Moderator".into(), cell(&s.moderator)));
        }
        if !s.speakers.is_empty() {
            fields.push(("Speakers".into(), cell(s.speakers.join("; "))));
        }
        fields.push((
            "Covered by".into(),
            if s.assignments.is_empty() {
                cell("Nobody yet")
            } else {
                covered_by(s)
            },
        ));
        out.push(Block::Fields(fields));
        if !s.description.trim().is_empty() {
            out.push(Block::Space(4.0));
            out.extend(markdown::blocks(&s.description));
        }
        let brief = data.briefs.get(&s.id);
        out.push(label("Our objectives"));
        match brief.filter(|b| !b.objectives.trim().is_empty()) {
            Some(b) => out.extend(markdown::blocks(&b.objectives)),
            None => out.push(small("None written yet.")),
        }
        for (title, items) in [
            (
                "Points to make",
                brief.map(Brief::point_list).unwrap_or_default(),
            ),
            (
                "Defensive lines",
                brief.map(Brief::line_list).unwrap_or_default(),
            ),
        ] {
            out.push(label(title));
            if items.is_empty() {
                out.push(small("None written yet."));
            } else {
                out.push(Block::Bullets(
                    items
                        .iter()
                        .map(|t| markdown::paragraph(t, ParaStyle::Body))
                        .collect(),
                ));
            }
        }
        out.push(label("Notes so far"));
        match notes_by_session.get(&s.id) {
            None => out.push(small("No notes yet.")),
            Some(notes) => {
                for n in notes.iter().rev() {
                    out.push(meta(note_line(n)));
                    out.extend(markdown::blocks(&n.body));
                }
            }
        }
    }
}

pub(super) fn learnt(data: &Data<'_>, out: &mut Vec<Block>) {
    out.push(heading(1, Section::Blocks.title(), Some("blocks".into())));
    // A note tagged with a sub-element counts for its block, as in the matrix.
    let top_of: HashMap<&str, &blocks::Block> = data
        .blocks
        .iter()
        .map(|b| {
            let top = b
                .parent_id
                .and_then(|p| data.blocks.iter().find(|x| x.id == p))
                .unwrap_or(b);
            (b.code.as_str(), top)
        })
        .collect();
    let name_of: HashMap<&str, &str> = data
        .blocks
        .iter()
        .map(|b| (b.code.as_str(), b.name.as_str()))
        .collect();
    let mut by_block: HashMap<i64, Vec<(&Note, Vec<&str>)>> = HashMap::new();
    for n in data.notes.iter().rev() {
        let mut seen: Vec<(i64, Vec<&str>)> = Vec::new();
        for code in &n.blocks {
            let Some(top) = top_of.get(code.as_str()) else {
                continue;
            };
            let sub =
                (top.code != *code).then(|| name_of.get(code.as_str()).copied().unwrap_or(""));
            match seen.iter_mut().find(|(id, _)| *id == top.id) {
                Some((_, subs)) => subs.extend(sub),
                None => seen.push((top.id, sub.into_iter().collect())),
            }
        }
        for (id, subs) in seen {
            by_block.entry(id).or_default().push((n, subs));
        }
    }
    for b in data.blocks.iter().filter(|b| b.parent_id.is_none()) {
        let notes = by_block.get(&b.id);
        if b.archived && notes.is_none() {
            continue;
        }
        out.push(heading(2, &b.name, Some(format!("block-{}", b.code))));
        if !b.description.is_empty() {
            out.push(small(&b.description));
        }
        match notes {
            None => out.push(Block::Paragraph(Paragraph::text(
                "Nothing noted yet: a gap to fill at the next sessions.",
            ))),
            Some(list) => {
                for (n, subs) in list {
                    let mut line = note_line(n);
                    if !subs.is_empty() {
                        line = format!("{} · {line}", subs.join(", "));
                    }
                    out.push(meta(line));
                    out.extend(markdown::blocks(&n.body));
                }
            }
        }
    }
}
