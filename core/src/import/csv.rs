//! The coordinator's CSV: a header line naming the columns (any order, any case) and one session per row,
//! as typed in a spreadsheet from a printed programme. Columns: `date,start,end,title,room,kind,
//! description,speakers,moderator` (`duration` in minutes or `H:MM` in place of `end`), plus `uid`,
//! `priority` and `track`; only `date`, `start` and `title` are required. Times are local to the
//! conference. Separators `,` or `;` (what spreadsheets in many countries write). Errors name the line
//! and the column. The format is documented in `docs/import.md`.

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;

use super::{
    kind_from, local_instant, parse_clock, parse_duration, shorten, Format, LineIndex,
    ParsedConference, ParsedSession, Schedule, Skipped, UNTITLED,
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
    let lines = LineIndex::new(content);
    let mut sessions = Vec::new();
    let mut skipped = Vec::new();
    let mut repaired = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.record_line(p.byte()));
                return Err(Error::Invalid(format!(
                    "{file_name}: line {line}: the row could not be read ({e})"
                )));
            }
        }
        let line = record.position().map_or(0, |p| lines.record_line(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let title = get("title");
        let event = shorten(if title.is_empty() { get("uid") } else { title });
        let mut fixes = Vec::new();
        match row(file_name, line, zone, &get, &mut fixes) {
            Ok(session) => {
                repaired.extend(fixes.into_iter().map(|reason| Skipped {
                    at: format!("line {line}"),
                    event: event.clone(),
                    reason,
                }));
                sessions.push(session);
            }
            Err(e) => skipped.push(Skipped::from_error(
                file_name,
                format!("line {line}"),
                &event,
                &e,
            )),
        }
    }
    Ok(Schedule {
        format: Format::Csv,
        conference: ParsedConference::default(),
        sessions,
        notes: Vec::new(),
        used_fallback_zone: true,
        skipped,
        repaired,
    })
}

