//! Page flow: places blocks top to bottom on pages of the chosen paper, breaking pages where
//! content no longer fits, keeping headings with what follows, and recording where each heading
//! landed (for the contents, the outline and links). The result is a list of pages of positioned
//! items in points, y measured from the top; `pdf` turns them into PDF operations.

use std::collections::HashMap;

use crate::fonts::{Fonts, Style};
use crate::model::{Block, Cover, Document, Heading, Paper, ParaStyle, Paragraph};
use crate::para::{self, Line, Opts, Rgb, Run};
use crate::shape::Shaper;
use crate::Error;

pub(crate) const TEXT: Rgb = Rgb(0.11, 0.12, 0.14);
pub(crate) const MUTED: Rgb = Rgb(0.40, 0.42, 0.46);
pub(crate) const ACCENT: Rgb = Rgb(0.09, 0.24, 0.42);
pub(crate) const LINK: Rgb = Rgb(0.10, 0.33, 0.62);
pub(crate) const RULE: Rgb = Rgb(0.78, 0.80, 0.83);

const MM: f32 = 72.0 / 25.4;

/// Page size and the text area, in points (y from the top).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    pub page_w: f32,
    pub page_h: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    pub(crate) fn of(paper: Paper) -> Self {
        let (page_w, page_h) = match paper {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::Letter => (612.0, 792.0),
        };
        Geometry {
            page_w,
            page_h,
            left: 20.0 * MM,
            right: page_w - 20.0 * MM,
            top: 22.0 * MM,
            bottom: page_h - 20.0 * MM,
        }
    }
    pub(crate) fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// Something drawn on a page.
#[derive(Debug)]
pub(crate) enum Item {
    /// A line of text; `y` is the baseline.
    Text { x: f32, y: f32, line: Line },
    /// A filled rectangle; `y` is its top.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A horizontal rule at `y`, dotted for contents leaders.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        color: Rgb,
        dotted: bool,
    },
    /// A clickable area going to a heading.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        heading: usize,
    },
    /// A contents entry's page number, right-aligned at `x_right`, known only once all is laid out.
    PageNum {
        x_right: f32,
        y: f32,
        heading: usize,
        bold: bool,
        size: f32,
    },
}

/// A laid-out page.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    pub cover: bool,
}

/// Where a heading landed.
#[derive(Debug, Clone)]
pub(crate) struct HeadingRec {
    pub text: String,
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, from the page's top.
    pub y: f32,
}

/// Size, leading and colour of a paragraph style.
pub(crate) fn metrics(style: ParaStyle) -> (f32, f32, Rgb) {
    match style {
        ParaStyle::Body => (10.0, 14.0, TEXT),
        ParaStyle::Small => (8.5, 11.5, MUTED),
        ParaStyle::Label => (10.0, 14.0, TEXT),
    }
}

/// The space after a top-level paragraph of `style`.
fn para_space(style: ParaStyle) -> f32 {
    match style {
        ParaStyle::Label => 2.0,
        ParaStyle::Small => 4.0,
        ParaStyle::Body => 6.0,
    }
}

/// Whether a block must not be the last thing on a page: a lead-in label or a paragraph marked
/// so (a note's meta line). Headings are kept with what follows by [`Layout::heading`].
fn keeps_with_next(b: &Block) -> bool {
    matches!(b, Block::Paragraph(p) if p.keep_with_next || p.style == ParaStyle::Label)
}

/// The baseline of a line whose box starts at `y`.
pub(crate) fn baseline(y: f32, size: f32, leading: f32) -> f32 {
    y + (leading - size * 1.36) / 2.0 + size * 1.07
}

