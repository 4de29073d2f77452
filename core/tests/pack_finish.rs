//! The briefing pack's finish on the real PDF (`pdftotext -bbox-layout`): the sample delegation
//! page keeps names, e-mail addresses and header words whole; a synthetic pack of a planned
//! conference with hundreds of notes breaks no word without a hyphen, never hyphenates a member's
//! name, and ends no page on a heading, a lead-in or a note's meta line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../typeset/tests/common/mod.rs"]
mod common;

use std::collections::HashSet;

use chrono::TimeZone;
use desk_core::fixtures::{synthetic, synthetic_notes};
use desk_core::pack::{self, PackOptions, Section};
use desk_core::planner::autoplan::{self, Options};
use desk_core::Store;
use desk_typeset::{Block, Document, ParaStyle};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2023, 4, 17, 16, 0, 0)
        .single()
        .unwrap()
}

/// The blocks that must not end a page, with the font size they are printed at.
fn kept(doc: &Document) -> Vec<(String, f64)> {
    let text = |p: &desk_typeset::Paragraph| p.spans.iter().map(|s| s.text.as_str()).collect();
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 2 => Some((h.text.clone(), 13.5)),
            Block::Heading(h) if h.level >= 3 => Some((h.text.clone(), 11.0)),
            Block::Paragraph(p) if p.style == ParaStyle::Label => Some((text(p), 10.0)),
            Block::Paragraph(p) if p.keep_with_next => Some((text(p), 8.5)),
            _ => None,
        })
        .collect()
}

/// The header words of a document's tables: of the columns with content (`true`) and of those
/// empty in every row (`false`).
fn header_words(doc: &Document, filled: bool) -> HashSet<String> {
    let mut out = HashSet::new();
    for b in &doc.blocks {
        let Block::Table(t) = b else { continue };
        for (i, c) in t.columns.iter().enumerate() {
            let has = t.rows.iter().any(|r| {
                r.get(i)
                    .is_some_and(|p| p.spans.iter().any(|s| !s.text.trim().is_empty()))
            });
            if has == filled {
                out.extend(c.header.split_whitespace().map(str::to_string));
            }
        }
    }
    out
}

#[test]
fn the_sample_delegation_page_keeps_names_addresses_and_header_words_whole() {
    let mut store = Store::open_in_memory().unwrap();
    let c = desk_core::app::conferences::load_sample(&mut store)
        .unwrap()
        .conference;
    let options = PackOptions {
        sections: vec![Section::Delegation, Section::Schedule],
        ..PackOptions::default()
    };
    let doc = pack::document(store.conn(), &c, &options, 1, now()).unwrap();
    let r = desk_typeset::render(&doc, &mut |_| {}).unwrap();
    let path = common::write("sample-delegation", &r.pdf);
    let pages = common::text_layout(&path);
    let words: Vec<&str> = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .flat_map(|l| l.words.iter().map(|w| w.text.as_str()))
        })
        .collect();
    for whole in [
        "Vasquez-Hartley",
        "zoe.achterberg@example.org",
        "elena.vasquez-hartley@example.org",
        "Languages",
        "Organisation",
    ] {
        assert!(
            words.contains(&whole),
            "\"{whole}\" printed whole: {words:?}"
        );
    }
    let known = common::document_words(&doc);
    let names = name_words(&store, c.id);
    let bad = common::broken_words(&pages, &known, &names);
    assert!(bad.is_empty(), "words broken: {bad:?}");
}

#[test]
fn a_synthetic_pack_breaks_no_word_without_a_hyphen_and_ends_no_page_on_a_heading_or_meta_line() {
    // `PACK_FINISH=600,40,5000` checks the benchmark's 1,894-page pack instead (run by hand).
    let size: Vec<usize> = std::env::var("PACK_FINISH")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| v.len() == 3)
        .unwrap_or_else(|| vec![60, 12, 600]);
    let mut store = Store::open_in_memory().unwrap();
    let c = synthetic::load(&mut store, size[0], size[1])
        .unwrap()
        .conference;
    synthetic_notes::generate(&mut store, &c, size[2], 7).unwrap();
    autoplan::plan(&mut store, &c, Options::default()).unwrap();
    let doc = pack::document(store.conn(), &c, &PackOptions::default(), 1, now()).unwrap();
    let r = desk_typeset::render(&doc, &mut |_| {}).unwrap();
    assert!(r.pages > 100, "a large pack: {} pages", r.pages);
    println!("{} pages", r.pages);
    let path = common::write("synthetic-pack", &r.pdf);
    let pages = common::text_layout(&path);

    let known = common::document_words(&doc);
    let names = name_words(&store, c.id);
    let bad = common::broken_words(&pages, &known, &names);
    assert!(
        bad.is_empty(),
        "{} words broken: {:?}",
        bad.len(),
        &bad[..bad.len().min(40)]
    );

    let printed: HashSet<&str> = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .flat_map(|l| l.words.iter().map(|w| w.text.as_str()))
        })
        .collect();
    for w in header_words(&doc, true) {
        assert!(
            printed.contains(w.as_str()),
            "header word \"{w}\" printed whole"
        );
    }
    let empty = header_words(&doc, false);
    assert!(
        empty.contains("Contact"),
        "synthetic members have no e-mail address: {empty:?}"
    );
    assert!(
        !printed.contains("Contact"),
        "the column empty in every row is left out"
    );

    let kept = kept(&doc);
    let mut checked = 0;
    for (n, page) in pages.iter().enumerate() {
        let Some(last) = common::body_lines(page).last().copied() else {
            continue;
        };
        checked += 1;
        let text = last.text();
        if !text.chars().any(char::is_alphabetic) {
            continue; // a contents entry's page number
        }
        let h = last.height();
        let offending = kept
            .iter()
            .find(|(t, size)| (h - size * 1.362).abs() < 0.25 && t.contains(text.as_str()));
        assert!(
            offending.is_none() || n + 1 == pages.len(),
            "page {} ends with \"{text}\", part of a heading or meta line kept with what follows: {:?}",
            n + 1,
            offending
        );
    }
    assert!(checked > 100, "the check saw every page: {checked}");
}

/// Every word of the members' names (never hyphenated or split in the pack).
fn name_words(store: &Store, conference_id: i64) -> HashSet<String> {
    desk_core::delegation::members::list(store.conn(), conference_id)
        .unwrap()
        .iter()
        .flat_map(|m| m.name.split_whitespace().map(str::to_string))
        .collect()
}
