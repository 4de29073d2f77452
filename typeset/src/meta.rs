//! Finishing touches printpdf cannot make through its API, applied to its lopdf document before
//! saving: the Info dictionary (title, author, subject, keywords, the real creation date, and no
//! empty `/GTS_PDFXVersion` that would make readers call the file PDF/X), `/PageMode` as a name, a
//! nested outline (printpdf's bookmarks are flat) and a current PDF version header.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use crate::layout::HeadingRec;
use crate::model::Info;
use crate::Error;

fn text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn date(d: &DateTime<Utc>) -> Object {
    Object::String(
        d.format("D:%Y%m%d%H%M%S+00'00'").to_string().into_bytes(),
        StringFormat::Literal,
    )
}

fn info_dict(info: &Info) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", text(&info.title));
    d.set("Author", text(&info.author));
    if !info.subject.is_empty() {
        d.set("Subject", text(&info.subject));
    }
    if !info.keywords.is_empty() {
        d.set("Keywords", text(&info.keywords.join(", ")));
    }
    d.set("Creator", text("Delegation Desk"));
    d.set("Producer", text("desk-typeset (printpdf)"));
    d.set("CreationDate", date(&info.created));
    d.set("ModDate", date(&info.created));
    d
}

struct Node {
    title: String,
    dest: Object,
    children: Vec<Node>,
}

/// Builds the outline from level 1 and 2 headings (level 2 nested under the level 1 before it).
fn outline(doc: &mut lopdf::Document, headings: &[HeadingRec], page_h: f32) -> Option<ObjectId> {
    let pages = doc.get_pages();
    let mut roots: Vec<Node> = Vec::new();
    for h in headings.iter().filter(|h| h.level <= 2) {
        let Some(&page_id) = u32::try_from(h.page + 1).ok().and_then(|n| pages.get(&n)) else {
            continue;
        };
        let node = Node {
            title: h.text.clone(),
            dest: Object::Array(vec![
                Object::Reference(page_id),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(page_h - h.y + 6.0),
                Object::Null,
            ]),
            children: Vec::new(),
        };
        match roots.last_mut() {
            Some(parent) if h.level == 2 => parent.children.push(node),
            _ => roots.push(node),
        }
    }
    if roots.is_empty() {
        return None;
    }
    let root_id = doc.new_object_id();
    let (first, last, _) = write_level(doc, roots, root_id);
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Outlines".to_vec()));
    d.set("First", Object::Reference(first));
    d.set("Last", Object::Reference(last));
    doc.objects.insert(root_id, Object::Dictionary(d));
    Some(root_id)
}

/// Writes sibling outline items; returns the first and last ids and how many were written.
fn write_level(
    doc: &mut lopdf::Document,
    nodes: Vec<Node>,
    parent: ObjectId,
) -> (ObjectId, ObjectId, usize) {
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let count = nodes.len();
    for (i, node) in nodes.into_iter().enumerate() {
        let id = ids[i];
        let mut d = Dictionary::new();
        d.set("Title", text(&node.title));
        d.set("Parent", Object::Reference(parent));
        d.set("Dest", node.dest);
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
        if !node.children.is_empty() {
            let n = node.children.len();
            let (f, l, _) = write_level(doc, node.children, id);
            d.set("First", Object::Reference(f));
            d.set("Last", Object::Reference(l));
            // Closed: a negative count of the hidden children.
            d.set("Count", Object::Integer(-(n as i64)));
        }
        doc.objects.insert(id, Object::Dictionary(d));
    }
    (ids[0], ids[count - 1], count)
}

/// The content stream of each of the `n` pages, in page order.
pub(crate) fn content_ids(doc: &lopdf::Document, n: usize) -> Result<Vec<ObjectId>, Error> {
    let ids: Vec<ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|&page| doc.get_dictionary(page).ok())
        .filter_map(|d| d.get(b"Contents").and_then(Object::as_reference).ok())
        .collect();
    if ids.len() != n {
        return Err(Error::Pdf(format!(
            "expected {n} page content streams, found {}",
            ids.len()
        )));
    }
    Ok(ids)
}

