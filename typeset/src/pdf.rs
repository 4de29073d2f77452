//! Turns laid-out pages into PDF: running header and footer, glyph runs with exact positions
//! (kerning and offsets as TJ adjustments against the font's own widths, since `Tw` does nothing
//! with CID fonts), rules, fills and borderless internal links.
//!
//! printpdf is left only what it is needed for: embedding the subset fonts (with their widths and
//! ToUnicode maps), the page tree and the link annotations. Page content streams are written here
//! directly, in the very bytes printpdf would write for the same operations, on two threads: going
//! through printpdf's operation lists and lopdf's content objects cost most of the render time.
//! printpdf learns which glyphs each font needs (and the text each stands for) from one probe text
//! object on the first page, listing every used glyph once; its serialised form gives back the
//! glyph numbers of the subset fonts, and that page's content is then replaced like all others.

use std::io::Write as _;

use printpdf::{
    Actions, BorderArray, Codepoint, Destination, FontId, HighlightingMode, LinkAnnotation, Op,
    PdfFontHandle, Pt, Rect, TextItem,
};

use crate::fonts::Style;
use crate::layout::{Geometry, HeadingRec, Item, Page, ACCENT, MUTED, RULE, TEXT};
use crate::model::Document;
use crate::para::{self, Line, Placed, Rgb, Run};
use crate::shape::Shaper;
use crate::Error;

const MM: f32 = 72.0 / 25.4;

/// What the page writer needs besides the pages.
pub(crate) struct Frame<'a> {
    pub doc: &'a Document,
    pub geo: Geometry,
    pub headings: &'a [HeadingRec],
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

/// Adds the running header and footer (or the cover's marks) to page `n` (1-based), and turns the
/// contents' page numbers, known now, into text.
pub(crate) fn furnish(shaper: &mut Shaper, f: &Frame, page: &mut Page, n: usize) {
    if page.cover {
        cover_marks(shaper, f, page);
    } else {
        furniture(shaper, f, page, n);
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
                line,
            };
        }
    }
}

/// The text a glyph stands for in the ToUnicode map, as printpdf records it.
#[derive(Debug, Clone, Default, PartialEq)]
enum Slot {
    #[default]
    Unused,
    /// The character the font's own cmap gives for the glyph.
    Primary,
    /// The text of the glyph's cluster.
    Text(Box<str>),
}

/// The glyphs used per face, each with the text it stood for where it was last drawn (printpdf
/// keeps the last one too).
pub(crate) struct Usage {
    fonts: Vec<Vec<Slot>>,
}

impl Usage {
    /// Walks the text of all pages in drawing order.
    pub(crate) fn collect(pages: &[Page], faces: usize) -> Self {
        let mut fonts: Vec<Vec<Slot>> = vec![Vec::new(); faces];
        for page in pages {
            for item in &page.items {
                let Item::Text { line, .. } = item else {
                    continue;
                };
                for p in &line.items {
                    let Some(slots) = fonts.get_mut(usize::from(p.shaped.font)) else {
                        continue;
                    };
                    for g in &p.shaped.glyphs {
                        let i = usize::from(g.gid);
                        if slots.len() <= i {
                            slots.resize(i + 1, Slot::Unused);
                        }
                        let Some(slot) = slots.get_mut(i) else {
                            continue;
                        };
                        match (&g.cid, &*slot) {
                            (None, Slot::Primary) => {}
                            (None, _) => *slot = Slot::Primary,
                            (Some(c), Slot::Text(old)) if old == c => {}
                            (Some(c), _) => *slot = Slot::Text(c.clone()),
                        }
                    }
                }
            }
        }
        Usage { fonts }
    }

