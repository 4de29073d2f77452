//! Every input that ever crashed a fuzz target (`fuzz/`, docs/fuzzing.md), replayed on stable through
//! the very body the fuzzer ran (`desk_core::fixtures::fuzzing`): each must return, with a result or an
//! error, without a panic, an abort (a stack overflow) or a hang.
//!
//! The inputs are files under `tests/fuzz_regressions/<target>/`. Each runs in its own child process
//! (this program, run again for one input), so that a stack overflow in one is reported with its file
//! instead of killing the run, and a hang is stopped at a deadline. `harness = false`: this `main` is
//! the test (`cargo test -p desk-core --test fuzz_regressions`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Set in a child: `TARGET\nFILE`, the one input it replays.
const ONE_INPUT: &str = "DESK_FUZZ_REPLAY";

/// Longer than any input should take in a debug build; beyond it the input counts as a hang.
const DEADLINE: Duration = Duration::from_secs(120);

fn main() -> ExitCode {
    if let Ok(spec) = std::env::var(ONE_INPUT) {
        return replay(&spec);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let inputs = match inputs(&root) {
        Ok(i) => i,
        Err(why) => {
            eprintln!("fuzz_regressions: {why}");
            return ExitCode::FAILURE;
        }
    };
    if inputs.is_empty() {
        eprintln!(
            "fuzz_regressions: no inputs under {}: the folder was lost",
            root.display()
        );
        return ExitCode::FAILURE;
    }
    let mut failed = Vec::new();
    for (target, file) in &inputs {
        let name = format!(
            "{target}/{}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        match run_child(target, file) {
            Ok(()) => println!("returns   {name}"),
            Err(why) => {
                println!("FAILS     {name}: {why}");
                failed.push(name);
            }
        }
    }
    println!(
        "\n{} of {} inputs that once crashed a fuzz target now return",
        inputs.len() - failed.len(),
        inputs.len()
    );
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("still crashing: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}

/// The `(target, file)` pairs, sorted; a folder that names no target is an error (a typo would
/// silently skip its inputs).
fn inputs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out = Vec::new();
    let dirs = std::fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))?;
    for dir in dirs {
        let dir = dir.map_err(|e| e.to_string())?.path();
        if !dir.is_dir() {
            continue;
        }
        let target = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if desk_core::fixtures::fuzzing::target(&target).is_none() {
            return Err(format!(
                "{} names no fuzz target (one of: {})",
                dir.display(),
                desk_core::fixtures::fuzzing::TARGETS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for file in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let file = file.map_err(|e| e.to_string())?.path();
            if file.is_file() {
                out.push((target.clone(), file));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Runs one input in a child process; `Err` says how it ended (its last lines of output).
fn run_child(target: &str, file: &Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let log = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let err_log = log.reopen().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .env(ONE_INPUT, format!("{target}\n{}", file.display()))
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_log))
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    // Waits for the child's exit (the condition), checking often; a child past the deadline hangs.
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "still running after {} s (a hang)",
                DEADLINE.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.success() {
        return Ok(());
    }
    let output = std::fs::read_to_string(log.path()).unwrap_or_default();
    let last: Vec<&str> = output
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("note:"))
        .collect();
    let tail = last[last.len().saturating_sub(2)..].join(" / ");
    Err(format!("{status}: {tail}"))
}

/// In a child: feeds the one input to its target's body. Returning is success; a panic or abort
/// ends the process with a failure.
fn replay(spec: &str) -> ExitCode {
    let Some((target, file)) = spec.split_once('\n') else {
        eprintln!("{ONE_INPUT} must be TARGET, a newline, FILE");
        return ExitCode::FAILURE;
    };
    let Some(body) = desk_core::fixtures::fuzzing::target(target) else {
        eprintln!("{target}: no such fuzz target");
        return ExitCode::FAILURE;
    };
    let data = match std::fs::read(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    body(&data);
    ExitCode::SUCCESS
}
