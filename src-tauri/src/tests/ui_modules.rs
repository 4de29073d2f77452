//! `ui/index.html` names every JavaScript module of the UI in a `modulepreload` link, so that WebKit
//! fetches them all at once when the page starts instead of one level of imports after another (the
//! launch was about 60 ms longer that way; docs/benchmarks.md). A module added without its link still
//! works, only slower to start, so this test is what keeps the list whole.

use std::collections::BTreeSet;
use std::path::Path;

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

#[test]
fn index_html_preloads_every_module_of_the_ui_and_nothing_else() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let mut on_disk = BTreeSet::new();
    modules(&ui, &ui, &mut on_disk);
    on_disk.remove("app.js"); // the page's own script
    let html = std::fs::read_to_string(ui.join("index.html")).unwrap();
    let preloaded: BTreeSet<String> = html
        .split("<link rel=\"modulepreload\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect();
    assert!(
        on_disk.len() > 10,
        "the UI's modules were found: {on_disk:?}"
    );
    let missing: Vec<_> = on_disk.difference(&preloaded).collect();
    let extra: Vec<_> = preloaded.difference(&on_disk).collect();
    assert!(
        missing.is_empty(),
        "modules without a modulepreload link in ui/index.html: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "modulepreload links to no module: {extra:?}"
    );
}
