//! One content line split into its parts: `NAME;PARAM=value;PARAM="quoted; value":value`. Names and
//! parameter names are case-insensitive (kept upper-case); a parameter value may be quoted, so that it
//! can hold `;` and `:`. The value is kept as written (TEXT is unescaped by whoever knows it is TEXT).

use crate::{Error, Result};

/// One logical (unfolded) content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The physical line where it starts (1-based), for messages.
    pub line: usize,
    /// The property's name, upper-case (`DTSTART`).
    pub name: String,
    /// The parameters in order: upper-case name and value (quotes removed).
    pub params: Vec<(String, String)>,
    /// The value after the first `:` outside quotes, as written.
    pub value: String,
}

impl Property {
    /// Splits the unfolded line `raw` (which starts on physical line `line` of `file_name`); an error
    /// names the file and the line.
    pub fn parse(file_name: &str, line: usize, raw: &str) -> Result<Property> {
        let bad = |why: &str| Error::Invalid(format!("{file_name}: line {line}: {why}"));
        let name_end = raw
            .find([';', ':'])
            .ok_or_else(|| bad("not a content line (NAME:value)"))?;
        let name = raw[..name_end].trim().to_ascii_uppercase();
        if name.is_empty() {
            return Err(bad("a content line without a name"));
        }
        let mut params = Vec::new();
        let mut rest = &raw[name_end..];
        while let Some(after) = rest.strip_prefix(';') {
            let eq = after
                .find('=')
                .ok_or_else(|| bad("a parameter without \"=\""))?;
            let key = after[..eq].trim().to_ascii_uppercase();
            let mut value_part = &after[eq + 1..];
            let value;
            if let Some(quoted) = value_part.strip_prefix('"') {
                let close = quoted
                    .find('"')
                    .ok_or_else(|| bad("a quoted parameter value is not closed"))?;
                value = quoted[..close].to_string();
                value_part = &quoted[close + 1..];
            } else {
                let end = value_part
                    .find([';', ':'])
                    .ok_or_else(|| bad("no \":\" before the value"))?;
                value = value_part[..end].to_string();
                value_part = &value_part[end..];
            }
            params.push((key, value));
            rest = value_part;
        }
        let value = rest
            .strip_prefix(':')
            .ok_or_else(|| bad("no \":\" before the value"))?;
        Ok(Property {
            line,
            name,
            params,
            value: value.to_string(),
        })
    }

    /// The value of parameter `name` (upper-case), if given.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Property> {
        Property::parse("cal.ics", 7, raw)
    }

    #[test]
    fn name_parameters_and_value_are_split_with_quotes_honoured() {
        let p = parse("dtStart;tzid=\"Hofburg; Time: Vienna\";VALUE=DATE-TIME:20230418T100000")
            .unwrap();
        assert_eq!(p.name, "DTSTART", "names are upper-cased");
        assert_eq!(
            p.param("TZID"),
            Some("Hofburg; Time: Vienna"),
            "quoted ; and : are kept"
        );
        assert_eq!(p.param("VALUE"), Some("DATE-TIME"));
        assert_eq!(p.param("LANGUAGE"), None);
        assert_eq!(p.value, "20230418T100000");
        assert_eq!(p.line, 7);
    }

    #[test]
    fn the_value_is_everything_after_the_first_colon_as_written() {
        let p = parse("DESCRIPTION:a: b\\, c;d").unwrap();
        assert_eq!(p.value, "a: b\\, c;d", "not unescaped, not split");
        assert!(p.params.is_empty());
    }

    #[test]
    fn broken_content_lines_name_the_file_the_line_and_the_fault() {
        for (raw, why) in [
            ("just words", "not a content line (NAME:value)"),
            (":value", "a content line without a name"),
            ("X;PARAM:value", "a parameter without \"=\""),
            ("X;P=\"open:value", "a quoted parameter value is not closed"),
            ("X;P=v", "no \":\" before the value"),
            ("X;P=\"v\"", "no \":\" before the value"),
        ] {
            let err = parse(raw).unwrap_err().to_string();
            assert_eq!(err, format!("cal.ics: line 7: {why}"), "{raw:?}");
        }
    }

    #[test]
    fn multibyte_names_and_values_never_split_a_character() {
        let p = parse("X-ÜBER;ZOË=\"Łódź\":Grüße").unwrap();
        assert_eq!((p.name.as_str(), p.value.as_str()), ("X-ÜBER", "Grüße"));
        assert_eq!(p.param("ZOË"), Some("Łódź"));
    }
}
