//! The coordinator's CSV: a header line naming the columns (any order, any case) and one session per row,
//! as typed in a spreadsheet from a printed programme. Columns: `date,start,end,title,room,kind,
//! description,speakers,moderator` (`duration` in minutes or `H:MM` in place of `end`), plus `uid`,
//! `priority` and `track`; only `date`, `start` and `title` are required. Times are local to the
//! conference. Separators `,` or `;` (what spreadsheets in many countries write). Errors name the line
//! and the column. The format is documented in `docs/import.md`.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::{
    kind_from, local_instant, parse_clock, parse_duration, Format, ParsedConference, ParsedSession,
    Schedule,
};
use crate::domain::Priority;
use crate::{text, Error, Result};

/// A session without `end` or `duration` lasts this long.
pub const DEFAULT_MINUTES: i64 = 60;

const KNOWN: &[&str] = &[
    "date",
    "start",
    "end",
    "duration",
    "title",
    "room",
    "kind",
    "description",
    "speakers",
    "moderator",
    "uid",
    "priority",
    "track",
];

/// Reads a CSV programme; local times are in `zone` (the conference's).
pub fn parse(file_name: &str, content: &str, zone: Tz) -> Result<Schedule> {
    let first_line = content.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::Invalid(format!(
                "{file_name}: line 1: the header line could not be read ({e})"
            ))
        })?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| names.iter().position(|h| h == name);
    for required in ["date", "start", "title"] {
        if column(required).is_none() {
            return Err(Error::Invalid(format!(
                "{file_name}: line 1: the header has no \"{required}\" column (required: date, start, title; found: {})",
                names.join(", ")
            )));
        }
    }
    if let Some(unknown) = names
        .iter()
        .find(|h| !h.is_empty() && !KNOWN.contains(&h.as_str()))
    {
        return Err(Error::Invalid(format!(
            "{file_name}: line 1: unknown column \"{unknown}\" (known: {})",
            KNOWN.join(", ")
        )));
    }
    let mut sessions = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(content, p.byte()));
                return Err(Error::Invalid(format!(
                    "{file_name}: line {line}: the row could not be read ({e})"
                )));
            }
        }
        let line = record.position().map_or(0, |p| line_at(content, p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let bad = |col: &str, why: String| {
            Error::Invalid(format!("{file_name}: line {line}, column {col}: {why}"))
        };
        let title = get("title");
        if title.is_empty() {
            return Err(bad("title", "empty: every session needs a title".into()));
        }
        let date_text = get("date");
        if date_text.is_empty() {
            return Err(bad("date", "empty".into()));
        }
        let date = parse_date(date_text).ok_or_else(|| {
            bad(
                "date",
                format!("\"{date_text}\" is not a date like 2023-04-18"),
            )
        })?;
        let start_text = get("start");
        if start_text.is_empty() {
            return Err(bad("start", "empty".into()));
        }
        let (start_clock, _) = parse_clock(start_text).ok_or_else(|| {
            bad(
                "start",
                format!("\"{start_text}\" is not a time like 09:30"),
            )
        })?;
        let start_local = date.and_time(start_clock);
        let end_text = get("end");
        let duration_text = get("duration");
        let end_local = if !end_text.is_empty() {
            let (clock, midnight) = parse_clock(end_text)
                .ok_or_else(|| bad("end", format!("\"{end_text}\" is not a time like 11:00")))?;
            let mut end = date.and_time(clock);
            // 24:00, or an end earlier than the start, is on the next day (an evening event).
            if midnight || end < start_local {
                end += Duration::days(1);
            }
            end
        } else if !duration_text.is_empty() {
            let d = parse_duration(duration_text).ok_or_else(|| {
                bad(
                    "duration",
                    format!("\"{duration_text}\" is not a number of minutes or H:MM"),
                )
            })?;
            start_local + d
        } else {
            start_local + Duration::minutes(DEFAULT_MINUTES)
        };
        let starts_at = local_instant(zone, start_local).map_err(|e| bad("start", e))?;
        let ends_at = local_instant(zone, end_local).map_err(|e| bad("end", e))?;
        let kind_text = get("kind");
        let kind = if kind_text.is_empty() {
            kind_from("", title)
        } else {
            kind_text
                .parse()
                .unwrap_or_else(|_| kind_from(kind_text, title))
        };
        let priority_text = get("priority");
        let priority = if priority_text.is_empty() {
            None
        } else {
            Some(priority_text.parse::<Priority>().map_err(|_| {
                bad(
                    "priority",
                    format!("\"{priority_text}\" is not one of: must, should, optional, skip"),
                )
            })?)
        };
        let uid = get("uid");
        let external_uid = if uid.is_empty() {
            format!("csv:{}@{}", text::fold(title), date.format("%Y-%m-%d"))
        } else {
            format!("csv:{uid}")
        };
        sessions.push(ParsedSession {
            external_uid,
            title: title.to_string(),
            kind,
            starts_at,
            ends_at,
            room: get("room").to_string(),
            track: get("track").to_string(),
            description: get("description").replace("\\n", "\n"),
            speakers: get("speakers")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            moderator: get("moderator").to_string(),
            priority,
        });
    }
    Ok(Schedule {
        format: Format::Csv,
        conference: ParsedConference::default(),
        sessions,
        notes: Vec::new(),
        used_fallback_zone: true,
    })
}

