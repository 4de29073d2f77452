//! Page content streams, written directly as bytes (operators as lopdf encodes them, glyph codes
//! in literal strings): graphics (rules, fills) first, under the text, then glyph runs with exact
//! positions (kerning and offsets as TJ adjustments against the font's own widths, since `Tw`
//! does nothing with CID fonts). All pages' streams are written on two threads.

use std::io::Write as _;

use crate::layout::{Item, Page};
use crate::para::{Line, Placed, Rgb};

use super::{FontOut, Frame};

/// A content stream being written, operators separated by newlines and each operand followed by
/// a space, as lopdf encodes content.
#[derive(Default)]
struct Out {
    buf: Vec<u8>,
    newline: bool,
}

impl Out {
    fn sep(&mut self) {
        if self.newline {
            self.buf.push(b'\n');
            self.newline = false;
        }
    }
    fn real(&mut self, v: f32) {
        self.sep();
        let _ = write!(self.buf, "{v} ");
    }
    fn op(&mut self, op: &str) {
        self.sep();
        self.buf.extend_from_slice(op.as_bytes());
        self.newline = true;
    }
    fn rgb(&mut self, c: Rgb, op: &str) {
        self.real(c.0);
        self.real(c.1);
        self.real(c.2);
        self.op(op);
    }
}

/// A TJ array being built: glyph codes go into literal strings, two bytes a code (the embedded
/// fonts are Identity-H CID fonts), the bytes PDF's literal-string syntax reserves escaped; a
/// position adjustment closes the string. One string for each stretch of glyphs set at their
/// natural widths makes the streams about half the size of one hex string per glyph, which is
/// what deflate then spends its time on.
#[derive(Default)]
struct Tj {
    buf: Vec<u8>,
    open: bool,
}

impl Tj {
    fn code(&mut self, code: u16) {
        if !self.open {
            self.buf.push(b'(');
            self.open = true;
        }
        for b in code.to_be_bytes() {
            match b {
                b'(' | b')' | b'\\' => self.buf.extend_from_slice(&[b'\\', b]),
                // An end of line inside a literal string is read as a line feed, whatever it
                // was: carriage returns must be escaped, line feeds are for safety.
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                _ => self.buf.push(b),
            }
        }
    }

    fn adjust(&mut self, off: i32) {
        self.close();
        integer(&mut self.buf, off);
    }

    fn close(&mut self) {
        if self.open {
            self.buf.push(b')');
            self.open = false;
        }
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.open = false;
    }
}

/// `n` in decimal, as `write!` puts it, without going through the formatting machinery (glyph
/// adjustments are most of the numbers in a page's content).
fn integer(buf: &mut Vec<u8>, n: i32) {
    if n < 0 {
        buf.push(b'-');
    }
    let mut v = n.unsigned_abs();
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    buf.extend_from_slice(digits.get(i..).unwrap_or_default());
}

/// Below this magnitude an `f32` converts to `i32` exactly truncated, and its fraction is exact.
const EXACT: f32 = 8_388_608.0;

/// `v.round()` (half away from zero), without the call into libm that `round` makes on the
/// baseline x86-64 target (it was a tenth of writing the content). Only the sign of a zero
/// result can differ, which no caller looks at.
fn round(v: f32) -> f32 {
    if v.abs() < EXACT {
        let t = v as i32 as f32;
        let d = v - t;
        if d >= 0.5 {
            t + 1.0
        } else if d <= -0.5 {
            t - 1.0
        } else {
            t
        }
    } else {
        v.round()
    }
}

/// `v.trunc()`, without the call into libm (as [`round`]).
fn trunc(v: f32) -> f32 {
    if v.abs() < EXACT {
        v as i32 as f32
    } else {
        v.trunc()
    }
}

/// What writing content streams reuses from page to page: the stream and the glyph run being
/// built, which keep their capacity.
#[derive(Default)]
pub(crate) struct Scratch {
    out: Out,
    tj: Tj,
}

