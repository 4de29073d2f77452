//! Paragraph layout: splits styled text into single-face, single-direction pieces, shapes them,
//! fills lines greedily at Unicode line-break opportunities, hyphenates a long English word when it
//! does not fit, breaks a word wider than the line between characters, and orders each line's
//! pieces for display with a left-to-right base direction (so a line starting with an Arabic name
//! does not flip).

use std::sync::Arc;
use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};
use unicode_bidi::{BidiInfo, Level};
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::fonts::{FontIdx, Style};
use crate::shape::{Shaped, Shaper};

/// An RGB colour, components 0..1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

/// A run of text in one style, as the layout receives it.
pub(crate) struct Run<'a> {
    pub text: &'a str,
    pub style: Style,
    pub color: Rgb,
    /// Target heading of an internal link.
    pub link: Option<usize>,
}

/// A shaped piece placed on a line.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub shaped: Arc<Shaped>,
    /// Offset from the line's start, in points.
    pub x: f32,
    pub size: f32,
    pub color: Rgb,
    pub link: Option<usize>,
}

/// One laid-out line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub items: Vec<Placed>,
    pub width: f32,
}

#[derive(Clone)]
struct Piece {
    start: usize,
    end: usize,
    run: usize,
    level: u8,
    font: FontIdx,
    ws: bool,
    hyphen: bool,
    shaped: Arc<Shaped>,
    w: f32,
}

struct Segment {
    pieces: Vec<Piece>,
    mandatory: bool,
}

impl Segment {
    /// Width without trailing spaces.
    fn ink(&self) -> f32 {
        let last = self.pieces.iter().rposition(|p| !p.ws).map_or(0, |i| i + 1);
        self.pieces.iter().take(last).map(|p| p.w).sum()
    }
    fn full(&self) -> f32 {
        self.pieces.iter().map(|p| p.w).sum()
    }
}

struct Ctx<'a, 'r> {
    shaper: &'a mut Shaper,
    text: String,
    runs: &'a [Run<'r>],
    size: f32,
}

