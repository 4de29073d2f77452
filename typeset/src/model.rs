//! The document model: what a caller wants on paper, with no notion of glyphs, pages or PDF. The pack
//! builder in `desk-core` fills it; [`crate::render`] lays it out. Keeping the two apart lets the
//! typesetting be tested on its own and the pack's content be tested without reading PDFs.

use chrono::{DateTime, Utc};

/// A whole document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub info: Info,
    pub paper: Paper,
    /// Running header, left side, on every page but the cover (e.g. the handling marking "RESTRICTED").
    /// Also repeated at the right of the header when `marking` is set, so it can't be cut off.
    pub marking: Option<String>,
    /// Running header, right side (e.g. the conference's short title).
    pub header_right: String,
    /// Running footer, left side (e.g. "Prepared 17 April 2023 · version 3"); the right side is always
    /// "Page X of N".
    pub footer_left: String,
    /// The content, in order. The first page is a cover when the document starts with
    /// [`Block::Cover`].
    pub blocks: Vec<Block>,
    /// Body paragraphs and bulleted items are justified (every line but a paragraph's last ends
    /// at the right margin, English words hyphenated so that spacing stays even); otherwise they
    /// are set ragged right. Tables, headings and small text are always ragged.
    pub justify: bool,
}

/// PDF metadata.
#[derive(Debug, Clone, Default)]
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The creation date written in the PDF's Info dictionary (and XMP if any).
    pub created: DateTime<Utc>,
}

/// Paper size, portrait.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    /// 210 x 297 mm.
    #[default]
    A4,
    /// 8.5 x 11 in.
    Letter,
}

/// One piece of content.
#[derive(Debug, Clone)]
pub enum Block {
    /// The cover page: drawn on a page of its own, without running header and footer (the marking is
    /// still printed at the top and bottom of the cover when set).
    Cover(Cover),
    /// A heading. Level 1 starts a new page; level 1 and 2 go into the outline (bookmarks) and, when
    /// `in_contents` is set, into the contents list.
    Heading(Heading),
    /// The table of contents: every heading with `in_contents`, with its page number, each line a link
    /// to the heading's page. It takes as many pages as it needs.
    Contents {
        title: String,
    },
    Paragraph(Paragraph),
    /// A bulleted list; each item is a paragraph.
    Bullets(Vec<Paragraph>),
    /// A label/value list drawn as two columns (e.g. "Moderator" / "Siobhán Mullally").
    Fields(Vec<(String, Paragraph)>),
    Table(Table),
    /// Vertical space in points.
    Space(f32),
    /// Starts a new page unless the current page is still empty.
    PageBreak,
}

/// The cover's content.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    /// Small line above the title (e.g. the delegation's country).
    pub kicker: String,
    /// Big title (e.g. "Briefing pack").
    pub title: String,
    /// Under the title (e.g. the conference's name).
    pub subtitle: String,
    /// Further lines (dates and venue, prepared on, version).
    pub lines: Vec<String>,
}

/// A heading.
#[derive(Debug, Clone, Default)]
pub struct Heading {
    /// 1 (section: new page), 2 (sub-section, e.g. one session) or 3.
    pub level: u8,
    pub text: String,
    /// Listed in the contents.
    pub in_contents: bool,
    /// A stable name that [`Span::link`] can point at (e.g. `session-12`); `None` for none.
    pub anchor: Option<String>,
}

/// A paragraph of styled runs. Text is wrapped at Unicode line-break opportunities, English words may be
/// hyphenated, right-to-left runs are reordered within a left-to-right paragraph.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub style: ParaStyle,
    /// Never the last thing on a page: kept on the page of the block that follows (a note's meta
    /// line with the note, a lead-in with its text). Headings and [`ParaStyle::Label`] paragraphs
    /// are always kept with what follows.
    pub keep_with_next: bool,
}

/// The paragraph styles the pack needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ParaStyle {
    /// Body text (10 pt).
    #[default]
    Body,
    /// Smaller, muted text (8.5 pt, grey): captions, metadata lines, "no notes yet".
    Small,
    /// A bold lead-in line (10 pt bold) e.g. a sub-heading inside a brief ("Objectives").
    Label,
}

/// A run of text with one style.
#[derive(Debug, Clone, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// An internal link to a heading's anchor.
    pub link: Option<String>,
    /// A name, e-mail address or identifier: never hyphenated, never broken inside a word, and
    /// kept on one line whenever it fits on one (a table sizes its column so that it does).
    pub keep_together: bool,
}

/// A table with wrapped cells, its columns sized from their content as HTML's automatic table
/// layout does: each column gets at least its longest word (or kept-together span) and, when
/// there is room, its longest cell unbroken; a column empty in every row is left out. The header
/// row repeats at the top of every page the table runs onto; a row taller than what is left of the
/// page is split across pages.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Paragraph>>,
}

/// A table column.
#[derive(Debug, Clone, Default)]
pub struct Column {
    /// The header's words are never broken or hyphenated.
    pub header: String,
    /// Names, e-mail addresses, identifiers: the cells' words are never hyphenated or broken
    /// (lines break only at spaces), and the column is at least as wide as its longest word.
    pub whole_words: bool,
}

impl Column {
    /// A column of ordinary text.
    pub fn new(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            whole_words: false,
        }
    }

    /// A column of names, e-mail addresses or identifiers (its words kept whole).
    pub fn names(header: impl Into<String>) -> Self {
        Column {
            header: header.into(),
            whole_words: true,
        }
    }
}

impl Paragraph {
    /// A body paragraph of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Self::styled(text, ParaStyle::Body)
    }

    /// A paragraph of plain text in a style.
    pub fn styled(text: impl Into<String>, style: ParaStyle) -> Self {
        Paragraph {
            spans: vec![Span::plain(text)],
            style,
            keep_with_next: false,
        }
    }

    /// A paragraph of spans in a style.
    pub fn spans(spans: Vec<Span>, style: ParaStyle) -> Self {
        Paragraph {
            spans,
            style,
            keep_with_next: false,
        }
    }

    /// The same paragraph, kept on the page of what follows it.
    pub fn kept_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }
}

impl Span {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: true,
            ..Span::default()
        }
    }

    /// A name (or e-mail address, identifier) kept whole: see [`Span::keep_together`].
    pub fn name(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            keep_together: true,
            ..Span::default()
        }
    }

    /// A bold name kept whole.
    pub fn bold_name(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            bold: true,
            keep_together: true,
            ..Span::default()
        }
    }

    /// Text linking to a heading's anchor.
    pub fn link(text: impl Into<String>, anchor: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            link: Some(anchor.into()),
            ..Span::default()
        }
    }
}

/// What [`crate::render`] returns besides the bytes: enough for a caller (and a test) to check the
/// layout without parsing the PDF.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Each contents entry (heading text) with the 1-based page it points to.
    pub contents: Vec<(String, usize)>,
}
