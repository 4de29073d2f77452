//! The parallel driver: lays out a document split into runs of about equal work at blocks that
//! start a page, each run on a thread of its own, and joins the runs so that the result is the
//! same as laying the document out in one go.

use crate::fonts::Fonts;
use crate::model::{Block, Document, Paragraph};
use crate::shape::Shaper;
use crate::Error;

use super::cursor::Layout;
use super::page::{Geometry, HeadingRec, Page};

/// Everything layout produces: pages, where headings landed, the contents' heading indexes and
/// the geometry.
pub(crate) type Laid = (Vec<Page>, Vec<HeadingRec>, Vec<usize>, Geometry);

/// Documents with fewer blocks than this are laid out on one thread.
const MIN_SPLIT_BLOCKS: usize = 50;

/// Whether `b` always begins on a page of its own: a level-1 heading, the cover, the contents and
/// a page break each start a new page unless the current one is still empty. Layout can be split
/// before such a block, the later part laid out from a fresh page.
fn starts_page(b: &Block) -> bool {
    match b {
        Block::Cover(_) | Block::Contents { .. } | Block::PageBreak => true,
        Block::Heading(h) => h.level <= 1,
        _ => false,
    }
}

fn para_cost(p: &Paragraph) -> usize {
    p.spans.iter().map(|s| s.text.len()).sum::<usize>() + 16
}

/// A cheap estimate of the work laying out `b` takes (about its text length).
fn cost(b: &Block, contents: usize) -> usize {
    match b {
        Block::Cover(c) => c.kicker.len() + c.title.len() + c.subtitle.len() + 64,
        Block::Heading(h) => h.text.len() + 32,
        Block::Contents { .. } => contents,
        Block::Paragraph(p) => para_cost(p),
        Block::Bullets(items) => items.iter().map(para_cost).sum::<usize>() + 8,
        Block::Fields(f) => f.iter().map(|(l, p)| l.len() + para_cost(p)).sum::<usize>() + 8,
        Block::Table(t) => {
            t.columns.iter().map(|c| c.header.len() + 8).sum::<usize>()
                + t.rows
                    .iter()
                    .flat_map(|r| r.iter().map(para_cost))
                    .sum::<usize>()
        }
        Block::Space(_) | Block::PageBreak => 1,
    }
}

/// Where to split `blocks` into up to `parts` runs of about equal work, each beginning with a
/// block that starts a page (other than the first): the first block index of each run, 0 first.
fn split_points(blocks: &[Block], parts: usize) -> Vec<usize> {
    if parts < 2 || blocks.len() < MIN_SPLIT_BLOCKS {
        return vec![0];
    }
    let contents: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) if h.in_contents => h.text.len() + 48,
            _ => 0,
        })
        .sum();
    // before[i]: the work of the blocks before block i.
    let mut before = Vec::with_capacity(blocks.len() + 1);
    let mut acc = 0usize;
    for b in blocks {
        before.push(acc);
        acc += cost(b, contents);
    }
    let total = acc.max(1);
    let mut starts = vec![0];
    for k in 1..parts {
        let target = total * k / parts;
        let last = starts.last().copied().unwrap_or(0);
        let best = blocks
            .iter()
            .enumerate()
            .skip(last + 1)
            .filter(|(_, b)| starts_page(b))
            .map(|(i, _)| (i, before.get(i).copied().unwrap_or(total)))
            .min_by_key(|&(_, w)| w.abs_diff(target));
        if let Some((i, _)) = best {
            starts.push(i);
        }
    }
    starts
}

/// The state a run of blocks laid out on its own leaves behind.
struct Part {
    pages: Vec<Page>,
    headings: Vec<HeadingRec>,
    y: f32,
    fresh: bool,
    after_cover: bool,
}

/// Lays out `blocks[range]` from a fresh page with a shaper of its own.
fn lay_part(doc: &Document, range: std::ops::Range<usize>) -> Result<Part, Error> {
    let mut shaper = Shaper::new(Fonts::load()?);
    let mut lay = Layout::new(&mut shaper, doc);
    lay.new_page();
    let blocks = &doc.blocks;
    for i in range {
        if let Some(b) = blocks.get(i) {
            lay.block(b, blocks.get(i + 1..).unwrap_or_default());
        }
    }
    Ok(Part {
        pages: lay.pages,
        headings: lay.headings,
        y: lay.y,
        fresh: lay.fresh,
        after_cover: lay.after_cover,
    })
}

/// Lays out the whole document, splitting it into up to `threads` runs laid out in parallel at
/// blocks that start a page; the result is the same as laying it out in one go. `progress` gets
/// fractions of the layout done, in `0.0..=1.0`.
pub(crate) fn run(
    shaper: &mut Shaper,
    doc: &Document,
    threads: usize,
    progress: &mut dyn FnMut(f32),
) -> Result<Laid, Error> {
    let blocks = &doc.blocks;
    let starts = split_points(blocks, threads);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([blocks.len()])
        .collect();
    let first_end = ends.first().copied().unwrap_or(blocks.len());
    let step = (first_end / 20).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .iter()
            .zip(&ends)
            .skip(1)
            .map(|(&s, &e)| (s, e, scope.spawn(move || lay_part(doc, s..e))))
            .collect();

        let mut lay = Layout::new(shaper, doc);
        for i in 0..first_end {
            if let Some(b) = blocks.get(i) {
                lay.block(b, blocks.get(i + 1..).unwrap_or_default());
            }
            if i % step == 0 {
                progress(i as f32 / first_end as f32);
            }
        }
        for (s, e, handle) in handles {
            let part = handle
                .join()
                .map_err(|_| Error::Pdf("layout failed".into()))??;
            // The part began on a fresh page: that is where the sequential layout would be too
            // when the page so far is either used (the next block starts a new one) or still
            // empty at its top (the next block goes on it).
            let joins = !lay.pages.is_empty() && (!lay.fresh || lay.y == lay.geo.top);
            if !joins {
                for i in s..e {
                    if let Some(b) = blocks.get(i) {
                        lay.block(b, blocks.get(i + 1..).unwrap_or_default());
                    }
                }
                continue;
            }
            if lay.fresh {
                lay.pages.pop();
            }
            let offset = lay.pages.len();
            lay.pages.extend(part.pages);
            lay.headings.extend(part.headings.into_iter().map(|mut h| {
                h.page += offset;
                h
            }));
            lay.y = part.y;
            lay.fresh = part.fresh;
            lay.after_cover = part.after_cover;
        }
        progress(1.0);
        Ok(lay.finish())
    })
}
