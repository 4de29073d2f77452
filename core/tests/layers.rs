//! The folders of `core/src` are layers, and the dependencies between them point one way: code in one
//! layer may use the kernel files and the layers before it in [`LAYERS`], never a layer after it, so no
//! folder imports one that imports it back. The rule holds for the code that ships; `#[cfg(test)]`
//! code (test modules, test-only files such as `fixtures/testutil.rs`) may reach any layer, as a
//! dev-dependency may.
//!
//! The check reads every `.rs` file under `core/src` (outside `bin/`, a separate program) with
//! comments, strings and character literals blanked, and collects every reference that leaves its
//! folder: `crate::x` paths, the items of `use crate::{a::{b, c}, d}` groups, and `super::` chains
//! that climb out of the folder. A name the crate root re-exports (`crate::Store`) counts as a use of
//! the module it comes from.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Files at the top of `core/src` that every layer may use; they use nothing but each other.
const KERNEL: &[&str] = &["lib", "error", "domain", "time", "text"];

/// The layers in order: each may use the ones before it. The crate's `//!` doc in `lib.rs` is the map.
const LAYERS: &[&str] = &[
    "store",
    "data",
    "taxonomy",
    "programme",
    "delegation",
    "planner",
    "notes",
    "ical",
    "import",
    "agenda",
    "pack",
    "exchange",
    "fixtures",
    "app",
    "cli",
];

/// A reference from one file to another top-level module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    file: String,
    line: usize,
    target: String,
}

// ---- Reading a file -------------------------------------------------------------------------------

/// The source with comments, string and character literals replaced by spaces (newlines kept).
fn blank(source: &str) -> String {
    let c: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let keep_lines = |s: &[char]| -> String {
        s.iter()
            .map(|&ch| if ch == '\n' { '\n' } else { ' ' })
            .collect()
    };
    while i < c.len() {
        let rest = &c[i..];
        let starts = |p: &str| rest.iter().take(p.chars().count()).copied().eq(p.chars());
        let end = if starts("//") {
            i + rest.iter().position(|&ch| ch == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            let mut depth = 0;
            let mut j = i;
            loop {
                if j + 1 >= c.len() {
                    break c.len();
                }
                if c[j] == '/' && c[j + 1] == '*' {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c[j + 1] == '/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break j;
                    }
                } else {
                    j += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&c, i) {
            end
        } else if c[i] == '"' || (c[i] == 'b' && rest.get(1) == Some(&'"')) {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(c.len())
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{..}'); a lifetime ('a) is left alone.
            if rest.get(1) == Some(&'\\') {
                let close = rest[2..].iter().position(|&ch| ch == '\'').map(|p| p + 2);
                i + close.map_or(rest.len(), |p| p + 1)
            } else if rest.get(2) == Some(&'\'') {
                i + 3
            } else {
                i + 1
            }
        } else {
            i + 1
        };
        if end == i + 1 && !(c[i] == '\'' || c[i] == '"') {
            out.push(c[i]);
        } else {
            out.push_str(&keep_lines(&c[i..end]));
        }
        i = end;
    }
    out
}

/// Where a raw string (`r"..."`, `r#"..."#`, `br#"..."#`) starting at `i` ends, if one does.
fn raw_string_end(c: &[char], i: usize) -> Option<usize> {
    let prev_is_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
    if prev_is_ident {
        return None;
    }
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = c[j..].iter().take_while(|&&ch| ch == '#').count();
    j += hashes;
    if c.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < c.len() {
        if c[j] == '"'
            && c[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&ch| ch == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(c.len())
}

/// A token: an identifier (or keyword), `::`, or one punctuation character; with its line.
fn tokens(code: &str) -> Vec<(String, usize)> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push((c[start..i].iter().collect(), line));
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(("::".into(), line));
            i += 2;
        } else {
            out.push((ch.to_string(), line));
            i += 1;
        }
    }
    out
}

/// The module path of a file under `src`: `notes/search.rs` is `[notes, search]`, `notes/mod.rs` is
/// `[notes]`, `lib.rs` is `[]`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// What one file says: the modules it declares under `#[cfg(test)]` (as module paths), and its
/// references that leave its top-level module, outside `#[cfg(test)]` code.
#[derive(Debug, Default)]
struct Scan {
    test_modules: Vec<Vec<String>>,
    references: Vec<Reference>,
}

