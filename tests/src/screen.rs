//! A private X display whose screen the tests read back (Xvfb's `-fbdir`): what the window really shows,
//! GTK's drawing included. A WebDriver screenshot is WebKit's own rendering of the page, made whether or
//! not the window ever drew it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::TestResult;

/// An Xvfb server of its own, 1280 × 800 at 24 bits, its screen kept in a file. Stopped when dropped.
pub struct Screen {
    xvfb: Child,
    dir: tempfile::TempDir,
    /// The display's name, for `DISPLAY`.
    pub display: String,
}

impl Screen {
    /// Starts the server and waits until it accepts clients.
    pub fn start() -> TestResult<Screen> {
        let dir = tempfile::tempdir()?;
        // `-displayfd 1`: Xvfb picks a free display and writes its number on standard output once it
        // accepts clients (or exits, which ends the output).
        let mut xvfb = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .arg("-fbdir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let out = xvfb.stdout.take().ok_or("Xvfb's output is not piped")?;
        let mut number = String::new();
        BufReader::new(out).read_line(&mut number)?;
        let number = number.trim().to_string();
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
            return Err(format!("Xvfb did not say which display it serves ({number:?})").into());
        }
        Ok(Screen {
            xvfb,
            dir,
            display: format!(":{number}"),
        })
    }

    fn file(&self) -> PathBuf {
        self.dir.path().join("Xvfb_screen0")
    }

    /// The screen's pixels now, as RGB, row by row.
    pub fn pixels(&self) -> TestResult<Vec<[u8; 3]>> {
        pixels_of_xwd(&std::fs::read(self.file())?)
    }

    /// How many different colours the screen shows now: one or two for a window showing only its
    /// background, hundreds once text is drawn (its anti-aliased edges).
    pub fn colours(&self) -> TestResult<usize> {
        let mut seen: Vec<[u8; 3]> = self.pixels()?;
        seen.sort_unstable();
        seen.dedup();
        Ok(seen.len())
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// The pixels of an XWD image as Xvfb keeps its screen (a 32-bit Z pixmap, little-endian BGRX), as RGB.
pub fn pixels_of_xwd(file: &[u8]) -> TestResult<Vec<[u8; 3]>> {
    // The header's fields are big-endian 32-bit words (X11's XWDFileHeader).
    let word = |i: usize| -> TestResult<usize> {
        let bytes = file
            .get(i * 4..i * 4 + 4)
            .ok_or("the screen file is shorter than its header")?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize)
    };
    let (header_size, width, height) = (word(0)?, word(4)?, word(5)?);
    let (bits_per_pixel, bytes_per_line, colours) = (word(11)?, word(12)?, word(19)?);
    if bits_per_pixel != 32 {
        return Err(format!("a {bits_per_pixel}-bit screen; 32 expected").into());
    }
    let start = header_size + colours * 12;
    let mut out = Vec::with_capacity(width * height);
    for y in 0..height {
        let row = file
            .get(start + y * bytes_per_line..start + y * bytes_per_line + width * 4)
            .ok_or("the screen file ends before its last row")?;
        out.extend(row.chunks_exact(4).map(|p| [p[2], p[1], p[0]]));
    }
    Ok(out)
}
