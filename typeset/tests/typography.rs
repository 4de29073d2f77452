//! The finish of the typesetting, checked on the real PDF with `pdftotext -bbox-layout`: tables
//! sized from their content (no header word, name or e-mail address broken, an empty column left
//! out, a word too long for any column broken only with a hyphen), pages that hold together
//! (headings and meta lines kept with what follows, no widows or orphans) and justified text
//! ending at the right margin.

mod common;

use std::collections::{HashMap, HashSet};

use common::{body_lines, broken_words, doc, document_words, heading, text_layout};
use desk_typeset::{Block, Column, Document, ParaStyle, Paragraph, Span, Table};

const RIGHT: f64 = 595.2757 - 20.0 * 72.0 / 25.4;
const LEFT: f64 = 20.0 * 72.0 / 25.4;

fn delegation_table() -> Table {
    let people = [
        (
            "Elena Vasquez-Hartley",
            "Head of Delegation; Director for Human Security Affairs",
            "Ministry of Foreign Affairs",
            "elena.vasquez-hartley@example.org",
            "EN, ES, FR",
        ),
        (
            "Łukasz Brandt",
            "Deputy National Anti-Trafficking Coordinator",
            "Office of the National Anti-Trafficking Coordinator",
            "lukasz.brandt@example.org",
            "EN, PL, DE",
        ),
        (
            "Zoë Achterberg",
            "Detective Inspector",
            "National Police, Anti-Trafficking Unit",
            "zoe.achterberg@example.org",
            "EN, NL, DE",
        ),
        (
            "Siobhán Mullally",
            "Special Rapporteur",
            "المغرب",
            "siobhan.mullally@example.org",
            "EN, GA",
        ),
    ];
    Table {
        columns: vec![
            Column::names("Name"),
            Column::new("Title"),
            Column::new("Organisation"),
            Column::names("Contact"),
            Column::new("Notes"),
            Column::names("Languages"),
        ],
        rows: people
            .iter()
            .map(|&(n, t, o, e, l)| {
                vec![
                    Paragraph::spans(vec![Span::bold_name(n)], ParaStyle::Body),
                    Paragraph::text(t),
                    Paragraph::text(o),
                    Paragraph::text(e),
                    Paragraph::text(" "),
                    Paragraph::text(l),
                ]
            })
            .collect(),
    }
}

#[test]
fn table_columns_fit_their_content_and_no_header_word_name_or_address_is_broken() {
    let d = doc(vec![
        heading(1, "Delegation", None),
        Block::Table(delegation_table()),
    ]);
    let r = common::render(&d);
    let path = common::write("delegation-table", &r.pdf);
    let pages = text_layout(&path);
    let words: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .flat_map(|l| l.words.iter().map(|w| w.text.clone()))
        })
        .collect();
    for whole in [
        "Languages",
        "Organisation",
        "Vasquez-Hartley",
        "zoe.achterberg@example.org",
        "elena.vasquez-hartley@example.org",
        "Achterberg",
    ] {
        assert!(
            words.iter().any(|w| w == whole),
            "\"{whole}\" is printed whole: {words:?}"
        );
    }
    assert!(
        !words.iter().any(|w| w == "Notes"),
        "the column empty in every row is left out"
    );
    let known = document_words(&d);
    let names: HashSet<String> = ["Vasquez-Hartley", "Achterberg", "Brandt", "Mullally"]
        .map(String::from)
        .into();
    let bad = broken_words(&pages, &known, &names);
    assert!(bad.is_empty(), "words broken: {bad:?}");
    // The name and the address each stand on one line: their columns are as wide as they are.
    let lines: Vec<String> = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text()))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("Elena Vasquez-Hartley")),
        "the name on one line: {lines:?}"
    );
}

