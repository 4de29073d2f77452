//! Hostile field values shared by the generators: years far out of range, clocks like 24:00 and 25:61,
//! zone names of many slashes, texts that are empty, huge, non-ASCII or full of separators.

use arbitrary::Arbitrary;

/// A year: mostly real, often absurd.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Year {
    Conference,
    Far(FarYear),
    Any(i32),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum FarYear {
    Y9999,
    Y0000,
    Y1,
    Y1969,
    Y2038,
    Y10000,
    Min,
    Max,
    Minus1,
}

impl Year {
    pub fn value(self) -> i64 {
        match self {
            Year::Conference => 2023,
            Year::Far(f) => match f {
                FarYear::Y9999 => 9999,
                FarYear::Y0000 => 0,
                FarYear::Y1 => 1,
                FarYear::Y1969 => 1969,
                FarYear::Y2038 => 2038,
                FarYear::Y10000 => 10000,
                FarYear::Min => -262_144,
                FarYear::Max => 262_143,
                FarYear::Minus1 => -1,
            },
            Year::Any(y) => i64::from(y),
        }
    }

    /// Four digits when it fits, as files write it; a sign and more digits when it does not.
    pub fn text(self) -> String {
        let y = self.value();
        if (0..10000).contains(&y) {
            format!("{y:04}")
        } else {
            format!("{y}")
        }
    }
}

/// A calendar date; month and day wrap into plausible-but-hostile ranges (0, 13, 31 February, ...).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Date {
    pub year: Year,
    pub month: u8,
    pub day: u8,
}

impl Date {
    fn parts(self) -> (String, u8, u8) {
        // 0..=13 for months and 0..=32 for days: mostly valid, the edges invalid.
        (self.year.text(), self.month % 14, self.day % 33)
    }

    /// `2023-04-18`.
    pub fn iso(self) -> String {
        let (y, m, d) = self.parts();
        format!("{y}-{m:02}-{d:02}")
    }

    /// `20230418`.
    pub fn basic(self) -> String {
        let (y, m, d) = self.parts();
        format!("{y}{m:02}{d:02}")
    }
}

/// A wall clock; 24:00 and beyond happen.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Clock {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub style: ClockStyle,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ClockStyle {
    HourMinute,
    WithSeconds,
    Dotted,
    Midnight24,
    NoPad,
}

impl Clock {
    fn hms(self) -> (u8, u8, u8) {
        (self.hour % 26, self.minute % 62, self.second % 62)
    }

    /// `09:30`, `09:30:00`, `9.30`, `24:00` as people type them.
    pub fn typed(self) -> String {
        let (h, m, s) = self.hms();
        match self.style {
            ClockStyle::HourMinute => format!("{h:02}:{m:02}"),
            ClockStyle::WithSeconds => format!("{h:02}:{m:02}:{s:02}"),
            ClockStyle::Dotted => format!("{h}.{m:02}"),
            ClockStyle::Midnight24 => "24:00".into(),
            ClockStyle::NoPad => format!("{h}:{m}"),
        }
    }

    /// `093000` (iCalendar).
    pub fn basic(self) -> String {
        let (h, m, s) = self.hms();
        match self.style {
            ClockStyle::Midnight24 => "240000".into(),
            _ => format!("{h:02}{m:02}{s:02}"),
        }
    }

    /// `09:30:00` (ISO 8601).
    pub fn iso(self) -> String {
        let (h, m, s) = self.hms();
        match self.style {
            ClockStyle::Midnight24 => "24:00:00".into(),
            _ => format!("{h:02}:{m:02}:{s:02}"),
        }
    }
}

/// A UTC offset: `+01:00`, `Z`, `+99:99`, `-14:00`.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Offset {
    Z,
    East(u8, u8),
    West(u8, u8),
    None,
}

impl Offset {
    /// As ISO 8601 writes it (`+01:00`, `Z`, or nothing).
    pub fn iso(self) -> String {
        match self {
            Offset::Z => "Z".into(),
            Offset::East(h, m) => format!("+{:02}:{:02}", h % 30, m % 61),
            Offset::West(h, m) => format!("-{:02}:{:02}", h % 30, m % 61),
            Offset::None => String::new(),
        }
    }

