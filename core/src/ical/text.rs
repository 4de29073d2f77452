//! TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newline are escaped with a backslash.
//! The writer escapes exactly those (and drops the control characters TEXT does not allow); the reader
//! is lenient, as files escape more than they must: any escaped character stands for itself.

/// TEXT escaping: backslash, semicolon, comma and newline (CRLF and CR count as one); other control
/// characters (not allowed in TEXT) are dropped, tabs kept.
pub fn escape(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalised.len());
    for c in normalised.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Undoes TEXT escaping: `\\`, `\;`, `\,`, `\n`/`\N`; any other escaped character stands for itself, and
/// a backslash at the very end is kept.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_special_characters_are_escaped_and_line_ends_become_one_newline() {
        assert_eq!(escape("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
    }

    #[test]
    fn control_characters_are_dropped_but_tabs_kept() {
        assert_eq!(escape("a\u{0}b\u{7}c\td"), "abc\td");
    }

    #[test]
    fn unescaping_reads_what_calendar_programs_write() {
        assert_eq!(
            unescape("Data\\, tech\\; and\\nlaw \\N with a back\\\\slash"),
            "Data, tech; and\nlaw \n with a back\\slash"
        );
        assert_eq!(
            unescape("\\:colon \\\"quote"),
            ":colon \"quote",
            "over-escaped"
        );
        assert_eq!(
            unescape("ends in \\"),
            "ends in \\",
            "a lone final backslash stays"
        );
    }
}
