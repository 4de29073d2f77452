//! Page furniture: the running header and footer (marking, header text, page numbers, rules)
//! and the cover's marks, added to the laid-out pages once their number is known, and the
//! contents' page numbers, which become text only then.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fonts::Style;
use crate::layout::{Item, Page, ACCENT, MUTED, RULE, TEXT};
use crate::para::{self, Line, Rgb, Run};
use crate::shape::Shaper;
use crate::MM;

use super::Frame;

/// A single line of `text`, cut with an ellipsis to `max_w` points.
fn fit(
    shaper: &mut Shaper,
    text: &str,
    style: Style,
    color: Rgb,
    size: f32,
    max_w: f32,
) -> Option<Line> {
    let one = |shaper: &mut Shaper, t: &str| {
        let runs = [Run {
            text: t,
            style,
            color,
            link: None,
            keep: false,
        }];
        let mut lines = para::layout(shaper, &runs, size, 1.0e6, para::Opts::default());
        if lines.len() > 1 {
            // Several lines (newlines in the text): keep the first.
            lines.truncate(1);
        }
        lines.pop()
    };
    let line = one(shaper, text)?;
    if line.width <= max_w {
        return Some(line);
    }
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0usize, bounds.len());
    let mut best = None;
    while lo < hi {
        let mid = (lo + hi) / 2;
        let cut = bounds.get(mid).copied().unwrap_or(0);
        let candidate = format!("{}…", text.get(..cut).unwrap_or("").trim_end());
        match one(shaper, &candidate) {
            Some(l) if l.width <= max_w => {
                best = Some(l);
                lo = mid + 1;
            }
            _ => hi = mid,
        }
    }
    best
}

/// The running header's and footer's lines, the same on every page, set once: what [`fit`]
/// made of each (text, style, colour, size, width) asked for.
#[derive(Default)]
pub(crate) struct Running(HashMap<RunningKey, Option<Arc<Line>>>);

/// Text, style, colour (its components' bits), size and width (their bits).
type RunningKey = (String, Style, [u32; 3], u32, u32);

impl Running {
    /// [`fit`] of the same text in the same style, colour, size and width as on an earlier page, set again
    /// only when not seen before.
    fn fit(
        &mut self,
        shaper: &mut Shaper,
        text: &str,
        style: Style,
        color: Rgb,
        size: f32,
        max_w: f32,
    ) -> Option<Arc<Line>> {
        let rgb = [color.0.to_bits(), color.1.to_bits(), color.2.to_bits()];
        let key = (text.to_owned(), style, rgb, size.to_bits(), max_w.to_bits());
        self.0
            .entry(key)
            .or_insert_with(|| fit(shaper, text, style, color, size, max_w).map(Arc::new))
            .clone()
    }
}

/// Adds the running header and footer of page `n` (1-based).
fn furniture(shaper: &mut Shaper, run: &mut Running, f: &Frame, page: &mut Page, n: usize) {
    let g = f.geo;
    let head_y = 13.5 * MM;
    let foot_y = g.page_h - 11.0 * MM;
    let size = 8.0;
    let mut left_w = 0.0;
    if let Some(m) = f.doc.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        if let Some(l) = run.fit(shaper, m, Style::Bold, ACCENT, size, g.width() * 0.3) {
            left_w = l.width;
            let right_x = g.right - l.width;
            page.items.push(Item::Text {
                x: g.left,
                y: head_y,
                line: Arc::clone(&l),
            });
            page.items.push(Item::Text {
                x: right_x,
                y: head_y,
                line: l,
            });
            let avail = right_x - 12.0 - (g.left + left_w + 24.0);
            if let Some(r) = run.fit(
                shaper,
                &f.doc.header_right,
                Style::Regular,
                MUTED,
                size,
                avail,
            ) {
                page.items.push(Item::Text {
                    x: right_x - 12.0 - r.width,
                    y: head_y,
                    line: r,
                });
            }
        }
    } else if let Some(r) = run.fit(
        shaper,
        &f.doc.header_right,
        Style::Regular,
        MUTED,
        size,
        g.width(),
    ) {
        page.items.push(Item::Text {
            x: g.right - r.width,
            y: head_y,
            line: r,
        });
    }
    let _ = left_w;
    page.items.push(Item::Rule {
        x1: g.left,
        x2: g.right,
        y: head_y + 4.5,
        width: 0.5,
        color: RULE,
        dotted: false,
    });
    page.items.push(Item::Rule {
        x1: g.left,
        x2: g.right,
        y: foot_y - 10.0,
        width: 0.5,
        color: RULE,
        dotted: false,
    });
    let num = format!("Page {n} of {}", f.total);
    let mut num_w = 0.0;
    if let Some(l) = fit(shaper, &num, Style::Regular, MUTED, size, g.width()) {
        num_w = l.width;
        page.items.push(Item::Text {
            x: g.right - l.width,
            y: foot_y,
            line: Arc::new(l),
        });
    }
    let avail = g.width() - num_w - 24.0;
    if let Some(l) = run.fit(
        shaper,
        &f.doc.footer_left,
        Style::Regular,
        MUTED,
        size,
        avail,
    ) {
        page.items.push(Item::Text {
            x: g.left,
            y: foot_y,
            line: l,
        });
    }
}

/// The cover shows the marking at its top and bottom.
fn cover_marks(shaper: &mut Shaper, f: &Frame, page: &mut Page) {
    let g = f.geo;
    let Some(m) = f.doc.marking.as_deref().filter(|m| !m.trim().is_empty()) else {
        return;
    };
    if let Some(l) = fit(shaper, m, Style::Bold, ACCENT, 10.0, g.width()) {
        let x = g.left + (g.width() - l.width) / 2.0;
        let l = Arc::new(l);
        page.items.push(Item::Text {
            x,
            y: 15.0 * MM,
            line: Arc::clone(&l),
        });
        page.items.push(Item::Text {
            x,
            y: g.page_h - 12.0 * MM,
            line: l,
        });
    }
}

/// Adds the running header and footer (or the cover's marks) to page `n` (1-based), and turns the
/// contents' page numbers, known now, into text.
pub(crate) fn furnish(
    shaper: &mut Shaper,
    run: &mut Running,
    f: &Frame,
    page: &mut Page,
    n: usize,
) {
    if page.cover {
        cover_marks(shaper, f, page);
    } else {
        furniture(shaper, run, f, page, n);
    }
    for item in &mut page.items {
        let Item::PageNum {
            x_right,
            y,
            heading,
            bold,
            size,
        } = *item
        else {
            continue;
        };
        let Some(rec) = f.headings.get(heading) else {
            continue;
        };
        let style = if bold { Style::Bold } else { Style::Regular };
        let text = (rec.page + 1).to_string();
        if let Some(line) = fit(shaper, &text, style, TEXT, size, 60.0) {
            *item = Item::Text {
                x: x_right - line.width,
                y,
                line: Arc::new(line),
            };
        }
    }
}
