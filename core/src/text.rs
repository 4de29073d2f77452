//! Text helpers shared by matching and searching: a diacritic-insensitive fold, so that a delegate
//! typing "Lukasz" on an English keyboard still finds "Łukasz". And the few rules every form shares
//! for the fields a person types: trimmed, required ones named when empty, lists without blanks.

use unicode_normalization::UnicodeNormalization;

use crate::{Error, Result};

/// Lower-cases and strips diacritics: "Zoë Łukasz Türkiye" becomes "zoe lukasz turkiye".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        // Letters that carry their "diacritic" in the base character and do not decompose.
        match c {
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ı' => out.push('i'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The trimmed text of a required field; an empty or missing one is refused, naming `field`.
pub(crate) fn required<'a>(field: &str, value: Option<&'a str>, why: &str) -> Result<&'a str> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Error::invalid(field, why))
}

/// The trimmed text of an optional field; a missing one is empty.
pub(crate) fn trimmed(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_string()
}

/// A typed list's items, trimmed, without the blank ones.
pub(crate) fn clean_list(items: Option<&[String]>) -> Vec<String> {
    items
        .unwrap_or_default()
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(
            fold("Zoë Łukasz Türkiye Høgsvik Siobhán"),
            "zoe lukasz turkiye hogsvik siobhan"
        );
    }

    #[test]
    fn folding_keeps_other_scripts() {
        assert_eq!(
            fold("Ελλάδα"),
            "ελλαδα",
            "Greek loses its accent but stays Greek"
        );
        assert_eq!(
            fold("Қазақстан"),
            "қазақстан",
            "Kazakh letters have no decomposition"
        );
    }
}
