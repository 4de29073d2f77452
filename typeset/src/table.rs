//! Tables and label/value lists: rows of wrapped cells. A table's columns are sized from their
//! content as HTML's automatic table layout does (each column's narrowest width, its longest word,
//! and widest, its longest cell unbroken; see [`widths`]), and a column empty in every row is left
//! out. The header row (bold, on a light background, its words never broken) is repeated on every
//! page the table runs onto; a row taller than what is left of the page is split between lines, so
//! nothing is ever drawn below the text area.

use std::sync::Arc;

use crate::fonts::Style;
use crate::layout::{baseline, metrics, Item, Layout, MUTED, RULE, TEXT};
use crate::model::{ParaStyle, Paragraph, Table};
use crate::para::{Line, Opts, Rgb, Run};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;
const CELL_SIZE: f32 = 9.0;
const CELL_LEADING: f32 = 12.5;
const HEAD_SIZE: f32 = 8.5;
const HEAD_LEADING: f32 = 11.5;
const HEAD_BG: Rgb = Rgb(0.925, 0.94, 0.955);
const HEAD_RULE: Rgb = Rgb(0.55, 0.58, 0.62);

/// A cell's remaining lines.
#[derive(Debug, Clone)]
struct Cell {
    x: f32,
    lines: Vec<Line>,
    size: f32,
    leading: f32,
}

impl Cell {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.leading
    }
}

struct Grid {
    rules: bool,
    pad_y: f32,
    header: Option<Vec<Cell>>,
}

fn cell_metrics(style: ParaStyle) -> (f32, f32) {
    match style {
        ParaStyle::Small => (8.0, 11.0),
        _ => (CELL_SIZE, CELL_LEADING),
    }
}

/// A table laid out but not yet placed: its header and rows of cells at their columns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
}

/// The content widths of columns whose narrowest and widest content widths are `min` and `max`,
/// sharing `avail` points as HTML's automatic table layout does: when every column's widest
/// content fits, each gets it and the slack is spread in proportion to it; else each gets its
/// narrowest and the rest is shared in proportion to how much more each would want. When even the
/// narrowest widths do not fit, the `keep` columns (names, e-mails: words never broken) keep
/// theirs as far as they can and the others share what is left in proportion to their own.
pub(crate) fn widths(min: &[f32], max: &[f32], keep: &[bool], avail: f32) -> Vec<f32> {
    let n = min.len();
    if n == 0 {
        return Vec::new();
    }
    let avail = avail.max(n as f32);
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    let share = |parts: &[f32], total: f32| -> Vec<f32> {
        let sum: f32 = parts.iter().sum();
        if sum <= 0.0 {
            vec![total / n as f32; n]
        } else {
            parts.iter().map(|p| p / sum * total).collect()
        }
    };
    if sum_max <= avail {
        let extra = share(max, avail - sum_max);
        return max.iter().zip(extra).map(|(m, e)| m + e).collect();
    }
    if sum_min <= avail {
        let want: Vec<f32> = min.iter().zip(max).map(|(a, b)| (b - a).max(0.0)).collect();
        let extra = share(&want, avail - sum_min);
        return min.iter().zip(extra).map(|(m, e)| m + e).collect();
    }
    let kept: f32 = min
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(m, _)| m)
        .sum();
    if kept > 0.0 && kept <= avail * 0.75 && keep.iter().any(|k| !k) {
        let others: Vec<f32> = min
            .iter()
            .zip(keep)
            .map(|(m, k)| if *k { 0.0 } else { *m })
            .collect();
        let rest = share(&others, avail - kept);
        return min
            .iter()
            .zip(keep)
            .zip(rest)
            .map(|((m, k), r)| if *k { *m } else { r })
            .collect();
    }
    share(min, avail)
}

fn is_empty(p: &Paragraph) -> bool {
    p.spans.iter().all(|s| s.text.trim().is_empty())
}

