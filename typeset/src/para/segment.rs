//! A paragraph cut into segments: the text between two line-break opportunities, each made of
//! shaped pieces of one run, bidi level and face. Names, e-mail addresses and URLs keep their
//! inner opportunities aside, used only when one is wider than a whole line.

use std::sync::Arc;

use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::{FontIdx, Style};
use crate::shape::{Shaped, Shaper};

use super::{Opts, Rgb, Run};

/// A shaped piece of a segment: one run, bidi level and face, all spaces or none.
#[derive(Clone)]
pub(super) struct Piece {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) run: usize,
    pub(super) level: u8,
    pub(super) font: FontIdx,
    pub(super) ws: bool,
    pub(super) hyphen: bool,
    pub(super) shaped: Arc<Shaped>,
    pub(super) w: f32,
}

/// The text between two line-break opportunities.
pub(super) struct Segment {
    pub(super) pieces: Vec<Piece>,
    pub(super) mandatory: bool,
    /// An English word that may be hyphenated (not a name, e-mail address or URL).
    pub(super) hyphenate: bool,
    /// Break opportunities suppressed inside it (in a name, after a hyphen of a kept word, in a
    /// URL): used only when the segment is wider than a whole line.
    pub(super) inner: Vec<usize>,
}

impl Segment {
    /// Width without trailing spaces.
    pub(super) fn ink(&self) -> f32 {
        let last = self.pieces.iter().rposition(|p| !p.ws).map_or(0, |i| i + 1);
        self.pieces.iter().take(last).map(|p| p.w).sum()
    }
    /// Width with trailing spaces.
    pub(super) fn full(&self) -> f32 {
        self.pieces.iter().map(|p| p.w).sum()
    }
}

/// A paragraph shaped and cut at its break opportunities, ready to be measured (for a table's
/// column widths) and filled into lines of some width.
pub(crate) struct Prepared {
    pub(super) text: String,
    pub(super) segments: Vec<Segment>,
    pub(super) size: f32,
    pub(super) opts: Opts,
    /// Colour and link of each run.
    pub(super) styles: Vec<(Rgb, Option<usize>)>,
}

/// What shaping a piece needs: the shaper, the paragraph's text and its size.
pub(super) struct Ctx<'a> {
    pub(super) shaper: &'a mut Shaper,
    pub(super) text: &'a str,
    pub(super) size: f32,
}

impl Ctx<'_> {
    /// Shapes the text from `start` to `end` as a piece of run `run` at bidi `level` in `font`.
    pub(super) fn make(
        &mut self,
        start: usize,
        end: usize,
        run: usize,
        level: u8,
        font: FontIdx,
    ) -> Piece {
        let slice = self.text.get(start..end).unwrap_or("");
        let ws = slice.chars().all(char::is_whitespace);
        let shaped = self.shaper.shape(slice, font, level % 2 == 1);
        let w = shaped.width_at(self.size);
        Piece {
            start,
            end,
            run,
            level,
            font,
            ws,
            hyphen: false,
            shaped,
            w,
        }
    }

    /// The piece's text up to `end`, followed by a hyphen.
    pub(super) fn with_hyphen(&mut self, p: &Piece, end: usize) -> Piece {
        let s = format!("{}-", self.text.get(p.start..end).unwrap_or(""));
        let shaped = self.shaper.shape(&s, p.font, p.level % 2 == 1);
        let w = shaped.width_at(self.size);
        Piece {
            end,
            hyphen: true,
            shaped,
            w,
            ..p.clone()
        }
    }
}

/// Whether `c` is written right to left (Hebrew, Arabic and their presentation forms, RTL marks).
fn is_rtl_char(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{200F}' | '\u{202B}' | '\u{202E}' | '\u{2067}')
}