impl Ctx<'_, '_> {
    fn make(&mut self, start: usize, end: usize, run: usize, level: u8, font: FontIdx) -> Piece {
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

    fn with_hyphen(&mut self, p: &Piece, end: usize) -> Piece {
        let s = format!("{}-", self.text.get(p.start..end).unwrap_or(""));
        let shaped = self.shaper.shape(&s, p.font, false);
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

fn is_rtl_char(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{200F}' | '\u{202B}' | '\u{202E}' | '\u{2067}')
}

/// Lays out `runs` at `size` points into lines no wider than `width`.
pub(crate) fn layout(shaper: &mut Shaper, runs: &[Run], size: f32, width: f32) -> Vec<Line> {
    let mut text = String::new();
    let mut run_of: Vec<(usize, usize)> = Vec::new(); // (start byte, run index)
    for (i, r) in runs.iter().enumerate() {
        if !r.text.is_empty() {
            run_of.push((text.len(), i));
            text.push_str(r.text);
        }
    }
    if text.is_empty() {
        return Vec::new();
    }
    let levels: Option<Vec<Level>> = if text.chars().any(is_rtl_char) {
        Some(BidiInfo::new(&text, Some(Level::ltr())).levels)
    } else {
        None
    };
    let breaks: Vec<(usize, BreakOpportunity)> = linebreaks(&text).collect();
    let mut ctx = Ctx {
        shaper,
        text,
        runs,
        size,
    };
    let segments = build_segments(&mut ctx, &run_of, levels.as_deref(), &breaks);
    fill(&mut ctx, segments, width.max(1.0))
}

type RawPiece = (usize, usize, usize, u8, FontIdx);

fn build_segments(
    ctx: &mut Ctx,
    run_of: &[(usize, usize)],
    levels: Option<&[Level]>,
    breaks: &[(usize, BreakOpportunity)],
) -> Vec<Segment> {
    let mut raw: Vec<(Vec<RawPiece>, bool)> = Vec::with_capacity(breaks.len());
    let mut seg_start = 0;
    let mut run_idx = 0;
    let text = &ctx.text;
    let fonts = &ctx.shaper.fonts;
    let mut prev_font = None;
    for &(brk, opp) in breaks {
        let mut pieces = Vec::new();
        let mut piece_start = seg_start;
        let mut key: Option<(usize, u8, FontIdx, bool)> = None;
        for (off, c) in text.get(seg_start..brk).unwrap_or("").char_indices() {
            let at = seg_start + off;
            while run_of.get(run_idx + 1).is_some_and(|&(s, _)| s <= at) {
                run_idx += 1;
            }
            let run = run_of.get(run_idx).map_or(0, |&(_, r)| r);
            let style = ctx.runs.get(run).map_or(Style::Regular, |r| r.style);
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
        raw.push((
            pieces,
            opp == BreakOpportunity::Mandatory && brk < text.len(),
        ));
        seg_start = brk;
    }
    raw.into_iter()
        .map(|(pieces, mandatory)| Segment {
            pieces: pieces
                .into_iter()
                .map(|(s, e, r, l, f)| ctx.make(s, e, r, l, f))
                .collect(),
            mandatory,
        })
        .collect()
}

fn fill(ctx: &mut Ctx, segments: Vec<Segment>, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut cur: Vec<Piece> = Vec::new();
    let mut cur_w = 0.0f32; // including trailing spaces
    let mut queue: std::collections::VecDeque<Segment> = segments.into();
    while let Some(seg) = queue.pop_front() {
        let ink = seg.ink();
        if cur_w + ink <= width + 0.01 {
            cur_w += seg.full();
            cur.extend(seg.pieces);
            if seg.mandatory {
                lines.push(finish(ctx, std::mem::take(&mut cur)));
                cur_w = 0.0;
            }
            continue;
        }
        if !cur.is_empty() {
            if let Some((head, tail)) = hyphenate(ctx, &seg, width - cur_w) {
                cur.push(head);
                queue.push_front(tail);
            } else {
                queue.push_front(seg);
            }
            lines.push(finish(ctx, std::mem::take(&mut cur)));
            cur_w = 0.0;
            continue;
        }
        // Alone on the line and still too wide: break between characters.
        let (head, tail) = split_chars(ctx, seg, width);
        lines.push(finish(ctx, head));
        if let Some(t) = tail {
            queue.push_front(t);
        }
    }
    if !cur.is_empty() {
        lines.push(finish(ctx, cur));
    }
    lines
}

fn hyphenator() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Splits a long English word so that its first part plus a hyphen fits in `avail`.
fn hyphenate(ctx: &mut Ctx, seg: &Segment, avail: f32) -> Option<(Piece, Segment)> {
    let word = seg.pieces.first()?;
    if word.ws || word.level != 0 || seg.pieces.iter().skip(1).any(|p| !p.ws) {
        return None;
    }
    let text = ctx.text.get(word.start..word.end)?;
    let core_start = text.find(|c: char| c.is_ascii_alphabetic())?;
    let core_end = text.rfind(|c: char| c.is_ascii_alphabetic())? + 1;
    let core = text.get(core_start..core_end)?;
    if core.len() < 7 || !core.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let core_len = core.len();
    let breaks = hyphenator()?.hyphenate(&core.to_ascii_lowercase()).breaks;
    for b in breaks.into_iter().rev() {
        if b < 3 || core_len - b < 3 {
            continue;
        }
        let cut = word.start + core_start + b;
        let head = ctx.with_hyphen(word, cut);
        if head.w <= avail {
            let rest = ctx.make(cut, word.end, word.run, 0, word.font);
            let mut pieces = vec![rest];
            pieces.extend(seg.pieces.iter().skip(1).cloned());
            return Some((
                head,
                Segment {
                    pieces,
                    mandatory: seg.mandatory,
                },
            ));
        }
    }
    None
}

/// Takes what fits of `seg` in `width` (at least one character) and returns the rest.
fn split_chars(ctx: &mut Ctx, seg: Segment, width: f32) -> (Vec<Piece>, Option<Segment>) {
    let mut head = Vec::new();
    let mut used = 0.0;
    let mut pieces = seg.pieces.into_iter();
    while let Some(p) = pieces.next() {
        if p.ws || used + p.w <= width {
            used += p.w;
            head.push(p);
            continue;
        }
        // Split this piece at the last cluster that fits.
        let mut clusters: Vec<(u32, i32)> =
            p.shaped.glyphs.iter().map(|g| (g.cluster, g.adv)).collect();
        clusters.sort_unstable_by_key(|c| c.0);
        let scale = ctx.size / p.shaped.upem;
        let mut cut = None;
        let mut acc = used;
        let mut i = 0;
        while i < clusters.len() {
            let c = clusters.get(i).map_or(0, |c| c.0);
            let mut adv = 0;
            while clusters.get(i).is_some_and(|x| x.0 == c) {
                adv += clusters.get(i).map_or(0, |x| x.1);
                i += 1;
            }
            if c > 0 && acc + adv as f32 * scale > width {
                cut = Some(p.start + c as usize);
                break;
            }
            acc += adv as f32 * scale;
        }
        let cut = cut.filter(|&c| c > p.start && c < p.end && ctx.text.is_char_boundary(c));
        match cut {
            Some(c) if !p.hyphen => {
                head.push(ctx.make(p.start, c, p.run, p.level, p.font));
                let mut rest = vec![ctx.make(c, p.end, p.run, p.level, p.font)];
                rest.extend(pieces);
                return (
                    head,
                    Some(Segment {
                        pieces: rest,
                        mandatory: seg.mandatory,
                    }),
                );
            }
            _ if head.iter().all(|h| h.ws) => {
                // Not even one character fits: take the piece anyway.
                head.push(p);
            }
            _ => {
                let mut rest = vec![p];
                rest.extend(pieces);
                return (
                    head,
                    Some(Segment {
                        pieces: rest,
                        mandatory: seg.mandatory,
                    }),
                );
            }
        }
    }
    (head, None)
}

/// Drops trailing spaces, orders pieces for display and positions them.
fn finish(ctx: &Ctx, mut pieces: Vec<Piece>) -> Line {
    while pieces.last().is_some_and(|p| p.ws) {
        pieces.pop();
    }
    reorder(&mut pieces);
    let mut x = 0.0;
    let mut items = Vec::with_capacity(pieces.len());
    for p in pieces {
        if !p.ws {
            let run = ctx.runs.get(p.run);
            items.push(Placed {
                shaped: p.shaped,
                x,
                size: ctx.size,
                color: run.map_or(Rgb(0.0, 0.0, 0.0), |r| r.color),
                link: run.and_then(|r| r.link),
            });
        }
        x += p.w;
    }
    Line { items, width: x }
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
