//! What a Delegation Desk file's schema must be, and the settings that keep a file's schema from acting
//! on its own. A copy from someone else can carry triggers or views that change data later, so every
//! connection is hardened (`trusted_schema=OFF`, SQLite's defensive mode), and a file's tables, indexes,
//! triggers and views must be exactly those our migrations create for its schema version, by name and SQL.

use std::collections::BTreeMap;

use rusqlite::config::DbConfig;
use rusqlite::Connection;

use super::migrations;
use crate::{Error, Result};

/// Makes `conn` distrust the schema of whatever file it opens: functions and virtual tables not marked
/// harmless cannot run from triggers or views, and the schema cannot be written around SQLite's checks.
pub(crate) fn harden(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.pragma_update(None, "trusted_schema", "OFF")?;
    Ok(())
}

/// One object of `sqlite_master`: its type, the table it belongs to, the SQL that created it, by name.
type Objects = BTreeMap<String, (String, String, Option<String>)>;

/// SQLite's own bookkeeping tables appear when it needs them (AUTOINCREMENT's counters, ANALYZE's
/// statistics); they hold no schema of their own and are not compared.
fn is_bookkeeping(name: &str) -> bool {
    name == "sqlite_sequence" || name.starts_with("sqlite_stat")
}

fn objects(conn: &Connection) -> rusqlite::Result<Objects> {
    let mut stmt = conn.prepare("SELECT name, type, tbl_name, sql FROM sqlite_master")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            (
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ),
        ))
    })?;
    let mut out = Objects::new();
    for row in rows {
        let (name, object) = row?;
        if !is_bookkeeping(&name) {
            out.insert(name, object);
        }
    }
    Ok(out)
}

/// The schema our migrations create for `version` (a fresh in-memory database migrated that far).
fn expected(version: i64) -> Result<Objects> {
    let mut conn = Connection::open_in_memory()?;
    harden(&conn)?;
    migrations::apply_up_to(&mut conn, version, ":memory:")?;
    Ok(objects(&conn)?)
}

/// Whether the file on `conn`, at schema version `version`, holds exactly our schema for that version;
/// otherwise an error naming `display` and the first object that differs.
pub(crate) fn verify(conn: &Connection, version: i64, display: &str) -> Result<()> {
    let wanted = expected(version)?;
    // The tables (and their indexes) a virtual table keeps its data in are made by its module, not by
    // our SQL, and their SQL may vary with SQLite's version: they are left out on both sides. Triggers
    // and views are never left out.
    let virtual_tables: Vec<String> = wanted
        .iter()
        .filter(|(_, (_, _, sql))| is_virtual(sql))
        .map(|(name, _)| format!("{name}_"))
        .collect();
    let compared = |(kind, table, sql): &(String, String, Option<String>)| {
        let shadow = (kind == "table" || kind == "index")
            && !is_virtual(sql)
            && virtual_tables.iter().any(|v| table.starts_with(v.as_str()));
        !shadow
    };
    let found = objects(conn).map_err(|e| super::unreadable(display, e))?;
    let refuse = |why: String| {
        Err(Error::Unreadable(format!(
            "{display} is not a sound Delegation Desk data file: {why}. It was left untouched."
        )))
    };
    for (name, object) in found.iter().filter(|(_, o)| compared(o)) {
        let (kind, _, sql) = object;
        match wanted.get(name) {
            None => {
                return refuse(format!(
                    "it carries a {kind} \"{name}\" that Delegation Desk does not create"
                ))
            }
            Some((want_kind, _, want_sql)) if want_kind != kind || want_sql != sql => {
                return refuse(format!(
                    "its {kind} \"{name}\" is not the one schema version {version} defines"
                ))
            }
            Some(_) => {}
        }
    }
    let missing = wanted
        .iter()
        .filter(|(_, o)| compared(o))
        .find(|(n, _)| !found.contains_key(*n));
    if let Some((name, (kind, _, _))) = missing {
        return refuse(format!(
            "it lacks the {kind} \"{name}\" that schema version {version} has"
        ));
    }
    Ok(())
}

fn is_virtual(sql: &Option<String>) -> bool {
    sql.as_deref()
        .is_some_and(|s| s.to_ascii_uppercase().starts_with("CREATE VIRTUAL"))
}

/// Whether `conn` holds any schema object at all (an empty database has none).
pub(crate) fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(objects(conn)?.is_empty())
}

/// Whether SQLite stopped because the file's pages are damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`),
/// as opposed to any other failure.
pub fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// SQLite's own consistency check (`quick_check`); an error lists what it found. A page so damaged that
/// the check itself stops (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) is damage too, said the same way.
pub fn check(conn: &Connection) -> Result<()> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    let findings = match run() {
        Ok(findings) => findings,
        Err(e) if is_damage(&e) => vec![e.to_string()],
        Err(e) => return Err(e.into()),
    };
    if findings.len() == 1 && findings[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Unreadable(format!(
            "the data file is damaged: {}",
            findings.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_s_own_schema_passes_the_check() {
        for version in 0..=migrations::LATEST_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrations::apply_up_to(&mut conn, version, "test").unwrap();
            verify(&conn, version, "test")
                .unwrap_or_else(|e| panic!("version {version} fails its own check: {e}"));
        }
    }

    #[test]
    fn an_extra_trigger_is_named_in_the_refusal() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::apply_up_to(&mut conn, migrations::LATEST_VERSION, "test").unwrap();
        conn.execute(
            "CREATE TRIGGER sneaky AFTER INSERT ON note BEGIN DELETE FROM member; END",
            [],
        )
        .unwrap();
        let err = verify(&conn, migrations::LATEST_VERSION, "copy.sqlite3").unwrap_err();
        assert!(
            err.to_string().contains("trigger \"sneaky\""),
            "the trigger is named: {err}"
        );
    }

    #[test]
    fn a_trigger_on_the_search_index_s_own_tables_is_refused_too() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::apply_up_to(&mut conn, migrations::LATEST_VERSION, "test").unwrap();
        conn.execute(
            "CREATE TRIGGER hidden AFTER INSERT ON note_fts_data BEGIN DELETE FROM member; END",
            [],
        )
        .unwrap();
        let err = verify(&conn, migrations::LATEST_VERSION, "copy.sqlite3").unwrap_err();
        assert!(err.to_string().contains("trigger \"hidden\""), "{err}");
    }

    #[test]
    fn a_hardened_connection_distrusts_the_schema_and_is_defensive() {
        let conn = Connection::open_in_memory().unwrap();
        harden(&conn).unwrap();
        assert!(
            conn.db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE).unwrap(),
            "defensive mode is on"
        );
        let trusted: i64 = conn
            .pragma_query_value(None, "trusted_schema", |r| r.get(0))
            .unwrap();
        assert_eq!(trusted, 0, "trusted_schema is off");
        assert!(
            conn.pragma_update(None, "writable_schema", "ON").is_err()
                || conn
                    .execute("UPDATE sqlite_master SET sql = 'x'", [])
                    .is_err(),
            "the schema cannot be written by hand"
        );
    }
}
