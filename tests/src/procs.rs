//! The app's processes as the operating system sees them, for the benchmarks: which process runs the
//! app, when it started, how much memory it and its WebKit processes hold, and a launch with no driver
//! attached to the window, timed to the first view the page draws.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::{Profile, TestResult};

/// The app's process: the newest process running the app binary under test.
pub fn app_pid() -> TestResult<u32> {
    let bin = std::fs::canonicalize(crate::app_bin())?;
    let mut newest: Option<(u64, u32)> = None;
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if std::fs::read_link(entry.path().join("exe")).ok().as_deref() != Some(bin.as_path()) {
            continue;
        }
        let start = start_ticks(pid)?;
        if newest.is_none_or(|(t, _)| start > t) {
            newest = Some((start, pid));
        }
    }
    newest
        .map(|(_, pid)| pid)
        .ok_or_else(|| "the app's process was not found".into())
}

/// `/proc/PID/stat`'s fields after the command's closing parenthesis.
pub fn stat_fields(pid: u32) -> TestResult<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    Ok(rest.split_whitespace().map(String::from).collect())
}

/// When the process started, in clock ticks since boot.
pub fn start_ticks(pid: u32) -> TestResult<u64> {
    // Field 22 of stat: the 20th after the command.
    Ok(stat_fields(pid)?
        .get(19)
        .and_then(|t| t.parse().ok())
        .ok_or("no start time in stat")?)
}

/// When the process started, in ms since the epoch (to the clock tick: 10 ms).
pub fn started_at_ms(pid: u32) -> TestResult<f64> {
    let boot: f64 = std::fs::read_to_string("/proc/stat")?
        .lines()
        .find_map(|l| l.strip_prefix("btime ").and_then(|t| t.trim().parse().ok()))
        .ok_or("no btime in /proc/stat")?;
    let ticks = start_ticks(pid)? as f64;
    let hz = 100.0; // USER_HZ on Linux
    Ok((boot + ticks / hz) * 1000.0)
}

/// `pid` and every process below it (WebKit's network and web processes below the app's).
pub fn process_tree(pid: u32) -> TestResult<Vec<u32>> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        for entry in std::fs::read_dir("/proc")?.flatten() {
            let Some(child) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if stat_fields(child)
                .ok()
                .and_then(|f| f.get(1).and_then(|p| p.parse::<u32>().ok()))
                == Some(parent)
            {
                all.push(child);
            }
        }
        i += 1;
    }
    Ok(all)
}

/// The variable `name` in the environment `pid` was started with.
pub fn started_with(pid: u32, name: &str) -> Option<String> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    environ.split(|b| *b == 0).find_map(|var| {
        let var = String::from_utf8_lossy(var);
        var.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
            .map(String::from)
    })
}

/// Proportional set size of `pid` and of every process below it, by command name, in MB.
pub fn pss_by_process(pid: u32) -> TestResult<Vec<(String, f64)>> {
    let all = process_tree(pid)?;
    let mut out = Vec::new();
    for p in all {
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        let pss_kb: f64 = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| {
                l.strip_prefix("Pss:")
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0.0);
        out.push((name.trim().to_string(), pss_kb / 1024.0));
    }
    Ok(out)
}

pub fn pss_line(pid: u32) -> TestResult<String> {
    let list = pss_by_process(pid)?;
    let total: f64 = list.iter().map(|(_, mb)| mb).sum();
    let parts: Vec<String> = list.iter().map(|(n, mb)| format!("{n} {mb:.0}")).collect();
    Ok(format!("{total:.0} MB ({})", parts.join(", ")))
}

/// What a launch with no driver took, in ms (see [`launch_without_driver`]), and the view it drew.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub wall: f64,
    pub shell: f64,
    pub page: f64,
    pub view: String,
    /// The display variables (`WEBKIT_DISABLE_DMABUF_RENDERER`, `GDK_GL`) WebKit's web process was
    /// started with: what the app set for GTK and WebKit before they started (`None`: unset).
    pub web_display_env: Vec<(&'static str, Option<String>)>,
}

/// The variables the app may set for GTK and WebKit (src-tauri/src/display.rs).
const DISPLAY_VARS: [&str; 2] = ["WEBKIT_DISABLE_DMABUF_RENDERER", "GDK_GL"];

/// The app started with no driver attached (as a person starts it), once it has said that its page drew
/// its first view. Killed when dropped.
pub struct Started {
    pub child: Child,
    /// When the process was spawned.
    pub spawned: Instant,
    /// When the shell's line saying the first view was drawn came.
    pub at: Instant,
    /// That line.
    pub line: String,
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the app binary under test on `profile` (its environment added to this process's) with no
/// driver attached, and waits up to 60 s for the shell's line saying the page drew its first view.
pub fn start_without_driver(profile: &Profile) -> TestResult<Started> {
    let mut cmd = Command::new(crate::app_bin());
    for (k, v) in profile.env() {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let spawned = Instant::now();
    let mut child = cmd.spawn()?;
    let stderr = child
        .stderr
        .take()
        .ok_or("the app's standard error is not piped")?;
    let (lines, heard) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let found = loop {
        let wait = deadline.saturating_duration_since(Instant::now());
        match heard.recv_timeout(wait) {
            Ok((at, line)) if line.contains("first view (") => break Ok((at, line)),
            Ok(_) => continue,
            Err(_) => break Err("the app did not say it drew its first view within 60 s"),
        }
    };
    match found {
        Ok((at, line)) => Ok(Started {
            child,
            spawned,
            at,
            line,
        }),
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            Err(e.into())
        }
    }
}

/// A launch of the app binary under test on `profile` with no driver attached (as a person starts it):
/// `wall`, `shell` and `page`: the ms from the process's spawn to the shell's line saying the first view was
/// drawn (the page calls `first_view` in the frame after it), from the shell's builder (the data file
/// is open by then) to that line, and from the page's start to that view. So `wall - shell` is the
/// process's own start and the data file's open, `shell - page` Tauri, GTK and WebKit until the page
/// starts.
/// The app is killed once the line has come.
pub fn launch_without_driver(profile: &Profile) -> TestResult<Launch> {
    let started = start_without_driver(profile)?;
    // Read while the app runs: WebKit's web process has drawn the view, so it exists.
    let web = process_tree(started.child.id())?.into_iter().find(|p| {
        std::fs::read_to_string(format!("/proc/{p}/comm"))
            .is_ok_and(|c| c.starts_with("WebKitWebProces"))
    });
    let web_display_env = DISPLAY_VARS
        .iter()
        .map(|name| (*name, web.and_then(|p| started_with(p, name))))
        .collect();
    let (spawned, at, line) = (started.spawned, started.at, started.line.clone());
    drop(started);
    if web.is_none() {
        return Err("no WebKit web process below the app".into());
    }
    // "... drawn 412 ms after the app started, 171 ms after its page did"
    let ms_before = |marker: &str| {
        line.split_once(marker)
            .and_then(|(head, _)| head.rsplit(' ').next())
            .and_then(|n| n.parse::<f64>().ok())
            .ok_or_else(|| format!("no time before {marker:?} in {line:?}"))
    };
    let shell = ms_before(" ms after the app started")?;
    let page = ms_before(" ms after its page did")?;
    let view = line
        .split_once("first view (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(view, _)| view.to_string())
        .unwrap_or_default();
    Ok(Launch {
        wall: (at - spawned).as_secs_f64() * 1000.0,
        shell,
        page,
        view,
        web_display_env,
    })
}
