//! The app as a process and as an X window, for the tests that kill it or close it as a person would.
//!
//! Closing through WebDriver (`close_window`) tears the webview down directly and never asks the app,
//! so it cannot show that a close waits for the pending save. [`request_close`] does what the window
//! manager does when the close button is clicked: it sends the app's window a `WM_DELETE_WINDOW`
//! client message. No X library is linked for that: the few requests it needs are written here, over
//! the X server's Unix socket, authenticated with the cookie `xvfb-run` puts in `XAUTHORITY`.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use crate::{app_bin, TestResult};

/// The pid of the `delegation-desk` process running on the database `db` (found by its environment,
/// so another test's app is never touched; WebKit's helper processes share the environment but not
/// the executable).
pub fn app_pid(db: &Path) -> TestResult<u32> {
    let wanted = format!("DESK_DB={}", db.display());
    let bin = std::fs::canonicalize(app_bin())?;
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let exe = std::fs::read_link(entry.path().join("exe")).unwrap_or_default();
        if exe != bin {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes())
        {
            return Ok(pid);
        }
    }
    Err(format!("no delegation-desk process with {wanted}").into())
}

/// True once the process `pid` has ended (gone, or a zombie its parent has not reaped yet).
pub fn has_exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // "pid (comm) S ...": the state follows the last ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.trim_start().starts_with(['Z', 'X']))
            .unwrap_or(true),
    }
}

/// Asks the windows of process `pid` to close, as the window manager does for the close button.
/// Returns how many windows were asked (those that accept `WM_DELETE_WINDOW`).
pub fn request_close(pid: u32) -> TestResult<usize> {
    let mut x = X11::connect()?;
    let protocols = x.intern_atom("WM_PROTOCOLS")?;
    let delete = x.intern_atom("WM_DELETE_WINDOW")?;
    let net_wm_pid = x.intern_atom("_NET_WM_PID")?;
    let mut asked = 0;
    for window in x.children(x.root)? {
        if x.property_u32s(window, net_wm_pid)?.first() != Some(&pid) {
            continue;
        }
        if !x.property_u32s(window, protocols)?.contains(&delete) {
            continue;
        }
        let mut event = [0u8; 32];
        event[0] = 33; // ClientMessage
        event[1] = 32; // format: 32-bit items
        event[4..8].copy_from_slice(&window.to_le_bytes());
        event[8..12].copy_from_slice(&protocols.to_le_bytes());
        event[12..16].copy_from_slice(&delete.to_le_bytes());
        // event[16..20]: the time, 0 = CurrentTime.
        let mut request = Vec::with_capacity(44);
        request.extend_from_slice(&[25, 0]); // SendEvent, no propagation
        request.extend_from_slice(&11u16.to_le_bytes());
        request.extend_from_slice(&window.to_le_bytes());
        request.extend_from_slice(&0u32.to_le_bytes()); // event mask 0: to the window's owner
        request.extend_from_slice(&event);
        x.send(&request)?;
        asked += 1;
    }
    x.round_trip()?;
    Ok(asked)
}

/// A bare X11 connection speaking the few core requests above (little-endian).
struct X11 {
    socket: UnixStream,
    root: u32,
}

fn pad(n: usize) -> usize {
    (4 - n % 4) % 4
}

fn u16_at(b: &[u8], at: usize) -> TestResult<u16> {
    let bytes = b.get(at..at + 2).ok_or("short X11 reply")?;
    Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(b: &[u8], at: usize) -> TestResult<u32> {
    let bytes = b.get(at..at + 4).ok_or("short X11 reply")?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// The MIT-MAGIC-COOKIE-1 for display `number` in the Xauthority file, if there is one.
fn cookie(number: &str) -> TestResult<Option<Vec<u8>>> {
    let path = std::env::var_os("XAUTHORITY")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".Xauthority")));
    let Some(path) = path else { return Ok(None) };
    let Ok(data) = std::fs::read(&path) else {
        return Ok(None);
    };
    let mut at = 0;
    let field = |at: &mut usize| -> TestResult<Vec<u8>> {
        let len = data
            .get(*at..*at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)
            .ok_or("truncated Xauthority file")?;
        let value = data
            .get(*at + 2..*at + 2 + len)
            .ok_or("truncated Xauthority file")?
            .to_vec();
        *at += 2 + len;
        Ok(value)
    };
    while at + 2 <= data.len() {
        at += 2; // family
        let _address = field(&mut at)?;
        let display = field(&mut at)?;
        let name = field(&mut at)?;
        let secret = field(&mut at)?;
        if name == b"MIT-MAGIC-COOKIE-1" && (display.is_empty() || display == number.as_bytes()) {
            return Ok(Some(secret));
        }
    }
    Ok(None)
}

