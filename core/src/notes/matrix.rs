//! The building-block matrix: how many notes the delegation has on each block, per session or per
//! country. Full cells show where it has learnt a lot; empty rows where nothing yet. Each cell names the
//! filter (block plus session, or block plus country) that lists the notes behind it.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use crate::programme::conference::Conference;
use crate::{programme::sessions, taxonomy::blocks, Error, Result};

/// What the columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Sessions,
    Countries,
}

impl std::str::FromStr for By {
    type Err = Error;
    fn from_str(s: &str) -> Result<By> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sessions" | "session" => Ok(By::Sessions),
            "countries" | "country" => Ok(By::Countries),
            _ => Err(Error::invalid(
                "by",
                format!("\"{s}\" is not one of: sessions, countries"),
            )),
        }
    }
}

/// A row: one building block. A block's counts include the notes tagged with its sub-elements (each
/// note once), as the search behind a cell does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub archived: bool,
    /// Notes tagged with the block (each counted once).
    pub total: i64,
}

/// A column: a session (`key` is its id; `"none"` for corridor notes) or a country (`key` is its name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub key: String,
    pub label: String,
    /// For sessions: the day and start, `YYYY-MM-DD HH:MM`.
    pub detail: String,
    pub session_id: Option<i64>,
    pub total: i64,
}

/// A non-empty cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub block: String,
    pub column: String,
    pub count: i64,
}

/// The matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    pub by: By,
    pub rows: Vec<Row>,
    pub columns: Vec<Column>,
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// The count in one cell (0 when empty).
    pub fn count(&self, block: &str, column: &str) -> i64 {
        self.cells
            .iter()
            .find(|c| c.block == block && c.column == column)
            .map_or(0, |c| c.count)
    }
}

/// Builds the matrix of the conference's notes.
pub fn build(conn: &Connection, conference: &Conference, by: By) -> Result<Matrix> {
    let all = blocks::list(conn, conference.id)?;
    let code_of: HashMap<i64, String> = all.iter().map(|b| (b.id, b.code.clone())).collect();
    let counts = count(conn, conference.id, by)?;
    // In the order the SQL count had: by block, then column.
    let mut counted: Vec<((i64, String), i64)> = counts.cells.into_iter().collect();
    counted.sort_unstable();
    let cells: Vec<Cell> = counted
        .into_iter()
        .filter_map(|((block, column), count)| {
            code_of.get(&block).map(|code| Cell {
                block: code.clone(),
                column,
                count,
            })
        })
        .collect();
    let totals = counts.blocks;
    let column_totals = counts.columns;
    let rows: Vec<Row> = all
        .iter()
        .filter(|b| !b.archived || totals.contains_key(&b.id))
        .map(|b| Row {
            code: b.code.clone(),
            name: b.name.clone(),
            parent_code: b.parent_id.and_then(|p| code_of.get(&p).cloned()),
            archived: b.archived,
            total: totals.get(&b.id).copied().unwrap_or(0),
        })
        .collect();
    let columns = match by {
        By::Sessions => {
            let mut cols: Vec<Column> = sessions::list(conn, conference, None)?
                .into_iter()
                .filter(|s| s.kind != crate::domain::SessionKind::Break)
                .map(|s| Column {
                    key: s.id.to_string(),
                    total: column_totals.get(&s.id.to_string()).copied().unwrap_or(0),
                    label: s.title,
                    detail: format!("{} {}", s.day, s.start),
                    session_id: Some(s.id),
                })
                .collect();
            cols.push(Column {
                key: "none".into(),
                label: "Corridor notes".into(),
                detail: String::new(),
                session_id: None,
                total: column_totals.get("none").copied().unwrap_or(0),
            });
            cols
        }
        By::Countries => {
            let mut cols: Vec<Column> = column_totals
                .iter()
                .map(|(name, total)| Column {
                    key: name.clone(),
                    label: name.clone(),
                    detail: String::new(),
                    session_id: None,
                    total: *total,
                })
                .collect();
            cols.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.label.cmp(&b.label)));
            cols
        }
    };
    Ok(Matrix {
        by,
        rows,
        columns,
        cells,
    })
}