#[test]
fn a_word_too_long_for_any_column_is_broken_only_with_a_hyphen() {
    let id = format!("ID{}", "0123456789".repeat(12));
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(3);
    let d = doc(vec![Block::Table(Table {
        columns: vec![
            Column::names("Identifier"),
            Column::new("Word"),
            Column::new("Note"),
        ],
        rows: vec![vec![
            Paragraph::text(&id),
            Paragraph::text(&word),
            Paragraph::text("A short note on the record that wraps over a few lines."),
        ]],
    })]);
    let r = common::render(&d);
    let path = common::write("long-words", &r.pdf);
    let pages = text_layout(&path);
    let lines: Vec<&common::TextLine> = pages.iter().flat_map(|p| p.lines.iter()).collect();
    for whole in [&id, &word] {
        let parts: Vec<String> = lines
            .iter()
            .filter_map(|l| l.words.first())
            .map(|w| w.text.clone())
            .filter(|w| {
                whole.starts_with(w.trim_end_matches('-'))
                    || whole.contains(w.trim_end_matches('-'))
            })
            .filter(|w| w.len() > 3)
            .collect();
        assert!(parts.len() >= 2, "{whole} is broken over lines: {parts:?}");
        let (last, head) = parts.split_last().unwrap_or_else(|| panic!("parts"));
        for p in head {
            assert!(
                p.ends_with('-'),
                "a broken part ends with a hyphen: {p} in {parts:?}"
            );
        }
        let joined: String = head
            .iter()
            .map(|p| p.trim_end_matches('-'))
            .chain([last.as_str()])
            .collect();
        assert_eq!(&joined, whole, "nothing lost or added");
    }
    for l in &lines {
        assert!(l.x1() <= RIGHT + 0.5, "inside the margin: {}", l.text());
    }
}

/// A long document of paragraphs of 1 to 9 lines, headings, lead-in labels and meta lines, each
/// paragraph's words tagged with its number (`p12w3`) so that every printed line can be traced.
fn flow(justify: bool) -> Document {
    let mut seed = 0x2545_f491_u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    let mut blocks = vec![heading(1, "Flow", None)];
    for i in 0..500 {
        let r = next();
        match r % 12 {
            0 => blocks.push(heading(2, &format!("Heading h{i}"), None)),
            1 => blocks.push(Block::Paragraph(
                Paragraph::styled(
                    format!("meta m{i} · Observation · Panel · Türkiye"),
                    ParaStyle::Small,
                )
                .kept_with_next(),
            )),
            2 => blocks.push(Block::Paragraph(Paragraph::styled(
                format!("Label l{i}"),
                ParaStyle::Label,
            ))),
            _ => {
                let n = 1 + next() % (9 * 16);
                let text: Vec<String> = (0..n)
                    .map(|j| format!("p{i}w{j}{}", "x".repeat(next() % 6)))
                    .collect();
                blocks.push(Block::Paragraph(Paragraph::text(text.join(" "))));
            }
        }
    }
    Document {
        justify,
        ..doc(blocks)
    }
}

/// What a printed line is: a paragraph's (by number), or a heading, label or meta line.
fn kind(line: &common::TextLine) -> (char, usize) {
    let first = line.words.first().map_or("", |w| w.text.as_str());
    let second = line.words.get(1).map_or("", |w| w.text.as_str());
    let num = |s: &str| {
        s.chars()
            .skip(1)
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(usize::MAX)
    };
    match first {
        "Heading" | "Label" | "meta" => (first.chars().next().unwrap_or('?'), num(second)),
        w if w.starts_with('p') => ('p', num(w)),
        _ => ('?', 0),
    }
}

#[test]
fn headings_and_meta_lines_stay_with_what_follows_and_no_paragraph_leaves_a_line_alone() {
    for justify in [false, true] {
        let d = flow(justify);
        let r = common::render(&d);
        let path = common::write(&format!("flow-{justify}"), &r.pdf);
        let pages = text_layout(&path);
        assert!(pages.len() > 20, "a long document: {} pages", pages.len());
        // Lines of each paragraph per page.
        let mut per_page: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        let mut split = 0;
        for (n, page) in pages.iter().enumerate() {
            let lines = body_lines(page);
            if let Some(last) = lines.last() {
                let (k, i) = kind(last);
                assert!(
                    k == 'p' || n + 1 == pages.len(),
                    "page {} ends with a heading, label or meta line ({k}{i}): {}",
                    n + 1,
                    last.text()
                );
            }
            for l in lines {
                let (k, i) = kind(l);
                if k == 'p' {
                    let list = per_page.entry(i).or_default();
                    match list.last_mut() {
                        Some((p, count)) if *p == n => *count += 1,
                        _ => list.push((n, 1)),
                    }
                }
            }
        }
        for (i, parts) in &per_page {
            let total: usize = parts.iter().map(|p| p.1).sum();
            if parts.len() > 1 {
                split += 1;
                assert!(
                    total > 3,
                    "paragraph {i} of {total} lines is split: {parts:?}"
                );
                for (page, count) in parts {
                    assert!(
                        *count >= 2,
                        "paragraph {i} has {count} line alone on page {} (justify {justify}): {parts:?}",
                        page + 1
                    );
                }
            }
        }
        assert!(
            split >= 10,
            "the check saw paragraphs split across pages: {split}"
        );
    }
}

