//! Embedded, forward-only migrations. `PRAGMA user_version` records how far a file has come; every
//! pending step and the new version are written in one transaction, so a crash leaves the old schema.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

/// The migrations in order; the version of each is its position + 1. Never edit a released one.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "initial schema",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        "planning",
        include_str!("../../migrations/0002_planning.sql"),
    ),
    ("notes", include_str!("../../migrations/0003_notes.sql")),
    (
        "briefing pack",
        include_str!("../../migrations/0004_pack.sql"),
    ),
    (
        "packs kept in the data file, deleted notes wiped from the index",
        include_str!("../../migrations/0005_packs.sql"),
    ),
    (
        "indexes for the search's filters",
        include_str!("../../migrations/0006_search.sql"),
    ),
    (
        "exchange between a delegation's laptops",
        include_str!("../../migrations/0007_exchange.sql"),
    ),
    (
        "an index that covers the matrix's count",
        include_str!("../../migrations/0008_matrix.sql"),
    ),
    (
        "both texts of briefs and reports edited on two laptops, colliding block codes, unsent changes",
        include_str!("../../migrations/0009_exchange_texts.sql"),
    ),
    (
        "the matrix's counts kept by triggers",
        include_str!("../../migrations/0010_matrix_counts.sql"),
    ),
    (
        "the search's filters as hidden words of the full-text index",
        include_str!("../../migrations/0011_search_filters.sql"),
    ),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies whatever the file lacks, in one transaction.
pub(super) fn apply(conn: &mut Connection, display: &str) -> Result<()> {
    apply_up_to(conn, LATEST_VERSION, display)
}

/// Applies the migrations up to `target` (the schema check builds each version's schema this way).
pub(super) fn apply_up_to(conn: &mut Connection, target: i64, display: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > LATEST_VERSION {
        return Err(Error::NewerDatabase {
            path: display.to_string(),
            found: current,
            supported: LATEST_VERSION,
        });
    }
    let done = usize::try_from(current)
        .map_err(|_| Error::Internal(format!("negative user_version {current}")))?;
    let wanted = usize::try_from(target.clamp(0, LATEST_VERSION)).unwrap_or(0);
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().take(wanted).skip(done) {
        #[allow(clippy::disallowed_methods)]
        // migrations are the one place for multi-statement SQL
        tx.execute_batch(sql).map_err(|e| {
            Error::Internal(format!(
                "migration {} ({name}) failed on {display}: {e}",
                index + 1
            ))
        })?;
    }
    if done < wanted {
        tx.pragma_update(None, "user_version", wanted as i64)?;
    }
    tx.commit()?;
    Ok(())
}
