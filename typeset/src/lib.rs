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
    let (mut pages, headings, contents, geo) = lay.finish();
    progress(0.5);

    let total = pages.len();
    let frame = pdf::Frame {
        doc,
        geo,
        headings: &headings,
        total,
    };
    for (i, page) in pages.iter_mut().enumerate() {
        pdf::furnish(&mut shaper, &frame, page, i + 1);
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
    let streams = pdf::contents(&frame, &pages, &fonts);
    if streams.len() != content_ids.len() {
        return Err(Error::Pdf("a page's content could not be written".into()));
    }
    drop(pages);
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
