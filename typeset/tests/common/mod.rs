//! Fixtures shared by the tests and the benchmark: small document builders and wrappers around the
//! poppler and qpdf command-line tools.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use desk_typeset::{
    Block, Column, Cover, Document, Heading, Info, Paper, ParaStyle, Paragraph, Span, Table,
};

/// The names every check looks for, as entered.
pub const NAMES: [&str; 7] = [
    "Siobhán Mullally",
    "Türkiye",
    "Ελλάδα",
    "Україна",
    "Қазақстан",
    "المغرب",
    "ישראל",
];

pub fn info() -> Info {
    Info {
        title: "Briefing pack: Test conference".into(),
        author: "Delegation of Testland".into(),
        subject: "Test subject".into(),
        keywords: vec!["briefing".into(), "test".into()],
        created: Utc
            .with_ymd_and_hms(2023, 4, 17, 9, 30, 0)
            .single()
            .unwrap_or_default(),
    }
}

pub fn doc(blocks: Vec<Block>) -> Document {
    Document {
        info: info(),
        paper: Paper::A4,
        marking: Some("RESTRICTED".into()),
        header_right: "Test conference 2023".into(),
        footer_left: "Prepared 17 April 2023 · version 3".into(),
        blocks,
        justify: true,
    }
}

pub fn heading(level: u8, text: &str, anchor: Option<&str>) -> Block {
    Block::Heading(Heading {
        level,
        text: text.into(),
        in_contents: level <= 2,
        anchor: anchor.map(str::to_owned),
    })
}

pub fn para(text: &str) -> Block {
    Block::Paragraph(Paragraph::text(text))
}

pub fn cover() -> Block {
    Block::Cover(Cover {
        kicker: "Delegation of Testland".into(),
        title: "Briefing pack".into(),
        subtitle: "Test conference on everything".into(),
        lines: vec![
            "17–21 April 2023 · Palais des Nations, Geneva".into(),
            "Prepared 17 April 2023 · version 3".into(),
        ],
    })
}

pub fn table(rows: Vec<Vec<&str>>) -> Block {
    Block::Table(Table {
        columns: vec![
            Column::new("Time"),
            Column::new("Session"),
            Column::new("People"),
        ],
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Paragraph::text).collect())
            .collect(),
    })
}

const LOREM: &str = "The delegation supports the draft resolution in principle but seeks stronger \
language on implementation and follow-up, including a reporting mechanism with clear timelines. \
Coordination with like-minded partners is essential; the internationalisation of responsibilities \
and the interoperability of monitoring arrangements remain contested.";

