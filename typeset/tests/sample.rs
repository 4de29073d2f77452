mod common;

#[test]
fn a_sample_document_renders_for_viewing() {
    let doc = common::big(2, 30, 20, 120);
    let r = common::render(&doc);
    let p = common::write("sample", &r.pdf);
    println!("{} pages at {}", r.pages, p.display());
}
