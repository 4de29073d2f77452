//! The window benchmark (issue 13): how long each view takes from a click on the navigation until it is
//! drawn, and how many elements it leaves in the page, on the synthetic conference (600 sessions x 40
//! members) with 5,000 notes and with 100,000 notes. It drives the real app through WebDriver and
//! measures inside the page: `performance.now()` at the click, then again in the first animation frame
//! after the view's content is there, with the commands the view called meanwhile; then typing in
//! search to the results drawn, and assigning a cell of the Plan grid. A second test launches the app
//! on the sample and on each scale: first with no driver attached, as a person starts it (spawn to the
//! shell's line saying the first view was drawn, `first_view`), then under WebDriver: process start and
//! page start to the first view drawn (the page's `desk:first-view` mark), and the PSS of the app and
//! its WebKit processes once idle after launch and after every view was shown. It prints a table per scale; it asserts nothing about time
//! (speed is measured in benchmarks, never in timed tests), so it is `#[ignore]`d and run by hand:
//!
//! ```sh
//! cargo build --release -p delegation-desk && cargo build -p desk-core -p delegation-desk
//! DESK_APP_BIN=$PWD/target/release/delegation-desk xvfb-run -a -s "-screen 0 1280x800x24" \
//!   cargo test -p desk-e2e --test window_bench -- --ignored --nocapture --test-threads=1
//! ```
//!
//! Settings (paths absolute: cargo runs the test in tests/): `DESK_BENCH_NOTES=5000,100000` the scales
//! (notes on 600x40), `DESK_BENCH_RUNS` the runs per view (default 3), `DESK_BENCH_VIEWS=plan,notes`
//! only those views, `DESK_BENCH_DESK=$PWD/target/release/desk` writes the data with a release `desk`
//! (100,000 notes in seconds rather than many minutes), `DESK_BENCH_DATA=DIR` keeps the data files
//! there for the next run (before and after a change on the same file), `DESK_BENCH_SHOTS=DIR` saves
//! the Plan grid and the Matrix there as PNGs (the README's: `DESK_BENCH_SHOTS=$PWD/docs/screenshots`);
//! WebDriver's screenshot needs WebKitGTK's DMA-BUF renderer, so that run keeps it and its times are
//! not the app's (which asks for the legacy renderer): take times from a run without it.
//! Numbers: docs/benchmarks.md.

use desk_e2e::procs::{app_pid, launch_without_driver, pss_line, started_at_ms};
use desk_e2e::{App, Profile, TestResult};
use serde_json::Value;

/// Each measured view, and what is in the page once it is drawn.
const VIEWS: &[(&str, &str)] = &[
    ("agenda", ".view-agenda .session-list"),
    ("plan", ".view-plan .plan-cell"),
    (
        "notes",
        ".view-notes .note-list-panel h3 ~ :is(ol, .note-window) .note-item:not(.placeholder)",
    ),
    ("search", ".view-search :is(.result-list, .empty-state)"),
    ("matrix", ".view-matrix :is(.matrix-table, .empty-state)"),
    (
        "member-agenda",
        ".view-member-agenda :is(.agenda-list, .empty-state)",
    ),
];

/// Clicks the navigation's `view` and answers `{ ms, elements }` once `ready` matches in the page (the
/// view's render finished) and a frame has been drawn after it.
const MEASURE: &str = r#"
const [view, ready] = arguments;
const done = arguments[arguments.length - 1];
// The commands called meanwhile, counted since App::count_calls.
const before = (window.__calls || []).length;
const t0 = performance.now();
document.querySelector(`#nav [data-view="${view}"]`).click();
const check = () => {
  const main = document.getElementById('view');
  if (main.getAttribute('aria-busy') !== 'true' && main.querySelector(ready)) {
    requestAnimationFrame(() => done({
      ms: performance.now() - t0,
      elements: document.getElementsByTagName('*').length,
      calls: (window.__calls || []).slice(before),
    }));
  } else {
    setTimeout(check, 1);
  }
};
check();
"#;