/// One row as a session, or the error naming its line and column. Repairs (an empty title, a bad
/// priority) are added to `fixes` as sentences.
fn row<'r>(
    file_name: &str,
    line: usize,
    zone: Tz,
    get: &dyn Fn(&str) -> &'r str,
    fixes: &mut Vec<String>,
) -> Result<ParsedSession> {
    let bad = |col: &str, why: String| {
        Error::Invalid(format!("{file_name}: line {line}, column {col}: {why}"))
    };
    let mut title = get("title");
    if title.is_empty() {
        title = UNTITLED;
        fixes.push(format!("column title: empty: imported as \"{UNTITLED}\""));
    }
    let date_text = get("date");
    if date_text.is_empty() {
        return Err(bad("date", "empty".into()));
    }
    let date = parse_date(date_text).ok_or_else(|| {
        bad(
            "date",
            format!("\"{}\" is not a date like 2023-04-18", shorten(date_text)),
        )
    })?;
    let start_text = get("start");
    if start_text.is_empty() {
        return Err(bad("start", "empty".into()));
    }
    let (start_clock, start_midnight) = parse_clock(start_text).ok_or_else(|| {
        bad(
            "start",
            format!("\"{}\" is not a time like 09:30", shorten(start_text)),
        )
    })?;
    // A start at 24:00 is midnight at the end of the day: 00:00 of the next.
    let start_day = if start_midnight {
        date.succ_opt()
            .ok_or_else(|| bad("start", "the day after is beyond any calendar".into()))?
    } else {
        date
    };
    let start_local = start_day.and_time(start_clock);
    let beyond = |col: &str| bad(col, "the end is beyond any calendar".into());
    let end_text = get("end");
    let duration_text = get("duration");
    let end_local = if !end_text.is_empty() {
        let (clock, midnight) = parse_clock(end_text).ok_or_else(|| {
            bad(
                "end",
                format!("\"{}\" is not a time like 11:00", shorten(end_text)),
            )
        })?;
        let end = date.and_time(clock);
        // 24:00, or an end earlier than the start, is on the next day (an evening event).
        if midnight || end < start_local {
            end.checked_add_signed(Duration::days(1))
                .ok_or_else(|| beyond("end"))?
        } else {
            end
        }
    } else if !duration_text.is_empty() {
        let d = parse_duration(duration_text).ok_or_else(|| {
            bad(
                "duration",
                format!(
                    "\"{}\" is not a number of minutes or H:MM (at most 400 days)",
                    shorten(duration_text)
                ),
            )
        })?;
        start_local
            .checked_add_signed(d)
            .ok_or_else(|| beyond("duration"))?
    } else {
        start_local
            .checked_add_signed(Duration::minutes(DEFAULT_MINUTES))
            .ok_or_else(|| beyond("start"))?
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
        let p = priority_text.parse::<Priority>().ok();
        if p.is_none() {
            fixes.push(format!(
                "column priority: \"{}\" is not one of must, should, optional, skip: ignored",
                shorten(priority_text)
            ));
        }
        p
    };
    let uid = get("uid");
    let external_uid = if uid.is_empty() {
        format!("csv:{}@{}", text::fold(title), date.format("%Y-%m-%d"))
    } else {
        format!("csv:{uid}")
    };
    Ok(ParsedSession {
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
        at: format!("line {line}"),
    })
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
    fn a_row_with_a_bad_time_is_skipped_naming_its_line_and_column_and_the_rest_imports() {
        let s = read(&csv_file(
            "date,start,end,title",
            &["2023-04-18,09:00,10:00,A", "", "2023-04-18,9h30,10:00,B"],
        ))
        .unwrap();
        assert_eq!(s.sessions.len(), 1, "row A imports");
        assert_eq!(
            s.skipped,
            vec![Skipped {
                at: "line 4".into(),
                event: "B".into(),
                reason: "line 4, column start: \"9h30\" is not a time like 09:30".into()
            }],
            "the blank line 3 is counted"
        );
        let err = crate::import::parse(
            Format::Csv,
            "side.csv",
            &csv_file("date,start,title", &["2023-04-18,9h30,B"]),
            vienna(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "side.csv: none of its 1 event(s) could be imported: line 2, column start"
            ),
            "a file without one good row is refused: {err}"
        );
    }

    #[test]
    fn an_empty_title_and_a_bad_priority_are_repaired_and_reported() {
        let s = read(&csv_file(
            "date,start,title,priority",
            &["2023-04-18,09:00,,must", "2023-04-18,10:00,B,urgent"],
        ))
        .unwrap();
        assert_eq!(s.sessions[0].title, UNTITLED);
        assert_eq!(s.sessions[1].priority, None, "the bad priority is ignored");
        let reasons: Vec<(&str, &str)> = s
            .repaired
            .iter()
            .map(|r| (r.at.as_str(), r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("line 2", "column title: empty: imported as \"(untitled)\""),
                (
                    "line 3",
                    "column priority: \"urgent\" is not one of must, should, optional, skip: ignored"
                )
            ]
        );
    }

    #[test]
    fn a_start_at_24_00_is_midnight_at_the_end_of_the_day() {
        let s = read(&csv_file(
            "date,start,end,title",
            &["2023-04-18,24:00,01:00,Night bus"],
        ))
        .unwrap();
        assert_eq!(
            (
                time::to_stored(s.sessions[0].starts_at),
                time::to_stored(s.sessions[0].ends_at)
            ),
            ("2023-04-18T22:00:00Z".into(), "2023-04-18T23:00:00Z".into()),
            "00:00 to 01:00 on the 19th in Vienna"
        );
    }

    #[test]
    fn hostile_rows_are_skipped_never_a_panic() {
        let s = read(&csv_file(
            "date,start,end,duration,title",
            &[
                "+262143-12-31,23:59,24:00,,Overflow by end",
                "31.12.262143,23:00,,400:00:00:00,Overflow by duration",
                "9999-12-31,10:00,,,Far future",
                "2023-03-26,02:30,,,In the DST gap",
                "2023-04-18,\u{0}9:00,,,NUL",
                "2023-04-18,10:00,,,Good",
            ],
        ))
        .unwrap();
        let titles: Vec<&str> = s.sessions.iter().map(|x| x.title.as_str()).collect();
        assert_eq!(titles, vec!["Good"]);
        assert_eq!(s.skipped.len(), 5, "{:#?}", s.skipped);
        assert!(
            s.skipped[2]
                .reason
                .contains("outside the years 1970 to 2199"),
            "{:?}",
            s.skipped[2]
        );
        assert!(
            s.skipped[3].reason.contains("does not exist"),
            "{:?}",
            s.skipped[3]
        );
    }

    #[test]
    fn line_numbers_of_a_large_file_come_from_one_index_and_stay_exact() {
        // CRLF and LF mixed, blank lines, a quoted field over two lines: the line of the bad row is exact.
        let mut content = String::from("date,start,title\r\n");
        for i in 0..20_000 {
            content.push_str(&format!("2023-04-18,09:00,Row {i}\n"));
        }
        content.push_str("\r\n\n2023-04-18,09:00,\"Two\nlines\"\r\n2023-04-18,nine,Bad\n");
        let s = read(&content).unwrap();
        assert_eq!(s.sessions.len(), 20_001);
        assert_eq!(s.skipped[0].at, "line 20006", "{:?}", s.skipped[0]);
    }

    #[test]
    fn uid_and_priority_columns_are_read() {
        let s = read(&csv_file(
            "uid,date,start,title,priority",
            &["se-1,2023-04-18,09:00,A,must"],
        ))
        .unwrap();
        assert_eq!(s.sessions[0].external_uid, "csv:se-1");
        assert_eq!(s.sessions[0].priority, Some(Priority::Must));
    }

    #[test]
    fn an_unknown_column_is_refused_so_a_typo_does_not_lose_data() {
        let err = read(&csv_file("date,start,title,rom", &["2023-04-18,09:00,A,B"]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown column \"rom\""), "{err}");
    }
}