/// Byte ranges of the e-mail addresses and URLs in `text`: never broken or hyphenated.
fn protected_tokens(text: &str) -> Vec<(usize, usize)> {
    if !(text.contains('@') || text.contains("://") || text.contains("www.")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = text.get(s..i).unwrap_or("");
                let inner = token.trim_matches(|c: char| !c.is_alphanumeric());
                if (inner.contains('@') && !inner.starts_with('@'))
                    || inner.contains("://")
                    || inner.starts_with("www.")
                {
                    out.push((s, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Shapes `runs` and finds where lines may break.
pub(crate) fn prepare(shaper: &mut Shaper, runs: &[Run], size: f32, opts: Opts) -> Prepared {
    let mut text = String::new();
    let mut run_of: Vec<(usize, usize)> = Vec::new(); // (start byte, run index)
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        if !r.text.is_empty() {
            run_of.push((text.len(), i));
            if r.keep {
                kept.push((text.len(), text.len() + r.text.len()));
            }
            text.push_str(r.text);
        }
    }
    let styles = runs.iter().map(|r| (r.color, r.link)).collect();
    if text.is_empty() {
        return Prepared {
            text,
            segments: Vec::new(),
            size,
            opts,
            styles,
        };
    }
    let levels: Option<Vec<Level>> = if text.chars().any(is_rtl_char) {
        Some(BidiInfo::new(&text, Some(Level::ltr())).levels)
    } else {
        None
    };
    kept.extend(protected_tokens(&text));
    let mut cuts: Vec<Cut> = Vec::new();
    for (at, opp) in linebreaks(&text) {
        let mandatory = opp == BreakOpportunity::Mandatory && at < text.len();
        let inside = |r: &(usize, usize)| r.0 < at && at < r.1;
        let after_space = text
            .get(..at)
            .and_then(|t| t.chars().next_back())
            .is_some_and(char::is_whitespace);
        let suppressed = !mandatory
            && at < text.len()
            && (kept.iter().any(inside) || (opts.whole_words && !after_space));
        cuts.push(Cut {
            at,
            mandatory,
            suppressed,
        });
    }
    let mut ctx = Ctx {
        shaper,
        text: &text,
        size,
    };
    let segments = build_segments(
        &mut ctx,
        runs,
        &run_of,
        levels.as_deref(),
        &cuts,
        &kept,
        opts,
    );
    Prepared {
        text,
        segments,
        size,
        opts,
        styles,
    }
}

/// A break opportunity and whether it is taken as one.
struct Cut {
    at: usize,
    mandatory: bool,
    /// Inside a name, e-mail address or URL, or inside a word of a whole-words paragraph.
    suppressed: bool,
}

type RawPiece = (usize, usize, usize, u8, FontIdx);

fn build_segments(
    ctx: &mut Ctx,
    runs: &[Run],
    run_of: &[(usize, usize)],
    levels: Option<&[Level]>,
    cuts: &[Cut],
    kept: &[(usize, usize)],
    opts: Opts,
) -> Vec<Segment> {
    let mut raw: Vec<(Vec<RawPiece>, bool, Vec<usize>)> = Vec::with_capacity(cuts.len());
    let mut run_idx = 0;
    let text = ctx.text;
    let fonts = &ctx.shaper.fonts;
    let mut prev_font = None;
    let mut inner = Vec::new();
    let mut from = 0;
    for cut in cuts {
        if cut.suppressed {
            inner.push(cut.at);
            continue;
        }
        let brk = cut.at;
        let mut pieces = Vec::new();
        let mut piece_start = from;
        let mut key: Option<(usize, u8, FontIdx, bool)> = None;
        for (off, c) in text.get(from..brk).unwrap_or("").char_indices() {
            let at = from + off;
            while run_of.get(run_idx + 1).is_some_and(|&(s, _)| s <= at) {
                run_idx += 1;
            }
            let run = run_of.get(run_idx).map_or(0, |&(_, r)| r);
            let style = runs.get(run).map_or(Style::Regular, |r| r.style);
            let level = levels.and_then(|l| l.get(at)).map_or(0, |l| l.number());
            let font = fonts.pick(style, c, prev_font);
            prev_font = Some(font);
            let k = (run, level, font, c.is_whitespace());
            if key.is_some_and(|old| old != k) {
                if let Some((r, l, f, _)) = key {
                    pieces.push((piece_start, at, r, l, f));
                }
                piece_start = at;
            }
            key = Some(k);
        }
        if let Some((r, l, f, _)) = key {
            pieces.push((piece_start, brk, r, l, f));
        }
        raw.push((pieces, cut.mandatory, std::mem::take(&mut inner)));
        from = brk;
    }
    raw.into_iter()
        .map(|(pieces, mandatory, inner)| {
            let (s, e) = (
                pieces.first().map_or(0, |p| p.0),
                pieces.last().map_or(0, |p| p.1),
            );
            let hyphenate = !opts.whole_words && !kept.iter().any(|&(ks, ke)| ks < e && s < ke);
            Segment {
                pieces: pieces
                    .into_iter()
                    .map(|(s, e, r, l, f)| ctx.make(s, e, r, l, f))
                    .collect(),
                mandatory,
                hyphenate,
                inner,
            }
        })
        .collect()
}

impl Prepared {
    /// The narrowest width the paragraph can take without breaking a word (its widest word or
    /// kept-together span) and its width set on one line (per forced line break), in points.
    pub(crate) fn measure(&self) -> (f32, f32) {
        let (mut min, mut max, mut acc) = (0.0f32, 0.0f32, 0.0f32);
        let n = self.segments.len();
        for (i, seg) in self.segments.iter().enumerate() {
            let ink = seg.ink();
            min = min.max(ink);
            if seg.mandatory || i + 1 == n {
                max = max.max(acc + ink);
                acc = 0.0;
            } else {
                acc += seg.full();
            }
        }
        (min, max.max(min))
    }
}
