//! Change capture for the exchange between a delegation's laptops (docs/exchange.md). Once a file is a
//! laptop of a delegation (it made a copy for others, or joined one), every write transaction is
//! recorded by SQLite's session extension: the changeset of the travelling tables, written in the same
//! transaction as the change itself, numbered per laptop (origin, sequence number) and stamped with a
//! hybrid logical clock. The clock of each written column and the last values of each deleted row are
//! kept beside it, so that changes received later in any order are merged by the same rule everywhere.

use std::collections::BTreeMap;
use std::io::Read;

use fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::session::{ChangesetItem, ChangesetIter, Session};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::{Error, Result};

pub(crate) mod codes;
pub(crate) mod written;

/// The tables whose rows travel between laptops, parents before the tables that refer to them.
/// Packs, settings of this laptop and the exchange's own bookkeeping stay where they are.
pub const TRAVELLING: &[&str] = &[
    "conference",
    "building_block",
    "session",
    "member",
    "note",
    "session_block",
    "member_expertise",
    "assignment",
    "note_block",
    "note_country",
    "note_version",
    "follow_up",
    "daily_report",
    "session_brief",
    "pack_settings",
];

/// This file as a laptop of a delegation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Laptop {
    /// Random, 16 hexadecimal digits.
    pub laptop: String,
    /// What the person called it ("Zoë's laptop").
    pub name: String,
    /// The delegation's id, the same on every replica.
    pub delegation: String,
    /// The conference the delegation exchanges.
    pub conference_id: i64,
}

