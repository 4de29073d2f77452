//! The pack's content, checked on the document model (the PDF itself is checked end to end with
//! poppler and qpdf in `tests/tests/pack.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use desk_typeset::{Block, Document, Paragraph};

use super::*;
use crate::domain::Role;
use crate::notes::NewNote;
use crate::programme::briefs::BriefChange;
use crate::{fixtures::testutil, notes, planner, programme::briefs};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 4, 17, 16, 0, 0).unwrap()
}

fn para_text(p: &Paragraph) -> String {
    p.spans.iter().map(|s| s.text.as_str()).collect()
}

/// Every piece of text of a document, one entry per paragraph, cell, heading or cover line.
fn texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        match b {
            Block::Cover(c) => {
                out.extend([c.kicker.clone(), c.title.clone(), c.subtitle.clone()]);
                out.extend(c.lines.iter().cloned());
            }
            Block::Heading(h) => out.push(h.text.clone()),
            Block::Contents { title } => out.push(title.clone()),
            Block::Paragraph(p) => out.push(para_text(p)),
            Block::Bullets(items) => out.extend(items.iter().map(para_text)),
            Block::Fields(f) => {
                for (k, v) in f {
                    out.push(format!("{k}: {}", para_text(v)));
                }
            }
            Block::Table(t) => {
                for row in &t.rows {
                    out.extend(row.iter().map(para_text));
                }
            }
            Block::Space(_) | Block::PageBreak => {}
        }
    }
    out
}

fn level1(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) if h.level == 1 => Some(h.text.clone()),
            _ => None,
        })
        .collect()
}

fn build(store: &Store, c: &Conference, options: &PackOptions) -> Document {
    document(store.conn(), c, options, 3, now()).unwrap()
}

#[test]
fn sections_come_in_the_order_asked_and_only_those() {
    let (store, c) = testutil::sample();
    let options = PackOptions {
        sections: parse_sections("actions, schedule,delegation,schedule").unwrap(),
        ..Default::default()
    };
    let doc = build(&store, &c, &options);
    assert_eq!(
        level1(&doc),
        vec!["Follow-up actions", "Schedule", "Delegation"],
        "order as asked, repeats dropped"
    );
    assert!(
        !doc.blocks.iter().any(|b| matches!(b, Block::Cover(_))),
        "no cover unless asked"
    );
}

#[test]
fn an_unknown_section_or_paper_is_refused_with_the_choices() {
    let err = parse_sections("cover,gossip").unwrap_err().to_string();
    assert!(
        err.starts_with("sections:") && err.contains("gossip") && err.contains("briefs"),
        "{err}"
    );
    assert!(parse_sections(" , ").is_err(), "an empty list is refused");
    assert!(parse_paper("A4").is_ok() && parse_paper("Letter").is_ok());
    assert!(parse_paper("a5")
        .unwrap_err()
        .to_string()
        .contains("a4 or letter"));
}

#[test]
fn the_cover_names_the_country_dates_version_and_marking() {
    let (mut store, c) = testutil::sample();
    save_settings(&mut store, &c, "Ruritania", "RESTRICTED").unwrap();
    let doc = build(&store, &c, &PackOptions::default());
    let all = texts(&doc);
    for wanted in [
        "Delegation of Ruritania",
        "Briefing pack",
        "18–19 April 2023 · Hofburg, Vienna",
        "Prepared on 17 April 2023 · version 3",
    ] {
        assert!(
            all.iter().any(|t| t == wanted),
            "{wanted:?} on the cover: {all:?}"
        );
    }
    assert_eq!(
        doc.marking.as_deref(),
        Some("RESTRICTED"),
        "the saved marking heads every page"
    );
    assert_eq!(doc.info.author, "Delegation of Ruritania");
    assert_eq!(doc.info.created, now());
    let once = PackOptions {
        marking: Some("OFFICIAL-SENSITIVE".into()),
        ..Default::default()
    };
    assert_eq!(
        build(&store, &c, &once).marking.as_deref(),
        Some("OFFICIAL-SENSITIVE"),
        "a marking given for one pack wins over the saved one"
    );
}

