//! `ui/index.html` names in a `modulepreload` link every JavaScript module the page needs before its
//! first view: the modules `app.js` imports statically, directly or through others. WebKit then fetches
//! them all at once when the page starts instead of one level of imports after another (the launch was
//! about 60 ms longer that way; docs/benchmarks.md). The other views are imported by `app.js` with
//! `import()` after the first view is drawn, and are not preloaded: the page starts on less script. A
//! module added without its link still works, only slower to start, and a view preloaded for nothing
//! slows every start, so this test is what keeps the list exact.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// `relative` (a `./` or `../` import) resolved against the module at `from`, both relative to `ui/`.
fn resolve(from: &str, relative: &str) -> String {
    let mut path: PathBuf = Path::new(from)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    for part in Path::new(relative).components() {
        match part {
            Component::ParentDir => {
                path.pop();
            }
            Component::Normal(name) => path.push(name),
            _ => {}
        }
    }
    path.to_string_lossy().replace('\\', "/")
}

/// The modules a module's source imports: `static_only` keeps the `import … from` and `export … from`
/// statements; otherwise `import('…')` calls are taken too.
fn imports(source: &str, static_only: bool) -> Vec<String> {
    let code: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for statement in code.split(';') {
        let statement = statement.trim_start();
        let is_static = (statement.starts_with("import ") || statement.starts_with("export "))
            && statement.contains(" from ");
        if is_static {
            if let Some(quoted) = statement.rsplit(" from ").next().and_then(quoted) {
                found.push(quoted);
            }
        }
    }
    if !static_only {
        for call in code.split("import(").skip(1) {
            if let Some(quoted) = quoted(call) {
                found.push(quoted);
            }
        }
    }
    found
}

/// The string literal `text` starts with (after blanks), quoted with `'` or `"`.
fn quoted(text: &str) -> Option<String> {
    let text = text.trim_start();
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    text[1..].split(quote).next().map(String::from)
}

/// Every module reachable from `root` (relative to `ui/`), `root` included.
fn reachable(ui: &Path, root: &str, static_only: bool) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.to_string()];
    while let Some(module) = todo.pop() {
        if !seen.insert(module.clone()) {
            continue;
        }
        let source = std::fs::read_to_string(ui.join(&module))
            .unwrap_or_else(|e| panic!("{module} is imported but cannot be read: {e}"));
        for relative in imports(&source, static_only) {
            todo.push(resolve(&module, &relative));
        }
    }
    seen
}

/// The `.js` files below `dir`, as paths relative to `ui/` with `/` separators.
fn modules(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            let relative = path.strip_prefix(root).unwrap();
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn ui() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

#[test]
fn index_html_preloads_exactly_the_modules_app_js_imports_statically() {
    let ui = ui();
    let mut first = reachable(&ui, "app.js", true);
    first.remove("app.js"); // the page's own script
    let html = std::fs::read_to_string(ui.join("index.html")).unwrap();
    let preloaded: BTreeSet<String> = html
        .split("<link rel=\"modulepreload\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect();
    assert!(
        first.len() > 10 && first.contains("views/agenda.js"),
        "the first view's modules were found: {first:?}"
    );
    let missing: Vec<_> = first.difference(&preloaded).collect();
    let extra: Vec<_> = preloaded.difference(&first).collect();
    assert!(
        missing.is_empty(),
        "modules app.js needs before its first view, without a modulepreload link in ui/index.html: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "modulepreload links to modules app.js does not import statically (fetched after the first view, or none): {extra:?}"
    );
}

#[test]
fn every_module_of_the_ui_is_reached_from_app_js_at_start_or_after_the_first_view() {
    let ui = ui();
    let mut on_disk = BTreeSet::new();
    modules(&ui, &ui, &mut on_disk);
    let all = reachable(&ui, "app.js", false);
    let first = reachable(&ui, "app.js", true);
    assert!(
        all.contains("views/plan/index.js") && !first.contains("views/plan/index.js"),
        "the Plan comes after the first view: {first:?}"
    );
    let orphans: Vec<_> = on_disk.difference(&all).collect();
    assert!(orphans.is_empty(), "modules nothing imports: {orphans:?}");
}