/// The laptop identity of the file on `conn`, if it has one.
pub fn laptop(conn: &Connection) -> Result<Option<Laptop>> {
    Ok(conn
        .query_row(
            "SELECT laptop, name, delegation, conference_id FROM exchange_laptop WHERE id = 1",
            [],
            |r| {
                Ok(Laptop {
                    laptop: r.get(0)?,
                    name: r.get(1)?,
                    delegation: r.get(2)?,
                    conference_id: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// A new random laptop or delegation id of `digits` hexadecimal digits (16 or 32).
pub fn random_hex(digits: usize) -> String {
    let mut out = uuid::Uuid::new_v4().simple().to_string();
    out.truncate(digits.min(32));
    out
}

/// Makes this file laptop `name` of `delegation` for `conference_id`, with a new laptop id.
pub fn set_laptop(
    tx: &Transaction<'_>,
    name: &str,
    delegation: &str,
    conference_id: i64,
) -> Result<Laptop> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(Error::invalid(
            "name",
            "a laptop's name has 1 to 120 characters",
        ));
    }
    let laptop = Laptop {
        laptop: random_hex(16),
        name: name.to_string(),
        delegation: delegation.to_string(),
        conference_id,
    };
    let clock: String = tx
        .query_row("SELECT clock FROM exchange_laptop WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default();
    tx.execute(
        "INSERT OR REPLACE INTO exchange_laptop (id, laptop, name, delegation, conference_id, clock)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)",
        params![
            laptop.laptop,
            laptop.name,
            laptop.delegation,
            laptop.conference_id,
            clock
        ],
    )?;
    Ok(laptop)
}

/// A session recording the travelling tables' changes on `conn` (a write transaction's connection).
pub(crate) fn start(conn: &Connection) -> Result<Session<'_>> {
    let mut session = Session::new(conn)?;
    for table in TRAVELLING {
        session.attach(Some(*table))?;
    }
    Ok(session)
}

/// Records what `session` saw as this laptop's next change, in the transaction `tx` it ran in.
pub(crate) fn finish(tx: &Transaction<'_>, mut session: Session<'_>, laptop: &str) -> Result<()> {
    if session.is_empty() {
        return Ok(());
    }
    let mut bytes = Vec::new();
    session.changeset_strm(&mut bytes)?;
    drop(session);
    if bytes.is_empty() {
        return Ok(());
    }
    let hlc = tick(tx, laptop, None)?;
    if combine(tx, laptop, &bytes, &hlc)? {
        return Ok(());
    }
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM exchange_change WHERE origin = ?1",
        [laptop],
        |r| r.get(0),
    )?;
    let deps = serde_json::to_string(&latest(tx)?).map_err(|e| Error::Internal(e.to_string()))?;
    tx.execute(
        "INSERT INTO exchange_change (origin, seq, hlc, changeset, deps, received_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
        params![laptop, seq, hlc, bytes, deps],
    )?;
    for op in decode(&bytes)? {
        note_written(tx, &op, &hlc)?;
        written::record_written(tx, &op, &hlc)?;
    }
    Ok(())
}

/// The largest changeset two of this laptop's changes are combined into.
pub const COMBINE_LIMIT: usize = 64 * 1024;

/// Combines the new change `bytes` (clock `hlc`) into this laptop's last change when no other laptop
/// can have seen that one yet (it is after `sent_seq`: in no file sent, synced or copied) and nothing
/// was received since it was written (its dependencies are still all that is held): the autosave of a
/// note every few seconds makes one change, not hundreds. SQLite's changegroup combines the two as
/// one transaction would have written them; the change keeps its number and dependencies and takes
/// the new clock, and every row it writes is stamped with that clock here too, so this laptop holds
/// what the others will hold after receiving it. Changes that delete rows are not combined (a row's
/// last values kept on deletion would differ), nor beyond [`COMBINE_LIMIT`].
fn combine(tx: &Transaction<'_>, laptop: &str, bytes: &[u8], hlc: &str) -> Result<bool> {
    let last: Option<(i64, String, Vec<u8>, String)> = tx
        .query_row(
            "SELECT seq, hlc, changeset, deps FROM exchange_change
             WHERE origin = ?1 AND received_at IS NULL ORDER BY seq DESC LIMIT 1",
            [laptop],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((seq, last_hlc, last_bytes, deps)) = last else {
        return Ok(false);
    };
    let sent: i64 = tx.query_row(
        "SELECT sent_seq FROM exchange_laptop WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    if seq <= sent || last_bytes.len() + bytes.len() > COMBINE_LIMIT {
        return Ok(false);
    }
    let (new_ops, last_ops) = (decode(bytes)?, decode(&last_bytes)?);
    if new_ops
        .iter()
        .chain(&last_ops)
        .any(|o| o.kind == Kind::Delete)
    {
        return Ok(false);
    }
    let mut before: BTreeMap<String, i64> = serde_json::from_str(&deps)
        .map_err(|e| Error::Internal(format!("stored dependencies are not JSON: {e}")))?;
    let mut now = latest(tx)?;
    before.remove(laptop);
    now.remove(laptop);
    if before != now {
        return Ok(false);
    }
    let mut group = rusqlite::session::Changegroup::new()?;
    group.add_stream(&mut &last_bytes[..])?;
    group.add_stream(&mut &bytes[..])?;
    let mut combined = Vec::new();
    group.output_strm(&mut combined)?;
    // The texts the last change kept under its clock are kept under the new one, as the others will.
    for op in &last_ops {
        written::forget_written(tx, op, &last_hlc)?;
    }
    tx.execute(
        "UPDATE exchange_change SET hlc = ?3, changeset = ?4 WHERE origin = ?1 AND seq = ?2",
        params![laptop, seq, hlc, combined],
    )?;
    for op in decode(&combined)? {
        note_written(tx, &op, hlc)?;
        written::record_written(tx, &op, hlc)?;
    }
    Ok(true)
}

/// Every change of this laptop held here has been put in a file (sent, synced or copied): none of
/// them is combined with a later one any more.
pub(crate) fn mark_sent(tx: &Transaction<'_>, laptop: &str) -> Result<()> {
    tx.execute(
        "UPDATE exchange_laptop SET sent_seq =
             max(sent_seq, (SELECT coalesce(max(seq), 0) FROM exchange_change WHERE origin = ?1))
         WHERE id = 1",
        [laptop],
    )?;
    Ok(())
}

/// Moves this laptop's hybrid logical clock past now and past `seen` (a clock received), and returns
/// the new value: `MMMMMMMMMMMMMMM-CCCCC-LAPTOP`, milliseconds since 1970, a counter, the laptop; ordered
/// as text, later than every clock this laptop issued or received before.
pub(crate) fn tick(tx: &Transaction<'_>, laptop: &str, seen: Option<&str>) -> Result<String> {
    let last: String = tx.query_row("SELECT clock FROM exchange_laptop WHERE id = 1", [], |r| {
        r.get(0)
    })?;
    let now = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    let (mut ms, mut counter) = parse_clock(&last).unwrap_or((0, 0));
    if let Some((seen_ms, seen_counter)) = seen.and_then(parse_clock) {
        if (seen_ms, seen_counter) > (ms, counter) {
            (ms, counter) = (seen_ms, seen_counter);
        }
    }
    if now > ms {
        (ms, counter) = (now, 0);
    } else {
        counter += 1;
    }
    let clock = format!("{ms:015}-{counter:05}-{laptop}");
    tx.execute(
        "UPDATE exchange_laptop SET clock = ?1 WHERE id = 1",
        [&clock],
    )?;
    Ok(clock)
}

/// The milliseconds and counter of a clock written by [`tick`].
pub fn parse_clock(clock: &str) -> Option<(u64, u64)> {
    let mut parts = clock.splitn(3, '-');
    let ms = parts.next()?.parse().ok()?;
    let counter = parts.next()?.parse().ok()?;
    Some((ms, counter))
}

/// What one row change of a changeset does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Insert,
    Update,
    Delete,
}

/// One row change, decoded from a changeset by the session extension's iterator.
#[derive(Debug, Clone)]
pub struct Op {
    pub table: String,
    pub kind: Kind,
    /// Which columns are the primary key.
    pub pk: Vec<bool>,
    /// The values before (delete: every column; update: the changed ones and the key).
    pub old: Vec<Option<Value>>,
    /// The values after (insert: every column; update: the changed ones).
    pub new: Vec<Option<Value>>,
}

impl Op {
    /// The row's primary key as JSON text (the same for every change of that row).
    pub fn key(&self) -> String {
        let values = if self.kind == Kind::Insert {
            &self.new
        } else {
            &self.old
        };
        let key: Vec<serde_json::Value> = self
            .pk
            .iter()
            .zip(values)
            .filter(|(is_pk, _)| **is_pk)
            .map(|(_, v)| to_json(v.as_ref().unwrap_or(&Value::Null)))
            .collect();
        serde_json::Value::Array(key).to_string()
    }

    /// The columns this change writes (insert: all; update: the changed ones; delete: none).
    pub fn written(&self) -> impl Iterator<Item = usize> + '_ {
        self.new
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some())
            .map(|(i, _)| i)
    }
}

/// A value as JSON (integers and text as themselves; blobs as hex in an object).
pub fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "blob": hex })
        }
    }
}