/// A document of roughly `sessions` / 1.5 pages plus tables and notes: the benchmark's shape.
pub fn big(days: usize, rows_per_day: usize, sessions: usize, notes: usize) -> Document {
    let mut blocks = vec![
        cover(),
        Block::Contents {
            title: "Contents".into(),
        },
    ];
    blocks.push(heading(1, "Programme", Some("programme")));
    for d in 0..days {
        blocks.push(heading(2, &format!("Day {} – {}", d + 1, 17 + d), None));
        let rows = (0..rows_per_day)
            .map(|r| {
                let name = NAMES[r % NAMES.len()];
                vec![
                    Paragraph::text(format!("{:02}:{:02}", 9 + r / 4, (r % 4) * 15)),
                    Paragraph {
                        spans: vec![Span::link(
                            format!(
                                "Session {} on cooperation and capacity-building",
                                d * rows_per_day + r + 1
                            ),
                            format!("session-{}", d * rows_per_day + r + 1),
                        )],
                        style: ParaStyle::Body,
                        keep_with_next: false,
                    },
                    Paragraph::text(if r % 17 == 3 {
                        format!("{name}, {} {}", LOREM, LOREM)
                    } else {
                        format!("{name}, Chair; {}", NAMES[(r + 3) % NAMES.len()])
                    }),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::new("Time"),
                Column::new("Session"),
                Column::new("People"),
            ],
            rows,
        }));
    }
    blocks.push(heading(1, "Sessions", None));
    for s in 0..sessions {
        let n = s + 1;
        blocks.push(heading(
            2,
            &format!("Session {n}: cooperation and capacity-building"),
            Some(&format!("session-{n}")),
        ));
        blocks.push(Block::Fields(vec![
            ("Moderator".into(), Paragraph::text(NAMES[s % NAMES.len()])),
            (
                "Room".into(),
                Paragraph::text(format!("Room {} (Building E)", s % 30)),
            ),
        ]));
        blocks.push(Block::Paragraph(Paragraph::styled(
            "Objectives",
            ParaStyle::Label,
        )));
        blocks.push(para(LOREM));
        blocks.push(Block::Paragraph(Paragraph::styled(
            "Position",
            ParaStyle::Label,
        )));
        blocks.push(para(&format!("{LOREM} {LOREM}")));
        if s % 3 == 0 {
            blocks.push(Block::Bullets(vec![
                Paragraph::text(format!("Meet {} and {}.", NAMES[(s + 1) % 7], NAMES[(s + 5) % 7])),
                Paragraph::text("Supercalifragilisticexpialidociousnessandthenevenmorelettersthatnevereverstopatall"),
            ]));
        }
    }
    blocks.push(heading(1, "Notes", None));
    let mut bullets = Vec::new();
    for i in 0..notes {
        bullets.push(Paragraph {
            spans: vec![
                Span::bold(format!("{}: ", NAMES[i % NAMES.len()])),
                Span::plain(format!(
                    "note {i} on the position of {}.",
                    NAMES[(i + 2) % NAMES.len()]
                )),
            ],
            style: ParaStyle::Body,
            keep_with_next: false,
        });
        if bullets.len() == 50 {
            blocks.push(Block::Bullets(std::mem::take(&mut bullets)));
        }
    }
    if !bullets.is_empty() {
        blocks.push(Block::Bullets(bullets));
    }
    doc(blocks)
}

/// Writes `pdf` to a fresh file under the target dir and returns its path.
pub fn write(name: &str, pdf: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("typeset");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    path
}

/// Runs a tool and returns its stdout, failing the test with its stderr if it fails.
pub fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not be started: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn render(doc: &Document) -> desk_typeset::Rendered {
    desk_typeset::render(doc, &mut |_| {}).unwrap_or_else(|e| panic!("render failed: {e}"))
}

/// A word as `pdftotext -bbox-layout` places it, in points from the page's top left.
#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// A line of words as poppler reads it, with the text block it belongs to.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub words: Vec<Word>,
    pub block: usize,
}

impl TextLine {
    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    pub fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
    pub fn x1(&self) -> f64 {
        self.words.last().map_or(0.0, |w| w.x1)
    }
    pub fn y1(&self) -> f64 {
        self.words.iter().map(|w| w.y1).fold(0.0, f64::max)
    }
    /// The line's height: about 1.36 times its font size with Noto Sans.
    pub fn height(&self) -> f64 {
        self.words.iter().map(|w| w.y1 - w.y0).fold(0.0, f64::max)
    }
}

/// A page's text lines, in poppler's reading order.
#[derive(Debug, Clone, Default)]
pub struct PageText {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<TextLine>,
}

