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
    let (sql, column_totals_sql) = match by {
        By::Sessions => (
            "WITH tag(block_id, note_id) AS (
                SELECT block_id, note_id FROM note_block
                UNION
                SELECT b.parent_id, nb.note_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                WHERE b.parent_id IS NOT NULL)
             SELECT nb.block_id, coalesce(CAST(n.session_id AS TEXT), 'none'), count(*)
             FROM tag nb JOIN note n ON n.id = nb.note_id
             WHERE n.conference_id = ?1 GROUP BY 1, 2",
            "SELECT coalesce(CAST(n.session_id AS TEXT), 'none'), count(*) FROM note n
             WHERE n.conference_id = ?1 GROUP BY 1",
        ),
        By::Countries => (
            "WITH tag(block_id, note_id) AS (
                SELECT block_id, note_id FROM note_block
                UNION
                SELECT b.parent_id, nb.note_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                WHERE b.parent_id IS NOT NULL)
             SELECT nb.block_id, c.name, count(*)
             FROM tag nb JOIN note n ON n.id = nb.note_id JOIN note_country c ON c.note_id = n.id
             WHERE n.conference_id = ?1 GROUP BY 1, 2",
            "SELECT c.name, count(*) FROM note_country c JOIN note n ON n.id = c.note_id
             WHERE n.conference_id = ?1 GROUP BY 1",
        ),
    };
    let mut cells = Vec::new();
    // By session, a block's total is the sum of its cells (a note has one session, or none: the
    // corridor column), so the whole tag set is counted once, not twice (a large part of the matrix's
    // time at 100,000 notes). By country a note may count under several columns: its own query.
    let mut totals: HashMap<i64, i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(sql)?;
        let mut rs = stmt.query([conference.id])?;
        while let Some(r) = rs.next()? {
            let block: i64 = r.get(0)?;
            if let Some(code) = code_of.get(&block) {
                let count: i64 = r.get(2)?;
                if by == By::Sessions {
                    *totals.entry(block).or_default() += count;
                }
                cells.push(Cell {
                    block: code.clone(),
                    column: r.get(1)?,
                    count,
                });
            }
        }
    }
    if by == By::Countries {
        let mut stmt = conn.prepare(
            "WITH tag(block_id, note_id) AS (
                SELECT block_id, note_id FROM note_block
                UNION
                SELECT b.parent_id, nb.note_id FROM note_block nb JOIN building_block b ON b.id = nb.block_id
                WHERE b.parent_id IS NOT NULL)
             SELECT nb.block_id, count(*) FROM tag nb JOIN note n ON n.id = nb.note_id
             WHERE n.conference_id = ?1 GROUP BY nb.block_id",
        )?;
        let mut rows = stmt.query([conference.id])?;
        while let Some(r) = rows.next()? {
            totals.insert(r.get(0)?, r.get(1)?);
        }
    }
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
    let mut column_totals: HashMap<String, i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(column_totals_sql)?;
        let mut rs = stmt.query([conference.id])?;
        while let Some(r) = rs.next()? {
            column_totals.insert(r.get(0)?, r.get(1)?);
        }
    }
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