    /// As iCalendar's TZOFFSETFROM/TO writes it (`+0100`).
    pub fn basic(self) -> String {
        match self {
            Offset::Z | Offset::None => "+0000".into(),
            Offset::East(h, m) => format!("+{:02}{:02}", h % 30, m % 61),
            Offset::West(h, m) => format!("-{:02}{:02}", h % 30, m % 61),
        }
    }
}

/// A zone name as files write it, real or not.
#[derive(Arbitrary, Debug, Clone)]
pub enum Zone {
    Vienna,
    Utc,
    NewYork,
    /// Lord Howe has a 30-minute DST shift; Apia skipped a whole day.
    LordHowe,
    Apia,
    Windows,
    Mozilla,
    Slashes(u16),
    FixedOffset(i8),
    Unknown,
    Text(String),
}

impl Zone {
    pub fn name(&self) -> String {
        match self {
            Zone::Vienna => "Europe/Vienna".into(),
            Zone::Utc => "UTC".into(),
            Zone::NewYork => "America/New_York".into(),
            Zone::LordHowe => "Australia/Lord_Howe".into(),
            Zone::Apia => "Pacific/Apia".into(),
            Zone::Windows => "W. Europe Standard Time".into(),
            Zone::Mozilla => "/mozilla.org/20050126_1/Europe/Vienna".into(),
            Zone::Slashes(n) => format!("{}Europe/Vienna", "/".repeat(usize::from(*n) * 16)),
            Zone::FixedOffset(h) => format!("Etc/GMT{:+}", h % 15),
            Zone::Unknown => "Mars/Olympus_Mons".into(),
            Zone::Text(t) => t.clone(),
        }
    }
}

/// A text field: the kinds of value real files put where a title or room goes, and worse.
#[derive(Arbitrary, Debug, Clone)]
pub enum Text {
    Plain(String),
    Empty,
    Blank,
    Title,
    NonAscii,
    RightToLeft,
    Combining,
    Separators,
    Html,
    Markdown,
    Escapes,
    Control,
    Long(u16, char),
}

impl Text {
    pub fn value(&self) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Empty => String::new(),
            Text::Blank => " \t ".into(),
            Text::Title => "Panel 2: Trafficking and technology".into(),
            Text::NonAscii => "Zürich – Ελληνικά · 日本語 · 🇦🇹".into(),
            Text::RightToLeft => "جلسة عامة \u{202e}abc\u{202c} שלום".into(),
            Text::Combining => "e\u{301}\u{301}\u{301}\u{200d}\u{fe0f}".into(),
            Text::Separators => "a,b;c\t\"d\"\\,e\\;\\n:f".into(),
            Text::Html => "<p>One<br />two &amp; &lt;b&gt; <b>bold</b> &#39; &nbsp; <".into(),
            Text::Markdown => "# H\n- **bold [x](y)**\n1) [".into(),
            Text::Escapes => "\\\\\\n\\N\\,\\;\\".into(),
            Text::Control => "\u{0}\u{1}\u{7f}\r\u{b}\u{feff}".into(),
            Text::Long(n, c) => std::iter::repeat(*c).take(usize::from(*n) % 5000).collect(),
        }
    }
}

/// A uid: often one of a few, so that duplicates happen.
#[derive(Arbitrary, Debug, Clone)]
pub enum Uid {
    A,
    B,
    Numbered(u8),
    Empty,
    Text(String),
}

impl Uid {
    pub fn value(&self) -> String {
        match self {
            Uid::A => "a@example.org".into(),
            Uid::B => "b@example.org".into(),
            Uid::Numbered(n) => format!("event-{n}"),
            Uid::Empty => String::new(),
            Uid::Text(t) => t.clone(),
        }
    }
}

/// A line end: the RFC's CRLF, Unix LF, old Mac CR, or a mix.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Eol {
    Crlf,
    Lf,
    Cr,
    LfCr,
}

impl Eol {
    pub fn text(self) -> &'static str {
        match self {
            Eol::Crlf => "\r\n",
            Eol::Lf => "\n",
            Eol::Cr => "\r",
            Eol::LfCr => "\n\r",
        }
    }
}

/// `(n % cap) as usize`: depths and counts kept below a bound so that one input stays fast.
pub fn bounded(n: u32, cap: u32) -> usize {
    (n % cap.max(1)) as usize
}
