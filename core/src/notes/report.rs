//! The daily report to capital: a Markdown draft built from one conference day's notes (per session:
//! who attended, key points by building block, countries' positions, commitments; then corridor notes
//! and the follow-up actions). The coordinator edits it before sending; the edited text is kept per day
//! so the briefing pack can include it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::{ActionStatus, NoteKind, SessionKind};
use crate::notes::Note;
use crate::programme::conference::Conference;
use crate::{
    notes::{self, actions},
    programme::sessions,
    taxonomy::blocks,
    time, Error, Result, Store,
};

/// One day's report: the draft built now from the notes, and the edited text if one was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyReport {
    pub day: String,
    /// Built from the notes as they are now.
    pub generated: String,
    /// The coordinator's edited text, if saved.
    pub saved: Option<String>,
    /// When it was saved (RFC 3339, conference time).
    pub updated_at: Option<String>,
}

impl DailyReport {
    /// The text to show: the edited one, else the draft.
    pub fn text(&self) -> &str {
        self.saved.as_deref().unwrap_or(&self.generated)
    }
}

/// A body on one line, without Markdown heading or list markers: for a bullet of the report.
fn flatten(body: &str) -> String {
    body.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches('#')
                .trim_start_matches(['-', '*', '+'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn by_whom(n: &Note) -> String {
    n.author_name
        .as_deref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default()
}

/// Builds the Markdown draft for `day`; `today` decides which actions are overdue.
pub fn draft(
    conn: &Connection,
    c: &Conference,
    day: NaiveDate,
    today: NaiveDate,
) -> Result<String> {
    draft_from(conn, c, day, today, &notes::list(conn, c, None)?)
}

/// [`draft`] from the conference's notes already loaded (newest first, as [`notes::list`] gives them),
/// so that the briefing pack drafts every day without loading the notes again for each.
pub fn draft_from(
    conn: &Connection,
    c: &Conference,
    day: NaiveDate,
    today: NaiveDate,
    all_notes: &[Note],
) -> Result<String> {
    let day_text = day.format("%Y-%m-%d").to_string();
    let all_blocks = blocks::list(conn, c.id)?;
    let block_label = |code: &str| -> String {
        match all_blocks.iter().find(|b| b.code == code) {
            Some(b) => match b
                .parent_id
                .and_then(|p| all_blocks.iter().find(|x| x.id == p))
            {
                Some(parent) => format!("{} – {}", parent.name, b.name),
                None => b.name.clone(),
            },
            None => code.to_string(),
        }
    };
    let block_rank = |code: &str| {
        all_blocks
            .iter()
            .position(|b| b.code == code)
            .unwrap_or(usize::MAX)
    };
    let day_notes: Vec<&Note> = all_notes
        .iter()
        .rev() // oldest first reads like the day went
        .filter(|n| n.day == day_text)
        .collect();
    let mut out = String::new();
    let place = c.place();
    let _ = writeln!(out, "# Report to capital: {}", time::day_label(day));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}{}. Drafted from the delegation's notes; times are {} time.",
        c.title,
        if place.is_empty() {
            String::new()
        } else {
            format!(", {place}")
        },
        c.time_zone
    );

    let mut wrote_session = false;
    for s in sessions::list(conn, c, Some(day))? {
        let mine: Vec<&Note> = day_notes
            .iter()
            .copied()
            .filter(|n| n.session_id == Some(s.id))
            .collect();
        if s.kind == SessionKind::Break || (mine.is_empty() && s.assignments.is_empty()) {
            continue;
        }
        wrote_session = true;
        let _ = writeln!(out, "\n## {}–{} {}", s.start, s.end, s.title);
        let attended = if s.assignments.is_empty() {
            "nobody from the delegation".to_string()
        } else {
            s.assignments
                .iter()
                .map(|a| format!("{} ({})", a.member_name, a.role))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "\nAttended: {attended}.");
        if mine.is_empty() {
            let _ = writeln!(out, "\nNo notes were taken.");
            continue;
        }
        write_notes(&mut out, &mine, &block_label, &block_rank);
    }
    if !wrote_session {
        let _ = writeln!(out, "\nNo session notes or assignments on this day.");
    }
    let corridor: Vec<&Note> = day_notes
        .iter()
        .copied()
        .filter(|n| n.session_id.is_none())
        .collect();
    if !corridor.is_empty() {
        let _ = writeln!(out, "\n## Corridor notes");
        write_notes(&mut out, &corridor, &block_label, &block_rank);
    }

    let list = actions::list(conn, c, today)?;
    let shown: Vec<_> = list
        .iter()
        .filter(|a| {
            a.status == ActionStatus::Open
                || a.done_at
                    .as_deref()
                    .is_some_and(|d| d.starts_with(&day_text))
        })
        .collect();
    let _ = writeln!(out, "\n## Follow-up actions");
    if shown.is_empty() {
        let _ = writeln!(out, "\nNone open.");
    } else {
        let _ = writeln!(out);
        for a in shown {
            let mark = if a.status == ActionStatus::Done {
                "x"
            } else {
                " "
            };
            let owner = a.owner_name.as_deref().unwrap_or("no owner");
            let due = a
                .due_on
                .as_deref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            let overdue = if a.overdue { " **(overdue)**" } else { "" };
            let _ = writeln!(out, "- [{mark}] {} — {owner}{due}{overdue}", a.title);
        }
    }
    Ok(out)
}

fn write_notes(
    out: &mut String,
    list: &[&Note],
    block_label: &dyn Fn(&str) -> String,
    block_rank: &dyn Fn(&str) -> usize,
) {
    let commitments: Vec<&&Note> = list
        .iter()
        .filter(|n| n.kind == NoteKind::Commitment)
        .collect();
    let positions: Vec<&&Note> = list
        .iter()
        .filter(|n| n.kind != NoteKind::Commitment && !n.countries.is_empty())
        .collect();
    let points: Vec<&&Note> = list
        .iter()
        .filter(|n| n.kind != NoteKind::Commitment && n.countries.is_empty())
        .collect();
    if !points.is_empty() {
        let _ = writeln!(out, "\n### Key points\n");
        let mut groups: BTreeMap<(usize, String), Vec<&&Note>> = BTreeMap::new();
        for n in points {
            let key = match n.blocks.first() {
                Some(code) => (block_rank(code), block_label(code)),
                None => (usize::MAX, "Other".to_string()),
            };
            groups.entry(key).or_default().push(n);
        }
        for ((_, label), group) in groups {
            let _ = writeln!(out, "- **{label}**");
            for n in group {
                // Observations are the plain case; commitments have their own list.
                let kind = match n.kind {
                    NoteKind::Observation | NoteKind::Commitment => String::new(),
                    kind => format!("{}: ", kind.label()),
                };
                let _ = writeln!(out, "  - {kind}{}{}", flatten(&n.body), by_whom(n));
            }
        }
    }
    if !positions.is_empty() {
        let _ = writeln!(out, "\n### Countries' positions\n");
        for n in positions {
            let _ = writeln!(
                out,
                "- **{}**: {}{}",
                n.countries.join(", "),
                flatten(&n.body),
                by_whom(n)
            );
        }
    }
    if !commitments.is_empty() {
        let _ = writeln!(out, "\n### Commitments\n");
        for n in commitments {
            let who = if n.countries.is_empty() {
                String::new()
            } else {
                format!("**{}**: ", n.countries.join(", "))
            };
            let _ = writeln!(out, "- {who}{}{}", flatten(&n.body), by_whom(n));
        }
    }
}

/// The day's report: the fresh draft and the saved edit, if any.
pub fn get(conn: &Connection, c: &Conference, day: NaiveDate) -> Result<DailyReport> {
    get_from(conn, c, day, &notes::list(conn, c, None)?)
}

/// [`get`] from the conference's notes already loaded (newest first).
pub fn get_from(
    conn: &Connection,
    c: &Conference,
    day: NaiveDate,
    all_notes: &[Note],
) -> Result<DailyReport> {
    let day_text = day.format("%Y-%m-%d").to_string();
    let generated = draft_from(conn, c, day, actions::today(c)?, all_notes)?;
    let saved: Option<(String, String)> = conn
        .query_row(
            "SELECT body, updated_at FROM daily_report WHERE conference_id = ?1 AND day = ?2",
            params![c.id, day_text],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let tz = c.tz()?;
    let (saved, updated_at) = match saved {
        Some((body, at)) => (Some(body), Some(time::local_stored(tz, &at)?.rfc3339)),
        None => (None, None),
    };
    Ok(DailyReport {
        day: day_text,
        generated,
        saved,
        updated_at,
    })
}

/// Keeps the coordinator's edited text for `day`; an empty text goes back to the draft.
pub fn save(store: &mut Store, c: &Conference, day: NaiveDate, body: &str) -> Result<DailyReport> {
    if body.chars().count() > 1_000_000 {
        return Err(Error::invalid("report", "longer than 1,000,000 characters"));
    }
    let day_text = day.format("%Y-%m-%d").to_string();
    if !c.days.contains(&day_text) {
        return Err(Error::invalid(
            "day",
            format!(
                "{day_text} is not a day of \"{}\" ({} to {})",
                c.title, c.starts_on, c.ends_on
            ),
        ));
    }
    store.write(|tx| {
        if body.trim().is_empty() {
            tx.execute(
                "DELETE FROM daily_report WHERE conference_id = ?1 AND day = ?2",
                params![c.id, day_text],
            )?;
        } else {
            tx.execute(
                "INSERT INTO daily_report (conference_id, day, body, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (conference_id, day) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                params![c.id, day_text, body, time::now_stored()],
            )?;
        }
        Ok(())
    })?;
    get(store.conn(), c, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::notes::actions::NewAction;
    use crate::notes::NewNote;
    use crate::{fixtures::testutil, planner};

    fn day(s: &str) -> NaiveDate {
        time::parse_date("day", s).unwrap()
    }

    #[test]
    fn the_draft_has_attendance_points_by_block_positions_commitments_and_actions() {
        let (mut store, c) = testutil::sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let zoe = testutil::member_id(&store, &c, "Zoë");
        planner::assign(&mut store, panel, zoe, Role::Lead).unwrap();
        let mut note = |body: &str, kind: NoteKind, blocks: &[&str], countries: &[&str]| {
            notes::add(
                &mut store,
                &c,
                &NewNote {
                    session_id: Some(panel),
                    author_id: Some(zoe),
                    body: body.into(),
                    kind,
                    blocks: blocks.iter().map(|s| s.to_string()).collect(),
                    countries: countries.iter().map(|s| s.to_string()).collect(),
                },
            )
            .unwrap();
        };
        note(
            "## Screening\n- first-line staff trained",
            NoteKind::GoodPractice,
            &["nrm-identification"],
            &[],
        );
        note(
            "Supports a regional NRM.",
            NoteKind::Observation,
            &["nrm"],
            &["Greece"],
        );
        note(
            "Will double shelter places.",
            NoteKind::Commitment,
            &[],
            &["Türkiye"],
        );
        actions::add(
            &mut store,
            &c,
            &NewAction {
                title: "Send our NRM paper".into(),
                owner_id: Some(zoe),
                due_on: Some("2023-04-18".into()),
                note_id: None,
            },
        )
        .unwrap();
        let text = draft(store.conn(), &c, day("2023-04-19"), day("2023-04-20")).unwrap();
        assert!(
            text.starts_with("# Report to capital: Wednesday 19 April 2023"),
            "{text}"
        );
        assert!(
            text.contains("## 11:00–13:00 Panel 2"),
            "the session heading: {text}"
        );
        assert!(text.contains("Attended: Zoë Achterberg (lead)."), "{text}");
        assert!(
            text.contains("- **National referral mechanism – Identification**\n  - Good practice: Screening first-line staff trained (Zoë Achterberg)"),
            "key points by block, flattened: {text}"
        );
        assert!(
            text.contains("### Countries' positions\n\n- **Greece**: Supports a regional NRM."),
            "{text}"
        );
        assert!(
            text.contains("### Commitments\n\n- **Türkiye**: Will double shelter places."),
            "{text}"
        );
        assert!(
            text.contains(
                "- [ ] Send our NRM paper — Zoë Achterberg, due 2023-04-18 **(overdue)**"
            ),
            "{text}"
        );
        let other = draft(store.conn(), &c, day("2023-04-18"), day("2023-04-20")).unwrap();
        assert!(!other.contains("Screening"), "another day's notes stay out");
    }

    #[test]
    fn the_edited_report_is_kept_per_day_and_an_empty_edit_returns_to_the_draft() {
        let (mut store, c) = testutil::sample();
        let r = save(
            &mut store,
            &c,
            day("2023-04-18"),
            "# Edited\nOur own words <script>",
        )
        .unwrap();
        assert_eq!(r.saved.as_deref(), Some("# Edited\nOur own words <script>"));
        assert_eq!(r.text(), "# Edited\nOur own words <script>");
        assert!(
            get(store.conn(), &c, day("2023-04-19"))
                .unwrap()
                .saved
                .is_none(),
            "per day"
        );
        let back = save(&mut store, &c, day("2023-04-18"), "  ").unwrap();
        assert!(back.saved.is_none());
        let err = save(&mut store, &c, day("2023-05-01"), "x").unwrap_err();
        assert!(err.to_string().starts_with("day:"), "{err}");
    }
}
