//! Paragraphs set once: a briefing pack prints the same text many times (every note under its
//! session and again under each of its building blocks, the daily reports drafted from the same
//! notes), and setting a paragraph (segmenting, shaping, filling lines) is most of layout's work.
//! The lines of each top-level paragraph or bulleted item are kept by its content, style and width;
//! a paragraph seen again gets the same lines, shared (not copied) by every page that shows them.
//! It also serves the paragraphs looked at ahead to keep a heading or lead-in with what follows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::model::{ParaStyle, Paragraph, Span};
use crate::para::Line;

/// One span as far as setting it goes.
struct SpanKey {
    text: Box<str>,
    bold: bool,
    italic: bool,
    link: Option<Box<str>>,
    keep: bool,
}

impl SpanKey {
    fn of(s: &Span) -> Self {
        SpanKey {
            text: s.text.as_str().into(),
            bold: s.bold,
            italic: s.italic,
            link: s.link.as_deref().map(Into::into),
            keep: s.keep_together,
        }
    }

    fn is(&self, s: &Span) -> bool {
        *self.text == *s.text
            && self.bold == s.bold
            && self.italic == s.italic
            && self.link.as_deref() == s.link.as_deref()
            && self.keep == s.keep_together
    }
}

/// What a paragraph's lines depend on (besides the layout's own settings, the same for all of it).
struct Key {
    spans: Vec<SpanKey>,
    style: ParaStyle,
    width: u32,
}

impl Key {
    fn is(&self, p: &Paragraph, width: u32) -> bool {
        self.width == width
            && self.style == p.style
            && self.spans.len() == p.spans.len()
            && self.spans.iter().zip(&p.spans).all(|(k, s)| k.is(s))
    }
}

fn style_code(s: ParaStyle) -> u8 {
    match s {
        ParaStyle::Body => 0,
        ParaStyle::Small => 1,
        ParaStyle::Label => 2,
    }
}

fn hash(p: &Paragraph, width: u32) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    width.hash(&mut h);
    style_code(p.style).hash(&mut h);
    for s in &p.spans {
        s.text.hash(&mut h);
        (s.bold, s.italic, s.keep_together).hash(&mut h);
        s.link.hash(&mut h);
    }
    h.finish()
}

/// A paragraph's lines, shared.
type Lines = Arc<[Arc<Line>]>;

/// The lines of the paragraphs set so far, by the hash of what they depend on.
#[derive(Default)]
pub(crate) struct Memo {
    set: HashMap<u64, Vec<(Key, Lines)>>,
}

impl Memo {
    /// The lines of `p` in `width` points, set by `make` only when no paragraph of the same
    /// content and style was set in that width before.
    pub(crate) fn lines(
        &mut self,
        p: &Paragraph,
        width: f32,
        make: impl FnOnce() -> Vec<Line>,
    ) -> Arc<[Arc<Line>]> {
        let w = width.to_bits();
        let bucket = self.set.entry(hash(p, w)).or_default();
        if let Some((_, lines)) = bucket.iter().find(|(k, _)| k.is(p, w)) {
            return Arc::clone(lines);
        }
        let lines: Arc<[Arc<Line>]> = make().into_iter().map(Arc::new).collect();
        let key = Key {
            spans: p.spans.iter().map(SpanKey::of).collect(),
            style: p.style,
            width: w,
        };
        bucket.push((key, Arc::clone(&lines)));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Fonts;
    use crate::layout::Layout;
    use crate::model::{Block, Document, Heading};
    use crate::shape::Shaper;

    fn para(text: &str) -> Paragraph {
        Paragraph::spans(
            vec![
                Span::plain(text),
                Span::name(" Siobhán Mullally"),
                Span::link(" see Україна and المغرب", "a"),
            ],
            ParaStyle::Body,
        )
    }

    /// A justified document with the heading the paragraphs' link points at.
    fn doc() -> Document {
        Document {
            justify: true,
            blocks: vec![Block::Heading(Heading {
                level: 1,
                text: "A".into(),
                in_contents: false,
                anchor: Some("a".into()),
            })],
            ..Document::default()
        }
    }

    fn shaper() -> Shaper {
        Shaper::new(Fonts::load().unwrap_or_else(|e| panic!("{e}")))
    }

    const TEXT: &str = "A repeated note about the national referral mechanism, long enough to \
                        be justified and hyphenated over several lines of the page, with \
                        extraordinarily long words.";

    #[test]
    fn a_repeated_paragraph_gets_the_lines_of_one_set_fresh() {
        let doc = doc();
        let (mut a, mut b) = (shaper(), shaper());
        let mut cached = Layout::new(&mut a, &doc);
        let first = cached.para_lines(&para(TEXT), 300.0);
        // The same content in another paragraph (not the same address): from the memo.
        let again = cached.para_lines(&para(TEXT), 300.0);
        assert!(first.len() > 2, "several lines: {}", first.len());
        assert!(
            Arc::ptr_eq(&first, &again),
            "the repeated paragraph is not set again"
        );
        let mut fresh = Layout::new(&mut b, &doc);
        let other = fresh.para_lines(&para(TEXT), 300.0);
        assert_eq!(
            format!("{again:?}"),
            format!("{other:?}"),
            "lines from the memo are those of a paragraph set fresh"
        );
    }

    #[test]
    fn a_paragraph_differing_in_width_style_or_span_is_set_on_its_own() {
        let doc = doc();
        let mut s = shaper();
        let mut lay = Layout::new(&mut s, &doc);
        let base = lay.para_lines(&para(TEXT), 300.0);
        let narrower = lay.para_lines(&para(TEXT), 250.0);
        let mut small = para(TEXT);
        small.style = ParaStyle::Small;
        let small = lay.para_lines(&small, 300.0);
        let mut bold = para(TEXT);
        bold.spans[0].bold = true;
        let bold = lay.para_lines(&bold, 300.0);
        let mut unlinked = para(TEXT);
        unlinked.spans[2].link = None;
        let unlinked = lay.para_lines(&unlinked, 300.0);
        for (what, lines) in [
            ("narrower", &narrower),
            ("small", &small),
            ("bold", &bold),
            ("unlinked", &unlinked),
        ] {
            assert!(
                !Arc::ptr_eq(&base, lines),
                "the {what} paragraph is set on its own"
            );
            assert_ne!(
                format!("{base:?}"),
                format!("{lines:?}"),
                "the {what} paragraph's lines differ"
            );
        }
    }
}