/// Clicks the first unassigned cell drawn in the Plan grid and answers `{ drawn, ms }`: `drawn` once the
/// cell shows the assignment and a frame was drawn (the answer to the click), `ms` once the engine has
/// written it (the cell no longer busy) and a frame was drawn; then unassigns it again (not timed).
const ASSIGN: &str = r#"
const done = arguments[arguments.length - 1];
const cell = document.querySelector('#plan-grid .plan-cell[aria-pressed="false"]');
const key = `.plan-cell[data-session-id="${cell.dataset.sessionId}"][data-member-id="${cell.dataset.memberId}"]`;
let drawn = null;
const t0 = performance.now();
cell.click();
const check = () => {
  const now = document.querySelector(key);
  const pressed = now && now.getAttribute('aria-pressed') === 'true';
  if (pressed && drawn === null) {
    drawn = -1;
    requestAnimationFrame(() => { drawn = performance.now() - t0; });
  }
  if (pressed && !now.dataset.busy) {
    requestAnimationFrame(() => {
      const ms = performance.now() - t0;
      const answered = drawn === -1 ? ms : drawn;
      now.click();
      const back = () => (now.getAttribute('aria-pressed') === 'false' && !now.dataset.busy
        ? done({ drawn: answered, ms }) : setTimeout(back, 1));
      back();
    });
  } else {
    setTimeout(check, 1);
  }
};
check();
"#;

/// A view drawn: ms from the click, elements in the page, and the commands called meanwhile.
struct Drawn {
    ms: f64,
    elements: u64,
    calls: Vec<String>,
}

