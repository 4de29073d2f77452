//! Writing a file the person will open (a calendar, a briefing pack) whole or not at all: a temporary
//! file beside the target, synced, then renamed over it, so a crash never leaves half a file behind.
//! And naming one after a person: [`name_part`] keeps the letters of every script.

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// Writes `bytes` to `path` atomically; a missing folder is refused by name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "{}: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Invalid(format!("{}: not a file name", path.display())))?;
    let temp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
    let io = |what: &str, source: std::io::Error| {
        Error::io(format!("Could not {what} {}", path.display()))(source)
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    // Private to the person whatever the umask (settings, exported files).
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options
        .open(&temp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(|e| io("write", e));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io("replace", e)
    })
}

/// Windows' reserved device names: a file may not be called this, whatever its extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A part of a file name made from `text` (a person's name), safe on Windows, macOS and Linux:
/// the letters and digits of every script are kept ("Łukasz Brandt" → "łukasz-brandt",
/// "Ελλάδα", "المغرب"), as is any punctuation those systems accept; what one of them refuses
/// (`/ \ : * ? " < > |`, control and invisible formatting characters) and spaces become single
/// dashes; dots, dashes and spaces are trimmed from the ends; a Windows device name (`CON`,
/// `COM1`, ...) gets a `_`. Lower case, at most `max` characters; `None` when nothing is left.
pub fn name_part(text: &str, max: usize) -> Option<String> {
    let mut out = String::new();
    for ch in text.chars() {
        let invisible = matches!(ch, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}');
        if invisible {
            continue;
        }
        if ch.is_whitespace() || ch.is_control() || "/\\:*?\"<>|".contains(ch) {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.extend(ch.to_lowercase());
        }
    }
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '.' || c == '-' || c.is_whitespace())
            .to_string()
    };
    let mut name = trim(&out);
    if name.chars().count() > max {
        name = trim(&name.chars().take(max).collect::<String>());
    }
    let stem = name.split('.').next().unwrap_or("");
    if RESERVED.contains(&stem) {
        name.push('_');
    }
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_part_keeps_every_script_and_drops_only_what_file_systems_refuse() {
        let cases = [
            ("Łukasz Brandt", "łukasz-brandt"),
            ("Zoë Achterberg", "zoë-achterberg"),
            ("Ελλάδα Παπαδοπούλου", "ελλάδα-παπαδοπούλου"),
            ("Қазақстан", "қазақстан"),
            ("المغرب", "المغرب"),
            ("ישראל\u{200F}", "ישראל"),
            ("Seán O'Brien", "seán-o'brien"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j"),
            ("  tab\tand\nnewline\u{7}  ", "tab-and-newline"),
            ("Dr. Smith...", "dr.-smith"),
            (".hidden", "hidden"),
            ("CON", "con_"),
            ("com1.backup", "com1.backup_"),
            ("Connie", "connie"),
        ];
        for (name, want) in cases {
            assert_eq!(name_part(name, 40).as_deref(), Some(want), "{name:?}");
        }
        assert_eq!(name_part(" /:*. ", 40), None, "nothing left");
        assert_eq!(name_part("", 40), None);
        let long = "Ł".repeat(100);
        assert_eq!(name_part(&long, 40).map(|n| n.chars().count()), Some(40));
    }

    #[test]
    fn a_file_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pack.pdf");
        write_atomically(&path, b"%PDF-1.7 test").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 test");
        let missing = dir.path().join("no-such-folder").join("pack.pdf");
        let err = write_atomically(&missing, b"x").unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    }
}
