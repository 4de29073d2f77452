//! A real-looking iCalendar file with hostile values: VTIMEZONEs whose RRULEs have huge or non-ASCII
//! BYDAY parts, far years, DST gaps, 24:00, durations of centuries, duplicate uids, empty SUMMARY,
//! folded lines (also inside a character), any line end, a BOM, and components nested deep.

use arbitrary::Arbitrary;

use crate::values::{bounded, Clock, Date, Eol, Offset, Text, Uid, Zone};

/// The whole file.
#[derive(Arbitrary, Debug)]
pub struct Ics {
    pub bom: bool,
    pub eol: Eol,
    /// Fold lines longer than this many bytes (0: never); folds may cut a character in two.
    pub fold_at: u8,
    pub name: Option<Text>,
    pub zone: Option<Zone>,
    pub timezones: Vec<VTimezone>,
    pub events: Vec<Event>,
    /// Components nested inside each other after the events (the stack-overflow shape).
    pub nesting: Nesting,
    pub end_calendar: bool,
}

#[derive(Arbitrary, Debug)]
pub enum Nesting {
    None,
    Some(u16),
    /// Hundreds of thousands: the half a million nested BEGIN:s, scaled to keep runs fast.
    Deep(u16),
}

#[derive(Arbitrary, Debug)]
pub struct VTimezone {
    pub tzid: Zone,
    pub parts: Vec<Observance>,
}

#[derive(Arbitrary, Debug)]
pub struct Observance {
    pub daylight: bool,
    pub start: DateTime,
    pub from: Offset,
    pub to: Offset,
    pub rrule: Option<Rule>,
}

/// An RRULE, as VTIMEZONEs (yearly, BYMONTH, BYDAY=-1SU) and events (daily/weekly) write them.
#[derive(Arbitrary, Debug)]
pub struct Rule {
    pub freq: Freq,
    pub interval: Option<i64>,
    pub count: Option<i64>,
    pub until: Option<DateTime>,
    pub by_month: Option<i32>,
    pub by_day: Vec<ByDay>,
    pub extra: Option<(String, String)>,
}

#[derive(Arbitrary, Debug)]
pub enum Freq {
    Yearly,
    Monthly,
    Weekly,
    Daily,
    Hourly,
    Word(String),
}

#[derive(Arbitrary, Debug)]
pub struct ByDay {
    pub ordinal: Ordinal,
    pub day: Weekday,
}

#[derive(Arbitrary, Debug)]
pub enum Ordinal {
    None,
    Small(i8),
    Huge(i64),
    Plus(u8),
}

#[derive(Arbitrary, Debug)]
pub enum Weekday {
    Mo,
    Tu,
    We,
    Th,
    Fr,
    Sa,
    Su,
    /// Non-ASCII where the weekday goes (the byte-index split).
    NonAscii,
    Word(String),
}

#[derive(Arbitrary, Debug)]
pub struct DateTime {
    pub date: Date,
    pub clock: Clock,
    pub utc: bool,
}

impl DateTime {
    fn text(&self) -> String {
        format!(
            "{}T{}{}",
            self.date.basic(),
            self.clock.basic(),
            if self.utc { "Z" } else { "" }
        )
    }
}

#[derive(Arbitrary, Debug)]
pub struct Event {
    pub uid: Option<Uid>,
    pub summary: Option<Text>,
    pub start: Option<When>,
    pub end: End,
    pub location: Option<Text>,
    pub description: Option<Text>,
    pub categories: Option<Text>,
    pub status: Option<Status>,
    pub rrule: Option<Rule>,
    pub exdates: Vec<When>,
    pub extra: Vec<(String, String)>,
}

#[derive(Arbitrary, Debug)]
pub enum Status {
    Confirmed,
    Cancelled,
    Tentative,
    Word(String),
}

