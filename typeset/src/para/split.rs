//! Breaking a segment that does not fit: an English word hyphenated at a dictionary break, a
//! name or URL wider than a line broken at one of its inner opportunities, and as a last resort a
//! word broken between characters, with a hyphen to show it.

use std::sync::OnceLock;

use hyphenation::{Hyphenator, Language, Load, Standard};

use super::segment::{Ctx, Piece, Segment};

/// The embedded US English hyphenation dictionary, loaded once.
fn hyphenator() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_embedded(Language::EnglishUS).ok())
        .as_ref()
}

/// Splits a long English word so that its first part plus a hyphen fits in `avail`.
pub(super) fn hyphenate(ctx: &mut Ctx, seg: &Segment, avail: f32) -> Option<(Piece, Segment)> {
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
pub(super) fn split_inner(
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
pub(super) fn split_chars(
    ctx: &mut Ctx,
    seg: Segment,
    width: f32,
) -> (Vec<Piece>, Option<Segment>) {
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
