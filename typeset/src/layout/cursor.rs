//! The page cursor: where the next line goes, when a page is full, and what must stay together
//! on one page (a paragraph's first and last lines, a heading or lead-in with what follows).
//! It also sets paragraphs into lines, keeping those laid out ahead to measure what follows.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fonts::Style;
use crate::model::{Block, Document, ParaStyle, Paragraph};
use crate::para::{self, Line, Opts, Rgb, Run};
use crate::shape::Shaper;

use super::memo::Memo;
use super::page::{Geometry, HeadingRec, Item, Page};
use super::style::{baseline, heading_style, keeps_with_next, metrics, para_space, LINK, TEXT};

/// The page cursor: the pages laid out so far, where the next line goes on the last one, and
/// the document's headings, known ahead for links and the contents.
pub(crate) struct Layout<'s> {
    /// Shapes all text of this layout.
    pub shaper: &'s mut Shaper,
    /// The paper's page and text area.
    pub geo: Geometry,
    /// The pages so far; the last is the current one.
    pub pages: Vec<Page>,
    /// Where the next line's box starts on the current page, from its top.
    pub y: f32,
    /// Nothing placed on the current page yet.
    pub fresh: bool,
    /// Where each heading placed so far landed.
    pub headings: Vec<HeadingRec>,
    /// The heading index of each link anchor.
    anchors: HashMap<String, usize>,
    /// Heading indexes listed in the contents, in order.
    pub contents: Vec<usize>,
    /// Texts and levels of all headings, known before layout.
    pub(super) planned: Vec<(String, u8)>,
    /// The cover was just drawn: the next content starts a page.
    pub(super) after_cover: bool,
    /// Body paragraphs and bullets are justified.
    justify: bool,
    /// The lines of the top-level paragraphs and bulleted items set so far, by content and
    /// width: repeats, and those looked at ahead to keep a heading with them, are set once.
    memo: Memo,
    /// A table laid out ahead, by its address.
    ahead_table: Option<(usize, crate::table::Plan)>,
}

impl<'s> Layout<'s> {
    /// A cursor before the first page, knowing the headings of `doc`.
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
            memo: Memo::default(),
            ahead_table: None,
        }
    }

    /// Starts a new page, the cursor at its top.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.geo.top;
        self.fresh = true;
        self.after_cover = false;
    }

    /// The current page (a first one when there is none yet).
    pub(super) fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.new_page();
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    /// Draws `item` on the current page.
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

    /// The runs of a paragraph in `base` colour (links in the link colour), all bold if `bold`.
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

    /// The lines of a top-level paragraph or bulleted item in `width`, set once for all its
    /// repeats and for the look ahead that keeps what precedes it on its page.
    pub(crate) fn para_lines(&mut self, p: &Paragraph, width: f32) -> Arc<[Arc<Line>]> {
        let (size, _, _) = metrics(p.style);
        let opts = self.body_opts(p.style);
        let mut memo = std::mem::take(&mut self.memo);
        let lines = memo.lines(p, width, || self.lines(p, width, size, opts));
        self.memo = memo;
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

    /// Lays out plain `text` in one style, colour and size in `width` points.
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
            self.push(Item::Text {
                x,
                y,
                line: Arc::new(line),
            });
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
    pub(super) fn place_para(
        &mut self,
        lines: &[Arc<Line>],
        x: f32,
        size: f32,
        leading: f32,
        mut marker: Option<(f32, Line)>,
    ) {
        let n = lines.len();
        let mut lines = lines.iter();
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
                    self.push(Item::Text {
                        x: mx,
                        y,
                        line: Arc::new(m),
                    });
                }
                self.push(Item::Text {
                    x,
                    y,
                    line: Arc::clone(line),
                });
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
    pub(super) fn lead(&mut self, rest: &[Block], depth: u8) -> f32 {
        let Some(b) = rest.first() else {
            return 0.0;
        };
        let then = rest.get(1..).unwrap_or_default();
        match b {
            Block::Paragraph(p) => {
                let (_, leading, _) = metrics(p.style);
                let w = self.geo.width();
                let n = self.para_lines(p, w).len();
                if keeps_with_next(b) && depth < 4 {
                    n as f32 * leading + para_space(p.style) + self.lead(then, depth + 1)
                } else {
                    Self::para_start(n, leading)
                }
            }
            Block::Heading(h) if h.level >= 2 && depth < 4 => {
                let (size, leading, before, after) = heading_style(h.level);
                let w = self.geo.width();
                let n = self.plain(&h.text, Style::Bold, TEXT, size, w).len().max(1);
                before + n as f32 * leading + after + self.lead(then, depth + 1)
            }
            Block::Bullets(items) => match items.first() {
                Some(p) => {
                    let (_, leading, _) = metrics(p.style);
                    let w = self.geo.width() - 14.0;
                    let n = self.para_lines(p, w).len();
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
    pub(super) fn keep_with(&mut self, own: f32, rest: &[Block]) {
        let need = own + self.lead(rest, 0);
        if !self.fresh && !self.pages.is_empty() && self.y + need > self.geo.bottom + 0.01 {
            self.new_page();
        }
    }

    /// Leaves `h` points of space, except at the top of a page and never past its foot.
    pub(super) fn space(&mut self, h: f32) {
        if !self.fresh && h.is_finite() && h > 0.0 {
            self.y = (self.y + h).min(self.geo.bottom);
        }
    }

    /// Every page laid out; a document with no content still gets one page.
    pub(crate) fn finish(mut self) -> (Vec<Page>, Vec<HeadingRec>, Vec<usize>, Geometry) {
        if self.pages.is_empty() {
            self.new_page();
        }
        (self.pages, self.headings, self.contents, self.geo)
    }
}