/// The 1-based line at a byte offset (the csv crate's own count skips blank lines).
pub(crate) fn line_at(content: &str, byte: u64) -> u64 {
    let bytes = content.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    // A record's position may be the blank lines before it.
    while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
        end += 1;
    }
    bytes[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// `2023-04-18`, also `18.04.2023` (unambiguous day-first); not `04/18/2023`, whose order is a guess.
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionKind;
    use crate::time;

    fn vienna() -> Tz {
        Tz::Europe__Vienna
    }

    fn read(content: &str) -> Result<Schedule> {
        parse("side.csv", content, vienna())
    }

    /// A CSV file from a header and rows.
    fn csv_file(header: &str, rows: &[&str]) -> String {
        let mut s = format!("{header}\n");
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        s
    }

    #[test]
    fn columns_may_come_in_any_order_and_case_with_local_times() {
        let s = read(&csv_file(
            "Title,ROOM,Start,End,Date,Speakers,Kind",
            &["\"Side event: Tech, and trafficking\",Room 3,13:15,14:30,2023-04-18,Ana Ruiz; Tom Berg,side-event"],
        ))
        .unwrap();
        let x = &s.sessions[0];
        assert_eq!(x.title, "Side event: Tech, and trafficking");
        assert_eq!(
            time::to_stored(x.starts_at),
            "2023-04-18T11:15:00Z",
            "13:15 in Vienna (CEST)"
        );
        assert_eq!(time::to_stored(x.ends_at), "2023-04-18T12:30:00Z");
        assert_eq!(x.speakers, vec!["Ana Ruiz", "Tom Berg"]);
        assert_eq!(
            (x.room.as_str(), x.kind),
            ("Room 3", SessionKind::SideEvent)
        );
    }

    #[test]
    fn a_duration_in_minutes_or_h_mm_replaces_the_end() {
        let s = read(&csv_file(
            "date;start;duration;title",
            &[
                "2023-04-18;09:00;90;A",
                "18.04.2023;9:00;1:15;B",
                "2023-04-18;09:00;;C",
            ],
        ))
        .unwrap();
        let minutes: Vec<i64> = s
            .sessions
            .iter()
            .map(|x| (x.ends_at - x.starts_at).num_minutes())
            .collect();
        assert_eq!(
            minutes,
            vec![90, 75, DEFAULT_MINUTES],
            "semicolon-separated, with a day-first date"
        );
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let err = read(&csv_file("date,title,room", &["2023-04-18,A,B"]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("side.csv: line 1") && err.contains("\"start\" column"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_time_is_refused_naming_its_line_and_column() {
        let err = read(&csv_file(
            "date,start,end,title",
            &["2023-04-18,09:00,10:00,A", "", "2023-04-18,9h30,10:00,B"],
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "side.csv: line 4, column start: \"9h30\" is not a time like 09:30"
        );
    }

    #[test]
    fn uid_and_priority_columns_are_read_and_a_bad_priority_is_refused() {
        let s = read(&csv_file(
            "uid,date,start,title,priority",
            &["se-1,2023-04-18,09:00,A,must"],
        ))
        .unwrap();
        assert_eq!(s.sessions[0].external_uid, "csv:se-1");
        assert_eq!(s.sessions[0].priority, Some(Priority::Must));
        let err = read(&csv_file(
            "date,start,title,priority",
            &["2023-04-18,09:00,A,urgent"],
        ))
        .unwrap_err()
        .to_string();
        assert!(err.contains("line 2, column priority"), "{err}");
    }

    #[test]
    fn an_unknown_column_is_refused_so_a_typo_does_not_lose_data() {
        let err = read(&csv_file("date,start,title,rom", &["2023-04-18,09:00,A,B"]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown column \"rom\""), "{err}");
    }
}