    /// The used glyphs of face `font`, ascending.
    fn glyphs(&self, font: usize) -> impl Iterator<Item = (u16, &Slot)> {
        self.fonts
            .get(font)
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, s)| **s != Slot::Unused)
            .map(|(gid, s)| (u16::try_from(gid).unwrap_or(0), s))
    }

    fn used(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.fonts.len()).filter(|&i| self.glyphs(i).next().is_some())
    }

    /// A text object showing every used glyph of every used face once, for printpdf to subset
    /// the fonts and write their ToUnicode maps from.
    pub(crate) fn probe(&self, font_ids: &[FontId]) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        for i in self.used() {
            let Some(id) = font_ids.get(i) else {
                continue;
            };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(10.0),
            });
            let glyphs = self
                .glyphs(i)
                .map(|(gid, slot)| Codepoint {
                    gid,
                    offset: 0.0,
                    cid: match slot {
                        Slot::Text(t) => Some(t.to_string()),
                        _ => None,
                    },
                })
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(glyphs)],
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// Reads the codes printpdf gave the probe's glyphs (in the serialised `content` of the probe)
    /// and returns, per face, its resource name and the code of each used glyph.
    pub(crate) fn codes(&self, font_ids: &[FontId], content: &[u8]) -> Result<Vec<FontOut>, Error> {
        let mut out: Vec<FontOut> = font_ids
            .iter()
            .map(|id| FontOut {
                name: name_bytes(id.0.as_bytes()),
                codes: Vec::new(),
            })
            .collect();
        let mut rest = content;
        for i in self.used() {
            let open = rest.iter().position(|&b| b == b'[');
            let close = rest.iter().position(|&b| b == b']');
            let (Some(open), Some(close)) = (open, close) else {
                return Err(Error::Pdf("font probe: glyph run missing".into()));
            };
            let array = rest.get(open + 1..close).unwrap_or_default();
            rest = rest.get(close + 1..).unwrap_or_default();
            let mut codes = array
                .split(|&b| b == b'<' || b == b'>')
                .filter(|t| !t.is_empty())
                .map(|t| {
                    std::str::from_utf8(t)
                        .ok()
                        .and_then(|t| u16::from_str_radix(t, 16).ok())
                });
            let Some(font) = out.get_mut(i) else {
                continue;
            };
            for (gid, _) in self.glyphs(i) {
                let Some(Some(code)) = codes.next() else {
                    return Err(Error::Pdf("font probe: glyph codes missing".into()));
                };
                let g = usize::from(gid);
                if font.codes.len() <= g {
                    font.codes.resize(g + 1, 0);
                }
                if let Some(c) = font.codes.get_mut(g) {
                    *c = code;
                }
            }
            if codes.next().is_some() {
                return Err(Error::Pdf("font probe: unexpected glyph codes".into()));
            }
        }
        Ok(out)
    }
}

/// How a face is written in content streams.
pub(crate) struct FontOut {
    /// Its resource name, escaped as a PDF name.
    name: Vec<u8>,
    /// The code of each glyph (by glyph id) in the embedded font.
    codes: Vec<u16>,
}

/// A name's bytes as lopdf writes them (without the slash).
fn name_bytes(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            let _ = write!(out, "#{b:02X}");
        } else {
            out.push(b);
        }
    }
    out
}

/// The link annotations of a page, in the order printpdf lists them.
pub(crate) fn links(f: &Frame, page: &Page) -> Vec<Op> {
    let mut ops = Vec::new();
    for item in &page.items {
        if let Item::Link {
            x,
            y,
            w,
            h: lh,
            heading,
        } = item
        {
            link(&mut ops, f, *x, *y, *w, *lh, *heading);
        }
    }
    for item in &page.items {
        if let Item::Text { x, y, line } = item {
            text_links(&mut ops, f, *x, *y, line);
        }
    }
    ops
}

/// A content stream being written, operators separated by newlines and each operand followed by
/// a space, as lopdf encodes content.
struct Out {
    buf: Vec<u8>,
    newline: bool,
}

impl Out {
    fn sep(&mut self) {
        if self.newline {
            self.buf.push(b'\n');
            self.newline = false;
        }
    }
    fn real(&mut self, v: f32) {
        self.sep();
        let _ = write!(self.buf, "{v} ");
    }
    fn op(&mut self, op: &str) {
        self.sep();
        self.buf.extend_from_slice(op.as_bytes());
        self.newline = true;
    }
    fn rgb(&mut self, c: Rgb, op: &str) {
        self.real(c.0);
        self.real(c.1);
        self.real(c.2);
        self.op(op);
    }
}

