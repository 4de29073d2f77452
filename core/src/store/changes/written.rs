//! The texts of briefs and daily reports, each kept as written (docs/exchange.md, rule 5): every text
//! any laptop writes to a brief's field or a report goes into its history as the change that wrote it
//! is recorded here or applied from another laptop, with an id derived from the text and its clock, so
//! that every replica ends with the same set whatever order the changes came in. Part of recording a
//! change (the store), used again by the exchange's merge (`exchange::texts`).

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use super::{Kind, Op};
use crate::Result;

/// The tables whose free-text columns keep both texts, and those columns.
pub(crate) const KEPT: &[(&str, &[&str])] = &[
    ("note", &["body"]),
    ("session_brief", &["objectives", "points", "lines"]),
    ("daily_report", &["body"]),
];

/// When the text written at `clock` was written (UTC, stored form); a clock this replica does not know
/// (a row as the copy brought it) falls back to the row's own `updated_at`, the same on every replica.
pub(crate) fn stamp(clock: &str, updated_at: Option<&Value>) -> String {
    super::parse_clock(clock)
        .and_then(|(ms, _)| i64::try_from(ms).ok())
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(crate::time::to_stored)
        .or_else(|| match updated_at {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_else(|| crate::time::to_stored(chrono::DateTime::UNIX_EPOCH))
}

/// Keeps in the brief's or report's history every non-empty text `op` (written at `hlc`, here or on
/// another laptop) writes to it, whether or not it becomes the current text.
pub(crate) fn record_written(tx: &Connection, op: &Op, hlc: &str) -> Result<()> {
    written(tx, op, hlc, true)
}

/// Takes back what [`record_written`] kept for `op` at `hlc` (a change of this laptop no other has
/// seen, combined into a later one: `store::changes::combine`).
pub(crate) fn forget_written(tx: &Connection, op: &Op, hlc: &str) -> Result<()> {
    written(tx, op, hlc, false)
}

fn written(tx: &Connection, op: &Op, hlc: &str, keep: bool) -> Result<()> {
    if op.kind == Kind::Delete {
        return Ok(());
    }
    let Some((table, fields)) = KEPT.iter().find(|(t, _)| *t == op.table && *t != "note") else {
        return Ok(());
    };
    let columns: &[&str] = if *table == "session_brief" {
        &["session_id", "objectives", "points", "lines", "updated_at"]
    } else {
        &["conference_id", "day", "body", "updated_at"]
    };
    // The row's key: an insert's new values, an update's old ones (its key columns are always there).
    let key_value = |i: usize| {
        let v = if op.kind == Kind::Insert {
            op.new.get(i)
        } else {
            op.old.get(i)
        };
        v.cloned().flatten()
    };
    let written_at = stamp(hlc, None);
    for field in *fields {
        let Some(at) = columns.iter().position(|c| c == field) else {
            continue;
        };
        let Some(Some(Value::Text(text))) = op.new.get(at) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match (*table, key_value(0), key_value(1)) {
            ("session_brief", Some(Value::Integer(session)), _) => {
                let id =
                    crate::store::derived_id(&["brief", &session.to_string(), field, text, hlc]);
                if !keep {
                    tx.prepare_cached("DELETE FROM session_brief_version WHERE id = ?1")?
                        .execute([id])?;
                    continue;
                }
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO session_brief_version (id, session_id, field, body, written_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, session, field, text, written_at])?;
            }
            ("daily_report", Some(Value::Integer(conference)), Some(Value::Text(day))) => {
                let id =
                    crate::store::derived_id(&["report", &conference.to_string(), &day, text, hlc]);
                if !keep {
                    tx.prepare_cached("DELETE FROM daily_report_version WHERE id = ?1")?
                        .execute([id])?;
                    continue;
                }
                // A report whose conference is not here is not kept (it is not here either).
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO daily_report_version (id, conference_id, day, body, written_at)
                     SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM conference WHERE id = ?2)",
                )?
                .execute(params![id, conference, day, text, written_at])?;
            }
            _ => {}
        }
    }
    Ok(())
}
