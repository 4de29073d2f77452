//! Paragraph layout: splits styled text into single-face, single-direction pieces, shapes them,
//! fills lines greedily at Unicode line-break opportunities, hyphenates a long English word when it
//! does not fit, and orders each line's pieces for display with a left-to-right base direction (so
//! a line starting with an Arabic name does not flip). Names, e-mail addresses and URLs are never
//! hyphenated or broken inside; only a word wider than the whole line is broken between
//! characters, and then with a hyphen to show it. Justified lines get their spaces widened
//! (per-glyph positions: `Tw` does nothing with the embedded CID fonts). A prepared paragraph can
//! also be measured (narrowest and widest widths), which is how tables size their columns.

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
    /// The line ends with a hyphen (added, or the word's own): better not the last of a page.
    pub hyphen: bool,
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

/// The text between two line-break opportunities.
struct Segment {
    pieces: Vec<Piece>,
    mandatory: bool,
    /// An English word that may be hyphenated (not a name, e-mail address or URL).
    hyphenate: bool,
    /// Break opportunities suppressed inside it (in a name, after a hyphen of a kept word, in a
    /// URL): used only when the segment is wider than a whole line.
    inner: Vec<usize>,
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

/// A paragraph shaped and cut at its break opportunities, ready to be measured (for a table's
/// column widths) and filled into lines of some width.
pub(crate) struct Prepared {
    text: String,
    segments: Vec<Segment>,
    size: f32,
    opts: Opts,
    /// Colour and link of each run.
    styles: Vec<(Rgb, Option<usize>)>,
}

struct Ctx<'a> {
    shaper: &'a mut Shaper,
    text: &'a str,
    size: f32,
}

impl Ctx<'_> {
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

    /// The piece's text up to `end`, followed by a hyphen.
    fn with_hyphen(&mut self, p: &Piece, end: usize) -> Piece {
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

fn is_rtl_char(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{200F}' | '\u{202B}' | '\u{202E}' | '\u{2067}')
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

    /// Fills lines no wider than `width` greedily.
    pub(crate) fn fill(self, shaper: &mut Shaper, width: f32) -> Vec<Line> {
        let Prepared {
            text,
            segments,
            size,
            opts,
            styles,
        } = self;
        let width = width.max(1.0);
        let mut ctx = Ctx {
            shaper,
            text: &text,
            size,
        };
        let fin = Finish {
            text: &text,
            styles: &styles,
            size,
            width,
            justify: opts.justify,
        };
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
                    lines.push(fin.line(std::mem::take(&mut cur), true));
                    cur_w = 0.0;
                }
                continue;
            }
            if !cur.is_empty() {
                let split = if opts.hyphenate {
                    hyphenate(&mut ctx, &seg, width - cur_w)
                } else {
                    None
                };
                match split {
                    Some((head, tail)) => {
                        cur.push(head);
                        queue.push_front(tail);
                    }
                    None => queue.push_front(seg),
                }
                lines.push(fin.line(std::mem::take(&mut cur), false));
                cur_w = 0.0;
                continue;
            }
            // Alone on the line and still too wide: hyphenate, else break at a suppressed
            // opportunity (between a name's words, after a hyphen), else between characters,
            // with a hyphen to show it.
            let (head, tail) = match hyphenate(&mut ctx, &seg, width) {
                Some((head, tail)) => (vec![head], Some(tail)),
                None => match split_inner(&mut ctx, seg, width) {
                    Ok(split) => split,
                    Err(seg) => split_chars(&mut ctx, seg, width),
                },
            };
            match tail {
                Some(t) => {
                    lines.push(fin.line(head, false));
                    queue.push_front(t);
                }
                None => {
                    // The whole segment went on the line: more may follow it.
                    cur_w = head.iter().map(|p| p.w).sum();
                    cur = head;
                }
            }
        }
        if !cur.is_empty() {
            lines.push(fin.line(cur, true));
        }
        lines
    }
}

fn hyphenator() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Splits a long English word so that its first part plus a hyphen fits in `avail`.
fn hyphenate(ctx: &mut Ctx, seg: &Segment, avail: f32) -> Option<(Piece, Segment)> {
    if !seg.hyphenate {
        return None;
    }
    let word = seg.pieces.first()?;
    if word.ws || word.level != 0 || seg.pieces.iter().skip(1).any(|p| !p.ws) {
        return None;
    }
    let text = ctx.text.get(word.start..word.end)?;
    let core_start = text.find(|c: char| c.is_ascii_alphabetic())?;
    let core_end = text.rfind(|c: char| c.is_ascii_alphabetic())? + 1;
    let core = text.get(core_start..core_end)?;
    // A capitalised word is most often a name: never hyphenated (only broken, with a hyphen,
    // when wider than a whole line).
    if core.len() < 6
        || !core.chars().all(|c| c.is_ascii_alphabetic())
        || core.starts_with(|c: char| c.is_ascii_uppercase())
    {
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
                    hyphenate: true,
                    inner: Vec::new(),
                },
            ));
        }
    }
    None
}

