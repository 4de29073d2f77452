//! Each kind of block laid out with the page cursor: the cover, headings, the contents, body
//! paragraphs and bullets (fields and tables are in `table`).

use std::sync::Arc;

use crate::fonts::Style;
use crate::model::{Block, Cover, Heading, Paragraph};

use super::cursor::Layout;
use super::page::{HeadingRec, Item};
use super::style::{
    baseline, heading_style, keeps_with_next, metrics, para_space, ACCENT, MUTED, TEXT,
};

impl Layout<'_> {
    /// Lays out one block; `rest` are the blocks after it.
    pub(crate) fn block(&mut self, b: &Block, rest: &[Block]) {
        match b {
            Block::Cover(c) => self.cover(c),
            Block::Heading(h) => self.heading(h, rest),
            Block::Contents { title } => self.contents_block(title),
            Block::Paragraph(p) => {
                let (size, leading, _) = metrics(p.style);
                let w = self.geo.width();
                let lines = self.para_lines(p, w);
                if keeps_with_next(b) {
                    self.ensure(0.0);
                    let own = lines.len() as f32 * leading + para_space(p.style);
                    self.keep_with(own, rest);
                }
                let x = self.geo.left;
                self.place_para(&lines, x, size, leading, None);
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

    /// The cover: kicker, title, accent bar, subtitle and lines; what follows starts a page.
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

    /// A heading, kept with the start of what follows; a level-1 heading starts a page.
    fn heading(&mut self, h: &Heading, rest: &[Block]) {
        let (size, leading, before, after) = heading_style(h.level);
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

    /// The contents: title, then one entry per listed heading with a dotted leader, its page
    /// number (filled in once all is laid out) and a link.
    fn contents_block(&mut self, title: &str) {
        if !self.fresh {
            self.new_page();
        }
        let w = self.geo.width();
        let x = self.geo.left;
        let (size, leading, _, after) = heading_style(1);
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
                    line: Arc::new(line),
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

    /// A bulleted list, each item kept from leaving one line alone on a page.
    fn bullets(&mut self, items: &[Paragraph]) {
        let w = self.geo.width();
        let x = self.geo.left;
        for p in items {
            let (size, leading, color) = metrics(p.style);
            let lines = self.para_lines(p, w - 14.0);
            let dot = self
                .plain("•", Style::Regular, color, size, w)
                .into_iter()
                .next()
                .map(|d| (x + 3.0, d));
            self.place_para(&lines, x + 14.0, size, leading, dot);
            self.space(2.0);
        }
        self.space(4.0);
    }
}
