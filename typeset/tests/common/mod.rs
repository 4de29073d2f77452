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
            Column {
                header: "Time".into(),
                weight: 1.0,
            },
            Column {
                header: "Session".into(),
                weight: 3.0,
            },
            Column {
                header: "People".into(),
                weight: 2.0,
            },
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
                Column {
                    header: "Time".into(),
                    weight: 1.0,
                },
                Column {
                    header: "Session".into(),
                    weight: 3.0,
                },
                Column {
                    header: "People".into(),
                    weight: 2.0,
                },
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
