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
    let parent_of: HashMap<i64, i64> = all
        .iter()
        .filter_map(|b| b.parent_id.map(|p| (b.id, p)))
        .collect();
    let mut cells = Vec::new();
    let mut totals: HashMap<i64, i64> = HashMap::new();
    let column_totals: HashMap<String, i64> = match by {
        By::Sessions => {
            let counts = count_by_session(conn, conference.id, &parent_of)?;
            // A note has one session (or none: the corridor column), so a block's total is the sum
            // of its cells.
            // In the order the SQL count had: by block, then column.
            let mut counted: Vec<((i64, String), i64)> = counts.cells.into_iter().collect();
            counted.sort_unstable();
            for ((block, column), count) in counted {
                if let Some(code) = code_of.get(&block) {
                    *totals.entry(block).or_default() += count;
                    cells.push(Cell {
                        block: code.clone(),
                        column,
                        count,
                    });
                }
            }
            counts.columns
        }
        By::Countries => count_by_country(conn, conference.id, &code_of, &mut cells, &mut totals)?,
    };
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

/// The session matrix's counts: per (block, column) cell and per column.
struct SessionCounts {
    cells: HashMap<(i64, String), i64>,
    columns: HashMap<String, i64>,
}

/// Counts the notes per block and session in one pass over two indexes (`note_matrix`, schema v7, and
/// note_block's key), never reading a note's row: at 100,000 notes the SQL `UNION` + `GROUP BY` that
/// did this took ≈ 1 s, most of it sorting 200,000 tags in temporary B-trees. A note's rows arrive
/// together (the scan is in note order), so its blocks and their parents are counted once each here.
fn count_by_session(
    conn: &Connection,
    conference_id: i64,
    parent_of: &HashMap<i64, i64>,
) -> Result<SessionCounts> {
    // `+` keeps SQLite off note_by_conference (which would read every note's row for its session).
    let mut stmt = conn.prepare(
        "SELECT n.rowid, n.session_id, nb.block_id FROM note n
         LEFT JOIN note_block nb ON nb.note_id = n.id
         WHERE +n.conference_id = ?1",
    )?;
    let mut rows = stmt.query([conference_id])?;
    let mut by_block_session: HashMap<(i64, Option<i64>), i64> = HashMap::new();
    let mut by_session: HashMap<Option<i64>, i64> = HashMap::new();
    let mut current: Option<(i64, Option<i64>)> = None;
    let mut blocks: Vec<i64> = Vec::new();
    let mut flush = |note: Option<(i64, Option<i64>)>, blocks: &mut Vec<i64>| {
        if let Some((_, session)) = note {
            *by_session.entry(session).or_default() += 1;
            blocks.sort_unstable();
            blocks.dedup();
            for block in blocks.iter() {
                *by_block_session.entry((*block, session)).or_default() += 1;
            }
        }
        blocks.clear();
    };
    while let Some(r) = rows.next()? {
        let note: i64 = r.get(0)?;
        let session: Option<i64> = r.get(1)?;
        if current.map(|(id, _)| id) != Some(note) {
            flush(current, &mut blocks);
            current = Some((note, session));
        }
        if let Some(block) = r.get::<_, Option<i64>>(2)? {
            blocks.push(block);
            if let Some(parent) = parent_of.get(&block) {
                blocks.push(*parent);
            }
        }
    }
    flush(current, &mut blocks);
    let key = |session: Option<i64>| session.map_or_else(|| "none".to_string(), |s| s.to_string());
    Ok(SessionCounts {
        cells: by_block_session
            .into_iter()
            .map(|((block, session), n)| ((block, key(session)), n))
            .collect(),
        columns: by_session
            .into_iter()
            .map(|(session, n)| (key(session), n))
            .collect(),
    })
}