fn attr(line: &str, name: &str) -> Option<f64> {
    let start = line.find(&format!("{name}=\""))? + name.len() + 2;
    line.get(start..)?.split('"').next()?.parse().ok()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every page's lines and words, from `pdftotext -bbox-layout`.
pub fn text_layout(file: &Path) -> Vec<PageText> {
    let xml = run("pdftotext", &["-bbox-layout"], file);
    let mut pages: Vec<PageText> = Vec::new();
    let mut block = 0;
    for line in xml.lines() {
        let t = line.trim_start();
        if t.starts_with("<page ") {
            pages.push(PageText {
                width: attr(t, "width").unwrap_or(0.0),
                height: attr(t, "height").unwrap_or(0.0),
                lines: Vec::new(),
            });
        } else if t.starts_with("<block ") {
            block += 1;
        } else if t.starts_with("<line ") {
            if let Some(p) = pages.last_mut() {
                p.lines.push(TextLine {
                    words: Vec::new(),
                    block,
                });
            }
        } else if t.starts_with("<word ") {
            let text = t
                .split_once('>')
                .and_then(|(_, rest)| rest.rsplit_once("</word>"))
                .map(|(w, _)| unescape(w))
                .unwrap_or_default();
            let word = Word {
                x0: attr(t, "xMin").unwrap_or(0.0),
                y0: attr(t, "yMin").unwrap_or(0.0),
                x1: attr(t, "xMax").unwrap_or(0.0),
                y1: attr(t, "yMax").unwrap_or(0.0),
                text,
            };
            if let Some(l) = pages.last_mut().and_then(|p| p.lines.last_mut()) {
                l.words.push(word);
            }
        }
    }
    pages
}

/// The body lines of a page (between the running header and footer), top to bottom.
pub fn body_lines(page: &PageText) -> Vec<&TextLine> {
    let top = 22.0 * 72.0 / 25.4 - 2.0;
    let bottom = page.height - 20.0 * 72.0 / 25.4 + 2.0;
    let mut lines: Vec<&TextLine> = page
        .lines
        .iter()
        .filter(|l| !l.words.is_empty() && l.y1() > top && l.y1() < bottom)
        .collect();
    lines.sort_by(|a, b| a.y1().total_cmp(&b.y1()).then(a.x0().total_cmp(&b.x0())));
    lines
}

/// Runs of words on a page: words on one baseline closer than a table's cell gap, top to bottom
/// (the lines of a paragraph, or of one table cell).
fn runs(page: &PageText) -> Vec<Vec<&Word>> {
    let mut words: Vec<&Word> = page.lines.iter().flat_map(|l| l.words.iter()).collect();
    words.sort_by(|a, b| {
        ((a.y1 * 2.0).round())
            .total_cmp(&(b.y1 * 2.0).round())
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut out: Vec<Vec<&Word>> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(run)
                if run.last().is_some_and(|l| {
                    (l.y1 - w.y1).abs() < 0.6 && w.x0 - l.x1 < 6.5 && w.x0 >= l.x1 - 0.5
                }) =>
            {
                run.push(w)
            }
            _ => out.push(vec![w]),
        }
    }
    out
}

/// Words of the PDF that are not words of the source (`known`), unless they are the two halves
/// of a word broken at a line's end after a hyphen (added, or the word's own) or a slash, the
/// second half starting the line below at the same x (the next line of the same paragraph or
/// table cell): each such word is returned with what follows it. `names` are words that must
/// never be broken, even with a hyphen. Numbers (page numbers) and right-to-left text (which
/// poppler reorders) are skipped.
pub fn broken_words(
    pages: &[PageText],
    known: &std::collections::HashSet<String>,
    names: &std::collections::HashSet<String>,
) -> Vec<String> {
    let skip = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit())
            || w.chars()
                .any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFF}'))
    };
    let mut bad = Vec::new();
    let all: Vec<Vec<Vec<&Word>>> = pages.iter().map(runs).collect();
    let band = |page: &PageText, w: &Word| {
        w.y1 > 22.0 * 72.0 / 25.4 - 2.0 && w.y1 < page.height - 20.0 * 72.0 / 25.4 + 2.0
    };
    let mut carried: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for (p, (page, runs)) in pages.iter().zip(&all).enumerate() {
        // The run continuing a run: starting at its x, just below it, or at the top of the next
        // page when it ends this one.
        let below = |i: usize| -> Option<(usize, usize)> {
            let first = runs.get(i)?.first()?;
            let (x, y, h) = (first.x0, first.y1, first.y1 - first.y0);
            let here = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.first().is_some_and(|m| {
                        (m.x0 - x).abs() < 1.0 && m.y1 > y + 1.0 && m.y1 < y + 1.6 * h
                    })
                })
                .min_by(|a, b| {
                    let ya = a.1.first().map_or(0.0, |w| w.y1);
                    let yb = b.1.first().map_or(0.0, |w| w.y1);
                    ya.total_cmp(&yb)
                })
                .map(|(k, _)| (p, k));
            if here.is_some() {
                return here;
            }
            let last_here = runs
                .iter()
                .filter_map(|r| r.first())
                .filter(|w| band(page, w))
                .all(|w| w.y1 <= y + 0.5);
            if !last_here {
                return None;
            }
            let next = pages.get(p + 1)?;
            all.get(p + 1)?
                .iter()
                .enumerate()
                .filter(|(_, r)| r.first().is_some_and(|w| band(next, w)))
                .find(|(_, r)| r.first().is_some_and(|m| (m.x0 - x).abs() < 1.0))
                .map(|(k, _)| (p + 1, k))
        };
        for (i, run) in runs.iter().enumerate() {
            let n = run.len();
            for (j, w) in run.iter().enumerate() {
                if j == 0 && carried.contains(&(p, i)) {
                    continue;
                }
                if known.contains(&w.text) || skip(&w.text) {
                    continue;
                }
                let next = if j + 1 == n { below(i) } else { None };
                let Some((at, next)) =
                    next.and_then(|(q, k)| Some(((q, k), *all.get(q)?.get(k)?.first()?)))
                else {
                    bad.push(format!("page {}: {}", p + 1, w.text));
                    continue;
                };
                carried.insert(at);
                let as_is = format!("{}{}", w.text, next.text);
                let joined = if w.text.ends_with('-') && !known.contains(&as_is) {
                    format!("{}{}", w.text.trim_end_matches('-'), next.text)
                } else {
                    as_is
                };
                let at_break = w.text.ends_with(['-', '/', '–', '—']);
                let core = joined.trim_matches(|c: char| !c.is_alphanumeric());
                if at_break && (known.contains(&joined) || known.contains(core)) {
                    if names.contains(&joined) || names.contains(core) {
                        bad.push(format!(
                            "page {}: name broken: {} | {}",
                            p + 1,
                            w.text,
                            next.text
                        ));
                    }
                    continue;
                }
                bad.push(format!("page {}: {} | {}", p + 1, w.text, next.text));
            }
        }
    }
    bad
}