/// The value [`to_json`] wrote.
pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Object(o) => {
            let hex = o.get("blob").and_then(|h| h.as_str()).unwrap_or("");
            Value::Blob(
                (0..hex.len() / 2)
                    .filter_map(|i| hex.get(2 * i..2 * i + 2))
                    .filter_map(|pair| u8::from_str_radix(pair, 16).ok())
                    .collect(),
            )
        }
        other => Value::Text(other.to_string()),
    }
}

/// The row changes of a changeset, in its order. A damaged changeset is an error, not a panic.
pub fn decode(bytes: &[u8]) -> Result<Vec<Op>> {
    let damaged = |e: rusqlite::Error| {
        Error::Invalid(format!(
            "the changes in the exchange file are damaged ({e}); nothing was applied"
        ))
    };
    let mut input: &[u8] = bytes;
    let reader: &mut dyn Read = &mut input;
    let mut iter = ChangesetIter::start_strm(&reader).map_err(damaged)?;
    let mut out = Vec::new();
    while let Some(item) = iter.next().map_err(damaged)? {
        out.push(op_of(item).map_err(damaged)?);
    }
    Ok(out)
}

fn op_of(item: &ChangesetItem) -> rusqlite::Result<Op> {
    let op = item.op()?;
    let columns = usize::try_from(op.number_of_columns()).unwrap_or(0);
    let kind = match op.code() {
        rusqlite::hooks::Action::SQLITE_INSERT => Kind::Insert,
        rusqlite::hooks::Action::SQLITE_DELETE => Kind::Delete,
        _ => Kind::Update,
    };
    let table = op.table_name().to_string();
    let pk: Vec<bool> = item.pk()?.iter().map(|&b| b != 0).collect();
    let value = |v: rusqlite::Result<ValueRef<'_>>| {
        v.ok().map(|v| match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        })
    };
    let old = (0..columns)
        .map(|i| {
            if kind == Kind::Insert {
                None
            } else {
                value(item.old_value(i))
            }
        })
        .collect();
    let new = (0..columns)
        .map(|i| {
            if kind == Kind::Delete {
                None
            } else {
                value(item.new_value(i))
            }
        })
        .collect();
    Ok(Op {
        table,
        kind,
        pk,
        old,
        new,
    })
}

/// Column `col` of row `key` of `table` was last written at `hlc` (kept when later than before);
/// col -1 is the row's insertion or deletion.
pub(crate) fn set_clock(
    tx: &Connection,
    table: &str,
    key: &str,
    col: i64,
    hlc: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO exchange_clock (tbl, pk, col, hlc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
    )?
    .execute(params![table, key, col, hlc])?;
    Ok(())
}

