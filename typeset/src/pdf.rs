//! Turns laid-out pages into printpdf operations: running header and footer, glyph runs with exact
//! positions (kerning and offsets as TJ adjustments against the font's own widths, since `Tw` does
//! nothing with CID fonts), rules, fills and borderless internal links.

use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, FontId, HighlightingMode, LineCapStyle,
    LineDashPattern, LinePoint, LinkAnnotation, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt,
    Rect, TextItem,
};

use crate::fonts::Style;
use crate::layout::{Geometry, HeadingRec, Item, Page, ACCENT, MUTED, RULE, TEXT};
use crate::model::Document;
use crate::para::{self, Line, Placed, Rgb, Run};
use crate::shape::Shaper;

const MM: f32 = 72.0 / 25.4;

/// What the page writer needs besides the pages.
pub(crate) struct Frame<'a> {
    pub doc: &'a Document,
    pub geo: Geometry,
    pub headings: &'a [HeadingRec],
    pub font_ids: &'a [FontId],
    pub total: usize,
}

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
        }];
        let mut lines = para::layout(shaper, &runs, size, 1.0e6);
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

/// Adds the running header and footer of page `n` (1-based).
fn furniture(shaper: &mut Shaper, f: &Frame, page: &mut Page, n: usize) {
    let g = f.geo;
    let head_y = 13.5 * MM;
    let foot_y = g.page_h - 11.0 * MM;
    let size = 8.0;
    let mut left_w = 0.0;
    if let Some(m) = f.doc.marking.as_deref().filter(|m| !m.trim().is_empty()) {
        if let Some(l) = fit(shaper, m, Style::Bold, ACCENT, size, g.width() * 0.3) {
            left_w = l.width;
            let right_x = g.right - l.width;
            page.items.push(Item::Text {
                x: g.left,
                y: head_y,
                line: l.clone(),
            });
            page.items.push(Item::Text {
                x: right_x,
                y: head_y,
                line: l,
            });
            let avail = right_x - 12.0 - (g.left + left_w + 24.0);
            if let Some(r) = fit(
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
    } else if let Some(r) = fit(
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
            line: l,
        });
    }
    let avail = g.width() - num_w - 24.0;
    if let Some(l) = fit(
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
        page.items.push(Item::Text {
            x,
            y: 15.0 * MM,
            line: l.clone(),
        });
        page.items.push(Item::Text {
            x,
            y: g.page_h - 12.0 * MM,
            line: l,
        });
    }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(y) }
}

