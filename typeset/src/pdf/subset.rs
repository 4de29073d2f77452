//! Font subsetting glue. printpdf learns which glyphs each font needs (and the text each stands
//! for) from one probe text object on the first page, listing every used glyph once; its
//! serialised form gives back the glyph codes of the subset fonts, with which the content
//! streams are then written (and that page's content replaced like all others).

use std::io::Write as _;

use printpdf::{Codepoint, FontId, Op, PdfFontHandle, Pt, TextItem};

use crate::layout::{Item, Page};
use crate::Error;

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
