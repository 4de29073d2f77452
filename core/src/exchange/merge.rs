//! Applying a change received from another laptop, so that replicas that hold the same changes hold
//! the same content whatever order the changes came in (docs/exchange.md, "The rules"). The changes are
//! SQLite session-extension changesets, decoded row by row with the extension's own iterator; each row
//! change is then written by the rules below rather than by `sqlite3changeset_apply`, whose conflict
//! handler is only called when the values differ and can only take or leave a whole row: an older
//! change that finds the values it expects would be applied over a later one, and two changes to
//! different columns of one row could not both be kept, so replicas would not converge.
//!
//! - Every column keeps the clock of its last write; a change writes a column only with a later clock.
//! - A delete removes a row only when the row is exactly as the deleting laptop last saw it; a row
//!   edited elsewhere meanwhile is kept, and an edit arriving after the delete brings the row back from
//!   its last values (an edit and a delete at once keep the note).
//! - An insert older than a later delete of the same row stays deleted.
//! - A row whose parent is gone here is treated as its foreign key's `ON DELETE` says: the reference
//!   set to NULL, or the row left out.
//! - A note, brief or daily report whose text was changed on two laptops from the same text keeps the
//!   later one (by clock) as its text and the other in its history (`texts.rs`), and is marked
//!   "edited in two places" until someone looks.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::store::changes::codes;
use crate::store::changes::{self, Kind, Op, TRAVELLING};
use crate::{Error, Result};

/// What applying changes did, counted for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// Changes applied (each one laptop's write transaction).
    pub changes: usize,
    /// Changes already held here (sent twice, or this laptop's own coming back).
    pub duplicates: usize,
    /// Changes left for later: an earlier change of the same laptop has not arrived yet.
    pub waiting: usize,
    /// Notes added or changed.
    pub notes: usize,
    /// Sessions, members, assignments and priorities added, changed or removed.
    pub plan: usize,
    /// Other rows (briefs, actions, reports, blocks) added, changed or removed.
    pub other: usize,
    /// Edits kept although they met another: notes edited in two places, deletes that met an edit.
    pub conflicts_kept: usize,
    /// Row changes left out because the row would break a rule of the schema here (a duplicate code).
    pub refused: usize,
}

/// One change as it travels: who made it, its number there, its clock, its changeset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub origin: String,
    pub seq: i64,
    pub hlc: String,
    pub changeset: Vec<u8>,
    /// Per origin, the last change its laptop held when it was written: applied only after them.
    pub deps: BTreeMap<String, i64>,
}

/// A table's columns and foreign keys, read once per merge.
#[derive(Clone)]
struct Table {
    columns: Vec<String>,
    /// Which columns are the primary key.
    pk: Vec<bool>,
    /// (column index, parent table, parent column, ON DELETE action)
    parents: Vec<(usize, String, String, String)>,
}

/// The tables' shapes, by name.
#[derive(Default)]
pub(crate) struct Shapes(HashMap<String, Table>);

impl Shapes {
    fn get(&mut self, tx: &Connection, table: &str) -> Result<&Table> {
        if !TRAVELLING.contains(&table) {
            return Err(Error::Invalid(format!(
                "the exchange file changes the table \"{table}\", which laptops do not exchange; nothing was applied"
            )));
        }
        if !self.0.contains_key(table) {
            let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
            let info = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)? > 0))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let columns: Vec<String> = info.iter().map(|(c, _)| c.clone()).collect();
            let pk: Vec<bool> = info.iter().map(|(_, p)| *p).collect();
            let mut stmt = tx.prepare(&format!("PRAGMA foreign_key_list({table})"))?;
            let parents = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, String>(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter_map(|(from, parent, to, action)| {
                    let index = columns.iter().position(|c| *c == from)?;
                    Some((index, parent, to.unwrap_or_else(|| "id".into()), action))
                })
                .collect();
            self.0.insert(
                table.to_string(),
                Table {
                    columns,
                    pk,
                    parents,
                },
            );
        }
        self.0
            .get(table)
            .ok_or_else(|| Error::Internal(format!("no shape for {table}")))
    }
}