/// Cuts `pieces` at byte `at`, reshaping the piece that straddles it.
fn cut_pieces(ctx: &mut Ctx, pieces: Vec<Piece>, at: usize) -> (Vec<Piece>, Vec<Piece>) {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    for p in pieces {
        if p.end <= at {
            head.push(p);
        } else if p.start >= at {
            tail.push(p);
        } else {
            head.push(ctx.make(p.start, at, p.run, p.level, p.font));
            tail.push(ctx.make(at, p.end, p.run, p.level, p.font));
        }
    }
    (head, tail)
}

/// Breaks a segment too wide for a line at the last of its suppressed opportunities that
/// leaves a head fitting in `width` (or the first one, when none does); `Err` when it has none.
#[allow(clippy::type_complexity)]
fn split_inner(
    ctx: &mut Ctx,
    seg: Segment,
    width: f32,
) -> Result<(Vec<Piece>, Option<Segment>), Segment> {
    if seg.inner.is_empty() {
        return Err(seg);
    }
    let start = seg.pieces.first().map_or(0, |p| p.start);
    let mut best = None;
    for &at in &seg.inner {
        let head = ctx.text.get(start..at).unwrap_or("").trim_end();
        // Measured on the pieces' widths: close enough to pick the opportunity.
        let w: f32 = seg
            .pieces
            .iter()
            .filter(|p| p.start < start + head.len())
            .map(|p| {
                if p.end <= start + head.len() {
                    p.w
                } else {
                    p.w * (start + head.len() - p.start) as f32 / (p.end - p.start).max(1) as f32
                }
            })
            .sum();
        if w <= width || best.is_none() {
            best = Some(at);
        }
        if w > width {
            break;
        }
    }
    let Some(at) = best else {
        return Err(seg);
    };
    let (head, tail) = cut_pieces(ctx, seg.pieces, at);
    let inner = seg.inner.into_iter().filter(|&i| i > at).collect();
    Ok((
        head,
        Some(Segment {
            pieces: tail,
            mandatory: seg.mandatory,
            hyphenate: false,
            inner,
        }),
    ))
}

/// Takes what fits of `seg` in `width` (at least one character), marking the cut with a
/// hyphen, and returns the rest.
fn split_chars(ctx: &mut Ctx, seg: Segment, width: f32) -> (Vec<Piece>, Option<Segment>) {
    let mut head = Vec::new();
    let mut used = 0.0;
    let mut pieces = seg.pieces.into_iter();
    let rest = |p: Piece, pieces: std::vec::IntoIter<Piece>| {
        let mut rest = vec![p];
        rest.extend(pieces);
        Some(Segment {
            pieces: rest,
            mandatory: seg.mandatory,
            hyphenate: false,
            inner: Vec::new(),
        })
    };
    while let Some(p) = pieces.next() {
        if p.ws || used + p.w <= width {
            used += p.w;
            head.push(p);
            continue;
        }
        // Split this piece at the last cluster that fits with the hyphen after it.
        let dash = ctx.shaper.shape("-", p.font, false).width_at(ctx.size);
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
            if c > 0 && acc + adv as f32 * scale + dash > width {
                cut = Some(p.start + c as usize);
                break;
            }
            acc += adv as f32 * scale;
        }
        let cut = cut.filter(|&c| c > p.start && c < p.end && ctx.text.is_char_boundary(c));
        match cut {
            Some(c) if !p.hyphen => {
                head.push(ctx.with_hyphen(&p, c));
                let tail = ctx.make(c, p.end, p.run, p.level, p.font);
                return (head, rest(tail, pieces));
            }
            _ if head.iter().all(|h| h.ws) => {
                // Not even one character fits: take the piece anyway.
                used += p.w;
                head.push(p);
            }
            _ => return (head, rest(p, pieces)),
        }
    }
    (head, None)
}

/// What turning pieces into a positioned line needs.
struct Finish<'a> {
    text: &'a str,
    styles: &'a [(Rgb, Option<usize>)],
    size: f32,
    width: f32,
    justify: bool,
}

/// The most a justified line's space may be widened, as a fraction of the font size; a line that
/// would need more (a long word or URL pushed to the next line) stays ragged.
const MAX_STRETCH: f32 = 0.9;

impl Finish<'_> {
    /// Drops trailing spaces, orders pieces for display and positions them, stretching the
    /// spaces to the full width when justifying a line that does not end its paragraph.
    fn line(&self, mut pieces: Vec<Piece>, last: bool) -> Line {
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
                    link,
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