/// The whitespace-separated words of `text`, with and without surrounding punctuation.
pub fn words_of(text: &str, into: &mut std::collections::HashSet<String>) {
    for w in text.split_whitespace() {
        into.insert(w.to_string());
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !core.is_empty() {
            into.insert(core.to_string());
        }
    }
}

/// Every word a document's text holds (paragraphs, cells, headers, headings, cover, furniture).
pub fn document_words(doc: &Document) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let para = |p: &Paragraph, out: &mut std::collections::HashSet<String>| {
        let text: String = p.spans.iter().map(|s| s.text.as_str()).collect();
        words_of(&text, out);
    };
    for b in &doc.blocks {
        match b {
            Block::Cover(c) => {
                for t in [&c.kicker, &c.title, &c.subtitle]
                    .into_iter()
                    .chain(&c.lines)
                {
                    words_of(t, &mut out);
                }
            }
            Block::Heading(h) => words_of(&h.text, &mut out),
            Block::Contents { title } => words_of(title, &mut out),
            Block::Paragraph(p) => para(p, &mut out),
            Block::Bullets(items) => items.iter().for_each(|p| para(p, &mut out)),
            Block::Fields(f) => {
                for (k, v) in f {
                    words_of(k, &mut out);
                    para(v, &mut out);
                }
            }
            Block::Table(t) => {
                for c in &t.columns {
                    words_of(&c.header, &mut out);
                }
                for row in &t.rows {
                    row.iter().for_each(|p| para(p, &mut out));
                }
            }
            Block::Space(_) | Block::PageBreak => {}
        }
    }
    for t in [&doc.header_right, &doc.footer_left] {
        words_of(t, &mut out);
    }
    if let Some(m) = &doc.marking {
        words_of(m, &mut out);
    }
    for w in ["Page", "of", "•", "…"] {
        out.insert(w.to_string());
    }
    out
}
