//! Two laptops that add a building block with the same code before they exchange (docs/exchange.md,
//! rule 6). A conference's codes are unique, so both blocks cannot hold it: **the block with the
//! smaller id keeps the code; the other is stored under a code derived from its id** (`nc-2x8k1f0q`),
//! and the code its laptop gave it is kept in `exchange_block_code`. Which block keeps a code is a
//! function of the blocks present and the codes their laptops gave them, not of the order the changes
//! came in, so every replica (the loser's own laptop too) ends with the same codes; if the winner goes
//! or takes another code, the next block gets the code back. Notes are tagged by block id, so the
//! notes of either block keep their tags.
//!
//! The merge reads a block's row with the code its laptop gave it ([`logical`]) and writes it through
//! [`write_code`], so the rules of `merge.rs` (last writer wins, deletes of what was seen) compare
//! the same values on every replica.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use crate::Result;

const TABLE: &str = "building_block";

/// The code block `id` is stored under when a block with a smaller id holds `code`: the code, cut so
/// the whole fits the schema's 40 characters, a dash, and the id in base 36.
pub fn derived(code: &str, id: i64) -> String {
    let mut n = id.unsigned_abs();
    let mut suffix = Vec::new();
    loop {
        let digit = (n % 36) as u8;
        suffix.push(if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        });
        n /= 36;
        if n == 0 {
            break;
        }
    }
    suffix.reverse();
    let suffix = String::from_utf8_lossy(&suffix).into_owned();
    let room = 40usize.saturating_sub(suffix.len() + 1);
    let prefix: String = code.chars().take(room).collect();
    let prefix = prefix.trim_end_matches('-');
    format!("{prefix}-{suffix}")
}

/// The positions of the id, conference and code columns of a block row named by `columns`.
fn positions(columns: &[String]) -> Option<(usize, usize, usize)> {
    let at = |name: &str| columns.iter().position(|c| c == name);
    Some((at("id")?, at("conference_id")?, at("code")?))
}

/// Replaces, in the block row `row` read from the table, the stored code by the code its laptop gave
/// it (they differ when another block keeps that code).
pub(crate) fn logical(
    tx: &Connection,
    table: &str,
    columns: &[String],
    row: &mut [Value],
) -> Result<()> {
    let Some((id, _, code)) = positions(columns).filter(|_| table == TABLE) else {
        return Ok(());
    };
    let Value::Integer(block) = row[id] else {
        return Ok(());
    };
    let given: Option<String> = tx
        .prepare_cached("SELECT code FROM exchange_block_code WHERE block_id = ?1")?
        .query_row([block], |r| r.get(0))
        .optional()?;
    if let Some(given) = given {
        row[code] = Value::Text(given);
    }
    Ok(())
}

/// Whether `seen`, a block row as a deleting laptop saw it (with its stored code), is the row
/// `current` read here with [`logical`]: a stored code derived from the code it was given is that code.
pub(crate) fn seen_as(table: &str, columns: &[String], seen: &mut [Value], current: &[Value]) {
    let Some((id, _, code)) = positions(columns).filter(|_| table == TABLE) else {
        return;
    };
    if let (Some(Value::Integer(block)), Some(Value::Text(given)), Some(Value::Text(stored))) =
        (current.get(id), current.get(code), seen.get(code))
    {
        if *stored == derived(given, *block) {
            seen[code] = Value::Text(given.clone());
        }
    }
}

/// Before the block row `row` (with the code its laptop gave it) is inserted or its code written:
/// stores it under its derived code for now, so no two rows hold one code even for a moment. Returns
/// the code groups to [`settle`] once written.
pub(crate) fn write_code(
    tx: &Connection,
    table: &str,
    columns: &[String],
    row: &mut [Value],
) -> Result<Option<(Value, String)>> {
    let Some((id, conference, code)) = positions(columns).filter(|_| table == TABLE) else {
        return Ok(None);
    };
    let (Value::Integer(block), Value::Text(given)) = (&row[id], &row[code]) else {
        return Ok(None);
    };
    let (block, given) = (*block, given.clone());
    tx.prepare_cached(
        "INSERT OR REPLACE INTO exchange_block_code (block_id, code) VALUES (?1, ?2)",
    )?
    .execute(params![block, given])?;
    row[code] = Value::Text(derived(&given, block));
    Ok(Some((row[conference].clone(), given)))
}

/// A block row (stored values) was deleted: its given code is forgotten and its group settled.
pub(crate) fn deleted(
    tx: &Connection,
    table: &str,
    columns: &[String],
    row: &[Value],
) -> Result<()> {
    let Some((id, conference, code)) = positions(columns).filter(|_| table == TABLE) else {
        return Ok(());
    };
    let mut given = row[code].clone();
    if let Value::Integer(block) = row[id] {
        let kept: Option<String> = tx
            .prepare_cached("SELECT code FROM exchange_block_code WHERE block_id = ?1")?
            .query_row([block], |r| r.get(0))
            .optional()?;
        if let Some(kept) = kept {
            given = Value::Text(kept);
        }
        tx.prepare_cached("DELETE FROM exchange_block_code WHERE block_id = ?1")?
            .execute([block])?;
    }
    if let Value::Text(given) = given {
        settle(tx, &row[conference], &given)?;
    }
    Ok(())
}

/// Gives `code` in `conference` to the block with the smallest id among those given it, and every
/// other one its derived code (losers first, so the code is free when the winner takes it).
pub(crate) fn settle(tx: &Connection, conference: &Value, code: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "SELECT b.id, b.code FROM building_block b LEFT JOIN exchange_block_code x ON x.block_id = b.id
         WHERE b.conference_id = ?1 AND coalesce(x.code, b.code) = ?2 ORDER BY b.id",
    )?;
    let blocks = stmt
        .query_map(params![conference, code], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let Some(((winner, winner_code), losers)) = blocks.split_first() else {
        return Ok(());
    };
    for (id, stored) in losers {
        let wanted = derived(code, *id);
        if *stored != wanted {
            tx.prepare_cached("UPDATE building_block SET code = ?1 WHERE id = ?2")?
                .execute(params![wanted, id])?;
        }
        tx.prepare_cached(
            "INSERT OR REPLACE INTO exchange_block_code (block_id, code) VALUES (?1, ?2)",
        )?
        .execute(params![id, code])?;
    }
    if winner_code != code {
        tx.prepare_cached("UPDATE building_block SET code = ?1 WHERE id = ?2")?
            .execute(params![code, winner])?;
    }
    tx.prepare_cached("DELETE FROM exchange_block_code WHERE block_id = ?1")?
        .execute([winner])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_code_fits_the_schema_and_names_the_block() {
        let long = "a".repeat(40);
        for (code, id) in [
            ("nc", 1_i64),
            (long.as_str(), 9_007_199_254_740_991),
            ("x-", 36),
        ] {
            let d = derived(code, id);
            assert!(d.len() <= 40, "{d} is at most 40 characters");
            assert!(
                d.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{d} is lower-case letters, digits and dashes"
            );
            assert!(!d.contains("--"), "{d} has no double dash");
        }
        assert_eq!(derived("nc", 36), "nc-10", "the id in base 36 after a dash");
        assert_ne!(derived("nc", 7), derived("nc", 8), "two blocks, two codes");
    }
}