/// Converts one page (1-based number `n`) to a printpdf page.
pub(crate) fn page(shaper: &mut Shaper, f: &Frame, mut page: Page, n: usize) -> PdfPage {
    if page.cover {
        cover_marks(shaper, f, &mut page);
    } else {
        furniture(shaper, f, &mut page, n);
    }
    let h = f.geo.page_h;
    let mut ops = Vec::with_capacity(page.items.len() * 4);
    // Graphics first, under the text.
    let mut stroke: Option<(Rgb, f32)> = None;
    for item in &page.items {
        match item {
            Item::Fill {
                x,
                y,
                w,
                h: rh,
                color: c,
            } => {
                ops.push(Op::SetFillColor { col: color(*c) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(h - y - rh),
                        width: Pt(*w),
                        height: Pt(*rh),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Item::Rule {
                x1,
                x2,
                y,
                width,
                color: c,
                dotted,
            } => {
                if *dotted {
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::new(0.0, &[0.1, 2.9]),
                    });
                    ops.push(Op::SetLineCapStyle {
                        cap: LineCapStyle::Round,
                    });
                    stroke = None;
                }
                if stroke != Some((*c, *width)) {
                    ops.push(Op::SetOutlineColor { col: color(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    stroke = Some((*c, *width));
                }
                ops.push(Op::DrawLine {
                    line: printpdf::Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, h - y),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, h - y),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
                if *dotted {
                    ops.push(Op::RestoreGraphicsState);
                    stroke = None;
                }
            }
            Item::Link {
                x,
                y,
                w,
                h: lh,
                heading,
            } => link(&mut ops, f, *x, *y, *w, *lh, *heading),
            _ => {}
        }
    }
    // Then all text in one text object.
    let mut pen = Pen::default();
    ops.push(Op::StartTextSection);
    for item in page.items {
        match item {
            Item::Text { x, y, line } => {
                show_line(&mut ops, &mut pen, f, x, h - y, &line);
                text_links(&mut ops, f, x, y, &line);
            }
            Item::PageNum {
                x_right,
                y,
                heading,
                bold,
                size,
            } => {
                let Some(rec) = f.headings.get(heading) else {
                    continue;
                };
                let style = if bold { Style::Bold } else { Style::Regular };
                let text = (rec.page + 1).to_string();
                if let Some(l) = fit(shaper, &text, style, TEXT, size, 60.0) {
                    show_line(&mut ops, &mut pen, f, x_right - l.width, h - y, &l);
                }
            }
            _ => {}
        }
    }
    ops.push(Op::EndTextSection);
    PdfPage::new(
        printpdf::Mm(f.geo.page_w / MM),
        printpdf::Mm(f.geo.page_h / MM),
        ops,
    )
}

/// Text state already set in the current text object.
#[derive(Default)]
struct Pen {
    x: f32,
    y: f32,
    font: Option<(u8, u32)>,
    color: Option<Rgb>,
}

/// Shows a group of pieces of one line that share face, size and colour as one glyph run, each
/// glyph placed exactly by TJ adjustments against the widths the PDF declares.
fn glyphs(ops: &mut Vec<Op>, pen: &mut Pen, f: &Frame, x: f32, y: f32, group: &[Placed]) {
    let Some(head) = group.first() else {
        return;
    };
    let s = &head.shaped;
    let Some(font_id) = f.font_ids.get(usize::from(s.font)) else {
        return;
    };
    let size = head.size;
    let key = (s.font, size.to_bits());
    if pen.font != Some(key) {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id.clone()),
            size: Pt(size),
        });
        pen.font = Some(key);
    }
    if pen.color != Some(head.color) {
        ops.push(Op::SetFillColor {
            col: color(head.color),
        });
        pen.color = Some(head.color);
    }
    let mut out: Vec<Codepoint> = Vec::new();
    let mut start = None;
    let (mut prev_pos, mut prev_nat) = (0.0f32, 0.0f32);
    for p in group {
        let scale = size / p.shaped.upem;
        let k = 1000.0 / p.shaped.upem;
        let mut adv = 0i32;
        for g in &p.shaped.glyphs {
            let pos = p.x + (adv + g.x_off) as f32 * scale;
            adv += g.adv;
            if let Some(last) = out.last_mut() {
                let off = (prev_pos + prev_nat - pos) * 1000.0 / size;
                last.offset = (off * 100.0).round() / 100.0;
            } else {
                start = Some(pos);
            }
            prev_pos = pos;
            prev_nat = (g.natural as f32 * k).trunc() * size / 1000.0;
            out.push(Codepoint {
                gid: g.gid,
                offset: 0.0,
                cid: g.cid.as_deref().map(str::to_owned),
            });
        }
    }
    let Some(start) = start else {
        return;
    };
    let start_x = x + start;
    ops.push(Op::SetTextCursor {
        pos: pt(start_x - pen.x, y - pen.y),
    });
    pen.x = start_x;
    pen.y = y;
    ops.push(Op::ShowText {
        items: vec![TextItem::GlyphIds(out)],
    });
}

/// Shows a line, grouping neighbouring pieces that share face, size and colour.
fn show_line(ops: &mut Vec<Op>, pen: &mut Pen, f: &Frame, x: f32, y: f32, line: &Line) {
    let items = &line.items;
    let mut i = 0;
    while let Some(p) = items.get(i) {
        let key = (p.shaped.font, p.size.to_bits(), p.color);
        let mut j = i + 1;
        while items
            .get(j)
            .is_some_and(|q| (q.shaped.font, q.size.to_bits(), q.color) == key)
        {
            j += 1;
        }
        if let Some(group) = items.get(i..j) {
            glyphs(ops, pen, f, x, y, group);
        }
        i = j;
    }
}

fn text_links(ops: &mut Vec<Op>, f: &Frame, x: f32, y: f32, line: &Line) {
    let mut i = 0;
    let items = &line.items;
    while let Some(p) = items.get(i) {
        let Some(target) = p.link else {
            i += 1;
            continue;
        };
        let mut j = i;
        while items.get(j + 1).is_some_and(|q| q.link == Some(target)) {
            j += 1;
        }
        let last = items.get(j).unwrap_or(p);
        let x0 = x + p.x;
        let x1 = x + last.x + last.shaped.width_at(last.size);
        link(ops, f, x0, y - p.size * 1.0, x1 - x0, p.size * 1.3, target);
        i = j + 1;
    }
}

/// A borderless link annotation over the box at (`x`, `y` from the top), going to a heading.
fn link(ops: &mut Vec<Op>, f: &Frame, x: f32, y: f32, w: f32, h: f32, heading: usize) {
    let Some(rec) = f.headings.get(heading) else {
        return;
    };
    let ph = f.geo.page_h;
    ops.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            Rect::from_xywh(Pt(x), Pt(ph - y - h), Pt(w), Pt(h)),
            Actions::Goto(Destination::Xyz {
                page: rec.page + 1,
                left: None,
                top: Some(ph - rec.y + 6.0),
                zoom: None,
            }),
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            None,
            Some(HighlightingMode::Invert),
        ),
    });
}
