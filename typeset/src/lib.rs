//! A small typesetting layer on printpdf for Delegation Desk's printed documents: embedded, subset
//! fonts with per-glyph fallback (Noto Sans, Noto Sans Arabic, Noto Sans Hebrew), shaping, bidi,
//! line breaking, hyphenation, paragraphs, headings, lists, tables, running headers and footers,
//! contents, outline and internal links. It knows nothing about conferences: callers describe a
//! [`Document`] and get PDF bytes back.

mod fonts;
mod layout;
mod meta;
mod model;
mod para;
mod pdf;
mod shape;
mod table;

pub use model::*;

const MM: f32 = 72.0 / 25.4;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font shipped with the app could not be read.
    #[error("font {name}: {reason}")]
    Font { name: &'static str, reason: String },
    /// The PDF could not be written.
    #[error("PDF: {0}")]
    Pdf(String),
}

/// Lays out and writes `doc`, calling `progress` with a fraction in `0.0..=1.0` as it goes.
pub fn render(doc: &Document, progress: &mut dyn FnMut(f32)) -> Result<Rendered, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    render_with(doc, threads, progress)
}

/// [`render`] with layout split over up to `threads` threads (1: all on the calling thread).
fn render_with(
    doc: &Document,
    threads: usize,
    progress: &mut dyn FnMut(f32),
) -> Result<Rendered, Error> {
    progress(0.0);
    let mut shaper = shape::Shaper::new(fonts::Fonts::load()?);
    progress(0.05);

    let (mut pages, headings, contents, geo) = layout::run(&mut shaper, doc, threads, &mut |f| {
        progress(0.05 + 0.45 * f)
    })?;
    progress(0.5);

    let total = pages.len();
    let frame = pdf::Frame {
        doc,
        geo,
        headings: &headings,
        total,
    };
    let mut running = pdf::Running::default();
    for (i, page) in pages.iter_mut().enumerate() {
        pdf::furnish(&mut shaper, &mut running, &frame, page, i + 1);
    }
    let usage = pdf::Usage::collect(&pages, shaper.fonts.faces.len());
    progress(0.55);

    // printpdf embeds the fonts and writes the page tree and links; the first page carries the
    // probe that tells it which glyphs to keep.
    let mut pdf = printpdf::PdfDocument::new(&doc.info.title);
    let font_ids: Vec<printpdf::FontId> = shaper
        .fonts
        .faces
        .iter()
        .map(|f| pdf.add_font(&f.pdf))
        .collect();
    let (w, h) = (printpdf::Mm(geo.page_w / MM), printpdf::Mm(geo.page_h / MM));
    let mut shells: Vec<printpdf::PdfPage> = pages
        .iter()
        .map(|p| printpdf::PdfPage::new(w, h, pdf::links(&frame, p)))
        .collect();
    if let Some(first) = shells.first_mut() {
        first.ops.extend(usage.probe(&font_ids));
    }
    pdf.with_pages(shells);
    let opts = printpdf::PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    drop(pdf);
    progress(0.7);

    // Then the page contents, with the subset fonts' glyph codes.
    let content_ids = meta::content_ids(&lo, total)?;
    let probe = content_ids
        .first()
        .and_then(|&id| lo.get_object(id).ok())
        .and_then(|o| o.as_stream().ok())
        .map(|s| s.content.as_slice())
        .unwrap_or_default();
    let fonts = usage.codes(&font_ids, probe)?;
    let streams = pdf::contents(&frame, pages, &fonts);
    if streams.len() != content_ids.len() {
        return Err(Error::Pdf("a page's content could not be written".into()));
    }
    for (id, stream) in content_ids.into_iter().zip(streams) {
        lo.objects.insert(id, lopdf::Object::Stream(stream));
    }
    progress(0.9);
    let bytes = meta::finish(lo, &doc.info, &headings, geo.page_h)?;
    progress(1.0);

    let contents = contents
        .iter()
        .filter_map(|&i| headings.get(i))
        .map(|h| (h.text.clone(), h.page + 1))
        .collect();
    Ok(Rendered {
        pdf: bytes,
        pages: total,
        contents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Block {
        Block::Paragraph(Paragraph::text(text))
    }

    fn h(level: u8, text: String, anchor: Option<String>) -> Block {
        Block::Heading(Heading {
            level,
            text,
            in_contents: level <= 2,
            anchor,
        })
    }

    /// A multi-section document with page breaks, tables, fields, links and a few awkward spots
    /// at page-starting blocks (an empty field list just before one, page breaks in a row, a
    /// second cover, a trailing page break).
    fn sections() -> Document {
        let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
                     tempor incididunt ut labore et dolore magna aliqua. Siobhán Mullally, \
                     Türkiye, Ελλάδα, Україна, المغرب, ישראל.";
        let mut blocks = vec![
            Block::Cover(Cover {
                kicker: "Delegation".into(),
                title: "Briefing pack".into(),
                subtitle: "Conference".into(),
                lines: vec!["Geneva".into()],
            }),
            Block::Contents {
                title: "Contents".into(),
            },
        ];
        for s in 0..6 {
            blocks.push(h(1, format!("Section {s}"), Some(format!("sec-{s}"))));
            blocks.push(p(lorem));
            for b in 0..12 {
                let n = s * 100 + b;
                blocks.push(Block::PageBreak);
                if b % 5 == 4 {
                    blocks.push(Block::PageBreak);
                }
                blocks.push(h(2, format!("Brief {n}"), Some(format!("brief-{n}"))));
                blocks.push(Block::Fields(vec![(
                    "Moderator".into(),
                    Paragraph::text("Siobhán Mullally"),
                )]));
                blocks.push(Block::Paragraph(Paragraph {
                    spans: vec![
                        Span::plain("See "),
                        Span::link("the next brief", format!("brief-{}", n + 1)),
                        Span::plain(" and "),
                        Span::link("section 0", "sec-0"),
                    ],
                    style: ParaStyle::Body,
                    keep_with_next: false,
                }));
                for _ in 0..(b % 4) * 3 {
                    blocks.push(p(lorem));
                }
                if b % 3 == 0 {
                    blocks.push(Block::Table(Table {
                        columns: vec![Column::new("Time"), Column::new("Item")],
                        rows: (0..b * 4)
                            .map(|r| {
                                vec![Paragraph::text(format!("{r}:00")), Paragraph::text(lorem)]
                            })
                            .collect(),
                    }));
                }
                if b == 7 {
                    blocks.push(Block::Fields(Vec::new()));
                }
                if b == 8 {
                    blocks.push(h(3, "Annex".into(), None));
                    blocks.push(Block::Space(20.0));
                }
            }
            if s == 3 {
                blocks.push(Block::PageBreak);
                blocks.push(Block::Fields(Vec::new()));
                blocks.push(Block::Cover(Cover::default()));
            }
        }
        blocks.push(Block::PageBreak);
        Document {
            info: Info::default(),
            paper: Paper::A4,
            marking: Some("RESTRICTED".into()),
            header_right: "Conference".into(),
            footer_left: "Prepared".into(),
            blocks,
            justify: true,
        }
    }

    fn laid(doc: &Document, threads: usize) -> String {
        let mut shaper = shape::Shaper::new(fonts::Fonts::load().unwrap_or_else(|e| panic!("{e}")));
        let (pages, headings, contents, _) =
            layout::run(&mut shaper, doc, threads, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        format!(
            "{} pages\n{pages:#?}\n{headings:#?}\n{contents:?}",
            pages.len()
        )
    }

    #[test]
    fn parallel_layout_is_the_same_as_sequential() {
        let doc = sections();
        let one = laid(&doc, 1);
        for threads in [2, 3, 5] {
            let many = laid(&doc, threads);
            assert!(one == many, "layout on {threads} threads differs");
        }
        let seq = render_with(&doc, 1, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let par = render_with(&doc, 2, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert!(seq.pages > 100, "pages: {}", seq.pages);
        assert_eq!(seq.pages, par.pages);
        assert_eq!(seq.contents, par.contents);
    }

    /// Each page's content, its fonts named by their base font: printpdf names a document's font
    /// resources (and their subset tags) at random, the same in each process's first render but
    /// differently in the next (the file's bytes are the same for the same input in a new process).
    fn pages_of(pdf: &[u8]) -> Vec<Vec<u8>> {
        let doc = lopdf::Document::load_mem(pdf).unwrap_or_else(|e| panic!("{e}"));
        doc.get_pages()
            .into_iter()
            .map(|(n, id)| {
                let mut content = doc.get_page_content(id);
                assert!(!content.is_empty(), "page {n} has content");
                let (own, inherited) = doc.get_page_resources(id).unwrap_or_default();
                let fonts = own
                    .into_iter()
                    .chain(inherited.iter().filter_map(|&r| doc.get_dictionary(r).ok()))
                    .filter_map(|r| r.get(b"Font").ok())
                    .filter_map(|f| match f {
                        lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok(),
                        o => o.as_dict().ok(),
                    });
                for dict in fonts {
                    for (name, font) in dict.iter() {
                        let base = font
                            .as_reference()
                            .ok()
                            .and_then(|r| doc.get_dictionary(r).ok())
                            .and_then(|d| d.get(b"BaseFont").ok())
                            .and_then(|b| b.as_name().ok())
                            .unwrap_or_default();
                        // Without the subset tag, made from the resource name.
                        let base = match base.iter().position(|&c| c == b'+') {
                            Some(plus) => base.get(plus + 1..).unwrap_or_default(),
                            None => base,
                        };
                        let from = [b"/".as_slice(), name, b" "].concat();
                        let to = [b"/".as_slice(), base, b" "].concat();
                        content = replace(&content, &from, &to);
                    }
                }
                content
            })
            .collect()
    }

    fn replace(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(hay.len());
        let mut i = 0;
        while i < hay.len() {
            if hay.get(i..i + from.len()) == Some(from) {
                out.extend_from_slice(to);
                i += from.len();
            } else {
                out.push(hay[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn the_same_document_gives_the_same_pages_on_any_number_of_threads() {
        let doc = sections();
        let render = |threads| {
            render_with(&doc, threads, &mut |_| {})
                .unwrap_or_else(|e| panic!("{e}"))
                .pdf
        };
        let one = render(1);
        let (two, again) = (render(2), render(2));
        let pages = pages_of(&one);
        assert!(pages.len() > 100, "pages: {}", pages.len());
        assert!(
            pages == pages_of(&two),
            "one thread and two write the same pages"
        );
        assert!(
            pages == pages_of(&again),
            "rendering again writes the same pages"
        );
    }

    #[test]
    fn each_awkward_boundary_is_split_at_and_still_matches() {
        // Split before every page-starting block in turn: the joins must all be exact.
        let doc = sections();
        let one = laid(&doc, 1);
        let many = laid(&doc, doc.blocks.len());
        assert!(one == many, "layout split at every page start differs");
    }
}
