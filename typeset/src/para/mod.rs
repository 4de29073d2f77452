//! Paragraph layout: splits styled text into single-face, single-direction pieces, shapes them,
//! fills lines greedily at Unicode line-break opportunities, hyphenates a long English word when it
//! does not fit, and orders each line's pieces for display with a left-to-right base direction (so
//! a line starting with an Arabic name does not flip). Names, e-mail addresses and URLs are never
//! hyphenated or broken inside; only a word wider than the whole line is broken between
//! characters, and then with a hyphen to show it. Justified lines get their spaces widened
//! (per-glyph positions: `Tw` does nothing with the embedded CID fonts). A prepared paragraph can
//! also be measured (narrowest and widest widths), which is how tables size their columns.
//!
//! `segment` shapes the text and cuts it at its break opportunities (and measures it), `fill`
//! fills lines greedily, `split` breaks what does not fit (hyphenation, then a name's or URL's
//! inner opportunities, then between characters), and `line` turns a line's pieces into a
//! positioned, bidi-ordered, justified [`Line`].

mod fill;
mod line;
mod segment;
mod split;

use std::sync::Arc;

use crate::fonts::Style;
use crate::shape::{Shaped, Shaper};

pub(crate) use segment::{prepare, Prepared};

/// An RGB colour, components 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

/// A run of text in one style, as the layout receives it.
pub(crate) struct Run<'a> {
    /// The text.
    pub text: &'a str,
    /// Weight and slant.
    pub style: Style,
    /// Text colour.
    pub color: Rgb,
    /// Target heading of an internal link.
    pub link: Option<usize>,
    /// A name or identifier: kept on one line when it fits, never hyphenated.
    pub keep: bool,
}

/// How a paragraph is broken into lines and aligned.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Opts {
    /// Every line but the last (and those ending at a forced break) is stretched to the full
    /// width by widening its spaces.
    pub justify: bool,
    /// English words are hyphenated at the end of a line to fill it (justified and body text).
    /// Without it only a word wider than the whole line is hyphenated. Names, e-mail addresses
    /// and URLs are never hyphenated.
    pub hyphenate: bool,
    /// Lines break only at spaces and words are never hyphenated (names, e-mails, identifiers).
    pub whole_words: bool,
}

/// A shaped piece placed on a line.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// The glyphs, in one face.
    pub shaped: Arc<Shaped>,
    /// Offset from the line's start, in points.
    pub x: f32,
    /// Font size, in points.
    pub size: f32,
    /// Text colour.
    pub color: Rgb,
    /// Target heading of an internal link (u32, not usize: a pack holds millions of placed
    /// pieces, and this keeps each at 40 bytes instead of 48).
    pub link: Option<u32>,
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    /// Its pieces, in display order.
    pub items: Vec<Placed>,
    /// Its width, in points.
    pub width: f32,
    /// The line ends with a hyphen (added, or the word's own): better not the last of a page.
    pub hyphen: bool,
}

/// Lays out `runs` at `size` points into lines no wider than `width`.
pub(crate) fn layout(
    shaper: &mut Shaper,
    runs: &[Run],
    size: f32,
    width: f32,
    opts: Opts,
) -> Vec<Line> {
    prepare(shaper, runs, size, opts).fill(shaper, width)
}