/// The page flow.
pub(crate) struct Layout<'s> {
    pub shaper: &'s mut Shaper,
    pub geo: Geometry,
    pub pages: Vec<Page>,
    pub y: f32,
    /// Nothing placed on the current page yet.
    pub fresh: bool,
    pub headings: Vec<HeadingRec>,
    anchors: HashMap<String, usize>,
    /// Heading indexes listed in the contents, in order.
    pub contents: Vec<usize>,
    /// Texts and levels of all headings, known before layout.
    planned: Vec<(String, u8)>,
    /// The cover was just drawn: the next content starts a page.
    after_cover: bool,
    /// Body paragraphs and bullets are justified.
    justify: bool,
    /// Lines of paragraphs laid out ahead (to see what must stay with a heading), by the
    /// paragraph's address and width: taken when the paragraph is placed.
    ahead: Vec<(usize, u32, Vec<Line>)>,
    /// A table laid out ahead, by its address.
    ahead_table: Option<(usize, crate::table::Plan)>,
}

impl<'s> Layout<'s> {
    pub(crate) fn new(shaper: &'s mut Shaper, doc: &Document) -> Self {
        let geo = Geometry::of(doc.paper);
        let mut anchors = HashMap::new();
        let mut contents = Vec::new();
        let mut planned = Vec::new();
        for b in &doc.blocks {
            if let Block::Heading(h) = b {
                let idx = planned.len();
                if let Some(a) = &h.anchor {
                    anchors.entry(a.clone()).or_insert(idx);
                }
                if h.in_contents {
                    contents.push(idx);
                }
                planned.push((h.text.clone(), h.level));
            }
        }
        Layout {
            shaper,
            geo,
            pages: Vec::new(),
            y: geo.top,
            fresh: true,
            headings: Vec::new(),
            anchors,
            contents,
            planned,
            after_cover: false,
            justify: doc.justify,
            ahead: Vec::new(),
            ahead_table: None,
        }
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geo.top;
        self.fresh = true;
        self.after_cover = false;
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page();
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    pub(crate) fn push(&mut self, item: Item) {
        self.fresh = false;
        self.page().items.push(item);
    }

    /// Starts a new page unless `h` points still fit on this one (or it is empty).
    pub(crate) fn ensure(&mut self, h: f32) {
        if self.pages.is_empty() || (self.y + h > self.geo.bottom + 0.01 && !self.fresh) {
            self.new_page();
        }
        if self.after_cover {
            self.new_page();
        }
    }

    pub(crate) fn runs<'p>(&self, p: &'p Paragraph, base: Rgb, bold: bool) -> Vec<Run<'p>> {
        p.spans
            .iter()
            .map(|s| {
                let link = s.link.as_ref().and_then(|a| self.anchors.get(a).copied());
                Run {
                    text: &s.text,
                    style: Style::of(s.bold || bold, s.italic),
                    color: if link.is_some() { LINK } else { base },
                    link,
                    keep: s.keep_together,
                }
            })
            .collect()
    }

    /// Lays out a paragraph in `width` points.
    pub(crate) fn lines(&mut self, p: &Paragraph, width: f32, size: f32, opts: Opts) -> Vec<Line> {
        let (_, _, color) = metrics(p.style);
        let runs = self.runs(p, color, p.style == ParaStyle::Label);
        para::layout(self.shaper, &runs, size, width, opts)
    }

    /// Prepares a paragraph for measuring and filling (table cells).
    pub(crate) fn prepare(&mut self, p: &Paragraph, size: f32, opts: Opts) -> para::Prepared {
        let (_, _, color) = metrics(p.style);
        let runs = self.runs(p, color, p.style == ParaStyle::Label);
        para::prepare(self.shaper, &runs, size, opts)
    }

    /// How a top-level paragraph (or bulleted item) of `style` is set.
    fn body_opts(&self, style: ParaStyle) -> Opts {
        Opts {
            justify: self.justify && style == ParaStyle::Body,
            hyphenate: true,
            whole_words: false,
        }
    }

    /// The lines of a top-level paragraph or bulleted item in `width`, laid out ahead of time
    /// when it was looked at to keep what precedes it on its page.
    fn lines_ahead(&mut self, p: &Paragraph, width: f32, take: bool) -> Vec<Line> {
        let key = (std::ptr::from_ref(p) as usize, width.to_bits());
        if let Some(i) = self.ahead.iter().position(|a| (a.0, a.1) == key) {
            if take {
                return self.ahead.swap_remove(i).2;
            }
            return self.ahead.get(i).map(|a| a.2.clone()).unwrap_or_default();
        }
        let (size, _, _) = metrics(p.style);
        let opts = self.body_opts(p.style);
        let lines = self.lines(p, width, size, opts);
        if !take {
            if self.ahead.len() >= 8 {
                self.ahead.remove(0);
            }
            self.ahead.push((key.0, key.1, lines.clone()));
        }
        lines
    }

    /// A table's plan (column widths and cells' lines), laid out ahead of time when it was
    /// looked at to keep what precedes it on its page.
    pub(crate) fn table_plan(&mut self, t: &crate::model::Table, take: bool) -> crate::table::Plan {
        let key = std::ptr::from_ref(t) as usize;
        if let Some((k, plan)) = self.ahead_table.take() {
            if k == key {
                if !take {
                    self.ahead_table = Some((k, plan.clone()));
                }
                return plan;
            }
        }
        let plan = crate::table::plan(self, t);
        if !take {
            self.ahead_table = Some((key, plan.clone()));
        }
        plan
    }

    pub(crate) fn plain(
        &mut self,
        text: &str,
        style: Style,
        color: Rgb,
        size: f32,
        width: f32,
    ) -> Vec<Line> {
        let runs = [Run {
            text,
            style,
            color,
            link: None,
            keep: false,
        }];
        para::layout(self.shaper, &runs, size, width, Opts::default())
    }

    /// Places lines at `x`, breaking pages between lines.
    pub(crate) fn place(&mut self, lines: Vec<Line>, x: f32, size: f32, leading: f32) {
        for line in lines {
            self.ensure(leading);
            let y = baseline(self.y, size, leading);
            self.push(Item::Text { x, y, line });
            self.y += leading;
        }
    }

    /// How many lines of this page are still free at `leading`.
    fn room(&self, leading: f32) -> usize {
        ((self.geo.bottom - self.y + 0.01) / leading)
            .floor()
            .max(0.0) as usize
    }

    /// Places a paragraph's lines at `x`, never leaving one line of it alone at the foot of a
    /// page (orphan) or at the top of the next (widow): a paragraph that must be split keeps at
    /// least two lines on each side, and one of three lines or fewer is not split; a page does
    /// not end on a hyphenated line when one line less leaves two. `marker`
    /// (a bullet, with its x) goes beside the first line.
    fn place_para(
        &mut self,
        lines: Vec<Line>,
        x: f32,
        size: f32,
        leading: f32,
        mut marker: Option<(f32, Line)>,
    ) {
        let n = lines.len();
        let mut lines = lines.into_iter();
        let mut placed = 0;
        while placed < n {
            self.ensure(leading);
            let left = n - placed;
            let room = self.room(leading).max(1);
            let mut take = left.min(room);
            if take < left {
                if left - take < 2 {
                    take = left.saturating_sub(2);
                }
                // A word hyphenated over a page break reads badly: one line less here.
                if take > 2 && lines.as_slice().get(take - 1).is_some_and(|l| l.hyphen) {
                    take -= 1;
                }
                if take < 2 {
                    if !self.fresh {
                        self.new_page();
                        continue;
                    }
                    // A page too short for two lines: place what fits.
                    take = room.min(left);
                }
            }
            for line in lines.by_ref().take(take) {
                let y = baseline(self.y, size, leading);
                if let Some((mx, m)) = marker.take() {
                    self.push(Item::Text { x: mx, y, line: m });
                }
                self.push(Item::Text { x, y, line });
                self.y += leading;
            }
            placed += take;
            if placed < n {
                self.new_page();
            }
        }
    }

    /// The smallest part of a paragraph of `n` lines that may stand at the foot of a page.
    fn para_start(n: usize, leading: f32) -> f32 {
        (if n <= 3 { n } else { 2 }) as f32 * leading
    }

    /// The height the start of `rest` needs on the page of a block kept with it: a paragraph's
    /// first lines (as many as may stand alone at the foot of a page), a table's header and
    /// first row, and all of a chain of further blocks kept with what follows.
    fn lead(&mut self, rest: &[Block], depth: u8) -> f32 {
        let Some(b) = rest.first() else {
            return 0.0;
        };
        let then = rest.get(1..).unwrap_or_default();
        match b {
            Block::Paragraph(p) => {
                let (_, leading, _) = metrics(p.style);
                let w = self.geo.width();
                let n = self.lines_ahead(p, w, false).len();
                if keeps_with_next(b) && depth < 4 {
                    n as f32 * leading + para_space(p.style) + self.lead(then, depth + 1)
                } else {
                    Self::para_start(n, leading)
                }
            }
            Block::Heading(h) if h.level >= 2 && depth < 4 => {
                let (size, leading, before, after) = Self::heading_style(h.level);
                let w = self.geo.width();
                let n = self.plain(&h.text, Style::Bold, TEXT, size, w).len().max(1);
                before + n as f32 * leading + after + self.lead(then, depth + 1)
            }
            Block::Bullets(items) => match items.first() {
                Some(p) => {
                    let (_, leading, _) = metrics(p.style);
                    let w = self.geo.width() - 14.0;
                    let n = self.lines_ahead(p, w, false).len();
                    Self::para_start(n, leading)
                }
                None => 0.0,
            },
            Block::Fields(f) => crate::table::fields_lead(self, f),
            Block::Table(t) => {
                let plan = self.table_plan(t, false);
                crate::table::lead(self, &plan)
            }
            Block::Space(h) if depth < 4 => h.max(0.0) + self.lead(then, depth + 1),
            _ => 0.0,
        }
    }

    /// Moves to a new page unless `own` points of a block and the start of what follows it fit
    /// on this one.
    fn keep_with(&mut self, own: f32, rest: &[Block]) {
        let need = own + self.lead(rest, 0);
        if !self.fresh && !self.pages.is_empty() && self.y + need > self.geo.bottom + 0.01 {
            self.new_page();
        }
    }

    fn space(&mut self, h: f32) {
        if !self.fresh && h.is_finite() && h > 0.0 {
            self.y = (self.y + h).min(self.geo.bottom);
        }
    }

    /// Lays out one block; `rest` are the blocks after it.
    pub(crate) fn block(&mut self, b: &Block, rest: &[Block]) {
        match b {
            Block::Cover(c) => self.cover(c),
            Block::Heading(h) => self.heading(h, rest),
            Block::Contents { title } => self.contents_block(title),
            Block::Paragraph(p) => {
                let (size, leading, _) = metrics(p.style);
                let w = self.geo.width();
                let lines = self.lines_ahead(p, w, true);
                if keeps_with_next(b) {
                    self.ensure(0.0);
                    let own = lines.len() as f32 * leading + para_space(p.style);
                    self.keep_with(own, rest);
                }
                let x = self.geo.left;
                self.place_para(lines, x, size, leading, None);
                self.space(para_space(p.style));
            }
            Block::Bullets(items) => self.bullets(items),
            Block::Fields(fields) => crate::table::fields(self, fields),
            Block::Table(t) => crate::table::table(self, t),
            Block::Space(h) => self.space(*h),
            Block::PageBreak => {
                if !self.fresh {
                    self.new_page();
                }
            }
        }
    }

    fn cover(&mut self, c: &Cover) {
        if !self.pages.is_empty() && !self.fresh {
            self.new_page();
        }
        self.page().cover = true;
        self.fresh = false;
        let w = self.geo.width();
        let x = self.geo.left;
        self.y = self.geo.page_h * 0.30;
        let kicker = self.plain(&c.kicker, Style::Bold, MUTED, 12.0, w);
        self.place(kicker, x, 12.0, 18.0);
        self.y += 6.0;
        let title = self.plain(&c.title, Style::Bold, ACCENT, 30.0, w);
        self.place(title, x, 30.0, 38.0);
        self.y += 6.0;
        let bar_y = self.y;
        self.push(Item::Fill {
            x,
            y: bar_y,
            w: 60.0,
            h: 3.0,
            color: ACCENT,
        });
        self.y += 16.0;
        let sub = self.plain(&c.subtitle, Style::Regular, TEXT, 15.0, w);
        self.place(sub, x, 15.0, 20.0);
        self.y += 18.0;
        for l in &c.lines {
            let lines = self.plain(l, Style::Regular, MUTED, 10.5, w);
            self.place(lines, x, 10.5, 15.0);
        }
        // Whatever comes next starts on a page of its own.
        self.fresh = false;
        self.after_cover = true;
    }

    fn heading_style(level: u8) -> (f32, f32, f32, f32) {
        // size, leading, space before, space after
        match level {
            0 | 1 => (20.0, 25.0, 0.0, 12.0),
            2 => (13.5, 18.0, 14.0, 5.0),
            _ => (11.0, 15.0, 10.0, 3.0),
        }
    }

    fn heading(&mut self, h: &Heading, rest: &[Block]) {
        let (size, leading, before, after) = Self::heading_style(h.level);
        if h.level <= 1 && !self.fresh {
            self.new_page();
        }
        let w = self.geo.width();
        let color = if h.level <= 1 { ACCENT } else { TEXT };
        let lines = self.plain(&h.text, Style::Bold, color, size, w);
        let rule = if h.level <= 1 { 8.0 } else { 0.0 };
        let need = before + lines.len().max(1) as f32 * leading + rule + after + self.lead(rest, 0);
        self.ensure(need);
        if self.y + need > self.geo.bottom && !self.fresh {
            self.new_page();
        }
        self.space(before);
        if self.pages.is_empty() {
            self.new_page();
        }
        self.headings.push(HeadingRec {
            text: h.text.clone(),
            level: h.level,
            page: self.pages.len().saturating_sub(1),
            y: self.y,
        });
        let x = self.geo.left;
        self.place(lines, x, size, leading);
        if rule > 0.0 {
            self.accent_rule();
            self.y += rule - 3.0;
        }
        self.y += after;
        self.fresh = false;
    }

    /// The accent rule under a section heading or the contents' title, 3 pt below the text.
    fn accent_rule(&mut self) {
        self.y += 3.0;
        let (x1, x2, y) = (self.geo.left, self.geo.right, self.y);
        self.push(Item::Rule {
            x1,
            x2,
            y,
            width: 1.0,
            color: ACCENT,
            dotted: false,
        });
    }

    fn contents_block(&mut self, title: &str) {
        if !self.fresh {
            self.new_page();
        }
        let w = self.geo.width();
        let x = self.geo.left;
        let (size, leading, _, after) = Self::heading_style(1);
        let lines = self.plain(title, Style::Bold, ACCENT, size, w);
        self.place(lines, x, size, leading);
        self.accent_rule();
        self.y += 5.0 + after;
        let entries = self.contents.clone();
        for idx in entries {
            let (text, level) = self.planned.get(idx).cloned().unwrap_or_default();
            let bold = level <= 1;
            let (size, leading) = if bold { (10.5, 15.0) } else { (10.0, 14.0) };
            let indent = f32::from(level.saturating_sub(1).min(4)) * 16.0;
            let num_w = 36.0;
            let style = if bold { Style::Bold } else { Style::Regular };
            let lines = self.plain(&text, style, TEXT, size, w - indent - num_w);
            if bold {
                self.space(5.0);
            }
            let n = lines.len();
            self.ensure(leading * n.max(1) as f32);
            for (i, line) in lines.into_iter().enumerate() {
                self.ensure(leading);
                let top = self.y;
                let base = baseline(top, size, leading);
                let lx = x + indent;
                let end = lx + line.width;
                self.push(Item::Text {
                    x: lx,
                    y: base,
                    line,
                });
                if i + 1 == n {
                    let right = self.geo.right;
                    if end + 8.0 < right - num_w + 6.0 {
                        self.push(Item::Rule {
                            x1: end + 4.0,
                            x2: right - num_w + 6.0,
                            y: base,
                            width: 0.8,
                            color: MUTED,
                            dotted: true,
                        });
                    }
                    self.push(Item::PageNum {
                        x_right: right,
                        y: base,
                        heading: idx,
                        bold,
                        size,
                    });
                }
                self.push(Item::Link {
                    x: lx,
                    y: top,
                    w: self.geo.right - lx,
                    h: leading,
                    heading: idx,
                });
                self.y += leading;
            }
        }
        self.space(8.0);
    }

    fn bullets(&mut self, items: &[Paragraph]) {
        let w = self.geo.width();
        let x = self.geo.left;
        for p in items {
            let (size, leading, color) = metrics(p.style);
            let lines = self.lines_ahead(p, w - 14.0, true);
            let dot = self
                .plain("•", Style::Regular, color, size, w)
                .into_iter()
                .next()
                .map(|d| (x + 3.0, d));
            self.place_para(lines, x + 14.0, size, leading, dot);
            self.space(2.0);
        }
        self.space(4.0);
    }

    /// Every page laid out; a document with no content still gets one page.
    pub(crate) fn finish(mut self) -> (Vec<Page>, Vec<HeadingRec>, Vec<usize>, Geometry) {
        if self.pages.is_empty() {
            self.new_page();
        }
        (self.pages, self.headings, self.contents, self.geo)
    }
}

