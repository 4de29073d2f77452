//! Every word of a large document stays inside the page's text area (or the header and footer bands).

mod common;

use common::{render, write};

fn attr(tag: &str, name: &str) -> f32 {
    tag.split(&format!("{name}=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(f32::NAN)
}

#[test]
fn every_word_of_a_large_document_is_inside_the_margins() {
    let doc = common::big(3, 120, 200, 1500);
    let r = render(&doc);
    assert!(
        r.pages > 100,
        "expected a large document, got {} pages",
        r.pages
    );
    let path = write("margins", &r.pdf);
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    let html = String::from_utf8_lossy(&out.stdout);
    let mm = 72.0 / 25.4;
    let (mut page, mut width, mut height) = (0, 0.0, 0.0);
    let mut words = 0;
    for tag in html.split('<') {
        if tag.starts_with("page ") {
            page += 1;
            width = attr(tag, "width");
            height = attr(tag, "height");
        } else if tag.starts_with("word ") {
            words += 1;
            let (x0, y0, x1, y1) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            );
            let word = tag.split('>').nth(1).unwrap_or("");
            let tol = 1.5;
            assert!(
                x0 >= 20.0 * mm - tol && x1 <= width - 20.0 * mm + tol,
                "page {page}: {word:?} outside the side margins ({x0}..{x1})"
            );
            // Header band from 9 mm, footer band to 9 mm from the bottom.
            assert!(
                y0 >= 9.0 * mm && y1 <= height - 8.0 * mm,
                "page {page}: {word:?} outside the page's bands ({y0}..{y1})"
            );
            let in_header = y1 <= 17.0 * mm;
            let in_footer = y0 >= height - 17.0 * mm;
            // pdftotext's boxes use the font's ascent and descent, not the ink: Noto Sans Arabic's
            // are taller than the line, so allow a few points at the top and bottom.
            let tall = 4.5;
            let in_body = y0 >= 22.0 * mm - tall && y1 <= height - 20.0 * mm + tall;
            assert!(
                in_header || in_footer || in_body,
                "page {page}: {word:?} crosses the text area's edge ({y0}..{y1})"
            );
        }
    }
    assert_eq!(page, r.pages, "pages seen by pdftotext");
    assert!(words > 10_000, "words seen: {words}");
}