/// A DTSTART/DTEND value with its parameters.
#[derive(Arbitrary, Debug)]
pub struct When {
    pub at: DateTime,
    pub tzid: Option<Zone>,
    pub all_day: bool,
}

impl When {
    /// `;TZID=...:20230418T090000` (parameters and value, after the property name).
    fn text(&self) -> String {
        let mut params = String::new();
        if let Some(z) = &self.tzid {
            params.push_str(&format!(";TZID={}", z.name()));
        }
        if self.all_day {
            params.push_str(";VALUE=DATE");
            return format!("{params}:{}", self.at.date.basic());
        }
        format!("{params}:{}", self.at.text())
    }
}

#[derive(Arbitrary, Debug)]
pub enum End {
    None,
    At(When),
    Duration(Duration),
}

/// `P1W2DT3H4M5S`, signed, any part huge.
#[derive(Arbitrary, Debug)]
pub struct Duration {
    pub negative: bool,
    pub weeks: Option<u64>,
    pub days: Option<u64>,
    pub hours: Option<u64>,
    pub minutes: Option<u32>,
    pub seconds: Option<u32>,
}

impl Duration {
    fn text(&self) -> String {
        let mut s = String::from(if self.negative { "-P" } else { "P" });
        if let Some(w) = self.weeks {
            s.push_str(&format!("{w}W"));
        }
        if let Some(d) = self.days {
            s.push_str(&format!("{d}D"));
        }
        if self.hours.is_some() || self.minutes.is_some() || self.seconds.is_some() {
            s.push('T');
        }
        if let Some(h) = self.hours {
            s.push_str(&format!("{h}H"));
        }
        if let Some(m) = self.minutes {
            s.push_str(&format!("{m}M"));
        }
        if let Some(x) = self.seconds {
            s.push_str(&format!("{x}S"));
        }
        s
    }
}

impl Rule {
    fn text(&self) -> String {
        let freq = match &self.freq {
            Freq::Yearly => "YEARLY".into(),
            Freq::Monthly => "MONTHLY".into(),
            Freq::Weekly => "WEEKLY".into(),
            Freq::Daily => "DAILY".into(),
            Freq::Hourly => "HOURLY".into(),
            Freq::Word(w) => w.clone(),
        };
        let mut parts = vec![format!("FREQ={freq}")];
        if let Some(i) = self.interval {
            parts.push(format!("INTERVAL={i}"));
        }
        if let Some(c) = self.count {
            parts.push(format!("COUNT={c}"));
        }
        if let Some(u) = &self.until {
            parts.push(format!("UNTIL={}", u.text()));
        }
        if let Some(m) = self.by_month {
            parts.push(format!("BYMONTH={m}"));
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self.by_day.iter().map(ByDay::text).collect();
            parts.push(format!("BYDAY={}", days.join(",")));
        }
        if let Some((k, v)) = &self.extra {
            parts.push(format!("{k}={v}"));
        }
        parts.join(";")
    }
}

impl ByDay {
    fn text(&self) -> String {
        let ordinal = match self.ordinal {
            Ordinal::None => String::new(),
            Ordinal::Small(n) => format!("{}", n % 54),
            Ordinal::Huge(n) => format!("{n}"),
            Ordinal::Plus(n) => format!("+{n}"),
        };
        let day = match &self.day {
            Weekday::Mo => "MO".to_string(),
            Weekday::Tu => "TU".into(),
            Weekday::We => "WE".into(),
            Weekday::Th => "TH".into(),
            Weekday::Fr => "FR".into(),
            Weekday::Sa => "SA".into(),
            Weekday::Su => "SU".into(),
            Weekday::NonAscii => "ÜS".into(),
            Weekday::Word(w) => w.clone(),
        };
        format!("{ordinal}{day}")
    }
}