/// Everything layout produces: pages, where headings landed, the contents' heading indexes and
/// the geometry.
pub(crate) type Laid = (Vec<Page>, Vec<HeadingRec>, Vec<usize>, Geometry);

/// Documents with fewer blocks than this are laid out on one thread.
const MIN_SPLIT_BLOCKS: usize = 50;

/// Whether `b` always begins on a page of its own: a level-1 heading, the cover, the contents and
/// a page break each start a new page unless the current one is still empty. Layout can be split
/// before such a block, the later part laid out from a fresh page.
fn starts_page(b: &Block) -> bool {
    match b {
        Block::Cover(_) | Block::Contents { .. } | Block::PageBreak => true,
        Block::Heading(h) => h.level <= 1,
        _ => false,
    }
}

fn para_cost(p: &Paragraph) -> usize {
    p.spans.iter().map(|s| s.text.len()).sum::<usize>() + 16
}

/// A cheap estimate of the work laying out `b` takes (about its text length).
fn cost(b: &Block, contents: usize) -> usize {
    match b {
        Block::Cover(c) => c.kicker.len() + c.title.len() + c.subtitle.len() + 64,
        Block::Heading(h) => h.text.len() + 32,
        Block::Contents { .. } => contents,
        Block::Paragraph(p) => para_cost(p),
        Block::Bullets(items) => items.iter().map(para_cost).sum::<usize>() + 8,
        Block::Fields(f) => f.iter().map(|(l, p)| l.len() + para_cost(p)).sum::<usize>() + 8,
        Block::Table(t) => {
            t.columns.iter().map(|c| c.header.len() + 8).sum::<usize>()
                + t.rows
                    .iter()
                    .flat_map(|r| r.iter().map(para_cost))
                    .sum::<usize>()
        }
        Block::Space(_) | Block::PageBreak => 1,
    }
}