/// When column `col` of row `key` of `table` was last written, if this replica knows.
pub(crate) fn clock(tx: &Connection, table: &str, key: &str, col: i64) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT hlc FROM exchange_clock WHERE tbl = ?1 AND pk = ?2 AND col = ?3")?
        .query_row(params![table, key, col], |r| r.get(0))
        .optional()?)
}

/// Keeps the values `row` of a deleted row, deleted at `hlc` (the later deletion's, if kept twice).
pub(crate) fn bury(
    tx: &Connection,
    table: &str,
    key: &str,
    hlc: &str,
    row: &[Value],
) -> Result<()> {
    let json = serde_json::Value::Array(row.iter().map(to_json).collect()).to_string();
    tx.execute(
        "INSERT INTO exchange_tombstone (tbl, pk, hlc, row) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (tbl, pk) DO UPDATE SET hlc = max(hlc, excluded.hlc), row = excluded.row
         WHERE excluded.hlc > exchange_tombstone.hlc",
        params![table, key, hlc, json],
    )?;
    set_clock(tx, table, key, -1, hlc)
}

/// The deleted row `key` of `table`: when, and its last values.
pub(crate) fn tombstone(
    tx: &Connection,
    table: &str,
    key: &str,
) -> Result<Option<(String, Vec<Value>)>> {
    let found: Option<(String, String)> = tx
        .prepare_cached("SELECT hlc, row FROM exchange_tombstone WHERE tbl = ?1 AND pk = ?2")?
        .query_row(params![table, key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match found {
        Some((hlc, row)) => {
            let values: Vec<serde_json::Value> = serde_json::from_str(&row)
                .map_err(|e| Error::Internal(format!("a kept deleted row is not JSON: {e}")))?;
            Some((hlc, values.iter().map(from_json).collect()))
        }
        None => None,
    })
}

/// Forgets a row's tombstone (it was written again).
pub(crate) fn unbury(tx: &Connection, table: &str, key: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM exchange_tombstone WHERE tbl = ?1 AND pk = ?2")?
        .execute(params![table, key])?;
    Ok(())
}

/// The clocks and tombstone of a change written on this laptop.
fn note_written(tx: &Transaction<'_>, op: &Op, hlc: &str) -> Result<()> {
    let key = op.key();
    match op.kind {
        Kind::Insert => {
            unbury(tx, &op.table, &key)?;
            set_clock(tx, &op.table, &key, -1, hlc)?;
            for col in op.written() {
                set_clock(tx, &op.table, &key, col as i64, hlc)?;
            }
        }
        Kind::Update => {
            for col in op.written() {
                set_clock(tx, &op.table, &key, col as i64, hlc)?;
            }
        }
        Kind::Delete => {
            let row: Vec<Value> = op
                .old
                .iter()
                .map(|v| v.clone().unwrap_or(Value::Null))
                .collect();
            if op.table == "building_block" {
                // Kept with the code its laptop gave it; the code it leaves goes to the next block
                // given it (changes/codes.rs), as on every replica that applies this delete.
                let columns = columns_of(tx, &op.table)?;
                let mut given = row.clone();
                codes::logical(tx, &op.table, &columns, &mut given)?;
                bury(tx, &op.table, &key, hlc, &given)?;
                codes::deleted(tx, &op.table, &columns, &row)?;
            } else {
                bury(tx, &op.table, &key, hlc, &row)?;
            }
        }
    }
    Ok(())
}

/// The column names of `table`, in order.
fn columns_of(tx: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// The laptops whose changes are held here, each found by one step down the primary key (origin,
/// seq) rather than by reading every change.
pub fn origins(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin FROM exchange_change WHERE origin > ?1 ORDER BY origin LIMIT 1",
    )?;
    let mut out: Vec<String> = Vec::new();
    loop {
        let after = out.last().map_or("", String::as_str);
        let next: Option<String> = stmt.query_row([after], |r| r.get(0)).optional()?;
        match next {
            Some(origin) => out.push(origin),
            None => return Ok(out),
        }
    }
}

/// Per origin laptop, the last change held here: a change is applied only after every change its
/// laptop held when it was written (its dependencies), so this is also all that came before.
pub fn latest(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT origin, max(seq) FROM exchange_change GROUP BY origin")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Per origin laptop, the highest sequence number held here with every one before it.
pub fn held(conn: &Connection) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare("SELECT origin, seq FROM exchange_change ORDER BY origin, seq")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut out: BTreeMap<String, i64> = BTreeMap::new();
    for row in rows {
        let (origin, seq) = row?;
        let top = out.entry(origin).or_insert(0);
        if seq == *top + 1 {
            *top = seq;
        }
    }
    Ok(out)
}
