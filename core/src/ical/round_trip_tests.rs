//! What the writer makes, the reader reads back unchanged: over thousands of generated lines and texts
//! (multi-byte characters, the special characters, spaces and tabs where folds fall), with a small
//! seeded generator so that every run checks the same cases and a failure can be replayed.

use super::*;

/// xorshift64: enough randomness to vary the cases, the same sequence every run.
struct Cases(u64);

impl Cases {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }

    /// A string of up to `max` characters drawn from `pool`.
    fn string(&mut self, pool: &[char], max: usize) -> String {
        let len = self.below(max + 1);
        (0..len).map(|_| pool[self.below(pool.len())]).collect()
    }
}

/// One, two, three and four-octet characters, a combining accent, the characters TEXT escapes, and
/// spaces and tabs (a fold that lands before one must not lose it).
const POOL: &[char] = &[
    'a', 'Z', '7', ' ', ' ', '\t', ':', ';', ',', '\\', '"', '=', 'ë', 'Ł', 'ø', 'ß', '\u{301}',
    '—', '€', '中', '🗓', '👩', 'n', 'N',
];

#[test]
fn unfolding_a_folded_line_gives_it_back_and_no_physical_line_exceeds_75_octets() {
    let mut cases = Cases(0x5eed_1ca1);
    for _ in 0..5_000 {
        let line = format!("X-TEST:{}", cases.string(POOL, 200));
        let mut out = String::new();
        push_folded(&mut out, &line);
        assert!(out.ends_with("\r\n"), "{out:?}");
        for physical in out.trim_end_matches("\r\n").split("\r\n") {
            assert!(
                physical.len() <= FOLD_OCTETS,
                "{} octets in {physical:?} of {line:?}",
                physical.len()
            );
        }
        assert_eq!(
            unfold(&out),
            vec![(1, line.clone())],
            "{line:?} folded as {out:?}"
        );
    }
}

#[test]
fn a_calendar_of_folded_lines_unfolds_to_the_same_lines_with_their_first_physical_line() {
    let mut cases = Cases(0xca1e_da25);
    for _ in 0..200 {
        let lines: Vec<String> = (0..1 + cases.below(20))
            .map(|i| format!("X-{i}:{}", cases.string(POOL, 300)))
            .collect();
        let mut out = String::new();
        let mut expected = Vec::new();
        for line in &lines {
            expected.push((out.matches("\r\n").count() + 1, line.clone()));
            push_folded(&mut out, line);
        }
        assert_eq!(unfold(&out), expected);
    }
}

#[test]
fn unescaping_escaped_text_gives_the_text_back_with_line_ends_as_newlines() {
    let mut pool = POOL.to_vec();
    pool.extend(['\n', '\r', '\u{0}', '\u{1b}']);
    let mut cases = Cases(0x7e47_0001);
    for _ in 0..5_000 {
        let text = cases.string(&pool, 120);
        let escaped = escape(&text);
        assert!(
            !escaped.contains(['\n', '\r']),
            "an escaped text is one line: {escaped:?}"
        );
        let expected: String = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        assert_eq!(
            unescape(&escaped),
            expected,
            "{text:?} escaped as {escaped:?}"
        );
    }
}

#[test]
fn a_written_property_is_read_back_whole_through_fold_unfold_parse_and_unescape() {
    let mut cases = Cases(0x0a11_7e57);
    for _ in 0..2_000 {
        let text = cases.string(POOL, 250);
        let mut out = String::new();
        push_folded(&mut out, &format!("SUMMARY;LANGUAGE=de:{}", escape(&text)));
        let lines = unfold(&out);
        assert_eq!(lines.len(), 1, "{out:?}");
        let (line, raw) = &lines[0];
        let p = Property::parse("x.ics", *line, raw).unwrap();
        assert_eq!(
            (p.name.as_str(), p.param("LANGUAGE")),
            ("SUMMARY", Some("de"))
        );
        assert_eq!(unescape(&p.value), text, "{text:?} written as {out:?}");
    }
}
