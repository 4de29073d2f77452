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
    progress(0.0);
    let mut shaper = shape::Shaper::new(fonts::Fonts::load()?);
    progress(0.05);

    let mut lay = layout::Layout::new(&mut shaper, doc);
    let blocks = &doc.blocks;
    let step = (blocks.len() / 20).max(1);
    for (i, b) in blocks.iter().enumerate() {
        lay.block(b, blocks.get(i + 1));
        if i % step == 0 {
            progress(0.05 + 0.45 * i as f32 / blocks.len() as f32);
        }
    }
    let (pages, headings, contents, geo) = lay.finish();
    progress(0.5);

    let mut pdf = printpdf::PdfDocument::new(&doc.info.title);
    let font_ids: Vec<printpdf::FontId> = shaper
        .fonts
        .faces
        .iter()
        .map(|f| pdf.add_font(&f.pdf))
        .collect();
    let total = pages.len();
    let frame = pdf::Frame {
        doc,
        geo,
        headings: &headings,
        font_ids: &font_ids,
        total,
    };
    let step = (total / 10).max(1);
    let mut out = Vec::with_capacity(total);
    for (i, page) in pages.into_iter().enumerate() {
        out.push(pdf::page(&mut shaper, &frame, page, i + 1));
        if i % step == 0 {
            progress(0.5 + 0.2 * i as f32 / total as f32);
        }
    }
    pdf.with_pages(out);
    progress(0.7);

    let opts = printpdf::PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lo = pdf.to_lopdf_document(&opts, &mut warnings);
    drop(pdf);
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