impl X11 {
    fn connect() -> TestResult<X11> {
        let display = std::env::var("DISPLAY").map_err(|_| "no DISPLAY")?;
        let number = display
            .strip_prefix(':')
            .ok_or_else(|| format!("only local displays (:N) are supported, not {display}"))?;
        let number = number.split('.').next().unwrap_or(number).to_string();
        let mut socket = UnixStream::connect(format!("/tmp/.X11-unix/X{number}"))?;
        let (name, secret) = match cookie(&number)? {
            Some(secret) => (b"MIT-MAGIC-COOKIE-1".to_vec(), secret),
            None => (Vec::new(), Vec::new()),
        };
        let mut setup = vec![b'l', 0];
        setup.extend_from_slice(&11u16.to_le_bytes());
        setup.extend_from_slice(&0u16.to_le_bytes());
        setup.extend_from_slice(&(name.len() as u16).to_le_bytes());
        setup.extend_from_slice(&(secret.len() as u16).to_le_bytes());
        setup.extend_from_slice(&[0, 0]);
        setup.extend_from_slice(&name);
        setup.extend(std::iter::repeat_n(0, pad(name.len())));
        setup.extend_from_slice(&secret);
        setup.extend(std::iter::repeat_n(0, pad(secret.len())));
        socket.write_all(&setup)?;
        let mut head = [0u8; 8];
        socket.read_exact(&mut head)?;
        let mut rest = vec![0u8; usize::from(u16_at(&head, 6)?) * 4];
        socket.read_exact(&mut rest)?;
        if head[0] != 1 {
            let reason = rest.get(..usize::from(head[1])).unwrap_or_default();
            return Err(format!(
                "the X server refused the connection: {}",
                String::from_utf8_lossy(reason)
            )
            .into());
        }
        let vendor = usize::from(u16_at(&rest, 16)?);
        let formats = usize::from(*rest.get(21).ok_or("short X11 setup")?);
        let root = u32_at(&rest, 32 + vendor + pad(vendor) + 8 * formats)?;
        Ok(X11 { socket, root })
    }

    fn send(&mut self, request: &[u8]) -> TestResult {
        self.socket.write_all(request)?;
        Ok(())
    }

    /// The next reply (events are skipped; an error is returned as one).
    fn reply(&mut self) -> TestResult<Vec<u8>> {
        loop {
            let mut head = [0u8; 32];
            self.socket.read_exact(&mut head)?;
            match head[0] {
                0 => return Err(format!("X11 error {} on request {}", head[1], head[10]).into()),
                1 => {
                    let extra = u32_at(&head, 4)? as usize * 4;
                    let mut reply = head.to_vec();
                    reply.resize(32 + extra, 0);
                    self.socket.read_exact(&mut reply[32..])?;
                    return Ok(reply);
                }
                _ => continue, // an event
            }
        }
    }

    fn intern_atom(&mut self, name: &str) -> TestResult<u32> {
        let len = name.len();
        let mut request = vec![16, 0]; // InternAtom, create if missing
        request.extend_from_slice(&((2 + (len + pad(len)) / 4) as u16).to_le_bytes());
        request.extend_from_slice(&(len as u16).to_le_bytes());
        request.extend_from_slice(&[0, 0]);
        request.extend_from_slice(name.as_bytes());
        request.extend(std::iter::repeat_n(0, pad(len)));
        self.send(&request)?;
        u32_at(&self.reply()?, 8)
    }

    fn children(&mut self, window: u32) -> TestResult<Vec<u32>> {
        let mut request = vec![15, 0]; // QueryTree
        request.extend_from_slice(&2u16.to_le_bytes());
        request.extend_from_slice(&window.to_le_bytes());
        self.send(&request)?;
        let reply = self.reply()?;
        let n = usize::from(u16_at(&reply, 16)?);
        (0..n).map(|i| u32_at(&reply, 32 + 4 * i)).collect()
    }

    /// A property of 32-bit items (CARDINAL, ATOM), empty when the window has none.
    fn property_u32s(&mut self, window: u32, property: u32) -> TestResult<Vec<u32>> {
        let mut request = vec![20, 0]; // GetProperty, do not delete
        request.extend_from_slice(&6u16.to_le_bytes());
        request.extend_from_slice(&window.to_le_bytes());
        request.extend_from_slice(&property.to_le_bytes());
        request.extend_from_slice(&0u32.to_le_bytes()); // any type
        request.extend_from_slice(&0u32.to_le_bytes()); // from the start
        request.extend_from_slice(&64u32.to_le_bytes()); // up to 64 items
        self.send(&request)?;
        let reply = self.reply()?;
        if reply[1] != 32 {
            return Ok(Vec::new());
        }
        let n = u32_at(&reply, 16)? as usize;
        (0..n).map(|i| u32_at(&reply, 32 + 4 * i)).collect()
    }

    /// Waits until the server has handled every request sent so far (GetInputFocus answers last).
    fn round_trip(&mut self) -> TestResult {
        self.send(&[43, 0, 1, 0])?;
        self.reply()?;
        Ok(())
    }
}
