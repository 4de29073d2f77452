//! What the pack says: each section built from the store as a list of typeset blocks. No layout
//! decision is made here beyond "this starts a page" and "this is a table"; `desk-typeset` does the rest.
//! This file reads the data and assembles the document (its cover, actions and reports); the plan's
//! sections are in [`super::plan`], the briefs and notes in [`super::learning`], the pieces they share
//! in [`super::parts`].

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use desk_typeset::{Block, Cover, Document, Info, ParaStyle, Paragraph, Span, Table};
use rusqlite::Connection;

use super::parts::{cell, columns, day_label, heading, small, zone_city};
use super::plan::{agendas, delegation, schedule};
use super::{learning, markdown, settings, PackOptions, Section};
use crate::delegation::members::Member;
use crate::domain::{Priority, SessionKind};
use crate::notes::Note;
use crate::programme::briefs::{self, Brief};
use crate::programme::conference::Conference;
use crate::programme::sessions::Session;
use crate::{
    delegation::members,
    notes::{self, actions, report},
    programme::sessions,
    taxonomy::blocks,
    time, Error, Result,
};

/// Everything the sections draw on, read once.
pub(super) struct Data<'a> {
    pub(super) c: &'a Conference,
    pub(super) members: Vec<Member>,
    /// The member whose personal pack this is.
    pub(super) member: Option<Member>,
    pub(super) sessions: Vec<Session>,
    pub(super) briefs: HashMap<i64, Brief>,
    pub(super) notes: Vec<Note>,
    pub(super) blocks: Vec<blocks::Block>,
    /// Whether session titles link to their briefs.
    pub(super) link_briefs: bool,
}

impl Data<'_> {
    /// The sessions this pack is about: the member's, or all.
    pub(super) fn my_sessions(&self) -> impl Iterator<Item = &Session> {
        let member = self.member.as_ref().map(|m| m.id);
        self.sessions.iter().filter(move |s| match member {
            Some(id) => s.assignments.iter().any(|a| a.member_id == id),
            None => true,
        })
    }

    /// Whether a session gets a brief page: the ones the delegation attends or cares about (must and
    /// should), or has written a brief for. Notes on the others still show under their building block.
    pub(super) fn has_brief_page(&self, s: &Session) -> bool {
        s.kind != SessionKind::Break
            && (matches!(s.priority, Priority::Must | Priority::Should)
                || !s.assignments.is_empty()
                || self.briefs.get(&s.id).is_some_and(|b| !b.is_empty())
                || self.member.is_some())
    }
}

/// The whole document for `options`.
pub(super) fn document(
    conn: &Connection,
    c: &Conference,
    options: &PackOptions,
    edition: i64,
    now: DateTime<Utc>,
) -> Result<Document> {
    let saved = settings(conn, c)?;
    let members = members::list(conn, c.id)?;
    let member = match options.member_id {
        Some(id) => Some(
            members
                .iter()
                .find(|m| m.id == id)
                .cloned()
                .ok_or_else(|| Error::NotFound(format!("No member {id} in \"{}\".", c.title)))?,
        ),
        None => None,
    };
    let data = Data {
        c,
        member,
        members,
        sessions: sessions::list(conn, c, None)?,
        briefs: briefs::all(conn, c)?,
        notes: notes::list(conn, c, None)?,
        blocks: blocks::list(conn, c.id)?,
        link_briefs: options.sections.contains(&Section::Briefs),
    };
    let marking = options
        .marking
        .as_deref()
        .unwrap_or(&saved.marking)
        .trim()
        .to_string();
    let prepared = now.with_timezone(&c.tz()?).date_naive();
    let prepared_label = prepared.format("%-d %B %Y").to_string();

    let mut out = Vec::new();
    for section in &options.sections {
        match section {
            Section::Cover => out.push(Block::Cover(cover(
                &data,
                &saved.country,
                &marking,
                &prepared_label,
                edition,
            ))),
            Section::Contents => out.push(Block::Contents {
                title: "Contents".into(),
            }),
            Section::Delegation => delegation(&data, &mut out),
            Section::Schedule => schedule(&data, &mut out),
            Section::Agendas => agendas(&data, &mut out),
            Section::Briefs => learning::session_briefs(&data, &mut out),
            Section::Blocks => learning::learnt(&data, &mut out),
            Section::Actions => follow_up(conn, &data, prepared, &mut out)?,
            Section::Reports => reports(conn, &data, &mut out)?,
        }
    }

    let whose = data
        .member
        .as_ref()
        .map(|m| format!(" for {}", m.name))
        .unwrap_or_default();
    Ok(Document {
        info: Info {
            title: format!("Briefing pack{whose}: {}", c.title),
            author: if saved.country.is_empty() {
                "Delegation Desk".into()
            } else {
                format!("Delegation of {}", saved.country)
            },
            subject: format!("{}, {}", c.title, date_range(c)),
            keywords: vec!["briefing pack".into(), "delegation".into()],
            created: now,
        },
        paper: options.paper,
        marking: (!marking.is_empty()).then_some(marking),
        header_right: shorten(&c.title, 70),
        footer_left: format!("Prepared {prepared_label} · version {edition}"),
        blocks: out,
        justify: options.justify,
    })
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "18–19 April 2023" (or across months and years as needed).
fn date_range(c: &Conference) -> String {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(&c.starts_on), parse(&c.ends_on)) {
        (Some(a), Some(b)) if a == b => a.format("%-d %B %Y").to_string(),
        (Some(a), Some(b)) if a.format("%Y%m").to_string() == b.format("%Y%m").to_string() => {
            format!("{}–{}", a.format("%-d"), b.format("%-d %B %Y"))
        }
        (Some(a), Some(b)) => format!("{} – {}", a.format("%-d %B %Y"), b.format("%-d %B %Y")),
        _ => format!("{} – {}", c.starts_on, c.ends_on),
    }
}