/// Applies `change` in `tx` unless it is already held; returns whether it was new. Every row change
/// of it is written by the rules of this module; the change is then kept, to be passed on.
pub(crate) fn apply(
    tx: &Transaction<'_>,
    change: &Change,
    shapes: &mut Shapes,
    tally: &mut Tally,
) -> Result<bool> {
    let held: Option<i64> = tx
        .query_row(
            "SELECT 1 FROM exchange_change WHERE origin = ?1 AND seq = ?2",
            params![change.origin, change.seq],
            |r| r.get(0),
        )
        .optional()?;
    if held.is_some() {
        tally.duplicates += 1;
        return Ok(false);
    }
    let mut needs = change.deps.clone();
    if change.seq > 1 {
        needs.insert(change.origin.clone(), change.seq - 1);
    }
    for (origin, seq) in &needs {
        let held: i64 = tx.query_row(
            "SELECT count(*) FROM exchange_change WHERE origin = ?1 AND seq = ?2",
            params![origin, seq],
            |r| r.get(0),
        )?;
        if *seq >= 1 && held == 0 {
            tally.waiting += 1;
            return Ok(false);
        }
    }
    if let Some(laptop) = changes::laptop(tx)? {
        changes::tick(tx, &laptop.laptop, Some(&change.hlc))?;
    }
    let mut ops = changes::decode(&change.changeset)?;
    // Parents before children for what is written; children before parents for what is removed.
    let rank = |op: &Op| {
        let r = TRAVELLING
            .iter()
            .position(|t| *t == op.table)
            .unwrap_or(TRAVELLING.len()) as i64;
        if op.kind == Kind::Delete {
            (1, -r)
        } else {
            (0, r)
        }
    };
    ops.sort_by_key(rank);
    let kept = kept_deletes(tx, &ops, shapes)?;
    for op in &ops {
        if op.kind == Kind::Delete && under_kept(tx, op, shapes, &kept.0)? {
            continue;
        }
        tx.execute("SAVEPOINT exchange_op", [])?;
        match apply_op(tx, op, &change.hlc, shapes, &kept.1, tally) {
            Ok(()) => {
                tx.execute("RELEASE exchange_op", [])?;
            }
            Err(Error::Database(rusqlite::Error::SqliteFailure(f, _)))
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                tx.execute("ROLLBACK TO exchange_op", [])?;
                tx.execute("RELEASE exchange_op", [])?;
                tally.refused += 1;
            }
            Err(e) => return Err(e),
        }
    }
    tx.execute(
        "INSERT INTO exchange_change (origin, seq, hlc, changeset, deps, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            change.origin,
            change.seq,
            change.hlc,
            change.changeset,
            serde_json::to_string(&change.deps).map_err(|e| Error::Internal(e.to_string()))?,
            crate::time::now_stored()
        ],
    )?;
    tally.changes += 1;
    Ok(true)
}

/// The rows this change deletes that will be kept here (edited after the deleting laptop saw them),
/// as (table, the row's column values by name); the rows that cascade from them are kept with them.
type Kept = Vec<(String, Vec<(String, Value)>)>;