/// The content stream of a page (furnished): graphics first, under the text, then all text in
/// one text object. Written into `scratch`, which holds it until the next page.
pub(crate) fn content<'s>(
    f: &Frame,
    page: &Page,
    fonts: &[FontOut],
    scratch: &'s mut Scratch,
) -> &'s [u8] {
    let h = f.geo.page_h;
    let Scratch { out, tj } = scratch;
    out.buf.clear();
    out.newline = false;
    let mut stroke: Option<(Rgb, f32)> = None;
    for item in &page.items {
        match item {
            Item::Fill {
                x,
                y,
                w,
                h: rh,
                color: c,
            } => {
                out.rgb(*c, "rg");
                out.real(*x);
                out.real(h - y - rh);
                out.real(*w);
                out.real(*rh);
                out.op("re");
                out.op("f");
            }
            Item::Rule {
                x1,
                x2,
                y,
                width,
                color: c,
                dotted,
            } => {
                if *dotted {
                    out.op("q");
                    out.sep();
                    out.buf.extend_from_slice(b"[0.1 2.9] 0 d");
                    out.newline = true;
                    out.sep();
                    out.buf.extend_from_slice(b"1 J");
                    out.newline = true;
                    stroke = None;
                }
                if stroke != Some((*c, *width)) {
                    out.rgb(*c, "RG");
                    out.real(*width);
                    out.op("w");
                    stroke = Some((*c, *width));
                }
                out.real(*x1);
                out.real(h - y);
                out.op("m");
                out.real(*x2);
                out.real(h - y);
                out.op("l");
                out.op("S");
                if *dotted {
                    out.op("Q");
                    stroke = None;
                }
            }
            _ => {}
        }
    }
    let mut pen = Pen::default();
    out.op("BT");
    for item in &page.items {
        if let Item::Text { x, y, line } = item {
            show_line(out, tj, &mut pen, fonts, *x, h - y, line);
        }
    }
    out.op("ET");
    &out.buf
}

/// Text state already set in the current text object.
#[derive(Default)]
struct Pen {
    x: f32,
    y: f32,
    font: Option<(u8, u32)>,
    color: Option<Rgb>,
}

/// Shows a group of pieces of one line that share face, size and colour as one glyph run, each
/// glyph placed exactly by TJ adjustments against the widths the PDF declares.
fn glyphs(
    out: &mut Out,
    tj: &mut Tj,
    pen: &mut Pen,
    fonts: &[FontOut],
    x: f32,
    y: f32,
    group: &[Placed],
) {
    let Some(head) = group.first() else {
        return;
    };
    let s = &head.shaped;
    let Some(font) = fonts.get(usize::from(s.font)) else {
        return;
    };
    let size = head.size;
    let key = (s.font, size.to_bits());
    if pen.font != Some(key) {
        out.sep();
        out.buf.push(b'/');
        out.buf.extend_from_slice(&font.name);
        out.buf.push(b' ');
        out.real(size);
        out.op("Tf");
        pen.font = Some(key);
    }
    if pen.color != Some(head.color) {
        out.rgb(head.color, "rg");
        pen.color = Some(head.color);
    }
    // Glyphs go out in TJ arrays, each begun where its first glyph goes; a glyph raised or
    // lowered from the baseline (a combining mark: Arabic and Hebrew vowels) starts a new array
    // at its own height.
    tj.clear();
    let mut run: Option<(f32, f32)> = None;
    // Where the next glyph would go after what is written so far: adjustments are whole
    // thousandths of the em (0.01 pt at 10 pt), each made against this pen, so rounding never
    // adds up along a line, and whole numbers keep the streams short.
    let mut pen_x = 0.0f32;
    for p in group {
        let scale = size / p.shaped.upem;
        let k = 1000.0 / p.shaped.upem;
        let mut adv = 0i32;
        for g in &p.shaped.glyphs {
            let pos = p.x + (adv + g.x_off) as f32 * scale;
            let rise = g.y_off as f32 * scale;
            adv += g.adv;
            match run {
                Some((_, r)) if r == rise => {
                    let off = round((pen_x - pos) * 1000.0 / size);
                    if off != 0.0 {
                        tj.adjust(off as i32);
                        pen_x -= off * size / 1000.0;
                    }
                }
                _ => {
                    if let Some((start, r)) = run {
                        show(out, pen, x + start, y + r, tj);
                        tj.clear();
                    }
                    run = Some((pos, rise));
                    pen_x = pos;
                }
            }
            pen_x += trunc(g.natural as f32 * k) * size / 1000.0;
            let code = font.codes.get(usize::from(g.gid)).copied().unwrap_or(0);
            tj.code(code);
        }
    }
    if let Some((start, r)) = run {
        show(out, pen, x + start, y + r, tj);
    }
}

