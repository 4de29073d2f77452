//! Shaping with rustybuzz (kerning, ligatures, Arabic joining) of single-font, single-direction
//! pieces of text, cached by (text, face, direction): most words of a document repeat, and shaping
//! is the costliest step of layout. Each glyph keeps the text of its cluster so that the PDF's
//! ToUnicode map gives the text back when it is searched or copied.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::fonts::{FontIdx, Fonts};

/// One shaped glyph, in font units.
#[derive(Debug)]
pub(crate) struct Glyph {
    pub gid: u16,
    /// The shaped advance (kerning included).
    pub adv: i32,
    /// The face's own advance (what the PDF's /W array says).
    pub natural: i32,
    pub x_off: i32,
    /// Vertical offset from the baseline, up (combining marks: Arabic and Hebrew vowels).
    pub y_off: i32,
    /// Byte offset of the glyph's cluster in the shaped text.
    pub cluster: u32,
    /// The cluster's text, when the face's cmap would not give it back by itself.
    pub cid: Option<Box<str>>,
}

/// A shaped piece of text in one face, glyphs in visual order.
#[derive(Debug)]
pub(crate) struct Shaped {
    pub font: FontIdx,
    pub glyphs: Vec<Glyph>,
    /// Total advance in font units.
    pub width: i32,
    pub upem: f32,
}

impl Shaped {
    /// Width in points at `size`.
    pub(crate) fn width_at(&self, size: f32) -> f32 {
        self.width as f32 * size / self.upem
    }
}

type Cache = HashMap<Box<str>, Arc<Shaped>, BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash of rustc (FxHash): the cache is keyed by short words, where SipHash's
/// setup cost dominated the lookups. No attacker chooses these keys.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i]);
    }
    /// Addresses (of shared lines and shaped pieces) have their low bits clear, which would
    /// leave the low bits of the product, where the table looks first, always zero.
    fn write_usize(&mut self, i: usize) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ (i as u64).rotate_right(4)).wrapping_mul(K);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Shapes text and remembers the result.
pub(crate) struct Shaper {
    pub fonts: Fonts,
    /// One cache per (face, right-to-left).
    caches: Vec<Cache>,
    /// Shape plans per (face, right-to-left, script): building one per call costs more than shaping.
    plans: Vec<((FontIdx, bool, rustybuzz::Script), rustybuzz::ShapePlan)>,
}

impl Shaper {
    pub(crate) fn new(fonts: Fonts) -> Self {
        let n = fonts.faces.len() * 2;
        Shaper {
            fonts,
            caches: (0..n).map(|_| Cache::default()).collect(),
            plans: Vec::new(),
        }
    }

    /// The shaped form of `text` in face `font`, from the cache when it was seen before.
    pub(crate) fn shape(&mut self, text: &str, font: FontIdx, rtl: bool) -> Arc<Shaped> {
        let slot = usize::from(font) * 2 + usize::from(rtl);
        if let Some(hit) = self.caches.get(slot).and_then(|c| c.get(text)) {
            return Arc::clone(hit);
        }
        let shaped = Arc::new(self.shape_uncached(text, font, rtl));
        if let Some(cache) = self.caches.get_mut(slot) {
            cache.insert(text.into(), Arc::clone(&shaped));
        }
        shaped
    }

    fn shape_uncached(&mut self, text: &str, font: FontIdx, rtl: bool) -> Shaped {
        let Some(face) = self.fonts.face(font) else {
            return Shaped {
                font,
                glyphs: Vec::new(),
                width: 0,
                upem: 1000.0,
            };
        };
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(if rtl {
            rustybuzz::Direction::RightToLeft
        } else {
            rustybuzz::Direction::LeftToRight
        });
        buf.set_cluster_level(rustybuzz::BufferClusterLevel::Characters);
        buf.guess_segment_properties();
        let dir = buf.direction();
        let key = (font, rtl, buf.script());
        let plan = match self.plans.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let plan = rustybuzz::ShapePlan::new(&face.shaper, dir, Some(key.2), None, &[]);
                self.plans.push((key, plan));
                self.plans.len() - 1
            }
        };
        let Some((_, plan)) = self.plans.get(plan) else {
            return Shaped {
                font,
                glyphs: Vec::new(),
                width: 0,
                upem: 1000.0,
            };
        };
        let out = rustybuzz::shape_with_plan(&face.shaper, plan, buf);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();

        // Cluster starts in logical order, to find where each cluster's text ends.
        let mut starts: Vec<u32> = infos.iter().map(|g| g.cluster).collect();
        starts.sort_unstable();
        starts.dedup();
        let end_of = |c: u32| -> usize {
            match starts.binary_search(&c) {
                Ok(i) => starts.get(i + 1).map_or(text.len(), |&e| e as usize),
                Err(_) => text.len(),
            }
        };

        let mut glyphs = Vec::with_capacity(infos.len());
        let mut seen_clusters: Vec<u32> = Vec::new();
        let mut width = 0;
        for (info, pos) in infos.iter().zip(positions) {
            let gid = u16::try_from(info.glyph_id).unwrap_or(0);
            let start = info.cluster as usize;
            let cluster_text = text.get(start..end_of(info.cluster)).unwrap_or("");
            // Only the first glyph of a cluster carries its text.
            let first = !seen_clusters.contains(&info.cluster);
            if first {
                seen_clusters.push(info.cluster);
            }
            let cid = if first {
                let mut chars = cluster_text.chars();
                let primary = face.pdf.get_glyph_primary_char(gid);
                match (chars.next(), chars.next()) {
                    (Some(c), None) if primary == Some(c) => None,
                    _ if cluster_text.is_empty() => None,
                    _ => Some(cluster_text.into()),
                }
            } else {
                None
            };
            let natural = face
                .shaper
                .glyph_hor_advance(ttf_gid(gid))
                .map_or(0, i32::from);
            width += pos.x_advance;
            glyphs.push(Glyph {
                gid,
                adv: pos.x_advance,
                natural,
                x_off: pos.x_offset,
                y_off: pos.y_offset,
                cluster: info.cluster,
                cid,
            });
        }
        Shaped {
            font,
            glyphs,
            width,
            upem: face.upem,
        }
    }
}

fn ttf_gid(gid: u16) -> rustybuzz::ttf_parser::GlyphId {
    rustybuzz::ttf_parser::GlyphId(gid)
}