fn hex(buf: &mut Vec<u8>, code: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let d = |n: u16| DIGITS.get(usize::from(n & 15)).copied().unwrap_or(b'0');
    buf.extend_from_slice(&[
        b'<',
        d(code >> 12),
        d(code >> 8),
        d(code >> 4),
        d(code),
        b'>',
    ]);
}

/// The content stream of a page (furnished): graphics first, under the text, then all text in
/// one text object.
pub(crate) fn content(f: &Frame, page: &Page, fonts: &[FontOut]) -> Vec<u8> {
    let h = f.geo.page_h;
    let mut out = Out {
        buf: Vec::with_capacity(16 * 1024),
        newline: false,
    };
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
                out.rgb(*c, "rg");
                out.real(*x);
                out.real(h - y - rh);
                out.real(*w);
                out.real(*rh);
                out.op("re");
                out.op("f");
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
                    out.op("q");
                    out.sep();
                    out.buf.extend_from_slice(b"[0.1 2.9] 0 d");
                    out.newline = true;
                    out.sep();
                    out.buf.extend_from_slice(b"1 J");
                    out.newline = true;
                    stroke = None;
                }
                if stroke != Some((*c, *width)) {
                    out.rgb(*c, "RG");
                    out.real(*width);
                    out.op("w");
                    stroke = Some((*c, *width));
                }
                out.real(*x1);
                out.real(h - y);
                out.op("m");
                out.real(*x2);
                out.real(h - y);
                out.op("l");
                out.op("S");
                if *dotted {
                    out.op("Q");
                    stroke = None;
                }
            }
            _ => {}
        }
    }
    let mut pen = Pen::default();
    out.op("BT");
    for item in &page.items {
        if let Item::Text { x, y, line } = item {
            show_line(&mut out, &mut pen, fonts, *x, h - y, line);
        }
    }
    out.op("ET");
    out.buf
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
fn glyphs(out: &mut Out, pen: &mut Pen, fonts: &[FontOut], x: f32, y: f32, group: &[Placed]) {
    let Some(head) = group.first() else {
        return;
    };
    let s = &head.shaped;
    let Some(font) = fonts.get(usize::from(s.font)) else {
        return;
    };
    let size = head.size;
    let key = (s.font, size.to_bits());
    if pen.font != Some(key) {
        out.sep();
        out.buf.push(b'/');
        out.buf.extend_from_slice(&font.name);
        out.buf.push(b' ');
        out.real(size);
        out.op("Tf");
        pen.font = Some(key);
    }
    if pen.color != Some(head.color) {
        out.rgb(head.color, "rg");
        pen.color = Some(head.color);
    }
    // Glyphs go out in TJ arrays, each begun where its first glyph goes; a glyph raised or
    // lowered from the baseline (a combining mark: Arabic and Hebrew vowels) starts a new array
    // at its own height.
    let mut tj: Vec<u8> = Vec::with_capacity(64);
    let mut run: Option<(f32, f32)> = None;
    // Where the next glyph would go after what is written so far: adjustments are whole
    // thousandths of the em (0.01 pt at 10 pt), each made against this pen, so rounding never
    // adds up along a line, and whole numbers keep the streams short.
    let mut pen_x = 0.0f32;
    for p in group {
        let scale = size / p.shaped.upem;
        let k = 1000.0 / p.shaped.upem;
        let mut adv = 0i32;
        for g in &p.shaped.glyphs {
            let pos = p.x + (adv + g.x_off) as f32 * scale;
            let rise = g.y_off as f32 * scale;
            adv += g.adv;
            match run {
                Some((_, r)) if r == rise => {
                    let off = ((pen_x - pos) * 1000.0 / size).round();
                    if off != 0.0 {
                        let _ = write!(tj, " {}", off as i32);
                        pen_x -= off * size / 1000.0;
                    }
                }
                _ => {
                    if let Some((start, r)) = run {
                        show(out, pen, x + start, y + r, &tj);
                        tj.clear();
                    }
                    run = Some((pos, rise));
                    pen_x = pos;
                }
            }
            pen_x += (g.natural as f32 * k).trunc() * size / 1000.0;
            let code = font.codes.get(usize::from(g.gid)).copied().unwrap_or(0);
            hex(&mut tj, code);
        }
    }
    if let Some((start, r)) = run {
        show(out, pen, x + start, y + r, &tj);
    }
}

