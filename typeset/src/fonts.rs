//! The fonts shipped with the app, embedded in the binary (the app must work offline and from an
//! installed package), and the per-character fallback order: Noto Sans covers Latin, Greek and
//! Cyrillic, then Noto Sans Arabic, then Noto Sans Hebrew. Arabic and Hebrew have no italic, so the
//! italic chain falls back to their regular faces.

use std::cell::Cell;

use crate::Error;

/// Index of a face in [`Fonts`].
pub(crate) type FontIdx = u8;

const SANS: FontIdx = 0;
const SANS_BOLD: FontIdx = 1;
const SANS_ITALIC: FontIdx = 2;
const ARABIC: FontIdx = 3;
const ARABIC_BOLD: FontIdx = 4;
const HEBREW: FontIdx = 5;
const HEBREW_BOLD: FontIdx = 6;

const FILES: [(&str, &[u8]); 7] = [
    (
        "NotoSans-Regular",
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSans-Bold",
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "NotoSans-Italic",
        include_bytes!("../../assets/fonts/NotoSans-Italic.ttf"),
    ),
    (
        "NotoSansArabic-Regular",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "NotoSansArabic-Bold",
        include_bytes!("../../assets/fonts/NotoSansArabic-Bold.ttf"),
    ),
    (
        "NotoSansHebrew-Regular",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Bold",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Bold.ttf"),
    ),
];

/// A text style as far as font choice goes (bold italic is drawn bold: no such face is shipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    Regular,
    Bold,
    Italic,
}

impl Style {
    pub(crate) fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (true, _) => Style::Bold,
            (false, true) => Style::Italic,
            _ => Style::Regular,
        }
    }

    fn chain(self) -> [FontIdx; 3] {
        match self {
            Style::Regular => [SANS, ARABIC, HEBREW],
            Style::Bold => [SANS_BOLD, ARABIC_BOLD, HEBREW_BOLD],
            Style::Italic => [SANS_ITALIC, ARABIC, HEBREW],
        }
    }
}

/// One face: the shaping face and the parsed font printpdf embeds.
pub(crate) struct Face {
    pub shaper: rustybuzz::Face<'static>,
    pub pdf: printpdf::ParsedFont,
    pub upem: f32,
}

/// Characters below this have their coverage remembered once looked up (Latin, Greek, Cyrillic,
/// Hebrew, Arabic and general punctuation: most of any document).
const TABLE: usize = 0x2070;

/// All shipped faces, parsed once per render.
pub(crate) struct Fonts {
    pub faces: Vec<Face>,
    /// Per face, whether it has each character below [`TABLE`]: 0 not looked up yet, 1 no, 2 yes.
    covers: Vec<Vec<Cell<u8>>>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, Error> {
        let mut faces = Vec::with_capacity(FILES.len());
        for (name, bytes) in FILES {
            let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or(Error::Font {
                name,
                reason: "not a font the shaper can read".into(),
            })?;
            let mut warnings = Vec::new();
            let pdf =
                printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(Error::Font {
                    name,
                    reason: "not a font printpdf can read".into(),
                })?;
            let upem = f32::from(shaper.units_per_em().max(1) as u16);
            faces.push(Face { shaper, pdf, upem });
        }
        let covers = faces
            .iter()
            .map(|_| (0..TABLE).map(|_| Cell::new(0)).collect())
            .collect();
        Ok(Fonts { faces, covers })
    }

    pub(crate) fn face(&self, idx: FontIdx) -> Option<&Face> {
        self.faces.get(usize::from(idx))
    }

    fn has(&self, idx: FontIdx, c: char) -> bool {
        let lookup = || {
            self.face(idx)
                .is_some_and(|f| f.shaper.glyph_index(c).is_some())
        };
        let Some(known) = self
            .covers
            .get(usize::from(idx))
            .and_then(|t| t.get(c as usize))
        else {
            return lookup();
        };
        match known.get() {
            0 => {
                let has = lookup();
                known.set(if has { 2 } else { 1 });
                has
            }
            v => v == 2,
        }
    }

    /// The face to draw `c` with: the previous one for neutral characters (spaces, marks,
    /// punctuation) it can draw, else the first of the style's chain that has it, else the first
    /// of the chain (its `.notdef`).
    pub(crate) fn pick(&self, style: Style, c: char, prev: Option<FontIdx>) -> FontIdx {
        let chain = style.chain();
        if let Some(p) = prev {
            if is_neutral(c) && (self.has(p, c) || is_ignorable(c)) {
                return p;
            }
        }
        if is_ignorable(c) {
            return prev.unwrap_or(chain[0]);
        }
        chain
            .iter()
            .copied()
            .find(|&f| self.has(f, c))
            .unwrap_or(chain[0])
    }
}

fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_neutral(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{0591}'..='\u{05C7}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}' | '\u{2010}'..='\u{2027}')
}
