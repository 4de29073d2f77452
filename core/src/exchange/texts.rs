//! Free texts edited on two laptops before they exchanged keep both texts (docs/exchange.md, rule 5):
//! a note's text, a brief's objectives, points and defensive lines, a daily report. The later edit (by
//! hybrid clock) is the current text, as for every column; the other stays in the row's history, and
//! the row is marked "edited in two places" on that laptop until someone looks (`note_conflict`,
//! `brief_conflict`, `report_conflict`).
//!
//! A note keeps the losing text as a version at position -1, with an id every laptop where the two
//! edits meet derives alike (its own edits keep every replaced text as travelling versions). A brief or
//! report keeps every text any laptop wrote to it (`session_brief_version`, `daily_report_version`,
//! [`record_written`]), each with an id derived from the text and its clock: a grow-only set, the same
//! on every replica whatever order the changes came in. (Keeping only the text that lost where two
//! edits met would not converge: a replica that met the two before one laptop's next edit keeps that
//! laptop's intermediate text, one that met them after does not.)

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use super::merge::Tally;
use crate::store::changes::written::{stamp, KEPT};
use crate::store::changes::{self, Op};
use crate::Result;

/// `op` (at clock `hlc`) meets the row `current` (named by `columns`, primary key `key`): for each of
/// its free-text columns changed here and in `op` from different texts, the text that loses (the
/// earlier clock) is kept and the row marked. Counts one conflict kept per row.
pub(crate) fn keep_both(
    tx: &Connection,
    op: &Op,
    hlc: &str,
    columns: &[String],
    current: &[Value],
    key: &str,
    tally: &mut Tally,
) -> Result<()> {
    let Some((table, fields)) = KEPT.iter().find(|(t, _)| *t == op.table) else {
        return Ok(());
    };
    let col = |name: &str| columns.iter().position(|c| c == name);
    let mut kept = false;
    for field in *fields {
        let Some(at) = col(field) else {
            continue;
        };
        let (Some(Some(new)), Some(old), Some(here_text)) =
            (op.new.get(at), op.old.get(at), current.get(at))
        else {
            continue;
        };
        if old.as_ref() == Some(here_text) || new == here_text {
            continue;
        }
        let here = changes::clock(tx, table, key, at as i64)?.unwrap_or_default();
        let (lost, lost_clock) = if hlc > here.as_str() {
            (here_text.clone(), here)
        } else {
            (new.clone(), hlc.to_string())
        };
        let Value::Text(lost) = lost else {
            continue;
        };
        // An empty text lost to a written one loses nothing (a brief's field left blank).
        if *table != "note" && lost.trim().is_empty() {
            continue;
        }
        kept |= match *table {
            "note" => {
                let id = col("id").and_then(|i| current.get(i)).cloned();
                let written_at = stamp(&lost_clock, col("updated_at").and_then(|i| current.get(i)));
                keep_note_text(tx, id, &lost, &lost_clock, &written_at)?
            }
            // The text itself is in the history already (record_written): mark the row.
            _ => mark(tx, table, columns, current)?,
        };
    }
    if kept {
        tally.conflicts_kept += 1;
    }
    Ok(())
}

fn keep_note_text(
    tx: &Connection,
    id: Option<Value>,
    lost: &str,
    clock: &str,
    written_at: &str,
) -> Result<bool> {
    let Some(Value::Text(note_id)) = id else {
        return Ok(false);
    };
    // Every laptop where the two edits meet writes this row alike: its text and when it was written
    // (its kind, session and author are the note's; what differed between the two edits is the text).
    tx.execute(
        "INSERT OR IGNORE INTO note_version (id, note_id, body, kind, session_id, author_id, blocks,
                                             countries, written_at, replaced_at, position)
         VALUES (?1, ?2, ?3, 'observation', NULL, NULL, '[]', '[]', ?4, ?4, -1)",
        params![
            crate::store::derived_id(&[&note_id, lost, clock]),
            note_id,
            lost,
            written_at,
        ],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO note_conflict (note_id, marked_at) VALUES (?1, ?2)",
        params![note_id, crate::time::now_stored()],
    )?;
    Ok(true)
}

/// Marks the brief or report `current` "edited in two places" here.
fn mark(tx: &Connection, table: &str, columns: &[String], current: &[Value]) -> Result<bool> {
    let value = |name: &str| {
        columns
            .iter()
            .position(|c| c == name)
            .and_then(|i| current.get(i))
    };
    let now = crate::time::now_stored();
    match (
        table,
        value("session_id"),
        value("conference_id"),
        value("day"),
    ) {
        ("session_brief", Some(Value::Integer(session)), _, _) => {
            tx.execute(
                "INSERT OR IGNORE INTO brief_conflict (session_id, marked_at) VALUES (?1, ?2)",
                params![session, now],
            )?;
            Ok(true)
        }
        ("daily_report", _, Some(Value::Integer(conference)), Some(Value::Text(day))) => {
            tx.execute(
                "INSERT OR IGNORE INTO report_conflict (conference_id, day, marked_at) VALUES (?1, ?2, ?3)",
                params![conference, day, now],
            )?;
            Ok(true)
        }
        _ => Ok(false),
    }
}
