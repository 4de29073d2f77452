//! Inputs that must not panic.

mod common;

use common::{doc, heading, para, render};
use desk_typeset::{Block, Column, Document, Paper, Paragraph, Span, Table};

#[test]
fn an_empty_document_renders_one_page() {
    let r = render(&Document::default());
    assert_eq!(r.pages, 1, "an empty document still has a page");
    assert!(r.pdf.starts_with(b"%PDF-1.7"), "PDF header");
}

#[test]
fn empty_strings_everywhere_render() {
    let d = doc(vec![
        heading(1, "", Some("")),
        para(""),
        Block::Bullets(vec![Paragraph::default()]),
        Block::Fields(vec![(String::new(), Paragraph::default())]),
        Block::Table(Table {
            columns: vec![Column::default()],
            rows: vec![vec![]],
        }),
        Block::Contents {
            title: String::new(),
        },
    ]);
    let r = render(&d);
    assert!(r.pages >= 1, "pages: {}", r.pages);
}

#[test]
fn a_word_wider_than_the_line_is_broken_by_characters() {
    let long = "x".repeat(2000);
    let r = render(&doc(vec![para(&long), para(&"ב".repeat(500))]));
    assert!(r.pages >= 1, "pages: {}", r.pages);
}

#[test]
fn tables_without_rows_or_columns_render() {
    let r = render(&doc(vec![
        Block::Table(Table::default()),
        Block::Table(Table {
            columns: vec![Column::new("Only")],
            rows: vec![],
        }),
    ]));
    assert!(r.pages >= 1, "pages: {}", r.pages);
}

#[test]
fn unknown_anchors_and_unknown_characters_render() {
    let d = Document {
        paper: Paper::Letter,
        ..doc(vec![
            Block::Paragraph(Paragraph {
                spans: vec![
                    Span::link("dangling", "missing"),
                    Span::plain(" 🦀 ⿰ \u{10FFFF} \u{200D}\n\n"),
                ],
                ..Paragraph::default()
            }),
            Block::Space(f32::NAN),
            Block::Space(-5.0),
            Block::Space(1.0e9),
            Block::PageBreak,
            Block::PageBreak,
            heading(9, "Deep", None),
        ])
    };
    let r = render(&d);
    assert!(r.pages >= 1, "pages: {}", r.pages);
}

#[test]
fn progress_is_reported_a_few_dozen_times_and_ends_at_one() {
    let d = common::big(1, 30, 30, 100);
    let mut seen = Vec::new();
    desk_typeset::render(&d, &mut |p| seen.push(p)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        seen.len() >= 5 && seen.len() <= 80,
        "progress calls: {}",
        seen.len()
    );
    assert_eq!(seen.last().copied(), Some(1.0), "progress ends at 1");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back"
    );
}