impl Ics {
    /// The file's text.
    pub fn render(&self) -> String {
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            "PRODID:-//Fuzz//Hostile calendar//EN".into(),
        ];
        if let Some(n) = &self.name {
            lines.push(format!("X-WR-CALNAME:{}", n.value()));
        }
        if let Some(z) = &self.zone {
            lines.push(format!("X-WR-TIMEZONE:{}", z.name()));
        }
        for tz in &self.timezones {
            lines.push("BEGIN:VTIMEZONE".into());
            lines.push(format!("TZID:{}", tz.tzid.name()));
            for p in &tz.parts {
                let kind = if p.daylight { "DAYLIGHT" } else { "STANDARD" };
                lines.push(format!("BEGIN:{kind}"));
                lines.push(format!("TZOFFSETFROM:{}", p.from.basic()));
                lines.push(format!("TZOFFSETTO:{}", p.to.basic()));
                lines.push(format!("DTSTART:{}", p.start.text()));
                if let Some(r) = &p.rrule {
                    lines.push(format!("RRULE:{}", r.text()));
                }
                lines.push(format!("END:{kind}"));
            }
            lines.push("END:VTIMEZONE".into());
        }
        for e in &self.events {
            lines.push("BEGIN:VEVENT".into());
            if let Some(u) = &e.uid {
                lines.push(format!("UID:{}", u.value()));
            }
            if let Some(s) = &e.summary {
                lines.push(format!("SUMMARY:{}", s.value()));
            }
            if let Some(w) = &e.start {
                lines.push(format!("DTSTART{}", w.text()));
            }
            match &e.end {
                End::None => {}
                End::At(w) => lines.push(format!("DTEND{}", w.text())),
                End::Duration(d) => lines.push(format!("DURATION:{}", d.text())),
            }
            if let Some(t) = &e.location {
                lines.push(format!("LOCATION:{}", t.value()));
            }
            if let Some(t) = &e.description {
                lines.push(format!("DESCRIPTION:{}", t.value()));
            }
            if let Some(t) = &e.categories {
                lines.push(format!("CATEGORIES:{}", t.value()));
            }
            if let Some(s) = &e.status {
                let word = match s {
                    Status::Confirmed => "CONFIRMED".to_string(),
                    Status::Cancelled => "CANCELLED".into(),
                    Status::Tentative => "TENTATIVE".into(),
                    Status::Word(w) => w.clone(),
                };
                lines.push(format!("STATUS:{word}"));
            }
            if let Some(r) = &e.rrule {
                lines.push(format!("RRULE:{}", r.text()));
            }
            for x in &e.exdates {
                lines.push(format!("EXDATE{}", x.text()));
            }
            for (k, v) in &e.extra {
                lines.push(format!("{k}:{v}"));
            }
            lines.push("END:VEVENT".into());
        }
        let depth = match self.nesting {
            Nesting::None => 0,
            Nesting::Some(n) => bounded(u32::from(n), 200),
            Nesting::Deep(n) => 50_000 + bounded(u32::from(n), 250_000),
        };
        let eol = self.eol.text();
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for l in &lines {
            push_folded(&mut out, l, usize::from(self.fold_at), eol);
        }
        for _ in 0..depth {
            out.push_str("BEGIN:X-NESTED");
            out.push_str(eol);
        }
        for _ in 0..depth {
            out.push_str("END:X-NESTED");
            out.push_str(eol);
        }
        if self.end_calendar {
            out.push_str("END:VCALENDAR");
            out.push_str(eol);
        }
        out
    }
}

/// Folds `line` every `at` bytes (RFC 5545 folds by octets, so a cut may fall inside a character: the
/// fold then goes after it, as a string cannot hold half a character).
fn push_folded(out: &mut String, line: &str, at: usize, eol: &str) {
    if at < 2 {
        out.push_str(line);
        out.push_str(eol);
        return;
    }
    let mut count = 0;
    for c in line.chars() {
        if count >= at {
            out.push_str(eol);
            out.push(' ');
            count = 1;
        }
        out.push(c);
        count += c.len_utf8();
    }
    out.push_str(eol);
}