#[test]
fn justified_lines_end_at_the_right_margin_and_ragged_ones_do_not() {
    let lorem = "The delegation supports the draft resolution in principle but seeks stronger \
language on implementation and follow-up, including a reporting mechanism with clear timelines. \
Coordination with like-minded partners is essential; the internationalisation of responsibilities \
and the interoperability of monitoring arrangements remain contested. Siobhán Mullally spoke for \
Türkiye, Ελλάδα and Україна.";
    let blocks: Vec<Block> = (0..40)
        .map(|i| common::para(&format!("{i}. {}", lorem.repeat(1 + i % 3))))
        .collect();
    for justify in [true, false] {
        let d = Document {
            justify,
            ..doc(blocks.clone())
        };
        let r = common::render(&d);
        let path = common::write(&format!("justify-{justify}"), &r.pdf);
        let (mut full, mut short, mut checked) = (0, 0, 0);
        let pages = text_layout(&path);
        assert!(pages.len() > 4, "several pages: {}", pages.len());
        for (n, page) in pages.iter().enumerate() {
            let lines = body_lines(page);
            if let Some(last) = lines.last() {
                assert!(
                    n + 1 == pages.len() || !last.text().ends_with('-'),
                    "page {} ends on a hyphenated line: {}",
                    n + 1,
                    last.text()
                );
            }
            for pair in lines.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                // A line followed by another of the same paragraph (14 pt below it).
                if (b.y1() - a.y1() - 14.0).abs() > 0.5 {
                    continue;
                }
                checked += 1;
                assert!(
                    (a.x0() - LEFT).abs() < 0.5,
                    "starts at the left margin: {}",
                    a.text()
                );
                if (a.x1() - RIGHT).abs() <= 0.5 {
                    full += 1;
                } else {
                    assert!(a.x1() < RIGHT + 0.5, "never past the margin: {}", a.text());
                    short += 1;
                }
            }
        }
        assert!(checked > 100, "the check saw many lines: {checked}");
        if justify {
            assert_eq!(
                short, 0,
                "every justified line but a paragraph's last ends at the margin"
            );
        } else {
            assert!(
                short > checked / 2,
                "ragged lines end short: {short} of {checked}"
            );
        }
        let _ = full;
    }
}

#[test]
fn the_broken_word_check_catches_a_word_split_without_a_hyphen_and_a_hyphenated_name() {
    let word = |x0: f64, y1: f64, text: &str| common::Word {
        x0,
        y0: y1 - 12.0,
        x1: x0 + 6.0 * text.chars().count() as f64,
        y1,
        text: text.into(),
    };
    let line = |words: Vec<common::Word>| common::TextLine { words, block: 1 };
    let page = common::PageText {
        width: 595.0,
        height: 842.0,
        lines: vec![
            line(vec![word(100.0, 100.0, "Language")]),
            line(vec![word(100.0, 112.5, "s")]),
            line(vec![word(300.0, 100.0, "Vasquez-Hart-")]),
            line(vec![word(300.0, 112.5, "ley")]),
            line(vec![word(100.0, 200.0, "inter-")]),
            line(vec![word(100.0, 214.0, "national")]),
        ],
    };
    let known: HashSet<String> = ["Languages", "Vasquez-Hartley", "international"]
        .map(String::from)
        .into();
    let names: HashSet<String> = ["Vasquez-Hartley"].map(String::from).into();
    let bad = broken_words(&[page], &known, &names);
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad[0].contains("Language | s"), "{bad:?}");
    assert!(bad[1].contains("name broken"), "{bad:?}");
}
