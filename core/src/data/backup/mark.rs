//! A fingerprint of a data file's content, to tell whether the data changed since the newest backup
//! without keeping any state of our own: the same function reads the live store and the backup. Every
//! row of every ordinary table counts (the search index, rebuilt from the notes, does not), combined
//! without regard to row order, with the schema version.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::Result;

/// FNV-1a, 64 bits: stable across Rust versions, so a mark read from an old backup still compares.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// The tables whose rows are the data: ordinary tables, not SQLite's own, not virtual tables (the
/// full-text index) nor the tables that hold them.
fn data_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )?;
    let all = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let virtual_tables: Vec<&str> = all
        .iter()
        .filter(|(_, sql)| sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL"))
        .map(|(name, _)| name.as_str())
        .collect();
    Ok(all
        .iter()
        .filter(|(name, _)| !name.starts_with("sqlite_"))
        .filter(|(name, _)| {
            !virtual_tables
                .iter()
                .any(|v| name == v || name.starts_with(&format!("{v}_")))
        })
        .map(|(name, _)| name.clone())
        .collect())
}

/// The content fingerprint of the database on `conn`.
pub fn of_connection(conn: &Connection) -> Result<String> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut total = Fnv::new();
    total.write(&version.to_le_bytes());
    for table in data_tables(conn)? {
        let mut stmt =
            conn.prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        let (mut sum, mut count) = (0u64, 0u64);
        while let Some(row) = rows.next()? {
            let mut h = Fnv::new();
            for i in 0..columns {
                match row.get_ref(i)? {
                    ValueRef::Null => h.write(b"n"),
                    ValueRef::Integer(v) => {
                        h.write(b"i");
                        h.write(&v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        h.write(b"r");
                        h.write(&v.to_bits().to_le_bytes());
                    }
                    ValueRef::Text(v) => {
                        h.write(b"t");
                        h.write(&(v.len() as u64).to_le_bytes());
                        h.write(v);
                    }
                    ValueRef::Blob(v) => {
                        h.write(b"b");
                        h.write(&(v.len() as u64).to_le_bytes());
                        h.write(v);
                    }
                }
            }
            // A sum of row fingerprints does not depend on the order rows are read in.
            sum = sum.wrapping_add(h.0);
            count += 1;
        }
        total.write(table.as_bytes());
        total.write(&sum.to_le_bytes());
        total.write(&count.to_le_bytes());
    }
    Ok(format!("v{version}:{:016x}", total.0))
}

/// The content fingerprint of the backup or copy at `path` (read-only, with `key` when encrypted).
pub fn of_file(path: &Path, key: Option<&crate::store::Passphrase>) -> Result<String> {
    let key = match crate::store::file_state(path)? {
        crate::store::FileState::Encrypted => key,
        _ => None,
    };
    of_connection(&crate::store::read_only_connection(path, key)?)
}
