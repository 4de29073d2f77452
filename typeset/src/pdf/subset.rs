//! Font subsetting glue. printpdf learns which glyphs each font needs (and the text each stands
//! for) from one probe text object on the first page, listing every used glyph once; its
//! serialised form gives back the glyph codes of the subset fonts, with which the content
//! streams are then written (and that page's content replaced like all others).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::io::Write as _;
use std::sync::Arc;

use printpdf::{Codepoint, FontId, Op, PdfFontHandle, Pt, TextItem};

use crate::layout::{Item, Page};
use crate::shape::FxHasher;
use crate::Error;

/// The addresses of the lines and shaped pieces already looked at.
type Seen = HashSet<usize, BuildHasherDefault<FxHasher>>;

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
    /// The glyphs of all pages' text, each with what it stood for where it was last drawn.
    ///
    /// The pages are walked backwards, so that the first text met for a glyph is its last in
    /// drawing order and is kept. That lets every line and every shaped piece be looked at once:
    /// a paragraph's lines are shared by each page showing it, and a word's shaped piece by each
    /// line holding it, so a repeat met earlier in the document can change nothing.
    pub(crate) fn collect(pages: &[Page], faces: usize) -> Self {
        let mut fonts: Vec<Vec<Slot>> = vec![Vec::new(); faces];
        let mut seen = Seen::default();
        for page in pages.iter().rev() {
            for item in page.items.iter().rev() {
                let Item::Text { line, .. } = item else {
                    continue;
                };
                if !seen.insert(Arc::as_ptr(line) as usize) {
                    continue;
                }
                for p in line.items.iter().rev() {
                    if !seen.insert(Arc::as_ptr(&p.shaped) as usize) {
                        continue;
                    }
                    let Some(slots) = fonts.get_mut(usize::from(p.shaped.font)) else {
                        continue;
                    };
                    for g in p.shaped.glyphs.iter().rev() {
                        let i = usize::from(g.gid);
                        if slots.len() <= i {
                            slots.resize(i + 1, Slot::Unused);
                        }
                        if let Some(slot) = slots.get_mut(i).filter(|s| **s == Slot::Unused) {
                            *slot = match &g.cid {
                                None => Slot::Primary,
                                Some(c) => Slot::Text(c.clone()),
                            };
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
    pub(super) name: Vec<u8>,
    /// The code of each glyph (by glyph id) in the embedded font.
    pub(super) codes: Vec<u16>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::para::{Line, Placed, Rgb};
    use crate::shape::{Glyph, Shaped};

    /// What a glyph stood for, drawing every glyph of every page in order (the walk before the
    /// repeats were skipped): the last text drawn wins.
    fn forward(pages: &[Page], faces: usize) -> Vec<Vec<Slot>> {
        let mut fonts: Vec<Vec<Slot>> = vec![Vec::new(); faces];
        for page in pages {
            for item in &page.items {
                let Item::Text { line, .. } = item else {
                    continue;
                };
                for p in &line.items {
                    let slots = &mut fonts[usize::from(p.shaped.font)];
                    for g in &p.shaped.glyphs {
                        let i = usize::from(g.gid);
                        if slots.len() <= i {
                            slots.resize(i + 1, Slot::Unused);
                        }
                        slots[i] = match &g.cid {
                            None => Slot::Primary,
                            Some(c) => Slot::Text(c.clone()),
                        };
                    }
                }
            }
        }
        fonts
    }

    /// A deterministic pseudo-random sequence (a linear congruential generator).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((self.0 >> 33) as usize) % n
        }
    }

    #[test]
    fn skipping_repeated_lines_and_pieces_keeps_the_last_text_of_each_glyph() {
        let mut rng = Lcg(7);
        let cids = [None, Some("fi"), Some("ffi"), Some("\u{0628}\u{0650}")];
        // Shaped pieces sharing glyphs, which stand for different texts in different pieces.
        let shaped: Vec<Arc<Shaped>> = (0..40)
            .map(|_| {
                let glyphs = (0..1 + rng.below(6))
                    .map(|_| Glyph {
                        gid: rng.below(30) as u16,
                        adv: 500,
                        natural: 500,
                        x_off: 0,
                        y_off: 0,
                        cluster: 0,
                        cid: cids[rng.below(cids.len())].map(Into::into),
                    })
                    .collect();
                Arc::new(Shaped {
                    font: rng.below(3) as u8,
                    glyphs,
                    width: 500,
                    upem: 1000.0,
                })
            })
            .collect();
        let lines: Vec<Arc<Line>> = (0..60)
            .map(|_| {
                let items = (0..1 + rng.below(5))
                    .map(|_| Placed {
                        shaped: Arc::clone(&shaped[rng.below(shaped.len())]),
                        x: 0.0,
                        size: 10.0,
                        color: Rgb(0.0, 0.0, 0.0),
                        link: None,
                    })
                    .collect();
                Arc::new(Line {
                    items,
                    width: 100.0,
                    hyphen: false,
                })
            })
            .collect();
        for seed in 0..20 {
            let mut rng = Lcg(seed);
            let pages: Vec<Page> = (0..30)
                .map(|_| Page {
                    items: (0..rng.below(12))
                        .map(|_| Item::Text {
                            x: 0.0,
                            y: 0.0,
                            line: Arc::clone(&lines[rng.below(lines.len())]),
                        })
                        .collect(),
                    cover: false,
                })
                .collect();
            let usage = Usage::collect(&pages, 4);
            let want = forward(&pages, 4);
            assert!(
                want.iter().flatten().any(|s| matches!(s, Slot::Text(_))),
                "the pages draw glyphs standing for text"
            );
            assert_eq!(usage.fonts, want, "seed {seed}: the same glyphs and texts");
        }
    }
}
