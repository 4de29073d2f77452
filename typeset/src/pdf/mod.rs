//! Turns laid-out pages into PDF. Each job has its own file: `furniture` adds the running
//! header and footer, the cover's marks and the contents' page numbers to the laid-out pages;
//! `subset` tells printpdf which glyphs to embed and reads back their codes; `content` writes
//! the page content streams (glyph runs with exact positions, rules, fills); `links` lists the
//! borderless internal link annotations.
//!
//! printpdf is left only what it is needed for: embedding the subset fonts (with their widths and
//! ToUnicode maps), the page tree and the link annotations. Page content streams are written here
//! directly (glyph codes in literal strings, two bytes a glyph), on two threads: going
//! through printpdf's operation lists and lopdf's content objects cost most of the render time.

mod content;
mod furniture;
mod links;
mod subset;

pub(crate) use content::contents;
pub(crate) use furniture::{furnish, Running};
pub(crate) use links::links;
pub(crate) use subset::{FontOut, Usage};

use crate::layout::{Geometry, HeadingRec};
use crate::model::Document;

/// What the page writer needs besides the pages.
pub(crate) struct Frame<'a> {
    /// The document: its marking and running header and footer texts.
    pub doc: &'a Document,
    /// The page and text area.
    pub geo: Geometry,
    /// Where each heading landed (for page numbers and links).
    pub headings: &'a [HeadingRec],
    /// The number of pages.
    pub total: usize,
}