fn kept_deletes(
    tx: &Connection,
    ops: &[Op],
    shapes: &mut Shapes,
) -> Result<(Kept, std::collections::HashSet<(String, String)>)> {
    let deleting: std::collections::HashSet<(String, String)> = ops
        .iter()
        .filter(|o| o.kind == Kind::Delete)
        .map(|o| (o.table.clone(), o.key()))
        .collect();
    let mut kept = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for op in ops.iter().filter(|o| o.kind == Kind::Delete) {
        let shape = shapes.get(tx, &op.table)?.clone();
        if op.old.len() != shape.columns.len() {
            continue;
        }
        let key: Vec<Value> = op
            .pk
            .iter()
            .zip(&op.old)
            .filter(|(p, _)| **p)
            .map(|(_, v)| v.clone().unwrap_or(Value::Null))
            .collect();
        let mut seen: Vec<Value> = op
            .old
            .iter()
            .map(|v| v.clone().unwrap_or(Value::Null))
            .collect();
        if let Some(current) = current_row(tx, &op.table, &shape, &op.pk, &key)? {
            codes::seen_as(&op.table, &shape.columns, &mut seen, &current);
            if current != seen || unseen_children(tx, shapes, &op.table, &current, &deleting)? {
                let named = shape.columns.iter().cloned().zip(current).collect();
                kept.push((op.table.clone(), named));
                keys.insert((op.table.clone(), op.key()));
            }
        }
    }
    Ok((kept, keys))
}

