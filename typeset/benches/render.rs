//! Times `render` on a synthetic ~400-page briefing pack: 600 programme rows over five days, 600
//! session sections and 5,000 short notes with names in every script. Prints min and median;
//! `RUNS=n` sets the number of runs and `OUT=file.pdf` writes the last PDF. `SCALE=k` multiplies the
//! sessions and notes (k=3 gives a pack of about the size of a big conference's) and starts each
//! session brief on a new page, as the real pack does.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

fn main() {
    let scale: usize = std::env::var("SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let doc = if scale == 0 {
        common::big(5, 120, 600, 5000)
    } else {
        let mut doc = common::big(5, 120, 600 * scale, 5000 * scale);
        let mut blocks = Vec::with_capacity(doc.blocks.len() * 2);
        for b in std::mem::take(&mut doc.blocks) {
            if matches!(&b, desk_typeset::Block::Heading(h) if h.level == 2 && h.anchor.is_some()) {
                blocks.push(desk_typeset::Block::PageBreak);
            }
            blocks.push(b);
        }
        doc.blocks = blocks;
        doc
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = desk_typeset::render(&doc, &mut |_| {});
        times.push(t.elapsed().as_secs_f64());
        last = Some(r);
    }
    times.sort_by(f64::total_cmp);
    // `OUT=path` keeps the last PDF, to compare output between versions.
    if let (Ok(path), Some(Ok(r))) = (std::env::var("OUT"), last.as_ref()) {
        if let Err(e) = std::fs::write(&path, &r.pdf) {
            println!("writing {path}: {e}");
        }
    }
    match last {
        Some(Ok(r)) => println!(
            "render: {} pages, {} bytes; min {:.3} s, median {:.3} s over {runs} runs",
            r.pages,
            r.pdf.len(),
            times.first().copied().unwrap_or(0.0),
            times.get(times.len() / 2).copied().unwrap_or(0.0)
        ),
        Some(Err(e)) => println!("render failed: {e}"),
        None => println!("no runs"),
    }
}
