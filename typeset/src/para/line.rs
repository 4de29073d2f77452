//! A line's pieces made into a positioned [`Line`]: trailing spaces dropped, pieces ordered for
//! display (Unicode bidi rule L2) and, when justifying, spaces widened to the full width.

use super::segment::Piece;
use super::{Line, Placed, Rgb};

/// What turning pieces into a positioned line needs.
pub(super) struct Finish<'a> {
    pub(super) text: &'a str,
    pub(super) styles: &'a [(Rgb, Option<usize>)],
    pub(super) size: f32,
    pub(super) width: f32,
    pub(super) justify: bool,
}

/// The most a justified line's space may be widened, as a fraction of the font size; a line that
/// would need more (a long word or URL pushed to the next line) stays ragged.
const MAX_STRETCH: f32 = 0.9;

impl Finish<'_> {
    /// Drops trailing spaces, orders pieces for display and positions them, stretching the
    /// spaces to the full width when justifying a line that does not end its paragraph.
    pub(super) fn line(&self, mut pieces: Vec<Piece>, last: bool) -> Line {
        while pieces.last().is_some_and(|p| p.ws) {
            pieces.pop();
        }
        let hyphen = pieces.last().is_some_and(|p| {
            p.hyphen
                || self
                    .text
                    .get(p.start..p.end)
                    .is_some_and(|t| t.ends_with(['-', '\u{2010}']))
        });
        reorder(&mut pieces);
        let mut extra = 0.0;
        if self.justify && !last {
            let natural: f32 = pieces.iter().map(|p| p.w).sum();
            let first_ink = pieces.iter().position(|p| !p.ws).unwrap_or(pieces.len());
            let gaps = pieces.iter().skip(first_ink).filter(|p| p.ws).count();
            let slack = self.width - natural;
            if gaps > 0 && slack > 0.0 && slack / gaps as f32 <= MAX_STRETCH * self.size {
                extra = slack / gaps as f32;
            }
        }
        let mut x = 0.0;
        let mut seen_ink = false;
        let mut items = Vec::with_capacity(pieces.len());
        for p in pieces {
            if p.ws {
                if seen_ink {
                    x += extra;
                }
            } else {
                seen_ink = true;
                let (color, link) = self
                    .styles
                    .get(p.run)
                    .copied()
                    .unwrap_or((Rgb(0.0, 0.0, 0.0), None));
                items.push(Placed {
                    shaped: p.shaped,
                    x,
                    size: self.size,
                    color,
                    link: link.and_then(|h| u32::try_from(h).ok()),
                });
            }
            x += p.w;
        }
        Line {
            items,
            width: x,
            hyphen,
        }
    }
}

/// Unicode bidi rule L2 on whole pieces (each piece has one level).
fn reorder(pieces: &mut [Piece]) {
    let Some(max) = pieces.iter().map(|p| p.level).max() else {
        return;
    };
    if max == 0 {
        return;
    }
    let min_odd = pieces
        .iter()
        .map(|p| p.level)
        .filter(|l| l % 2 == 1)
        .min()
        .unwrap_or(1);
    let mut level = max;
    while level >= min_odd && level > 0 {
        let mut i = 0;
        while i < pieces.len() {
            if pieces.get(i).is_some_and(|p| p.level >= level) {
                let start = i;
                while pieces.get(i).is_some_and(|p| p.level >= level) {
                    i += 1;
                }
                if let Some(s) = pieces.get_mut(start..i) {
                    s.reverse();
                }
            } else {
                i += 1;
            }
        }
        level -= 1;
    }
}