/// Whether the delete `op` is of a row that cascades from a row kept here (see [`kept_deletes`]).
fn under_kept(tx: &Connection, op: &Op, shapes: &mut Shapes, kept: &Kept) -> Result<bool> {
    if kept.is_empty() {
        return Ok(false);
    }
    let shape = shapes.get(tx, &op.table)?;
    for (col, parent, parent_col, action) in &shape.parents {
        if !action.eq_ignore_ascii_case("CASCADE") {
            continue;
        }
        let Some(Some(value)) = op.old.get(*col) else {
            continue;
        };
        let hit = kept.iter().any(|(table, row)| {
            table == parent && row.iter().any(|(name, v)| name == parent_col && v == value)
        });
        if hit {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Brings back, with a row brought back, the rows that were deleted with it by the same change
/// (its cascade: a note's tags and history), from their kept last values.
fn unbury_children(
    tx: &Connection,
    table: &str,
    row: &[Value],
    buried_at: &str,
    shapes: &mut Shapes,
) -> Result<()> {
    for (child, key, mut child_row) in buried_children(tx, table, row, buried_at, shapes)? {
        if orphan_fix(tx, shapes, child, &mut child_row)? {
            tx.execute("SAVEPOINT exchange_child", [])?;
            match insert_row(tx, child, shapes.get(tx, child)?, &child_row) {
                Ok(()) => {
                    tx.execute("RELEASE exchange_child", [])?;
                    changes::unbury(tx, child, &key)?;
                }
                Err(_) => {
                    tx.execute("ROLLBACK TO exchange_child", [])?;
                    tx.execute("RELEASE exchange_child", [])?;
                }
            }
        }
    }
    Ok(())
}

/// The rows deleted with the deleted row `row` of `table` by the change at clock `at` (the rows of
/// tables that cascade from it, whose reference names it): each as its table, its key and its kept
/// last values.
fn buried_children(
    tx: &Connection,
    table: &str,
    row: &[Value],
    at: &str,
    shapes: &mut Shapes,
) -> Result<Vec<(&'static str, String, Vec<Value>)>> {
    let parent_columns = shapes.get(tx, table)?.columns.clone();
    let mut out = Vec::new();
    for &child in TRAVELLING {
        let shape = shapes.get(tx, child)?;
        let width = shape.columns.len();
        let links: Vec<(usize, usize)> = shape
            .parents
            .iter()
            .filter(|(_, p, _, a)| p == table && a.eq_ignore_ascii_case("CASCADE"))
            .filter_map(|(col, _, pcol, _)| {
                parent_columns
                    .iter()
                    .position(|c| c == pcol)
                    .map(|pi| (*col, pi))
            })
            .collect();
        if links.is_empty() {
            continue;
        }
        let buried: Vec<(String, String)> = tx
            .prepare_cached("SELECT pk, row FROM exchange_tombstone WHERE tbl = ?1 AND hlc = ?2")?
            .query_map(params![child, at], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (key, json) in buried {
            let values: Vec<serde_json::Value> = serde_json::from_str(&json)
                .map_err(|e| Error::Internal(format!("a kept deleted row is not JSON: {e}")))?;
            let child_row: Vec<Value> = values.iter().map(changes::from_json).collect();
            let named = |&(col, parent_index): &(usize, usize)| {
                child_row.len() == width && row.get(parent_index) == Some(&child_row[col])
            };
            if links.iter().any(named) {
                out.push((child, key, child_row));
            }
        }
    }
    Ok(out)
}

fn count(tally: &mut Tally, table: &str) {
    match table {
        "note" => tally.notes += 1,
        "session" | "member" | "assignment" | "session_block" | "member_expertise" => {
            tally.plan += 1
        }
        "note_block" | "note_country" | "note_version" => {}
        _ => tally.other += 1,
    }
}

fn apply_op(
    tx: &Transaction<'_>,
    op: &Op,
    hlc: &str,
    shapes: &mut Shapes,
    kept: &std::collections::HashSet<(String, String)>,
    tally: &mut Tally,
) -> Result<()> {
    let shape = &shapes.get(tx, &op.table)?.clone();
    let n = shape.columns.len();
    if op.pk.len() != n || op.old.len() != n || op.new.len() != n {
        return Err(Error::Invalid(format!(
            "the exchange file's change to \"{}\" has {} columns where this version has {n}; nothing was applied",
            op.table,
            op.pk.len()
        )));
    }
    crate::store::changes::written::record_written(tx, op, hlc)?;
    let key = op.key();
    let pk_values: Vec<Value> = op
        .pk
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(i, _)| {
            let v = if op.kind == Kind::Insert {
                &op.new[i]
            } else {
                &op.old[i]
            };
            v.clone().unwrap_or(Value::Null)
        })
        .collect();
    let current = current_row(tx, &op.table, shape, &op.pk, &pk_values)?;
    let wins = |col: usize| -> Result<bool> {
        Ok(changes::clock(tx, &op.table, &key, col as i64)?.is_none_or(|c| hlc > c.as_str()))
    };
    match (op.kind, current) {
        (Kind::Insert, Some(current)) | (Kind::Update, Some(current)) => {
            let mut winners = Vec::new();
            for col in op.written().filter(|&c| !op.pk[c]) {
                if wins(col)? {
                    winners.push(col);
                }
            }
            super::texts::keep_both(tx, op, hlc, &shape.columns, &current, &key, tally)?;
            let mut row = current.clone();
            for &col in &winners {
                row[col] = op.new[col].clone().unwrap_or(Value::Null);
            }
            if !orphan_fix(tx, shapes, &op.table, &mut row)? {
                delete_row(tx, &op.table, shape, &op.pk, &pk_values)?;
                changes::bury(tx, &op.table, &key, hlc, &current)?;
                count(tally, &op.table);
                return Ok(());
            }
            let changed: Vec<usize> = (0..n).filter(|&c| row[c] != current[c]).collect();
            if !changed.is_empty() {
                update_row(tx, &op.table, shape, &op.pk, &pk_values, &row, &changed)?;
                count(tally, &op.table);
            }
            for col in winners {
                changes::set_clock(tx, &op.table, &key, col as i64, hlc)?;
            }
        }
        (Kind::Insert, None) => {
            let buried = changes::tombstone(tx, &op.table, &key)?;
            if buried.as_ref().is_some_and(|(when, _)| when.as_str() > hlc) {
                return Ok(());
            }
            let mut row: Vec<Value> = op
                .new
                .iter()
                .map(|v| v.clone().unwrap_or(Value::Null))
                .collect();
            if orphan_fix(tx, shapes, &op.table, &mut row)? {
                insert_row(tx, &op.table, shape, &row)?;
                changes::unbury(tx, &op.table, &key)?;
                for col in 0..n {
                    changes::set_clock(tx, &op.table, &key, col as i64, hlc)?;
                }
                changes::set_clock(tx, &op.table, &key, -1, hlc)?;
                count(tally, &op.table);
            }
        }
        (Kind::Update, None) => {
            // Deleted here: an edit the deleting laptop had not seen brings the row back.
            let Some((buried_at, mut row)) = changes::tombstone(tx, &op.table, &key)? else {
                return Ok(());
            };
            if row.len() != n {
                return Ok(());
            }
            let last = row.clone();
            let mut winners = Vec::new();
            for col in op.written() {
                if wins(col)? {
                    row[col] = op.new[col].clone().unwrap_or(Value::Null);
                    winners.push(col);
                }
            }
            if orphan_fix(tx, shapes, &op.table, &mut row)? {
                insert_row(tx, &op.table, shape, &row)?;
                changes::unbury(tx, &op.table, &key)?;
                unbury_children(tx, &op.table, &row, &buried_at, shapes)?;
                super::texts::keep_both(tx, op, hlc, &shape.columns, &last, &key, tally)?;
                tally.conflicts_kept += 1;
                count(tally, &op.table);
            }
            for col in winners {
                changes::set_clock(tx, &op.table, &key, col as i64, hlc)?;
            }
        }
        (Kind::Delete, Some(current)) => {
            let mut seen: Vec<Value> = op
                .old
                .iter()
                .map(|v| v.clone().unwrap_or(Value::Null))
                .collect();
            codes::seen_as(&op.table, &shape.columns, &mut seen, &current);
            if !kept.contains(&(op.table.clone(), key.clone())) && seen == current {
                delete_row(tx, &op.table, shape, &op.pk, &pk_values)?;
                changes::bury(tx, &op.table, &key, hlc, &current)?;
                count(tally, &op.table);
            } else {
                // Edited here (or elsewhere) after the deleting laptop last saw it: kept.
                if op.table == "note" {
                    tally.conflicts_kept += 1;
                }
            }
        }
        (Kind::Delete, None) => match changes::tombstone(tx, &op.table, &key)? {
            // Deleted here already (by another laptop's delete): the kept values stay those the row
            // had here, and a later delete moves the row's deletion, with the rows deleted with it,
            // to its clock, so that an edit bringing the row back brings them back too, as on a
            // laptop where both deletes met the edited row and were not applied.
            Some((buried_at, row)) => {
                if hlc > buried_at.as_str() {
                    changes::bury(tx, &op.table, &key, hlc, &row)?;
                    move_children(tx, &op.table, &row, &buried_at, hlc, shapes)?;
                }
            }
            None => {
                let seen: Vec<Value> = op
                    .old
                    .iter()
                    .map(|v| v.clone().unwrap_or(Value::Null))
                    .collect();
                changes::bury(tx, &op.table, &key, hlc, &seen)?;
            }
        },
    }
    Ok(())
}

/// The rows deleted with the deleted row `row` of `table` (their deletion at `from`, the clock of
/// the row's) follow the row's deletion to the clock `to`.
fn move_children(
    tx: &Connection,
    table: &str,
    row: &[Value],
    from: &str,
    to: &str,
    shapes: &mut Shapes,
) -> Result<()> {
    for (child, key, _) in buried_children(tx, table, row, from, shapes)? {
        tx.execute(
            "UPDATE exchange_tombstone SET hlc = ?3 WHERE tbl = ?1 AND pk = ?2",
            params![child, key, to],
        )?;
        changes::set_clock(tx, child, &key, -1, to)?;
    }
    Ok(())
}

/// Makes `row` of `table` fit the parents this replica has. A parent deleted here by a change that
/// had not seen this row comes back (a row that cascades from it keeps it, as a delete that meets a
/// change it had not seen is not applied); otherwise a reference to a missing parent becomes NULL
/// where its foreign key says `SET NULL`, and the row cannot stay (false) where it cascades.
fn orphan_fix(
    tx: &Connection,
    shapes: &mut Shapes,
    table: &str,
    row: &mut [Value],
) -> Result<bool> {
    let parents = shapes.get(tx, table)?.parents.clone();
    for (col, parent, parent_col, action) in &parents {
        if row[*col] == Value::Null {
            continue;
        }
        let found: Option<i64> = tx
            .prepare_cached(&format!("SELECT 1 FROM {parent} WHERE {parent_col} = ?1"))?
            .query_row([&row[*col]], |r| r.get(0))
            .optional()?;
        if found.is_none() {
            if action.eq_ignore_ascii_case("SET NULL") {
                row[*col] = Value::Null;
            } else if !bring_back(tx, shapes, parent, &row[*col])? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Brings back the deleted row of `table` whose key is `id`, with what was deleted with it; false
/// when no deleted row of that key is known here.
fn bring_back(tx: &Connection, shapes: &mut Shapes, table: &str, id: &Value) -> Result<bool> {
    let key = serde_json::Value::Array(vec![changes::to_json(id)]).to_string();
    let Some((buried_at, mut row)) = changes::tombstone(tx, table, &key)? else {
        return Ok(false);
    };
    if row.len() != shapes.get(tx, table)?.columns.len()
        || !orphan_fix(tx, shapes, table, &mut row)?
    {
        return Ok(false);
    }
    insert_row(tx, table, shapes.get(tx, table)?, &row)?;
    changes::unbury(tx, table, &key)?;
    unbury_children(tx, table, &row, &buried_at, shapes)?;
    Ok(true)
}

/// Whether rows here cascade from the row `current` of `table` that the change deleting it does not
/// delete too: written by a change its laptop had not seen, so the delete is not applied.
fn unseen_children(
    tx: &Connection,
    shapes: &mut Shapes,
    table: &str,
    current: &[Value],
    deleting: &std::collections::HashSet<(String, String)>,
) -> Result<bool> {
    let columns = shapes.get(tx, table)?.columns.clone();
    for child in TRAVELLING {
        let shape = shapes.get(tx, child)?;
        for (col, parent, parent_col, action) in &shape.parents {
            if parent != table || !action.eq_ignore_ascii_case("CASCADE") {
                continue;
            }
            let Some(index) = columns.iter().position(|c| c == parent_col) else {
                continue;
            };
            let keys: Vec<String> = shape
                .columns
                .iter()
                .zip(&shape.pk)
                .filter(|(_, p)| **p)
                .map(|(c, _)| format!("\"{c}\""))
                .collect();
            // The versions the merge itself kept (position -1) are no laptop's writes.
            let own = if *child == "note_version" {
                " AND position >= 0"
            } else {
                ""
            };
            let sql = format!(
                "SELECT {} FROM {child} WHERE \"{}\" = ?1{own}",
                keys.join(", "),
                shape.columns[*col]
            );
            let mut stmt = tx.prepare(&sql)?;
            let n = keys.len();
            let found: Vec<String> = stmt
                .query_map([&current[index]], |r| {
                    let values: Vec<serde_json::Value> = (0..n)
                        .map(|i| r.get::<_, Value>(i).map(|v| changes::to_json(&v)))
                        .collect::<rusqlite::Result<_>>()?;
                    Ok(serde_json::Value::Array(values).to_string())
                })?
                .collect::<rusqlite::Result<_>>()?;
            if found
                .into_iter()
                .any(|k| !deleting.contains(&(child.to_string(), k)))
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn where_pk(shape: &Table, pk: &[bool], first: usize) -> String {
    shape
        .columns
        .iter()
        .zip(pk)
        .filter(|(_, p)| **p)
        .enumerate()
        .map(|(i, (c, _))| format!("\"{c}\" = ?{}", first + i))
        .collect::<Vec<_>>()
        .join(" AND ")
}

fn current_row(
    tx: &Connection,
    table: &str,
    shape: &Table,
    pk: &[bool],
    key: &[Value],
) -> Result<Option<Vec<Value>>> {
    let columns: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let sql = format!(
        "SELECT {} FROM {table} WHERE {}",
        columns.join(", "),
        where_pk(shape, pk, 1)
    );
    let n = shape.columns.len();
    let row: Option<Vec<Value>> = tx
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(key), |r| {
            (0..n).map(|i| r.get::<_, Value>(i)).collect()
        })
        .optional()?;
    let Some(mut row) = row else {
        return Ok(None);
    };
    // A block is compared with the code its laptop gave it (codes.rs).
    codes::logical(tx, table, &shape.columns, &mut row)?;
    Ok(Some(row))
}

fn insert_row(tx: &Connection, table: &str, shape: &Table, row: &[Value]) -> Result<()> {
    let mut row = row.to_vec();
    let group = codes::write_code(tx, table, &shape.columns, &mut row)?;
    let columns: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
    let marks: Vec<String> = (1..=row.len()).map(|i| format!("?{i}")).collect();
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    ))?
    .execute(rusqlite::params_from_iter(&row))?;
    if let Some((conference, code)) = group {
        codes::settle(tx, &conference, &code)?;
    }
    Ok(())
}

fn update_row(
    tx: &Connection,
    table: &str,
    shape: &Table,
    pk: &[bool],
    key: &[Value],
    row: &[Value],
    changed: &[usize],
) -> Result<()> {
    // A block's code is written through codes.rs; the group it leaves is settled too.
    let code_at = shape.columns.iter().position(|c| c == "code");
    let mut row = row.to_vec();
    let mut groups = Vec::new();
    if let Some(code) = code_at.filter(|c| table == "building_block" && changed.contains(c)) {
        let before = current_row(tx, table, shape, pk, key)?;
        if let Some(before) = before {
            if let (Some(conference), Some(Value::Text(old))) = (
                shape
                    .columns
                    .iter()
                    .position(|c| c == "conference_id")
                    .map(|i| before[i].clone()),
                before.get(code),
            ) {
                groups.push((conference, old.clone()));
            }
        }
        if let Some(group) = codes::write_code(tx, table, &shape.columns, &mut row)? {
            groups.push(group);
        }
    }
    let sets: Vec<String> = changed
        .iter()
        .enumerate()
        .map(|(i, &c)| format!("\"{}\" = ?{}", shape.columns[c], i + 1))
        .collect();
    let mut values: Vec<Value> = changed.iter().map(|&c| row[c].clone()).collect();
    values.extend(key.iter().cloned());
    tx.execute(
        &format!(
            "UPDATE {table} SET {} WHERE {}",
            sets.join(", "),
            where_pk(shape, pk, changed.len() + 1)
        ),
        rusqlite::params_from_iter(values),
    )?;
    for (conference, code) in groups {
        codes::settle(tx, &conference, &code)?;
    }
    Ok(())
}

fn delete_row(
    tx: &Connection,
    table: &str,
    shape: &Table,
    pk: &[bool],
    key: &[Value],
) -> Result<()> {
    // A block's stored row, to settle the code it leaves (codes.rs).
    let stored = if table == "building_block" {
        let columns: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
        let n = shape.columns.len();
        tx.prepare_cached(&format!(
            "SELECT {} FROM {table} WHERE {}",
            columns.join(", "),
            where_pk(shape, pk, 1)
        ))?
        .query_row(rusqlite::params_from_iter(key), |r| {
            (0..n)
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .optional()?
    } else {
        None
    };
    tx.execute(
        &format!("DELETE FROM {table} WHERE {}", where_pk(shape, pk, 1)),
        rusqlite::params_from_iter(key),
    )?;
    if let Some(stored) = stored {
        codes::deleted(tx, table, &shape.columns, &stored)?;
    }
    Ok(())
}
