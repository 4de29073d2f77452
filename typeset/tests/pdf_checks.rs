//! Renders real documents and checks the PDFs with qpdf and poppler.

mod common;

use common::{cover, doc, heading, para, render, run, table, write, NAMES};
use desk_typeset::{Block, Paragraph, Span};

fn names_doc() -> desk_typeset::Document {
    let mut rows: Vec<Vec<&str>> = NAMES.iter().map(|n| vec!["09:00", "Opening", *n]).collect();
    rows.push(vec!["10:00", "المغرب", "Chair: المغرب"]);
    doc(vec![
        cover(),
        Block::Contents {
            title: "Contents".into(),
        },
        heading(1, "Names", Some("names")),
        para(&NAMES.join(", ")),
        table(rows),
        heading(2, "Links", None),
        Block::Paragraph(Paragraph {
            spans: vec![
                Span::plain("See "),
                Span::link("the names", "names"),
                Span::plain(" and "),
                Span::link("nowhere", "no-such-anchor"),
            ],
            ..Paragraph::default()
        }),
    ])
}

#[test]
fn qpdf_finds_no_errors() {
    let path = write("qpdf", &render(&names_doc()).pdf);
    let out = run("qpdf", &["--check"], &path);
    assert!(
        out.contains("No syntax or stream encoding errors"),
        "qpdf --check: {out}"
    );
}

#[test]
fn every_font_is_embedded_and_subset() {
    let path = write("fonts", &render(&names_doc()).pdf);
    let out = run("pdffonts", &[], &path);
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(
        rows.len() >= 3,
        "expected Latin, Arabic and Hebrew fonts: {out}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n > 6, "unexpected pdffonts row: {row}");
        assert_eq!(cols[n - 5], "yes", "font not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "font not subset: {row}");
        assert_eq!(cols[n - 3], "yes", "font without ToUnicode: {row}");
    }
}

#[test]
fn pdftotext_gives_back_every_name_as_entered() {
    let path = write("names", &render(&names_doc()).pdf);
    // pdftotext wraps right-to-left runs in embedding marks (U+202B .. U+202C): drop them.
    let text: String = run("pdftotext", &["-f", "3", "-l", "3"], &path)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}'))
        .collect();
    for name in NAMES {
        let count = text.matches(name).count();
        assert!(
            count >= 2,
            "{name} should be found in the paragraph and in the table, found {count} times in:\n{text}"
        );
    }
    assert!(
        text.contains("Chair: المغرب"),
        "a cell mixing Latin and Arabic keeps its order:\n{text}"
    );
}

#[test]
fn pdfinfo_shows_title_author_and_creation_year_and_no_pdfx() {
    let path = write("info", &render(&names_doc()).pdf);
    let out = run("pdfinfo", &[], &path);
    assert!(
        out.contains("Briefing pack: Test conference"),
        "title missing: {out}"
    );
    assert!(
        out.contains("Delegation of Testland"),
        "author missing: {out}"
    );
    let created = out
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap_or_default();
    assert!(
        created.contains("2023"),
        "creation date not in 2023: {created}"
    );
    assert!(!out.contains("PDF/X"), "must not claim PDF/X: {out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("PDF version:") && l.contains("1.7")),
        "PDF version should be 1.7: {out}"
    );
}

#[test]
fn a_small_known_document_has_the_expected_pages_and_contents() {
    let r = render(&names_doc());
    assert_eq!(r.pages, 3, "cover, contents, one page of names");
    assert_eq!(
        r.contents,
        vec![("Names".to_string(), 3), ("Links".to_string(), 3)],
        "contents entries"
    );
}

#[test]
fn contents_page_numbers_match_where_headings_are() {
    let doc = common::big(2, 60, 40, 200);
    let r = render(&doc);
    let path = write("contents", &r.pdf);
    assert!(
        r.contents.len() > 40,
        "contents entries: {}",
        r.contents.len()
    );
    for (text, page) in &r.contents {
        let p = page.to_string();
        let on_page = run("pdftotext", &["-f", &p, "-l", &p], &path);
        let joined = on_page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            joined.contains(text.as_str()),
            "heading {text:?} not found on page {page}"
        );
    }
}

#[test]
fn links_have_no_border_and_go_to_the_heading_page() {
    let r = render(&names_doc());
    let pdf = lopdf::Document::load_mem(&r.pdf).unwrap_or_else(|e| panic!("lopdf: {e}"));
    let pages = pdf.get_pages();
    let page3 = pages.get(&3).copied().unwrap_or((0, 0));
    let mut links = 0;
    for (n, id) in &pages {
        let Ok(page) = pdf.get_dictionary(*id) else {
            continue;
        };
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let dict = match a {
                lopdf::Object::Reference(r) => pdf.get_dictionary(*r).ok(),
                lopdf::Object::Dictionary(d) => Some(d),
                _ => None,
            };
            let Some(dict) = dict else { continue };
            links += 1;
            let border = dict
                .get(b"Border")
                .and_then(|b| b.as_array())
                .unwrap_or_else(|e| panic!("link without /Border on page {n}: {e}"));
            let width = border.get(2).and_then(|w| w.as_float().ok()).unwrap_or(1.0);
            assert_eq!(width, 0.0, "link border width on page {n}");
            let dest = dict
                .get(b"A")
                .and_then(|a| a.as_dict())
                .and_then(|a| a.get(b"D"))
                .and_then(|d| d.as_array())
                .unwrap_or_else(|e| panic!("link without GoTo destination on page {n}: {e}"));
            let target = dest.first().and_then(|t| t.as_reference().ok());
            assert_eq!(
                target,
                Some(page3),
                "every link in this document goes to page 3"
            );
        }
    }
    // Two contents entries and one body link; the link to an unknown anchor is dropped.
    assert_eq!(links, 3, "link annotations");
}

#[test]
fn page_mode_is_a_name_and_the_outline_exists() {
    let r = render(&names_doc());
    let pdf = lopdf::Document::load_mem(&r.pdf).unwrap_or_else(|e| panic!("lopdf: {e}"));
    let catalog = pdf.catalog().unwrap_or_else(|e| panic!("catalog: {e}"));
    let mode = catalog.get(b"PageMode").and_then(|m| m.as_name());
    assert_eq!(
        mode.ok(),
        Some(&b"UseOutlines"[..]),
        "/PageMode must be a name"
    );
    assert!(catalog.get(b"Outlines").is_ok(), "outline missing");
}
