//! Line folding (RFC 5545 3.1): a content line longer than 75 octets continues on the next physical
//! line, which starts with a space (or a tab). The writer folds on character boundaries, never inside
//! a UTF-8 character; the reader accepts CRLF and bare LF line ends, as real files mix them.

/// The longest physical line the writer makes, in octets (without the line end).
pub const FOLD_OCTETS: usize = 75;

/// Appends `line` folded at [`FOLD_OCTETS`] octets (continuations start with a space, which counts),
/// ending in CRLF. A fold never splits a UTF-8 character.
pub fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > FOLD_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Unfolds the content lines (a line starting with a space or tab continues the previous one) and keeps
/// the physical line number (1-based) where each logical line starts. Blank lines are left out.
pub fn unfold(content: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in content.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(rest);
                continue;
            }
        }
        if raw.trim().is_empty() {
            continue;
        }
        out.push((i + 1, raw.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_never_splits_a_multibyte_character() {
        let mut out = String::new();
        let name = format!("SUMMARY:{}", "Zoë Łukasz Høgsvik ".repeat(12));
        push_folded(&mut out, &name);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{}", line.len());
        }
        // `out` is a String, so each physical line is valid UTF-8 by construction; unfolding restores it.
        assert_eq!(
            out.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(name.as_str())
        );
        let mut emoji = String::new();
        push_folded(&mut emoji, &"🗓".repeat(40));
        assert!(
            emoji.split("\r\n").all(|l| l.len() <= 75),
            "four-octet characters move to the next line whole"
        );
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded_and_one_more_is() {
        let mut out = String::new();
        push_folded(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)), "75 octets fit");
        let mut out = String::new();
        push_folded(&mut out, &"a".repeat(76));
        assert_eq!(
            out,
            format!("{}\r\n a\r\n", "a".repeat(75)),
            "the 76th octet goes to a continuation line"
        );
    }

    #[test]
    fn unfolding_joins_continuations_and_keeps_the_first_line_number() {
        let content = "BEGIN:VEVENT\r\nSUMMARY:Panel 1\r\n  on data\n\tand law\r\n\r\nEND:VEVENT";
        assert_eq!(
            unfold(content),
            vec![
                (1, "BEGIN:VEVENT".to_string()),
                (2, "SUMMARY:Panel 1 on dataand law".to_string()),
                (6, "END:VEVENT".to_string()),
            ],
            "one leading space or tab is removed; the blank line 5 is left out"
        );
    }

    #[test]
    fn a_continuation_before_any_line_is_a_line_of_its_own() {
        assert_eq!(
            unfold(" X-A:1\r\nX-B:2"),
            vec![(1, " X-A:1".to_string()), (2, "X-B:2".to_string())]
        );
    }
}
