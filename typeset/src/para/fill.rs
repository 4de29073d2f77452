//! Greedy line filling: segments go on a line while they fit; one that does not is hyphenated
//! into the space left or goes to the next line, and one wider than a whole line is broken.

use std::collections::VecDeque;

use crate::shape::Shaper;

use super::line::Finish;
use super::segment::{Ctx, Piece, Prepared, Segment};
use super::split::{hyphenate, split_chars, split_inner};
use super::Line;

impl Prepared {
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
        let mut queue: VecDeque<Segment> = segments.into();
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