/// Sizes a table's columns and lays out its header and cells.
pub(crate) fn plan(lay: &mut Layout, t: &Table) -> Plan {
    // Columns with something in at least one row (all of them when there are no rows).
    let cols: Vec<usize> = (0..t.columns.len())
        .filter(|&i| {
            t.rows.is_empty()
                || t.rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(|p| !is_empty(p)))
        })
        .collect();
    if cols.is_empty() {
        return Plan::default();
    }
    let mut header = Vec::with_capacity(cols.len());
    for &i in &cols {
        let text = t.columns.get(i).map_or("", |c| c.header.as_str());
        let runs = [Run {
            text,
            style: Style::Bold,
            color: TEXT,
            link: None,
            keep: false,
        }];
        let opts = Opts {
            whole_words: true,
            ..Opts::default()
        };
        header.push(crate::para::prepare(lay.shaper, &runs, HEAD_SIZE, opts));
    }
    let mut cells = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut out = Vec::with_capacity(cols.len());
        for &i in &cols {
            let whole_words = t.columns.get(i).is_some_and(|c| c.whole_words);
            let opts = Opts {
                justify: false,
                hyphenate: false,
                whole_words,
            };
            out.push(row.get(i).map(|p| {
                let (size, leading) = cell_metrics(p.style);
                (lay.prepare(p, size, opts), size, leading)
            }));
        }
        cells.push(out);
    }
    let n = cols.len();
    let mut min = vec![0.0f32; n];
    let mut max = vec![0.0f32; n];
    let mut note = |j: usize, (a, b): (f32, f32)| {
        if let (Some(lo), Some(hi)) = (min.get_mut(j), max.get_mut(j)) {
            *lo = lo.max(a.ceil());
            *hi = hi.max(b.ceil());
        }
    };
    for (j, h) in header.iter().enumerate() {
        note(j, h.measure());
    }
    for row in &cells {
        for (j, c) in row.iter().enumerate() {
            if let Some((p, _, _)) = c {
                note(j, p.measure());
            }
        }
    }
    let keep: Vec<bool> = cols
        .iter()
        .map(|&i| t.columns.get(i).is_some_and(|c| c.whole_words))
        .collect();
    let avail = lay.geo.width() - n as f32 * 2.0 * PAD_X;
    let ws = widths(&min, &max, &keep, avail);
    let mut xs = Vec::with_capacity(n);
    let mut acc = lay.geo.left;
    for w in &ws {
        xs.push((acc + PAD_X, *w));
        acc += w + 2.0 * PAD_X;
    }
    let header = header
        .into_iter()
        .zip(&xs)
        .map(|(p, &(x, w))| Cell {
            x,
            lines: p.fill(lay.shaper, w + 0.5),
            size: HEAD_SIZE,
            leading: HEAD_LEADING,
        })
        .collect();
    let rows = cells
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&xs)
                .map(|(c, &(x, w))| match c {
                    Some((p, size, leading)) => Cell {
                        x,
                        lines: p.fill(lay.shaper, w + 0.5),
                        size,
                        leading,
                    },
                    None => Cell {
                        x,
                        lines: Vec::new(),
                        size: CELL_SIZE,
                        leading: CELL_LEADING,
                    },
                })
                .collect()
        })
        .collect();
    Plan { header, rows }
}

fn row_height(cells: &[Cell], pad_y: f32) -> f32 {
    cells.iter().map(Cell::height).fold(0.0, f32::max) + 2.0 * pad_y
}

/// What a table needs at the foot of a page to start there: its header and its first row (or,
/// when that row is tall enough to be split, its first two lines).
pub(crate) fn lead(lay: &Layout, plan: &Plan) -> f32 {
    if plan.header.is_empty() {
        return 0.0;
    }
    let head = row_height(&plan.header, PAD_Y);
    let first = plan.rows.first().map_or(0.0, |r| row_height(r, PAD_Y));
    let body = lay.geo.bottom - lay.geo.top;
    head + if first <= body * 0.3 {
        first
    } else {
        CELL_LEADING * 2.0 + 2.0 * PAD_Y
    }
}

/// Lays out a [`Table`].
pub(crate) fn table(lay: &mut Layout, t: &Table) {
    let plan = lay.table_plan(t, true);
    if plan.header.is_empty() {
        return;
    }
    let need = lead(lay, &plan);
    let Plan { header, rows } = plan;
    let mut grid = Grid {
        rules: true,
        pad_y: PAD_Y,
        header: Some(header),
    };
    // The header and the first row (or its first lines) go together.
    lay.ensure(need);
    draw_header(lay, &grid);
    for cells in rows {
        place_row(lay, &mut grid, cells);
    }
    grid.header = None;
    lay.y += 10.0;
}

/// The first row of a label/value list: what it needs at the foot of a page.
pub(crate) fn fields_lead(lay: &mut Layout, fields: &[(String, Paragraph)]) -> f32 {
    let Some((label, value)) = fields.first() else {
        return 0.0;
    };
    let (size, leading, _) = metrics(value.style);
    let width = lay.geo.width();
    let label_w = (width * 0.3).round();
    let a = lay
        .plain(label, Style::Bold, MUTED, 9.0, label_w - 8.0)
        .len();
    let b = lay
        .lines(value, width - label_w, size, Opts::default())
        .len();
    a.max(b) as f32 * leading + 4.0
}

