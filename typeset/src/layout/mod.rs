//! Page flow: places blocks top to bottom on pages of the chosen paper, breaking pages where
//! content no longer fits, keeping headings with what follows, and recording where each heading
//! landed (for the contents, the outline and links). The result is a list of pages of positioned
//! items in points, y measured from the top; `pdf` turns them into PDF operations.
//!
//! `page` holds what layout produces (geometry, items, pages, heading records) and `style` the
//! printed page's colours, type sizes and spacing; `cursor` is the page cursor that places lines
//! and keeps what belongs together on one page, `blocks` lays out each kind of block with it,
//! `memo` sets each distinct paragraph once, and `parallel` drives the whole document, split over
//! threads at blocks that start a page.

mod blocks;
mod cursor;
mod memo;
mod page;
mod parallel;
mod style;

pub(crate) use cursor::Layout;
pub(crate) use page::{Geometry, HeadingRec, Item, Page};
pub(crate) use parallel::run;
pub(crate) use style::{baseline, metrics, ACCENT, MUTED, RULE, TEXT};
