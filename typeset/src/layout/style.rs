//! The printed page's house style: colours, paragraph and heading sizes, leading and spacing.

use crate::model::{Block, ParaStyle};
use crate::para::Rgb;

/// Body text.
pub(crate) const TEXT: Rgb = Rgb(0.11, 0.12, 0.14);
/// Secondary text: small print, the running header and footer.
pub(crate) const MUTED: Rgb = Rgb(0.40, 0.42, 0.46);
/// Section headings, the cover's title and the marking.
pub(crate) const ACCENT: Rgb = Rgb(0.09, 0.24, 0.42);
/// Text of an internal link.
pub(crate) const LINK: Rgb = Rgb(0.10, 0.33, 0.62);
/// Hairline rules: the header's and footer's, tables'.
pub(crate) const RULE: Rgb = Rgb(0.78, 0.80, 0.83);

/// Size, leading and colour of a paragraph style.
pub(crate) fn metrics(style: ParaStyle) -> (f32, f32, Rgb) {
    match style {
        ParaStyle::Body => (10.0, 14.0, TEXT),
        ParaStyle::Small => (8.5, 11.5, MUTED),
        ParaStyle::Label => (10.0, 14.0, TEXT),
    }
}

/// The space after a top-level paragraph of `style`.
pub(super) fn para_space(style: ParaStyle) -> f32 {
    match style {
        ParaStyle::Label => 2.0,
        ParaStyle::Small => 4.0,
        ParaStyle::Body => 6.0,
    }
}

/// Whether a block must not be the last thing on a page: a lead-in label or a paragraph marked
/// so (a note's meta line). Headings are kept with what follows by the heading's own layout.
pub(super) fn keeps_with_next(b: &Block) -> bool {
    matches!(b, Block::Paragraph(p) if p.keep_with_next || p.style == ParaStyle::Label)
}

/// The baseline of a line whose box starts at `y`.
pub(crate) fn baseline(y: f32, size: f32, leading: f32) -> f32 {
    y + (leading - size * 1.36) / 2.0 + size * 1.07
}

/// Size, leading, space before and space after a heading of `level`.
pub(super) fn heading_style(level: u8) -> (f32, f32, f32, f32) {
    match level {
        0 | 1 => (20.0, 25.0, 0.0, 12.0),
        2 => (13.5, 18.0, 14.0, 5.0),
        _ => (11.0, 15.0, 10.0, 3.0),
    }
}