/// Moves to (`x`, `y`) and shows the glyph codes and adjustments in `tj`.
fn show(out: &mut Out, pen: &mut Pen, x: f32, y: f32, tj: &mut Tj) {
    tj.close();
    out.real(x - pen.x);
    out.real(y - pen.y);
    out.op("Td");
    pen.x = x;
    pen.y = y;
    out.sep();
    out.buf.push(b'[');
    out.buf.extend_from_slice(&tj.buf);
    out.buf.extend_from_slice(b"] ");
    out.op("TJ");
}

/// Shows a line, grouping neighbouring pieces that share face, size and colour.
fn show_line(
    out: &mut Out,
    tj: &mut Tj,
    pen: &mut Pen,
    fonts: &[FontOut],
    x: f32,
    y: f32,
    line: &Line,
) {
    let items = &line.items;
    let mut i = 0;
    while let Some(p) = items.get(i) {
        let key = (p.shaped.font, p.size.to_bits(), p.color);
        let mut j = i + 1;
        while items
            .get(j)
            .is_some_and(|q| (q.shaped.font, q.size.to_bits(), q.color) == key)
        {
            j += 1;
        }
        if let Some(group) = items.get(i..j) {
            glyphs(out, tj, pen, fonts, x, y, group);
        }
        i = j;
    }
}

