//! The pack's sections about the plan: who is in the delegation, the schedule day by day with who
//! covers each session, and each member's personal agenda. [`super::content`] builds the document
//! and its other sections.

use desk_typeset::{Block, ParaStyle, Paragraph, Span, Table};

use super::content::Data;
use super::parts::{
    cell, columns, covered_by, day_label, heading, label, priority_label, small, zone_city,
};
use super::Section;
use crate::delegation::members::Member;
use crate::domain::SessionStatus;
use crate::programme::sessions::Session;

fn session_title_cell(data: &Data<'_>, s: &Session) -> Paragraph {
    let mut spans = vec![if data.link_briefs && data.has_brief_page(s) {
        Span::link(&s.title, format!("session-{}", s.id))
    } else {
        Span::plain(&s.title)
    }];
    if s.status == SessionStatus::Cancelled {
        spans.push(Span::bold(" (cancelled)"));
    }
    Paragraph::spans(spans, ParaStyle::Body)
}

pub(super) fn delegation(data: &Data<'_>, out: &mut Vec<Block>) {
    out.push(heading(
        1,
        Section::Delegation.title(),
        Some("delegation".into()),
    ));
    if data.members.is_empty() {
        out.push(small(
            "No members yet: add them in the app or with `desk members add`.",
        ));
        return;
    }
    let rows = data
        .members
        .iter()
        .map(|m| {
            vec![
                Paragraph::spans(vec![Span::bold_name(&m.name)], ParaStyle::Body),
                cell(&m.title),
                cell(&m.organisation),
                cell(&m.email),
                cell(m.languages.join(", ").to_uppercase()),
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        columns: columns(&[
            ("Name", true),
            ("Title", false),
            ("Organisation", false),
            ("Contact", true),
            ("Languages", true),
        ]),
        rows,
    }));
}

/// Sessions grouped by their conference day, in order.
fn by_day<'s>(sessions: impl Iterator<Item = &'s Session>) -> Vec<(String, Vec<&'s Session>)> {
    let mut days: Vec<(String, Vec<&Session>)> = Vec::new();
    for s in sessions {
        match days.last_mut() {
            Some((day, list)) if *day == s.day => list.push(s),
            _ => days.push((s.day.clone(), vec![s])),
        }
    }
    days
}

pub(super) fn schedule(data: &Data<'_>, out: &mut Vec<Block>) {
    out.push(heading(
        1,
        Section::Schedule.title(),
        Some("schedule".into()),
    ));
    out.push(small(format!(
        "Times are {} time. Priorities are the delegation's; \"Covered by\" names who goes and in what role.",
        zone_city(&data.c.time_zone)
    )));
    let days = by_day(data.my_sessions());
    if days.is_empty() {
        out.push(small("No sessions yet: import the agenda or add sessions."));
    }
    for (day, list) in days {
        out.push(heading(2, day_label(&day), Some(format!("day-{day}"))));
        let rows = list
            .iter()
            .map(|s| {
                vec![
                    cell(format!("{}–{}", s.start, s.end)),
                    session_title_cell(data, s),
                    cell(&s.room),
                    cell(priority_label(s)),
                    covered_by(s),
                ]
            })
            .collect();
        out.push(Block::Table(Table {
            columns: columns(&[
                ("Time", true),
                ("Session", false),
                ("Room", false),
                ("Priority", false),
                ("Covered by", true),
            ]),
            rows,
        }));
    }
}

pub(super) fn agendas(data: &Data<'_>, out: &mut Vec<Block>) {
    out.push(heading(1, Section::Agendas.title(), Some("agendas".into())));
    let people: Vec<&Member> = match &data.member {
        Some(m) => vec![m],
        None => data.members.iter().collect(),
    };
    if people.is_empty() {
        out.push(small("No members yet."));
    }
    for (i, m) in people.into_iter().enumerate() {
        if i > 0 {
            out.push(Block::PageBreak);
        }
        out.push(heading(2, &m.name, Some(format!("member-{}", m.id))));
        let about = [m.title.as_str(), m.organisation.as_str(), m.email.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        if !about.is_empty() {
            out.push(small(about));
        }
        let mine = data
            .sessions
            .iter()
            .filter(|s| s.assignments.iter().any(|a| a.member_id == m.id));
        let days = by_day(mine);
        if days.is_empty() {
            out.push(Block::Paragraph(Paragraph::text(
                "No sessions assigned yet.",
            )));
            continue;
        }
        for (day, list) in days {
            out.push(Block::Space(4.0));
            out.push(label(day_label(&day)));
            let rows = list
                .iter()
                .map(|s| {
                    let role = s
                        .assignments
                        .iter()
                        .find(|a| a.member_id == m.id)
                        .map(|a| a.role.beside_name())
                        .unwrap_or_default();
                    vec![
                        cell(format!("{}–{}", s.start, s.end)),
                        session_title_cell(data, s),
                        cell(&s.room),
                        cell(role),
                    ]
                })
                .collect();
            out.push(Block::Table(Table {
                columns: columns(&[
                    ("Time", true),
                    ("Session", false),
                    ("Room", false),
                    ("Role", false),
                ]),
                rows,
            }));
        }
    }
}