/// The country matrix's cells and block totals (a note may count under several countries, so a
/// block's total is its own count); returns the notes per country.
fn count_by_country(
    conn: &Connection,
    conference_id: i64,
    code_of: &HashMap<i64, String>,
    cells: &mut Vec<Cell>,
    totals: &mut HashMap<i64, i64>,
) -> Result<HashMap<String, i64>> {
    const TAGS: &str = "WITH tag(block_id, note_id) AS (
            SELECT block_id, note_id FROM note_block
            UNION
            SELECT b.parent_id, nb.note_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
            WHERE b.parent_id IS NOT NULL)";
    {
        let mut stmt = conn.prepare(&format!(
            "{TAGS} SELECT nb.block_id, c.name, count(*)
             FROM tag nb JOIN note n ON n.id = nb.note_id JOIN note_country c ON c.note_id = n.id
             WHERE n.conference_id = ?1 GROUP BY 1, 2"
        ))?;
        let mut rs = stmt.query([conference_id])?;
        while let Some(r) = rs.next()? {
            let block: i64 = r.get(0)?;
            if let Some(code) = code_of.get(&block) {
                cells.push(Cell {
                    block: code.clone(),
                    column: r.get(1)?,
                    count: r.get(2)?,
                });
            }
        }
    }
    {
        let mut stmt = conn.prepare(&format!(
            "{TAGS} SELECT nb.block_id, count(*) FROM tag nb JOIN note n ON n.id = nb.note_id
             WHERE n.conference_id = ?1 GROUP BY nb.block_id"
        ))?;
        let mut rows = stmt.query([conference_id])?;
        while let Some(r) = rows.next()? {
            totals.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut columns = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT c.name, count(*) FROM note_country c JOIN note n ON n.id = c.note_id
         WHERE n.conference_id = ?1 GROUP BY 1",
    )?;
    let mut rs = stmt.query([conference_id])?;
    while let Some(r) = rs.next()? {
        columns.insert(r.get(0)?, r.get(1)?);
    }
    Ok(columns)
}

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

    #[test]
    fn the_session_cells_counted_in_one_pass_equal_the_sql_count_of_each_notes_tags() {
        let (mut store, c) = testutil::sample();
        crate::fixtures::synthetic_notes::generate(&mut store, &c, 250, 7).unwrap();
        // The count the matrix had before schema v7: a UNION of tags and their parents, grouped in SQL.
        let mut stmt = store
            .conn()
            .prepare(
                "WITH tag(block_id, note_id) AS (
                    SELECT block_id, note_id FROM note_block
                    UNION
                    SELECT b.parent_id, nb.note_id FROM note_block nb
                    JOIN building_block b ON b.id = nb.block_id WHERE b.parent_id IS NOT NULL)
                 SELECT b.code, coalesce(CAST(n.session_id AS TEXT), 'none'), count(*)
                 FROM tag t JOIN note n ON n.id = t.note_id JOIN building_block b ON b.id = t.block_id
                 WHERE n.conference_id = ?1 GROUP BY 1, 2",
            )
            .unwrap();
        let mut expected: Vec<(String, String, i64)> = stmt
            .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let m = build(store.conn(), &c, By::Sessions).unwrap();
        let mut got: Vec<(String, String, i64)> = m
            .cells
            .iter()
            .map(|cell| (cell.block.clone(), cell.column.clone(), cell.count))
            .collect();
        expected.sort();
        got.sort();
        assert!(expected.len() > 20, "the synthetic notes fill many cells");
        assert_eq!(got, expected, "every cell as the SQL count has it");
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT coalesce(CAST(session_id AS TEXT), 'none'), count(*) FROM note
                 WHERE conference_id = ?1 GROUP BY 1",
            )
            .unwrap();
        let per_session: HashMap<String, i64> = stmt
            .query_map([c.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for col in &m.columns {
            assert_eq!(
                col.total,
                per_session.get(&col.key).copied().unwrap_or(0),
                "each note counted once in its session's column (or the corridor's): {}",
                col.key
            );
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