fn scan(rel: &str, source: &str) -> Scan {
    let toks = tokens(&blank(source));
    let here = module_path(rel);
    let mut scan = Scan::default();
    // One frame per open brace: the inline module it opens (if any) and whether it is test code.
    let mut frames: Vec<(Option<String>, bool)> = Vec::new();
    // `#[cfg(test)]` seen at this brace depth, waiting for its item's `;` or `{`.
    let mut pending_test: Option<usize> = None;
    let in_test = |frames: &[(Option<String>, bool)]| frames.iter().any(|f| f.1);
    let module = |frames: &[(Option<String>, bool)]| -> Vec<String> {
        let mut m = here.clone();
        m.extend(frames.iter().filter_map(|f| f.0.clone()));
        m
    };
    let text = |k: usize| toks.get(k).map(|t| t.0.as_str()).unwrap_or("");
    let mut k = 0;
    while k < toks.len() {
        let (tok, line) = (&toks[k].0, toks[k].1);
        let depth = frames.len();
        if tok == "#" && text(k + 1) == "[" && text(k + 2) == "cfg" && text(k + 3) == "(" {
            if text(k + 4) == "test" && text(k + 5) == ")" && text(k + 6) == "]" {
                pending_test = Some(depth);
            }
        } else if tok == "{" {
            let opens_mod = (k >= 2 && text(k - 2) == "mod").then(|| text(k - 1).to_string());
            let test = pending_test == Some(depth);
            pending_test = pending_test.filter(|&d| d != depth);
            frames.push((opens_mod, test));
        } else if tok == "}" {
            frames.pop();
        } else if tok == ";" && pending_test == Some(depth) {
            if k >= 2 && text(k - 2) == "mod" {
                let mut m = module(&frames);
                m.push(text(k - 1).to_string());
                scan.test_modules.push(m);
            }
            pending_test = None;
        } else if !in_test(&frames) && (tok == "crate" || tok == "super") && text(k + 1) == "::" {
            let after_dollar = k > 0 && text(k - 1) == "$";
            let mut j = k;
            let climbs_out = if tok == "crate" {
                j += 2;
                true
            } else {
                let mut supers = 0;
                while text(j) == "super" && text(j + 1) == "::" {
                    supers += 1;
                    j += 2;
                }
                supers >= module(&frames).len()
            };
            if climbs_out && (tok == "crate" || !after_dollar) {
                for target in first_segments(&toks, j) {
                    scan.references.push(Reference {
                        file: rel.to_string(),
                        line,
                        target,
                    });
                }
            }
            k = j;
            continue;
        }
        k += 1;
    }
    scan
}

