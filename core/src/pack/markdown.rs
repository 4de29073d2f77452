//! Light Markdown (as delegates type it in notes, briefs and reports) turned into typeset blocks:
//! headings become bold lead-ins, `-`/`*`/`1.` lines become bullets, `**bold**` stays bold and
//! `[text](url)` shows as "text (url)". Anything else is text; nothing is ever dropped.

use desk_typeset::{Block, ParaStyle, Paragraph, Span};

/// The blocks of a Markdown text.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut bullets: Vec<Paragraph> = Vec::new();
    let flush_para = |para: &mut Vec<&str>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(paragraph(
                &para.join(" "),
                ParaStyle::Body,
            )));
            para.clear();
        }
    };
    let flush_bullets = |bullets: &mut Vec<Paragraph>, out: &mut Vec<Block>| {
        if !bullets.is_empty() {
            out.push(Block::Bullets(std::mem::take(bullets)));
        }
    };
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush_para(&mut para, &mut out);
            flush_bullets(&mut bullets, &mut out);
        } else if let Some(item) = bullet(t) {
            flush_para(&mut para, &mut out);
            bullets.push(paragraph(item, ParaStyle::Body));
        } else if t.starts_with('#') {
            flush_para(&mut para, &mut out);
            flush_bullets(&mut bullets, &mut out);
            let heading = t.trim_start_matches('#').trim();
            if !heading.is_empty() {
                out.push(Block::Paragraph(paragraph(heading, ParaStyle::Label)));
            }
        } else {
            flush_bullets(&mut bullets, &mut out);
            para.push(t);
        }
    }
    flush_para(&mut para, &mut out);
    flush_bullets(&mut bullets, &mut out);
    out
}

/// The text of a list item line, or `None` when the line is not one.
fn bullet(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ ", "• "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim());
        }
    }
    None
}

/// One paragraph with `**bold**` runs and links written out.
pub fn paragraph(text: &str, style: ParaStyle) -> Paragraph {
    let text = links_as_text(text);
    let mut spans = Vec::new();
    for (i, part) in text.split("**").enumerate() {
        if part.is_empty() {
            continue;
        }
        spans.push(Span {
            text: part.to_string(),
            bold: i % 2 == 1 || style == ParaStyle::Label,
            ..Span::default()
        });
    }
    Paragraph::spans(spans, style)
}

/// `[text](url)` → `text (url)`; anything that does not close stays as typed.
fn links_as_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let Some(end) = after[close + 2..].find(')') else {
            break;
        };
        let label = &after[..close];
        let url = &after[close + 2..close + 2 + end];
        out.push_str(&rest[..open]);
        out.push_str(label);
        if !url.is_empty() && url != label {
            out.push_str(" (");
            out.push_str(url);
            out.push(')');
        }
        rest = &after[close + 2 + end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Paragraph) -> Vec<(String, bool)> {
        p.spans.iter().map(|s| (s.text.clone(), s.bold)).collect()
    }

    #[test]
    fn headings_lists_and_paragraphs_become_their_blocks() {
        let b = blocks("## Key points\n- first\n* second\n1. third\n\nA paragraph\nwrapped.");
        assert_eq!(b.len(), 3, "label, list, paragraph: {b:?}");
        assert!(matches!(&b[0], Block::Paragraph(p) if p.style == ParaStyle::Label));
        assert!(matches!(&b[1], Block::Bullets(items) if items.len() == 3));
        assert!(
            matches!(&b[2], Block::Paragraph(p) if p.spans[0].text == "A paragraph wrapped."),
            "lines of a paragraph are joined: {:?}",
            b[2]
        );
    }

    #[test]
    fn bold_runs_stay_bold_and_links_show_their_address() {
        let p = paragraph(
            "The **NRM** handbook [here](https://example.org) and [x](x).",
            ParaStyle::Body,
        );
        assert_eq!(
            texts(&p),
            vec![
                ("The ".to_string(), false),
                ("NRM".to_string(), true),
                (
                    " handbook here (https://example.org) and x.".to_string(),
                    false
                )
            ]
        );
    }

    #[test]
    fn unclosed_markup_is_kept_as_typed() {
        let p = paragraph("a [b](c and **d", ParaStyle::Body);
        let all: String = p.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(all, "a [b](c and d", "only the ** markers go");
        assert!(blocks("").is_empty());
        assert!(blocks("#\n\n-").len() == 1, "a lone '-' is text");
    }
}