/// Fixes metadata and outline, compresses and saves.
pub(crate) fn finish(
    mut doc: lopdf::Document,
    info: &Info,
    headings: &[HeadingRec],
    page_h: f32,
) -> Result<Vec<u8>, Error> {
    doc.version = "1.7".to_string();
    let info_id = doc.add_object(Object::Dictionary(info_dict(info)));
    if let Ok(Object::Reference(old)) = doc.trailer.get(b"Info") {
        let old = *old;
        doc.objects.remove(&old);
    }
    doc.trailer.set("Info", Object::Reference(info_id));
    let outline_id = outline(&mut doc, headings, page_h);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::Pdf(format!("no catalog: {e}")))?;
    // printpdf's own (flat) outline is replaced.
    let old_outline = doc
        .get_dictionary(root)
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok());
    let catalog = doc
        .get_dictionary_mut(root)
        .map_err(|e| Error::Pdf(format!("no catalog: {e}")))?;
    catalog.remove(b"Metadata");
    match outline_id {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    if let Some(old) = old_outline {
        doc.objects.remove(&old);
    }
    compress(&mut doc);
    // Sized for the whole file up front (streams plus room for the other objects), so the
    // writer never copies what it has written into a larger buffer.
    let streams: usize = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.len() + 64)
        .sum();
    let mut out = Vec::with_capacity(streams + doc.objects.len() * 96 + 4096);
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(format!("saving: {e}")))?;
    Ok(out)
}

/// Deflates every stream not yet compressed, on two threads, at a fast level (lopdf's own
/// `compress` uses the slowest level and one thread, and was a fifth of the render time).
fn compress(doc: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
        .filter(|s| s.dict.get(b"Filter").is_err())
        .collect();
    let mid = streams.len() / 2;
    let (a, b) = streams.split_at_mut(mid);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut z = Deflater::new();
            a.iter_mut().for_each(|s| z.deflate(s));
        });
        let mut z = Deflater::new();
        b.iter_mut().for_each(|s| z.deflate(s));
    });
}

/// A zlib compressor kept for many streams: its window and hash tables (a few hundred KB) are
/// allocated once per thread instead of once per page, which kept the allocator busy and left
/// the heap fragmented. Its output buffer is kept too: each stream then gets one allocation of
/// its compressed size.
pub(crate) struct Deflater {
    z: flate2::Compress,
    out: Vec<u8>,
}

impl Deflater {
    /// Level 1 of zlib-rs (its quick strategy): the full synthetic pack, glyph codes in literal
    /// strings, comes to 10.3 MB and takes a tenth less CPU than at level 4 (7.3 MB; level 2:
    /// 7.9 MB, hardly faster than 4). Compressing was a fifth of the pack's CPU time.
    pub(crate) fn new() -> Self {
        Deflater {
            z: flate2::Compress::new(flate2::Compression::new(1), true),
            out: Vec::new(),
        }
    }

    /// `input` compressed, when that makes it smaller (by more than the filter's entry costs).
    fn compress(&mut self, input: &[u8]) -> Option<&[u8]> {
        use flate2::{FlushCompress, Status};
        let Deflater { z, out } = self;
        z.reset();
        out.clear();
        out.reserve(input.len() / 3 + 64);
        // Each round either finishes or fills the buffer it was given, which is then doubled;
        // the bound only guards against a compressor that makes no progress.
        for _ in 0..64 {
            let done = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
            let rest = input.get(done..).unwrap_or_default();
            match z.compress_vec(rest, out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => {
                    return (out.len() + 19 < input.len()).then_some(out.as_slice());
                }
                Ok(_) => out.reserve(out.capacity().max(4096)),
                Err(_) => return None,
            }
        }
        None
    }

    /// Compresses `s` in place when that makes it smaller.
    pub(crate) fn deflate(&mut self, s: &mut lopdf::Stream) {
        if let Some(z) = self.compress(&s.content) {
            // Thousands of pages' streams are kept until the file is written, so they hold
            // only what they need.
            let z = z.to_vec();
            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            s.set_content(z);
        }
    }

    /// A stream of `content`, compressed when that makes it smaller: the same stream as
    /// [`Deflater::deflate`] makes of it.
    pub(crate) fn stream(&mut self, content: &[u8]) -> lopdf::Stream {
        match self.compress(content) {
            Some(z) => {
                let mut s = lopdf::Stream::new(Dictionary::new(), z.to_vec());
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s
            }
            None => lopdf::Stream::new(Dictionary::new(), content.to_vec()),
        }
    }
}