/// The compressed content streams of all pages, written on two threads. Each page's layout is
/// dropped as soon as its stream is written, so the laid-out pages and the finished streams are
/// not all held at once.
pub(crate) fn contents(f: &Frame, pages: Vec<Page>, fonts: &[FontOut]) -> Vec<lopdf::Stream> {
    let n = pages.len();
    let (mut even, mut odd) = (Vec::with_capacity(n / 2 + 1), Vec::with_capacity(n / 2));
    for (i, p) in pages.into_iter().enumerate() {
        if i % 2 == 0 {
            even.push(p);
        } else {
            odd.push(p);
        }
    }
    let write = |pages: Vec<Page>| -> Vec<lopdf::Stream> {
        let mut z = crate::meta::Deflater::new();
        let mut scratch = Scratch::default();
        pages
            .into_iter()
            .map(|p| {
                let s = z.stream(content(f, &p, fonts, &mut scratch));
                drop(p);
                s
            })
            .collect()
    };
    let (even, odd) = std::thread::scope(|scope| {
        let odd = scope.spawn(|| write(odd));
        let even = write(even);
        (even, odd.join().unwrap_or_default())
    });
    let mut out = Vec::with_capacity(n);
    let mut odd = odd.into_iter();
    for s in even {
        out.push(s);
        if let Some(s) = odd.next() {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Style;
    use crate::layout::TEXT;
    use crate::para::{self, Run};
    use crate::shape::Shaper;

    /// The first line of `text` set in the regular face at 10 pt, `width` wide, with how many faces
    /// the shaper had.
    fn first_line(text: &str, width: f32) -> (usize, para::Line) {
        let fonts = crate::fonts::Fonts::load().unwrap_or_else(|e| panic!("{e}"));
        let faces = fonts.faces.len();
        let mut shaper = Shaper::new(fonts);
        let runs = [Run {
            text,
            style: Style::Regular,
            color: TEXT,
            link: None,
            keep: false,
        }];
        let lines = para::layout(&mut shaper, &runs, 10.0, width, para::Opts::default());
        let line = lines
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("one line"));
        (faces, line)
    }

    /// The content stream of `line` shown at (100, 700) with `faces` fonts, each mapping a glyph id to
    /// `codes[gid]` (a glyph without a code: 0, as in `show_line`).
    fn shown(faces: usize, codes: Vec<u16>, line: &para::Line) -> Out {
        let fonts: Vec<FontOut> = (0..faces)
            .map(|_| FontOut {
                name: b"F".to_vec(),
                codes: codes.clone(),
            })
            .collect();
        let mut out = Out::default();
        show_line(
            &mut out,
            &mut Tj::default(),
            &mut Pen::default(),
            &fonts,
            100.0,
            700.0,
            line,
        );
        out
    }

    #[test]
    fn arabic_and_hebrew_vowel_marks_are_drawn_at_their_own_height() {
        let (faces, line) = first_line("مُحَمَّدٌ وَلِيّ בְּרֵאשִׁית", 500.0);
        // The heights rustybuzz gives the marks, in points at 10 pt.
        let raised: Vec<f32> = line
            .items
            .iter()
            .flat_map(|p| {
                p.shaped
                    .glyphs
                    .iter()
                    .filter(|g| g.y_off != 0)
                    .map(|g| g.y_off as f32 * 10.0 / p.shaped.upem)
            })
            .collect();
        assert!(
            raised.len() >= 3,
            "rustybuzz places marks off the baseline: {raised:?}"
        );
        let out = shown(faces, Vec::new(), &line);
        let stream = String::from_utf8_lossy(&out.buf);
        let mut y = 0.0f32;
        let mut off = Vec::new();
        for l in stream.lines().filter(|l| l.ends_with(" Td")) {
            let moves: Vec<f32> = l
                .split_whitespace()
                .take(2)
                .filter_map(|v| v.parse().ok())
                .collect();
            y += moves.get(1).copied().unwrap_or(0.0);
            if (y - 700.0).abs() > 0.01 {
                off.push(y - 700.0);
            }
        }
        assert!(
            off.len() >= 3,
            "marks are shown above or below the baseline:\n{stream}"
        );
        for d in &off {
            assert!(
                raised.iter().any(|r| (r - d).abs() < 0.01),
                "each raised glyph run sits at a mark's own offset ({d} not in {raised:?})"
            );
        }
    }

    #[test]
    fn glyph_codes_with_reserved_bytes_read_back_exactly() {
        let (faces, line) = first_line(
            "Hello, Wörld of (brackets) and back\\slashes AVAWAY",
            1000.0,
        );
        // Codes made of every byte a literal string reserves: ( ) \ CR LF.
        let special: [u16; 6] = [0x0028, 0x2929, 0x5C0D, 0x0A0D, 0x0D5C, 0x0041];
        let codes: Vec<u16> = (0..4096).map(|g| special[g % special.len()]).collect();
        let out = shown(faces, codes.clone(), &line);
        let want: Vec<u8> = line
            .items
            .iter()
            .flat_map(|p| p.shaped.glyphs.iter())
            .flat_map(|g| codes[usize::from(g.gid)].to_be_bytes())
            .collect();
        let content = lopdf::content::Content::decode(&out.buf)
            .unwrap_or_else(|e| panic!("the stream parses: {e}"));
        let mut got = Vec::new();
        let mut adjustments = 0;
        for op in content.operations.iter().filter(|o| o.operator == "TJ") {
            for o in op.operands.iter().flat_map(|a| a.as_array().ok()).flatten() {
                match o {
                    lopdf::Object::String(bytes, _) => got.extend_from_slice(bytes),
                    _ => adjustments += 1,
                }
            }
        }
        assert!(want.len() > 60, "the line has glyphs: {}", want.len());
        assert_eq!(got, want, "every glyph code reads back from the stream");
        assert!(adjustments > 0, "kerning (AV, WA) shows as adjustments");
    }

    #[test]
    fn numbers_are_written_as_the_formatter_writes_them() {
        let mut ints: Vec<i32> = (-2100..2100).collect();
        ints.extend([
            i32::MIN,
            i32::MIN + 1,
            i32::MAX,
            99_999,
            -100_000,
            1_000_000_007,
        ]);
        for n in ints {
            let mut buf = Vec::new();
            integer(&mut buf, n);
            assert_eq!(
                String::from_utf8_lossy(&buf),
                n.to_string(),
                "{n} is written as Display writes it"
            );
        }
        let mut reals: Vec<f32> = (-40_000..40_000).map(|i| i as f32 * 0.037_5).collect();
        reals.extend([
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.499_999_97,
            -0.499_999_97,
            8_388_607.5,
            -8_388_607.5,
            8_388_608.0,
            1.0e9,
            -1.0e9,
            f32::MAX,
            f32::MIN,
            1.0e-30,
        ]);
        for v in reals {
            assert!(
                round(v) == v.round(),
                "round({v}) = {} not {}",
                round(v),
                v.round()
            );
            assert!(
                trunc(v) == v.trunc(),
                "trunc({v}) = {} not {}",
                trunc(v),
                v.trunc()
            );
        }
        assert!(
            round(f32::NAN).is_nan() && trunc(f32::NAN).is_nan(),
            "NaN stays NaN"
        );
    }
}