/// Moves to (`x`, `y`) and shows the glyph codes and adjustments in `tj`.
fn show(out: &mut Out, pen: &mut Pen, x: f32, y: f32, tj: &[u8]) {
    out.real(x - pen.x);
    out.real(y - pen.y);
    out.op("Td");
    pen.x = x;
    pen.y = y;
    out.sep();
    out.buf.push(b'[');
    out.buf.extend_from_slice(tj);
    out.buf.extend_from_slice(b"] ");
    out.op("TJ");
}

/// Shows a line, grouping neighbouring pieces that share face, size and colour.
fn show_line(out: &mut Out, pen: &mut Pen, fonts: &[FontOut], x: f32, y: f32, line: &Line) {
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
            glyphs(out, pen, fonts, x, y, group);
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

/// The compressed content streams of all pages, written on two threads.
pub(crate) fn contents(f: &Frame, pages: &[Page], fonts: &[FontOut]) -> Vec<lopdf::Stream> {
    let write = |parity: usize| -> Vec<lopdf::Stream> {
        pages
            .iter()
            .skip(parity)
            .step_by(2)
            .map(|p| {
                let mut s = lopdf::Stream::new(lopdf::Dictionary::new(), content(f, p, fonts));
                crate::meta::deflate(&mut s);
                s
            })
            .collect()
    };
    let (even, odd) = std::thread::scope(|scope| {
        let odd = scope.spawn(|| write(1));
        let even = write(0);
        (even, odd.join().unwrap_or_default())
    });
    let mut out = Vec::with_capacity(pages.len());
    let mut odd = odd.into_iter();
    for s in even {
        out.push(s);
        if let Some(s) = odd.next() {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_hebrew_vowel_marks_are_drawn_at_their_own_height() {
        let fonts = crate::fonts::Fonts::load().unwrap_or_else(|e| panic!("{e}"));
        let faces = fonts.faces.len();
        let mut shaper = Shaper::new(fonts);
        let runs = [Run {
            text: "مُحَمَّدٌ وَلِيّ בְּרֵאשִׁית",
            style: Style::Regular,
            color: TEXT,
            link: None,
            keep: false,
        }];
        let lines = para::layout(&mut shaper, &runs, 10.0, 500.0, para::Opts::default());
        let line = lines.first().unwrap_or_else(|| panic!("one line"));
        // The heights rustybuzz gives the marks, in points at 10 pt.
        let raised: Vec<f32> = line
            .items
            .iter()
            .flat_map(|p| {
                p.shaped
                    .glyphs
                    .iter()
                    .filter(|g| g.y_off != 0)
                    .map(|g| g.y_off as f32 * 10.0 / p.shaped.upem)
            })
            .collect();
        assert!(
            raised.len() >= 3,
            "rustybuzz places marks off the baseline: {raised:?}"
        );
        let fonts: Vec<FontOut> = (0..faces)
            .map(|_| FontOut {
                name: b"F".to_vec(),
                codes: Vec::new(),
            })
            .collect();
        let mut out = Out {
            buf: Vec::new(),
            newline: false,
        };
        let mut pen = Pen::default();
        show_line(&mut out, &mut pen, &fonts, 100.0, 700.0, line);
        let stream = String::from_utf8_lossy(&out.buf);
        let mut y = 0.0f32;
        let mut off = Vec::new();
        for l in stream.lines().filter(|l| l.ends_with(" Td")) {
            let moves: Vec<f32> = l
                .split_whitespace()
                .take(2)
                .filter_map(|v| v.parse().ok())
                .collect();
            y += moves.get(1).copied().unwrap_or(0.0);
            if (y - 700.0).abs() > 0.01 {
                off.push(y - 700.0);
            }
        }
        assert!(
            off.len() >= 3,
            "marks are shown above or below the baseline:\n{stream}"
        );
        for d in &off {
            assert!(
                raised.iter().any(|r| (r - d).abs() < 0.01),
                "each raised glyph run sits at a mark's own offset ({d} not in {raised:?})"
            );
        }
    }
}
