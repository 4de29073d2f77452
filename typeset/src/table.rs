//! Tables and label/value lists: rows of wrapped cells. A table's header row (bold, on a light
//! background) is repeated on every page the table runs onto; a row taller than what is left of the
//! page is split between lines, so nothing is ever drawn below the text area.

use crate::fonts::Style;
use crate::layout::{baseline, metrics, Item, Layout, MUTED, RULE, TEXT};
use crate::model::{ParaStyle, Paragraph, Table};
use crate::para::{Line, Rgb};

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;
const CELL_SIZE: f32 = 9.0;
const CELL_LEADING: f32 = 12.5;
const HEAD_BG: Rgb = Rgb(0.925, 0.94, 0.955);
const HEAD_RULE: Rgb = Rgb(0.55, 0.58, 0.62);

/// A cell's remaining lines.
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

/// Lays out a [`Table`].
pub(crate) fn table(lay: &mut Layout, t: &Table) {
    if t.columns.is_empty() {
        return;
    }
    let width = lay.geo.width();
    let weights: Vec<f32> = t
        .columns
        .iter()
        .map(|c| {
            if c.weight.is_finite() && c.weight > 0.0 {
                c.weight
            } else {
                1.0
            }
        })
        .collect();
    let total: f32 = weights.iter().sum();
    let mut xs = Vec::with_capacity(weights.len());
    let mut acc = lay.geo.left;
    for w in &weights {
        let cw = w / total * width;
        xs.push((acc, cw));
        acc += cw;
    }
    let header: Vec<Cell> = t
        .columns
        .iter()
        .zip(&xs)
        .map(|(c, &(x, w))| Cell {
            x: x + PAD_X,
            lines: lay.plain(&c.header, Style::Bold, TEXT, 8.5, w - 2.0 * PAD_X),
            size: 8.5,
            leading: 11.5,
        })
        .collect();
    let mut grid = Grid {
        rules: true,
        pad_y: PAD_Y,
        header: Some(header),
    };
    // The header and the first row's first lines go together.
    lay.ensure(head_height(&grid) + CELL_LEADING * 2.0 + 2.0 * PAD_Y);
    draw_header(lay, &grid);
    for row in &t.rows {
        let cells = xs
            .iter()
            .enumerate()
            .map(|(i, &(x, w))| {
                let p = row.get(i);
                let (size, leading) = cell_metrics(p.map_or(ParaStyle::Body, |p| p.style));
                Cell {
                    x: x + PAD_X,
                    lines: p.map_or_else(Vec::new, |p| lay.lines(p, w - 2.0 * PAD_X, size)),
                    size,
                    leading,
                }
            })
            .collect();
        place_row(lay, &mut grid, cells);
    }
    grid.header = None;
    lay.y += 10.0;
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
                lines: lay.lines(value, width - label_w, size),
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
                line: line.clone(),
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
            lay.push(Item::Text { x: c.x, y, line });
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