fn cover(data: &Data<'_>, country: &str, marking: &str, prepared: &str, edition: i64) -> Cover {
    let c = data.c;
    let place = c.place();
    let mut lines = vec![if place.is_empty() {
        date_range(c)
    } else {
        format!("{} · {place}", date_range(c))
    }];
    if let Some(m) = &data.member {
        let role = [m.title.as_str(), m.organisation.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(if role.is_empty() {
            format!("For {}", m.name)
        } else {
            format!("For {}, {role}", m.name)
        });
    }
    lines.push(format!("Prepared on {prepared} · version {edition}"));
    lines.push(format!(
        "All times are {} time ({}).",
        zone_city(&c.time_zone),
        c.time_zone
    ));
    if !marking.is_empty() {
        lines.push(format!("Handling: {marking}"));
    }
    Cover {
        kicker: if country.is_empty() {
            "Delegation".into()
        } else {
            format!("Delegation of {country}")
        },
        title: if data.member.is_some() {
            "Personal briefing pack".into()
        } else {
            "Briefing pack".into()
        },
        subtitle: c.title.clone(),
        lines,
    }
}

fn follow_up(
    conn: &Connection,
    data: &Data<'_>,
    today: NaiveDate,
    out: &mut Vec<Block>,
) -> Result<()> {
    out.push(heading(1, Section::Actions.title(), Some("actions".into())));
    let all = actions::list(conn, data.c, today)?;
    let list: Vec<_> = all
        .iter()
        .filter(|a| match &data.member {
            Some(m) => a.owner_id == Some(m.id),
            None => true,
        })
        .collect();
    if list.is_empty() {
        out.push(small("No follow-up actions yet."));
        return Ok(());
    }
    let rows = list
        .iter()
        .map(|a| {
            let status = if a.overdue {
                Paragraph::spans(vec![Span::bold("Overdue")], ParaStyle::Body)
            } else {
                Paragraph::text(a.status.label())
            };
            vec![
                cell(&a.title),
                Paragraph::spans(
                    vec![Span::name(a.owner_name.clone().unwrap_or_default())],
                    ParaStyle::Body,
                ),
                cell(a.due_on.clone().unwrap_or_default()),
                status,
            ]
        })
        .collect();
    out.push(Block::Table(Table {
        columns: columns(&[
            ("Action", false),
            ("Owner", true),
            ("Due", true),
            ("Status", false),
        ]),
        rows,
    }));
    Ok(())
}

fn reports(conn: &Connection, data: &Data<'_>, out: &mut Vec<Block>) -> Result<()> {
    out.push(heading(1, Section::Reports.title(), Some("reports".into())));
    for (i, day) in data.c.days.iter().enumerate() {
        let date = time::parse_date("day", day)?;
        let r = report::get_from(conn, data.c, date, &data.notes)?;
        if i > 0 {
            out.push(Block::PageBreak);
        }
        out.push(heading(
            2,
            format!("Report of {}", day_label(day)),
            Some(format!("report-{day}")),
        ));
        if r.saved.is_none() {
            out.push(small("Draft built from the day's notes; not yet edited."));
        }
        // The report's own title line repeats the heading: leave it out.
        let text: String = r
            .text()
            .lines()
            .skip_while(|l| l.trim().is_empty() || l.starts_with("# "))
            .collect::<Vec<_>>()
            .join("\n");
        out.extend(markdown::blocks(&text));
    }
    Ok(())
}