/// Lays out a label/value list: labels bold and muted in a column of about 30%.
pub(crate) fn fields(lay: &mut Layout, fields: &[(String, Paragraph)]) {
    lay.ensure(0.0);
    let width = lay.geo.width();
    let label_w = (width * 0.3).round();
    let mut grid = Grid {
        rules: false,
        pad_y: 2.0,
        header: None,
    };
    for (label, value) in fields {
        let (size, leading, _) = metrics(value.style);
        let x = lay.geo.left;
        let cells = vec![
            Cell {
                x,
                lines: lay.plain(label, Style::Bold, MUTED, 9.0, label_w - 8.0),
                size: 9.0,
                leading,
            },
            Cell {
                x: x + label_w,
                lines: lay.lines(value, width - label_w, size, Opts::default()),
                size,
                leading,
            },
        ];
        place_row(lay, &mut grid, cells);
    }
    lay.y += 6.0;
}

fn head_height(grid: &Grid) -> f32 {
    grid.header.as_ref().map_or(0.0, |h| {
        h.iter().map(Cell::height).fold(0.0, f32::max) + 2.0 * PAD_Y
    })
}

fn draw_header(lay: &mut Layout, grid: &Grid) {
    let Some(cells) = &grid.header else {
        return;
    };
    let h = head_height(grid);
    let (x, w, y) = (lay.geo.left, lay.geo.width(), lay.y);
    lay.push(Item::Fill {
        x,
        y,
        w,
        h,
        color: HEAD_BG,
    });
    for c in cells {
        for (i, line) in c.lines.iter().enumerate() {
            let top = y + PAD_Y + i as f32 * c.leading;
            lay.push(Item::Text {
                x: c.x,
                y: baseline(top, c.size, c.leading),
                line: Arc::new(line.clone()),
            });
        }
    }
    lay.push(Item::Rule {
        x1: x,
        x2: x + w,
        y: y + h,
        width: 0.8,
        color: HEAD_RULE,
        dotted: false,
    });
    lay.y += h;
}

fn new_page(lay: &mut Layout, grid: &Grid) {
    lay.new_page();
    draw_header(lay, grid);
}

/// Places a row, splitting it between lines across pages when it does not fit.
fn place_row(lay: &mut Layout, grid: &mut Grid, mut cells: Vec<Cell>) {
    let body = lay.geo.bottom - lay.geo.top;
    loop {
        let h = cells.iter().map(Cell::height).fold(0.0, f32::max) + 2.0 * grid.pad_y;
        let avail = lay.geo.bottom - lay.y;
        if lay.pages.is_empty() {
            new_page(lay, grid);
            continue;
        }
        if h <= avail + 0.01 {
            draw_part(lay, grid, &mut cells, f32::INFINITY);
            return;
        }
        let just_started = lay.fresh || (lay.y - lay.geo.top) <= head_height(grid) + 0.01;
        if !just_started && h <= body * 0.3 {
            new_page(lay, grid);
            continue;
        }
        let room = avail - 2.0 * grid.pad_y;
        let fits_one = cells
            .iter()
            .any(|c| !c.lines.is_empty() && c.leading <= room);
        if !fits_one {
            if just_started {
                // Cannot happen with real page sizes: draw a line anyway rather than loop.
                draw_part(lay, grid, &mut cells, f32::INFINITY);
                return;
            }
            new_page(lay, grid);
            continue;
        }
        draw_part(lay, grid, &mut cells, room);
        if cells.iter().all(|c| c.lines.is_empty()) {
            return;
        }
        new_page(lay, grid);
    }
}

/// Draws as many lines of each cell as fit in `room` points and removes them from the cells.
fn draw_part(lay: &mut Layout, grid: &Grid, cells: &mut [Cell], room: f32) {
    let top = lay.y;
    let mut used: f32 = 0.0;
    for c in cells.iter_mut() {
        let n = if room.is_finite() {
            ((room / c.leading + 0.001).floor() as usize).min(c.lines.len())
        } else {
            c.lines.len()
        };
        for (i, line) in c.lines.drain(..n).enumerate() {
            let y = baseline(top + grid.pad_y + i as f32 * c.leading, c.size, c.leading);
            lay.push(Item::Text {
                x: c.x,
                y,
                line: Arc::new(line),
            });
        }
        used = used.max(n as f32 * c.leading);
    }
    let h = used + 2.0 * grid.pad_y;
    lay.y = top + h;
    if grid.rules {
        let (x1, x2) = (lay.geo.left, lay.geo.right);
        lay.push(Item::Rule {
            x1,
            x2,
            y: top + h,
            width: 0.4,
            color: RULE,
            dotted: false,
        });
    }
    lay.fresh = false;
}
