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
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies whatever the file lacks, in one transaction.
pub(super) fn apply(conn: &mut Connection, display: &str) -> Result<()> {
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
    let pending = usize::try_from(current)
        .map_err(|_| Error::Internal(format!("negative user_version {current}")))?;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(pending) {
        #[allow(clippy::disallowed_methods)]
        // migrations are the one place for multi-statement SQL
        tx.execute_batch(sql).map_err(|e| {
            Error::Internal(format!(
                "migration {} ({name}) failed on {display}: {e}",
                index + 1
            ))
        })?;
    }
    if pending < MIGRATIONS.len() {
        tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}