/// Where to split `blocks` into up to `parts` runs of about equal work, each beginning with a
/// block that starts a page (other than the first): the first block index of each run, 0 first.
fn split_points(blocks: &[Block], parts: usize) -> Vec<usize> {
    if parts < 2 || blocks.len() < MIN_SPLIT_BLOCKS {
        return vec![0];
    }
    let contents: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) if h.in_contents => h.text.len() + 48,
            _ => 0,
        })
        .sum();
    // before[i]: the work of the blocks before block i.
    let mut before = Vec::with_capacity(blocks.len() + 1);
    let mut acc = 0usize;
    for b in blocks {
        before.push(acc);
        acc += cost(b, contents);
    }
    let total = acc.max(1);
    let mut starts = vec![0];
    for k in 1..parts {
        let target = total * k / parts;
        let last = starts.last().copied().unwrap_or(0);
        let best = blocks
            .iter()
            .enumerate()
            .skip(last + 1)
            .filter(|(_, b)| starts_page(b))
            .map(|(i, _)| (i, before.get(i).copied().unwrap_or(total)))
            .min_by_key(|&(_, w)| w.abs_diff(target));
        if let Some((i, _)) = best {
            starts.push(i);
        }
    }
    starts
}

/// The state a run of blocks laid out on its own leaves behind.
struct Part {
    pages: Vec<Page>,
    headings: Vec<HeadingRec>,
    y: f32,
    fresh: bool,
    after_cover: bool,
}