/// The first segment of the path starting at token `j`, or of each item of a `{...}` group there.
fn first_segments(toks: &[(String, usize)], j: usize) -> Vec<String> {
    let Some((first, _)) = toks.get(j) else {
        return Vec::new();
    };
    if first != "{" {
        return vec![first.clone()];
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (tok, _) in &toks[j..] {
        match tok.as_str() {
            "{" => {
                depth += 1;
                if depth == 1 {
                    item_start = true;
                    continue;
                }
            }
            "}" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            "," if depth == 1 => {
                item_start = true;
                continue;
            }
            _ => {}
        }
        if item_start && depth == 1 {
            if tok != "self" {
                out.push(tok.clone());
            }
            item_start = false;
        }
    }
    out
}

/// The names the crate root re-exports (`pub use store::Store;`), each with its module.
fn re_exports(lib_source: &str) -> BTreeMap<String, String> {
    let toks = tokens(&blank(lib_source));
    let mut out = BTreeMap::new();
    let mut k = 0;
    while k + 3 < toks.len() {
        if toks[k].0 == "pub" && toks[k + 1].0 == "use" && toks[k + 3].0 == "::" {
            let module = toks[k + 2].0.clone();
            let mut j = k + 4;
            while j < toks.len() && toks[j].0 != ";" {
                let t = &toks[j].0;
                if t.chars().all(|ch| ch.is_alphanumeric() || ch == '_') && t != "self" {
                    out.insert(t.clone(), module.clone());
                }
                j += 1;
            }
            k = j;
        }
        k += 1;
    }
    out
}

// ---- The rule -------------------------------------------------------------------------------------

/// Every reference that breaks the order, as a sentence; or the references that cannot be placed.
fn violations(files: &[(String, String)], layers: &[&str]) -> Vec<String> {
    let scans: Vec<Scan> = files.iter().map(|(rel, src)| scan(rel, src)).collect();
    let test_modules: BTreeSet<Vec<String>> =
        scans.iter().flat_map(|s| s.test_modules.clone()).collect();
    let lib = files.iter().find(|(rel, _)| rel == "lib.rs");
    let re_exported = lib.map(|(_, src)| re_exports(src)).unwrap_or_default();
    let rank = |name: &str| -> Option<Option<usize>> {
        if KERNEL.contains(&name) {
            Some(None)
        } else {
            layers.iter().position(|l| *l == name).map(Some)
        }
    };
    let mut out = Vec::new();
    for ((rel, _), scan) in files.iter().zip(&scans) {
        let path = module_path(rel);
        let test_only = (1..=path.len()).any(|n| test_modules.contains(&path[..n]));
        if test_only {
            continue;
        }
        let from = path.first().map_or("lib", String::as_str);
        let Some(from_rank) = rank(from) else {
            out.push(format!(
                "{rel}: the module `{from}` is in no layer: add it to LAYERS"
            ));
            continue;
        };
        for r in &scan.references {
            let module = re_exported.get(&r.target).unwrap_or(&r.target);
            if module == from {
                continue;
            }
            let to_rank = match rank(module) {
                Some(rank) => rank,
                None => {
                    out.push(format!(
                        "{}:{}: `crate::{}` is neither a layer, a kernel file nor a re-export",
                        r.file, r.line, r.target
                    ));
                    continue;
                }
            };
            let allowed = match (from_rank, to_rank) {
                (_, None) => true,
                (None, Some(_)) => false,
                (Some(f), Some(t)) => t < f,
            };
            if !allowed {
                let why = if from_rank.is_none() {
                    "but the kernel files use only each other"
                } else {
                    "which comes after it"
                };
                out.push(format!(
                    "{}:{}: `{from}` uses `{module}`, {why}",
                    r.file, r.line
                ));
            }
        }
    }
    out
}

fn read_tree(dir: &Path, rel: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("core/src is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let child = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            if child != "bin" {
                read_tree(&path, &child, out);
            }
        } else if name.ends_with(".rs") {
            out.push((
                child,
                std::fs::read_to_string(&path).expect("a readable source file"),
            ));
        }
    }
}

#[test]
fn every_folder_of_core_uses_only_the_kernel_and_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_tree(&src, "", &mut files);
    assert!(
        files.len() > 50 && files.iter().any(|(rel, _)| rel == "store/mod.rs"),
        "the whole of core/src was read: {} files",
        files.len()
    );
    let found = violations(&files, LAYERS);
    assert!(
        found.is_empty(),
        "references against the layer order {LAYERS:?}:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_top_level_module_is_a_kernel_file_or_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let toks = tokens(&blank(&lib));
    let declared: Vec<&str> = toks
        .windows(3)
        .filter(|w| w[0].0 == "mod" && w[2].0 == ";")
        .map(|w| w[1].0.as_str())
        .collect();
    assert!(
        declared.contains(&"store"),
        "lib.rs declares the modules: {declared:?}"
    );
    for m in &declared {
        assert!(
            KERNEL.contains(m) || LAYERS.contains(m),
            "`{m}` is declared in lib.rs but is in no layer"
        );
    }
    for l in LAYERS {
        assert!(
            declared.contains(l),
            "the layer `{l}` is declared in lib.rs"
        );
    }
}

// ---- The check itself, on small made-up trees --------------------------------------------------------

fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![(
        "lib.rs".to_string(),
        "pub mod a; pub mod b; pub use error::{Error, Result}; pub use b::Thing;".to_string(),
    )];
    all.extend(files.iter().map(|(p, s)| (p.to_string(), s.to_string())));
    all
}

