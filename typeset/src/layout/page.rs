//! What layout produces: the page geometry, the items drawn on a page (in points, y from the
//! top), the pages, and where each heading landed.

use std::sync::Arc;

use crate::model::Paper;
use crate::para::{Line, Rgb};
use crate::MM;

/// Page size and the text area, in points (y from the top).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    /// Page width.
    pub page_w: f32,
    /// Page height.
    pub page_h: f32,
    /// The text area's left edge.
    pub left: f32,
    /// The text area's right edge.
    pub right: f32,
    /// The text area's top.
    pub top: f32,
    /// The text area's foot.
    pub bottom: f32,
}

impl Geometry {
    /// The page and text area of `paper`.
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

    /// The text area's width.
    pub(crate) fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// Something drawn on a page.
#[derive(Debug)]
pub(crate) enum Item {
    /// A line of text; `y` is the baseline. Shared by every page showing the same paragraph.
    Text { x: f32, y: f32, line: Arc<Line> },
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
    /// What is drawn on it, in drawing order.
    pub items: Vec<Item>,
    /// The cover: no running header or footer, the marking at top and bottom.
    pub cover: bool,
}

/// Where a heading landed.
#[derive(Debug, Clone)]
pub(crate) struct HeadingRec {
    /// The heading's text.
    pub text: String,
    /// Its level (1: a section).
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, from the page's top.
    pub y: f32,
}