async fn measure(app: &App, view: &str, ready: &str) -> TestResult<Drawn> {
    let out: Value = app
        .client
        .execute_async(MEASURE, vec![view.into(), ready.into()])
        .await?;
    Ok(Drawn {
        ms: out["ms"].as_f64().unwrap_or(f64::NAN),
        elements: out["elements"].as_u64().unwrap_or(0),
        calls: out["calls"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// Types `text` into the search box as one change and answers ms until its results are drawn (the
/// count line says so) and a frame has been drawn after them.
const TYPE_SEARCH: &str = r#"
const [text] = arguments;
const done = arguments[arguments.length - 1];
const input = document.getElementById('search-input');
const count = document.querySelector('.search-count');
const before = count.textContent;
count.textContent = '';
const t0 = performance.now();
input.value = text;
input.dispatchEvent(new Event('input', { bubbles: true }));
const check = () => {
  if (count.textContent !== '') {
    requestAnimationFrame(() => done({ ms: performance.now() - t0, found: count.textContent, before }));
  } else {
    setTimeout(check, 1);
  }
};
check();
"#;

fn runs() -> usize {
    std::env::var("DESK_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn scales() -> Vec<usize> {
    std::env::var("DESK_BENCH_NOTES")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![5_000, 100_000])
}

/// Runs `desk` on the profile: `DESK_BENCH_DESK` (a release build writes 100,000 notes in seconds, a
/// debug build in many minutes), else the workspace's debug build.
fn desk_ok(profile: &Profile, args: &[&str]) -> TestResult {
    let out = match std::env::var_os("DESK_BENCH_DESK") {
        Some(bin) => {
            let mut cmd = std::process::Command::new(bin);
            cmd.args(args).env_remove("DESK_PASSPHRASE");
            for (k, v) in profile.env() {
                cmd.env(k, v);
            }
            cmd.output()?
        }
        None => profile.desk(args)?,
    };
    if !out.status.success() {
        return Err(format!("desk {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

/// The synthetic conference with `notes` notes, planned, in the profile's data file; kept in
/// `DESK_BENCH_DATA` (a folder) when given, so that runs before and after a change read the same file.
fn conference(profile: &Profile, notes: usize) -> TestResult {
    let kept = std::env::var_os("DESK_BENCH_DATA")
        .map(|dir| std::path::PathBuf::from(dir).join(format!("600x40-{notes}.sqlite3")));
    if let Some(kept) = kept.as_ref().filter(|k| k.exists()) {
        std::fs::copy(kept, profile.db())?;
        return Ok(());
    }
    desk_ok(
        profile,
        &[
            "sample",
            "--synthetic",
            "600x40",
            "--notes",
            &notes.to_string(),
        ],
    )?;
    desk_ok(profile, &["plan", "--auto"])?;
    if let Some(kept) = kept {
        if let Some(dir) = kept.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(profile.db(), kept)?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by hand with --ignored (see the module's docs)"]
async fn each_view_is_timed_from_the_click_to_the_frame_that_shows_it() -> TestResult {
    for notes in scales() {
        let mut profile = Profile::new()?;
        // The renderer the app uses by default (App::start keeps the DMA-BUF one for screenshots).
        if std::env::var_os("DESK_BENCH_SHOTS").is_none() {
            profile.set_env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        }
        conference(&profile, notes)?;
        let app = App::start(&profile, "window-bench").await?;
        app.find(".view-agenda .session-list").await?;
        app.count_calls().await?;
        println!("\n600 sessions x 40 members, {notes} notes ({} runs, ms from the click to the frame drawn)", runs());
        println!("| view | min ms | median ms | max ms | elements in the page | commands called |");
        println!("| --- | --- | --- | --- | --- | --- |");
        let only = std::env::var("DESK_BENCH_VIEWS").unwrap_or_default();
        for (view, ready) in VIEWS {
            if !only.is_empty() && !only.split(',').any(|v| v == *view) {
                continue;
            }
            let mut times = Vec::new();
            let mut elements = 0;
            let mut calls = Vec::new();
            for _ in 0..runs() {
                // From a small view each time, so each run draws the whole view.
                let base = if *view == "agenda" {
                    "delegation"
                } else {
                    "agenda"
                };
                let base_ready = if base == "agenda" {
                    ".view-agenda .session-list"
                } else {
                    ".view-delegation h2"
                };
                measure(&app, base, base_ready).await?;
                let drawn = measure(&app, view, ready).await?;
                times.push(drawn.ms);
                elements = drawn.elements;
                calls = drawn.calls;
            }
            times.sort_by(f64::total_cmp);
            println!(
                "| {view} | {:.0} | {:.0} | {:.0} | {elements} | {} |",
                times[0],
                times[times.len() / 2],
                times[times.len() - 1],
                calls.join(", ")
            );
        }
        if only.is_empty() || only.split(',').any(|v| v == "search") {
            measure(
                &app,
                "search",
                ".view-search :is(.result-list, .empty-state)",
            )
            .await?;
            for text in [
                "hotline",
                "referral mechanism",
                "siobhan",
                "comp",
                "victims",
            ] {
                let mut times = Vec::new();
                let mut found = String::new();
                for _ in 0..runs() {
                    app.client
                        .execute_async(TYPE_SEARCH, vec!["".into()])
                        .await?;
                    let out: Value = app
                        .client
                        .execute_async(TYPE_SEARCH, vec![text.into()])
                        .await?;
                    times.push(out["ms"].as_f64().unwrap_or(f64::NAN));
                    found = out["found"].as_str().unwrap_or_default().to_string();
                }
                times.sort_by(f64::total_cmp);
                println!(
                    "| search: type {text:?} to results drawn ({found}) | {:.0} | {:.0} | {:.0} | | search_notes |",
                    times[0],
                    times[times.len() / 2],
                    times[times.len() - 1]
                );
            }
        }
        if only.is_empty() || only.split(',').any(|v| v == "plan") {
            measure(&app, "plan", ".view-plan .plan-cell").await?;
            let mut drawn = Vec::new();
            let mut written = Vec::new();
            for _ in 0..runs() {
                let out: Value = app.client.execute_async(ASSIGN, vec![]).await?;
                drawn.push(out["drawn"].as_f64().unwrap_or(f64::NAN));
                written.push(out["ms"].as_f64().unwrap_or(f64::NAN));
            }
            for (what, mut times) in [
                ("click to the cell drawn", drawn),
                ("click to the engine's answer drawn", written),
            ] {
                times.sort_by(f64::total_cmp);
                println!(
                    "| plan: assign a cell ({what}) | {:.0} | {:.0} | {:.0} | | |",
                    times[0],
                    times[times.len() / 2],
                    times[times.len() - 1]
                );
            }
        }
        if let Some(dir) = std::env::var_os("DESK_BENCH_SHOTS") {
            if notes == scales()[0] {
                let dir = std::path::PathBuf::from(dir);
                std::fs::create_dir_all(&dir)?;
                for (view, ready, name) in [
                    ("plan", ".view-plan .plan-cell", "plan-grid"),
                    (
                        "matrix",
                        ".view-matrix :is(.matrix-table, .empty-state)",
                        "matrix",
                    ),
                ] {
                    measure(&app, view, ready).await?;
                    // The grid with assignments in sight: scrolled to the first assigned cell drawn.
                    app.client
                        .execute(
                            "const c = document.querySelector('#plan-grid .plan-cell[aria-pressed=\"true\"]'); \
                             const box = document.querySelector('.plan-scroll'); \
                             if (c && box) box.scrollLeft = Math.max(0, c.closest('td').offsetLeft - 420);",
                            vec![],
                        )
                        .await?;
                    let shot = app.screenshot(name).await?;
                    std::fs::copy(&shot, dir.join(format!("{name}.png")))?;
                }
            }
        }
        app.stop().await?;
    }
    Ok(())
}

/// The page's mark of its first view drawn (made once the view is in the page), as ms since the epoch.
const FIRST_VIEW: &str = r#"
const m = performance.getEntriesByName('desk:first-view')[0];
return m ? [performance.timeOrigin, m.startTime] : null;
"#;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run by hand with --ignored (see the module's docs)"]
async fn launch_to_interactive_and_idle_memory_at_each_scale() -> TestResult {
    println!("\nLaunch ({} runs, min / median / max ms): from the app's spawn to its first view drawn with no driver attached (as a person starts it), and the page's own part of it; from the process start to the first view under WebDriver, whose session the window waits for, and the page's part; memory (PSS) idle after launch and after every view", runs());
    println!("| data | spawn to first view, no driver | of which: spawn to the shell's builder (data file open) | the builder to the page's start (Tauri, GTK, WebKit) | the page's start to the first view | process start to first view, WebDriver | page start to first view, WebDriver | PSS after launch | PSS after every view, back on the agenda |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut cases: Vec<(String, Option<usize>)> = vec![("sample".into(), None)];
    cases.extend(
        scales()
            .into_iter()
            .map(|n| (format!("600 x 40, {n} notes"), Some(n))),
    );
    for (label, notes) in cases {
        let mut profile = Profile::new()?;
        profile.set_env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
        match notes {
            Some(n) => conference(&profile, n)?,
            None => desk_ok(&profile, &["sample"])?,
        }
        let (mut bare, mut bare_page) = (Vec::new(), Vec::new());
        let (mut own_start, mut toolkit) = (Vec::new(), Vec::new());
        for _ in 0..runs() {
            let l = launch_without_driver(&profile)?;
            bare.push(l.wall);
            own_start.push(l.wall - l.shell);
            toolkit.push(l.shell - l.page);
            bare_page.push(l.page);
        }
        let (mut times, mut page) = (Vec::new(), Vec::new());
        let (mut after_launch, mut after_views) = (String::new(), String::new());
        for run in 0..runs() {
            let app = App::start(&profile, "window-bench-launch").await?;
            app.find(".view-agenda .session-list").await?;
            let mark: Value = app.client.execute(FIRST_VIEW, vec![]).await?;
            let drawn = mark[0].as_f64().unwrap_or(f64::NAN) + mark[1].as_f64().unwrap_or(f64::NAN);
            let pid = app_pid()?;
            times.push(drawn - started_at_ms(pid)?);
            page.push(mark[1].as_f64().unwrap_or(f64::NAN));
            if run == 0 {
                // Idle: the check and backup that follow the first paint have finished.
                app.find("#data-health[data-state=\"ok\"]").await?;
                after_launch = pss_line(pid)?;
                for (view, ready) in VIEWS {
                    // The sample has no notes: a view may show its empty state instead.
                    measure(&app, view, &format!("{ready}, .view-{view} .empty-state")).await?;
                }
                measure(&app, "agenda", ".view-agenda .session-list").await?;
                after_views = pss_line(pid)?;
            }
            app.stop().await?;
        }
        let spread = |mut t: Vec<f64>| {
            t.sort_by(f64::total_cmp);
            format!(
                "{:.0} / {:.0} / {:.0}",
                t[0],
                t[t.len() / 2],
                t[t.len() - 1]
            )
        };
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} | {after_launch} | {after_views} |",
            spread(bare),
            spread(own_start),
            spread(toolkit),
            spread(bare_page),
            spread(times),
            spread(page)
        );
    }
    Ok(())
}