/// The matrix's counts: per (block, column) cell, per block (its notes, each once) and per column.
struct Counts {
    cells: HashMap<(i64, String), i64>,
    blocks: HashMap<i64, i64>,
    columns: HashMap<String, i64>,
}

/// Reads the counts the store keeps (`matrix_cell`, `matrix_column`: schema v10, kept in step with every
/// write of notes, tags, countries and blocks' parents by triggers, `core/migrations/0010_matrix_counts.sql`).
/// At 100,000 notes, counting the tags on each draw took 170-220 ms; this reads a few thousand rows.
/// A block's total is the sum of its session cells: a note is in exactly one session column ("none"
/// included), so no note is counted twice.
fn count(conn: &Connection, conference_id: i64, by: By) -> Result<Counts> {
    let axis = match by {
        By::Sessions => "session",
        By::Countries => "country",
    };
    let mut counts = Counts {
        cells: HashMap::new(),
        blocks: HashMap::new(),
        columns: HashMap::new(),
    };
    let mut stmt = conn.prepare_cached(
        "SELECT col, block_id, notes FROM matrix_cell
         WHERE conference_id = ?1 AND axis = ?2 AND notes > 0",
    )?;
    let mut rows = stmt.query(rusqlite::params![conference_id, axis])?;
    while let Some(r) = rows.next()? {
        let (column, block, notes): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if by == By::Sessions {
            *counts.blocks.entry(block).or_default() += notes;
        }
        counts.cells.insert((block, column), notes);
    }
    if by == By::Countries {
        let mut stmt = conn.prepare_cached(
            "SELECT block_id, sum(notes) FROM matrix_cell
             WHERE conference_id = ?1 AND axis = 'session' AND notes > 0 GROUP BY block_id",
        )?;
        let rows = stmt.query_map([conference_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        counts.blocks = rows.collect::<rusqlite::Result<_>>()?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT col, notes FROM matrix_column WHERE conference_id = ?1 AND axis = ?2 AND notes > 0",
    )?;
    let rows = stmt.query_map(rusqlite::params![conference_id, axis], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    counts.columns = rows.collect::<rusqlite::Result<_>>()?;
    Ok(counts)
}

#[cfg(test)]
mod counts_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;
    use crate::notes::{self, NewNote};

    #[test]
    fn a_blocks_total_summed_from_its_session_cells_is_its_count_of_notes() {
        let (mut store, c) = testutil::sample();
        crate::fixtures::synthetic_notes::generate(&mut store, &c, 400, 11).unwrap();
        let by_session = build(store.conn(), &c, By::Sessions).unwrap();
        // By country, the totals come from their own count of each block's notes.
        let by_country = build(store.conn(), &c, By::Countries).unwrap();
        let totals = |m: &Matrix| {
            m.rows
                .iter()
                .map(|r| (r.code.clone(), r.total))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            totals(&by_session),
            totals(&by_country),
            "the same totals whichever way they are counted"
        );
        assert!(
            by_session
                .rows
                .iter()
                .any(|r| r.parent_code.is_none() && r.total > 0),
            "the synthetic notes are tagged"
        );
    }

    /// The count the matrix had before schema v8: a UNION of tags and their parents, grouped in SQL.
    fn sql_count(
        store: &crate::Store,
        c: &Conference,
        column: &str,
        join: &str,
    ) -> Vec<(String, String, i64)> {
        let mut stmt = store
            .conn()
            .prepare(&format!(
                "WITH tag(block_id, note_id) AS (
                    SELECT block_id, note_id FROM note_block
                    UNION
                    SELECT b.parent_id, nb.note_id FROM note_block nb
                    JOIN building_block b ON b.id = nb.block_id WHERE b.parent_id IS NOT NULL)
                 SELECT b.code, {column}, count(*)
                 FROM tag t JOIN note n ON n.id = t.note_id JOIN building_block b ON b.id = t.block_id {join}
                 WHERE n.conference_id = ?1 GROUP BY 1, 2"
            ))
            .unwrap();
        let mut rows: Vec<(String, String, i64)> = stmt
            .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        rows
    }

    #[test]
    fn the_cells_counted_in_one_pass_equal_the_sql_count_of_each_notes_tags() {
        let (mut store, c) = testutil::sample();
        crate::fixtures::synthetic_notes::generate(&mut store, &c, 250, 7).unwrap();
        for (by, column, join) in [
            (
                By::Sessions,
                "coalesce(CAST(n.session_id AS TEXT), 'none')",
                "",
            ),
            (
                By::Countries,
                "nc.name",
                "JOIN note_country nc ON nc.note_id = n.id",
            ),
        ] {
            let expected = sql_count(&store, &c, column, join);
            let m = build(store.conn(), &c, by).unwrap();
            let mut got: Vec<(String, String, i64)> = m
                .cells
                .iter()
                .map(|cell| (cell.block.clone(), cell.column.clone(), cell.count))
                .collect();
            got.sort();
            assert!(
                expected.len() > 20,
                "the synthetic notes fill many cells by {by:?}"
            );
            assert_eq!(
                got, expected,
                "every cell as the SQL count has it, by {by:?}"
            );
            let mut stmt = store
                .conn()
                .prepare(&format!(
                    "SELECT {column}, count(*) FROM note n {join} WHERE n.conference_id = ?1 GROUP BY 1"
                ))
                .unwrap();
            let per_column: HashMap<String, i64> = stmt
                .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for col in &m.columns {
                assert_eq!(
                    col.total,
                    per_column.get(&col.key).copied().unwrap_or(0),
                    "each note counted once in its column, by {by:?}: {}",
                    col.key
                );
            }
        }
    }

    #[test]
    fn the_matrix_counts_notes_per_block_and_session_or_country() {
        let (mut store, c) = testutil::sample();
        let panel = testutil::session_id(&store, &c, "Panel 2");
        let mut note = |blocks: &[&str], session: Option<i64>, countries: &[&str]| {
            notes::add(
                &mut store,
                &c,
                &NewNote {
                    body: "x".into(),
                    session_id: session,
                    blocks: blocks.iter().map(|s| s.to_string()).collect(),
                    countries: countries.iter().map(|s| s.to_string()).collect(),
                    ..Default::default()
                },
            )
            .unwrap();
        };
        note(&["nrm", "law"], Some(panel), &["Greece"]);
        note(&["nrm"], Some(panel), &["Greece", "Türkiye"]);
        note(&["nrm"], None, &[]);
        note(&["nrm-identification", "nrm"], None, &[]);
        note(&["nrm-justice"], None, &[]);
        let m = build(store.conn(), &c, By::Sessions).unwrap();
        assert_eq!(m.count("nrm", &panel.to_string()), 2);
        assert_eq!(m.count("law", &panel.to_string()), 1);
        assert_eq!(
            m.count("nrm", "none"),
            3,
            "corridor notes have their column; sub-elements count for their block, each note once"
        );
        assert_eq!(m.count("nrm-justice", "none"), 1);
        assert_eq!(m.count("data", &panel.to_string()), 0, "an empty cell");
        assert_eq!(
            m.rows.iter().find(|r| r.code == "nrm").map(|r| r.total),
            Some(5)
        );
        assert!(
            m.columns
                .iter()
                .all(|col| !col.label.starts_with("Registration")),
            "no breaks"
        );
        let m = build(store.conn(), &c, By::Countries).unwrap();
        assert_eq!(m.count("nrm", "Greece"), 2);
        assert_eq!(m.count("nrm", "Türkiye"), 1);
        assert_eq!(m.columns[0].label, "Greece", "the most noted country first");
        assert!("rows".parse::<By>().is_err());
    }
}