#[test]
fn an_earlier_layer_that_uses_a_later_one_is_named_with_its_file_and_line() {
    let found = violations(
        &tree(&[("a/mod.rs", "use crate::time;\n\nfn f() { crate::b::go(); }")]),
        &["a", "b"],
    );
    assert_eq!(found, ["a/mod.rs:3: `a` uses `b`, which comes after it"]);
    assert!(
        violations(
            &tree(&[("b/mod.rs", "fn f() { crate::a::go(); }")]),
            &["a", "b"]
        )
        .is_empty(),
        "a later layer may use an earlier one"
    );
}

#[test]
fn nested_use_groups_re_exports_and_super_chains_that_climb_out_are_all_seen() {
    let layers = &["a", "b"];
    let group = tree(&[("a/x.rs", "use crate::{time::{self, f}, b::{c, d}, Error};")]);
    assert_eq!(violations(&group, layers).len(), 1, "b inside the group");
    let re_export = tree(&[("a/x.rs", "use crate::{Error, Thing};")]);
    assert_eq!(
        violations(&re_export, layers),
        ["a/x.rs:1: `a` uses `b`, which comes after it"],
        "Thing is b's"
    );
    let climbing = tree(&[("a/x.rs", "mod inner {\n use super::super::super::b::Y;\n}")]);
    assert_eq!(
        violations(&climbing, layers).len(),
        1,
        "three supers from a::x::inner"
    );
    let not_out = tree(&[("a/x.rs", "mod inner {\n use super::super::b::Y;\n}")]);
    assert!(violations(&not_out, layers).is_empty(), "a::b is inside a");
    let staying = tree(&[("a/x/y.rs", "use super::super::z;")]);
    assert!(
        violations(&staying, layers).is_empty(),
        "a::x::y to a::z stays in a"
    );
}

#[test]
fn comments_strings_and_test_code_are_not_dependencies() {
    let layers = &["a", "b"];
    let quiet = tree(&[(
        "a/x.rs",
        "// crate::b::one\n/* crate::b::two /* nested */ */\nconst S: &str = \"crate::b::three\";\n\
         const R: &str = r#\"crate::b::\"four\"#;\nconst C: char = '\"'; fn f<'a>(x: &'a str) {}\n\
         #[cfg(test)]\nmod tests {\n use crate::b::Five;\n}\n#[cfg(test)]\nmod more;\n",
    )]);
    assert!(
        violations(&quiet, layers).is_empty(),
        "{:?}",
        violations(&quiet, layers)
    );
    let after_literals = tree(&[(
        "a/x.rs",
        "const C: char = '\"'; const D: char = '\\''; fn f<'a>() {}\nuse crate::b::Eight;",
    )]);
    assert_eq!(
        violations(&after_literals, layers),
        ["a/x.rs:2: `a` uses `b`, which comes after it"],
        "literals end where they end"
    );
    let test_file = tree(&[
        ("a/mod.rs", "#[cfg(test)]\npub(crate) mod kit;\n"),
        ("a/kit.rs", "use crate::b::Six;"),
    ]);
    assert!(
        violations(&test_file, layers).is_empty(),
        "a test-only file"
    );
    let after_test = tree(&[("a/x.rs", "#[cfg(test)]\nmod tests {}\nuse crate::b::Seven;")]);
    assert_eq!(
        violations(&after_test, layers).len(),
        1,
        "code after a test module counts"
    );
}

#[test]
fn the_kernel_uses_only_the_kernel_and_unknown_modules_are_refused() {
    let found = violations(&tree(&[("time.rs", "use crate::a::X;")]), &["a", "b"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("time.rs:1: `time` uses `a`"),
        "{found:?}"
    );
    let unknown = violations(&tree(&[("a/x.rs", "use crate::zzz::X;")]), &["a", "b"]);
    assert_eq!(
        unknown,
        ["a/x.rs:1: `crate::zzz` is neither a layer, a kernel file nor a re-export"]
    );
    let stray = violations(&tree(&[("c/mod.rs", "")]), &["a", "b"]);
    assert_eq!(
        stray,
        ["c/mod.rs: the module `c` is in no layer: add it to LAYERS"]
    );
}