#[test]
fn a_session_brief_carries_what_the_coordinator_wrote_and_the_notes() {
    let (mut store, c) = testutil::sample();
    let panel = testutil::session_id(&store, &c, "Panel 2");
    let who = testutil::member_id(&store, &c, "Zoë");
    planner::assign(&mut store, panel, who, Role::Lead).unwrap();
    briefs::save(
        &mut store,
        &c,
        panel,
        &BriefChange {
            objectives: Some("Present our **referral mechanism** reform.".into()),
            points: Some(
                "- One national referral mechanism since 2021\n- Survivors consulted".into(),
            ),
            lines: Some("- On prosecutions: figures in the rapporteur's report".into()),
        },
    )
    .unwrap();
    notes::add(
        &mut store,
        &c,
        &NewNote {
            session_id: Some(panel),
            author_id: Some(who),
            body: "Siobhán Mullally stressed survivor-centred NRMs.".into(),
            blocks: vec!["nrm".into()],
            countries: vec!["Türkiye".into()],
            ..Default::default()
        },
    )
    .unwrap();
    let doc = build(
        &store,
        &c,
        &PackOptions {
            sections: vec![Section::Briefs, Section::Blocks],
            ..Default::default()
        },
    );
    let all = texts(&doc);
    for wanted in [
        "Present our referral mechanism reform.",
        "One national referral mechanism since 2021",
        "On prosecutions: figures in the rapporteur's report",
        "Covered by: Zoë Achterberg (lead)",
        "Siobhán Mullally stressed survivor-centred NRMs.",
    ] {
        assert!(
            all.iter().any(|t| t == wanted),
            "{wanted:?} in the pack: {all:?}"
        );
    }
    assert!(
        all.iter()
            .filter(|t| t.contains("Siobhán Mullally stressed"))
            .count()
            == 2,
        "the note shows in its session's brief and under its building block"
    );
    assert!(
        all.iter()
            .any(|t| t.contains("Türkiye") && t.contains("Zoë Achterberg")),
        "a note's line names its country and author: {all:?}"
    );
}

#[test]
fn a_personal_pack_holds_only_the_members_sessions_and_actions() {
    let (mut store, c) = testutil::sample();
    let panel1 = testutil::session_id(&store, &c, "Panel 1");
    let panel3 = testutil::session_id(&store, &c, "Panel 3");
    let lukasz = testutil::member_id(&store, &c, "Łukasz");
    let dalia = testutil::member_id(&store, &c, "Dalia");
    planner::assign(&mut store, panel1, lukasz, Role::Attend).unwrap();
    planner::assign(&mut store, panel3, dalia, Role::Attend).unwrap();
    let options = PackOptions {
        member_id: Some(lukasz),
        sections: vec![
            Section::Cover,
            Section::Schedule,
            Section::Agendas,
            Section::Briefs,
        ],
        ..Default::default()
    };
    let doc = build(&store, &c, &options);
    let all = texts(&doc);
    let panel1_title = crate::programme::sessions::get(store.conn(), &c, panel1)
        .unwrap()
        .title;
    let panel3_title = crate::programme::sessions::get(store.conn(), &c, panel3)
        .unwrap()
        .title;
    assert!(all.contains(&panel1_title), "his session is in");
    assert!(!all.contains(&panel3_title), "hers is not: {all:?}");
    assert!(all.iter().any(|t| t == "Personal briefing pack"));
    assert!(
        all.iter().any(|t| t.starts_with("For Łukasz Brandt")),
        "the cover says for whom"
    );
    assert!(doc.info.title.contains("Łukasz Brandt"));
    let agendas: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(h) if h.level == 2 && h.anchor.as_deref().is_some_and(|a| a.starts_with("member-"))))
        .collect();
    assert_eq!(agendas.len(), 1, "one agenda page: his");
}

#[test]
fn every_member_gets_an_agenda_page_and_every_block_a_heading() {
    let (store, c) = testutil::sample();
    let doc = build(
        &store,
        &c,
        &PackOptions {
            sections: vec![Section::Agendas, Section::Blocks],
            ..Default::default()
        },
    );
    let anchors: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => h.anchor.as_deref(),
            _ => None,
        })
        .collect();
    assert_eq!(
        anchors.iter().filter(|a| a.starts_with("member-")).count(),
        6,
        "six members"
    );
    assert_eq!(
        anchors.iter().filter(|a| a.starts_with("block-")).count(),
        13,
        "the thirteen building blocks (sub-elements go under theirs)"
    );
    assert!(
        texts(&doc)
            .iter()
            .any(|t| t.starts_with("Nothing noted yet")),
        "an empty block says it is a gap"
    );
}

#[test]
fn generating_counts_editions_and_reports_progress() {
    let (mut store, c) = testutil::sample();
    let mut seen = Vec::new();
    let options = PackOptions {
        sections: vec![Section::Cover, Section::Contents, Section::Delegation],
        ..Default::default()
    };
    let first = generate(&mut store, &c, &options, &mut |f| seen.push(f)).unwrap();
    let second = generate(&mut store, &c, &options, &mut |_| {}).unwrap();
    assert_eq!(
        (first.edition, second.edition),
        (1, 2),
        "each pack is a new version"
    );
    assert!(first.pdf.starts_with(b"%PDF-"), "a PDF comes out");
    assert!(
        first.pages >= 3,
        "cover, contents, delegation: {} pages",
        first.pages
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only goes forward: {seen:?}"
    );
    assert_eq!(seen.last().copied(), Some(1.0));
    assert_eq!(settings(store.conn(), &c).unwrap().edition, 2);
}

#[test]
fn an_overlong_marking_is_refused_before_anything_is_counted() {
    let (mut store, c) = testutil::sample();
    let options = PackOptions {
        marking: Some("X".repeat(61)),
        ..Default::default()
    };
    let err = generate(&mut store, &c, &options, &mut |_| {}).unwrap_err();
    assert!(err.to_string().starts_with("marking:"), "{err}");
    assert_eq!(
        settings(store.conn(), &c).unwrap().edition,
        0,
        "no edition used up"
    );
}
