//! Internal links: borderless link annotations over contents entries and linked text, each
//! going to where its heading landed.

use printpdf::{Actions, BorderArray, Destination, HighlightingMode, LinkAnnotation, Op, Pt, Rect};

use crate::layout::{Item, Page};
use crate::para::Line;

use super::Frame;

/// The link annotations of a page, in the order printpdf lists them.
pub(crate) fn links(f: &Frame, page: &Page) -> Vec<Op> {
    let mut ops = Vec::new();
    for item in &page.items {
        if let Item::Link {
            x,
            y,
            w,
            h: lh,
            heading,
        } = item
        {
            link(&mut ops, f, *x, *y, *w, *lh, *heading);
        }
    }
    for item in &page.items {
        if let Item::Text { x, y, line } = item {
            text_links(&mut ops, f, *x, *y, line);
        }
    }
    ops
}

/// The link annotations over the linked runs of a line at (`x`, `y`), one per run of
/// neighbouring pieces going to the same heading.
fn text_links(ops: &mut Vec<Op>, f: &Frame, x: f32, y: f32, line: &Line) {
    let mut i = 0;
    let items = &line.items;
    while let Some(p) = items.get(i) {
        let Some(target) = p.link.and_then(|h| usize::try_from(h).ok()) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while items.get(j + 1).is_some_and(|q| q.link == p.link) {
            j += 1;
        }
        let last = items.get(j).unwrap_or(p);
        let x0 = x + p.x;
        let x1 = x + last.x + last.shaped.width_at(last.size);
        link(ops, f, x0, y - p.size * 1.0, x1 - x0, p.size * 1.3, target);
        i = j + 1;
    }
}

/// A borderless link annotation over the box at (`x`, `y` from the top), going to a heading.
fn link(ops: &mut Vec<Op>, f: &Frame, x: f32, y: f32, w: f32, h: f32, heading: usize) {
    let Some(rec) = f.headings.get(heading) else {
        return;
    };
    let ph = f.geo.page_h;
    ops.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            Rect::from_xywh(Pt(x), Pt(ph - y - h), Pt(w), Pt(h)),
            Actions::Goto(Destination::Xyz {
                page: rec.page + 1,
                left: None,
                top: Some(ph - rec.y + 6.0),
                zoom: None,
            }),
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            None,
            Some(HighlightingMode::Invert),
        ),
    });
}