/// Lays out `blocks[range]` from a fresh page with a shaper of its own.
fn lay_part(doc: &Document, range: std::ops::Range<usize>) -> Result<Part, Error> {
    let mut shaper = Shaper::new(Fonts::load()?);
    let mut lay = Layout::new(&mut shaper, doc);
    lay.new_page();
    let blocks = &doc.blocks;
    for i in range {
        if let Some(b) = blocks.get(i) {
            lay.block(b, blocks.get(i + 1..).unwrap_or_default());
        }
    }
    Ok(Part {
        pages: lay.pages,
        headings: lay.headings,
        y: lay.y,
        fresh: lay.fresh,
        after_cover: lay.after_cover,
    })
}

/// Lays out the whole document, splitting it into up to `threads` runs laid out in parallel at
/// blocks that start a page; the result is the same as laying it out in one go. `progress` gets
/// fractions of the layout done, in `0.0..=1.0`.
pub(crate) fn run(
    shaper: &mut Shaper,
    doc: &Document,
    threads: usize,
    progress: &mut dyn FnMut(f32),
) -> Result<Laid, Error> {
    let blocks = &doc.blocks;
    let starts = split_points(blocks, threads);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([blocks.len()])
        .collect();
    let first_end = ends.first().copied().unwrap_or(blocks.len());
    let step = (first_end / 20).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .zip(&ends)
            .skip(1)
            .map(|(&s, &e)| (s, e, scope.spawn(move || lay_part(doc, s..e))))
            .collect();

        let mut lay = Layout::new(shaper, doc);
        for i in 0..first_end {
            if let Some(b) = blocks.get(i) {
                lay.block(b, blocks.get(i + 1..).unwrap_or_default());
            }
            if i % step == 0 {
                progress(i as f32 / first_end as f32);
            }
        }
        for (s, e, handle) in handles {
            let part = handle
                .join()
                .map_err(|_| Error::Pdf("layout failed".into()))??;
            // The part began on a fresh page: that is where the sequential layout would be too
            // when the page so far is either used (the next block starts a new one) or still
            // empty at its top (the next block goes on it).
            let joins = !lay.pages.is_empty() && (!lay.fresh || lay.y == lay.geo.top);
            if !joins {
                for i in s..e {
                    if let Some(b) = blocks.get(i) {
                        lay.block(b, blocks.get(i + 1..).unwrap_or_default());
                    }
                }
                continue;
            }
            if lay.fresh {
                lay.pages.pop();
            }
            let offset = lay.pages.len();
            lay.pages.extend(part.pages);
            lay.headings.extend(part.headings.into_iter().map(|mut h| {
                h.page += offset;
                h
            }));
            lay.y = part.y;
            lay.fresh = part.fresh;
            lay.after_cover = part.after_cover;
        }
        progress(1.0);
        Ok(lay.finish())
    })
}
