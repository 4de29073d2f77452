//! The delegation from a CSV (`desk members import FILE`): a header line naming the columns
//! `name,title,organisation,email,languages,expertise,arrives,departs,max_per_day` in any order and case;
//! only `name` is required. Languages and expertise (building-block codes) are separated by `;`, arrives and
//! departs are `YYYY-MM-DD HH:MM` local to the conference. A team list typed by hand is messy: a row that
//! cannot be read is skipped and reported with its line and column, the others are added in one
//! transaction. Only a file that is not a members list (no `name` column, an unknown column) or none of
//! whose rows can be added is refused whole, and then nothing is written.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{LineIndex, Skipped};
use crate::delegation::members::{self, NewMember};
use crate::programme::conference::Conference;
use crate::{Error, Result, Store};

const KNOWN: &[&str] = &[
    "name",
    "title",
    "organisation",
    "organization",
    "email",
    "languages",
    "expertise",
    "arrives",
    "departs",
    "max_per_day",
];

/// What `desk members import` did: the members added and the rows skipped, each with its reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MembersImport {
    /// The ids of the members added, in the file's order.
    pub added: Vec<i64>,
    /// The rows that could not be added: `line N`, the name as far as it was read, and why.
    pub skipped: Vec<Skipped>,
}

/// How many skipped rows the error of a file without any usable row quotes.
const QUOTED: usize = 3;

/// Reads the members in `content` and adds them to `conference` in one transaction, skipping (and
/// reporting) the rows that cannot be added.
pub fn import(
    store: &mut Store,
    conference: &Conference,
    file_name: &str,
    content: &str,
) -> Result<MembersImport> {
    let rows = parse(conference, file_name, content)?;
    let report = store.write(|tx| {
        let mut report = MembersImport::default();
        for row in rows {
            match row {
                Ok((line, m)) => match members::insert(tx, conference.id, &m) {
                    Ok(id) => report.added.push(id),
                    // members::insert names the field ("expertise: no building block ...").
                    Err(Error::Invalid(why)) => report.skipped.push(Skipped {
                        at: format!("line {line}"),
                        event: m.name.clone(),
                        reason: why,
                    }),
                    Err(other) => return Err(other),
                },
                Err(skipped) => report.skipped.push(skipped),
            }
        }
        if report.added.is_empty() && !report.skipped.is_empty() {
            // Refused whole: the error leaves the transaction, so nothing is written.
            let reasons: Vec<String> = report
                .skipped
                .iter()
                .take(QUOTED)
                .map(|s| format!("{}: {}", s.at, s.reason))
                .collect();
            return Err(Error::Invalid(format!(
                "{file_name}: none of its {} row(s) could be added ({})",
                report.skipped.len(),
                reasons.join("; ")
            )));
        }
        Ok(report)
    })?;
    Ok(report)
}

/// One row: the member to add with its line, or why it is skipped.
type Row = std::result::Result<(usize, NewMember), Skipped>;

fn parse(conference: &Conference, file_name: &str, content: &str) -> Result<Vec<Row>> {
    let tz = conference.tz()?;
    let content = content.trim_start_matches('\u{feff}');
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
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::Invalid(format!(
                "{file_name}: line 1: the header line could not be read ({e})"
            ))
        })?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if !names.iter().any(|h| h == "name") {
        return Err(Error::Invalid(format!(
            "{file_name}: line 1: the header has no \"name\" column (found: {})",
            names.join(", ")
        )));
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
    let column = |name: &str| names.iter().position(|h| h == name);
    let lines = LineIndex::new(content);
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.record_line(p.byte()));
                out.push(Err(Skipped {
                    at: format!("line {line}"),
                    event: String::new(),
                    reason: format!("the row could not be read ({e})"),
                }));
                // An I/O-level error (not a bad row) would repeat forever: stop there.
                if !matches!(
                    e.kind(),
                    ::csv::ErrorKind::Utf8 { .. } | ::csv::ErrorKind::UnequalLengths { .. }
                ) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(0, |p| lines.record_line(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        out.push(row(&record, line, &column, tz));
    }
    Ok(out)
}

/// Reads one record into a member, or says (naming the column) why the row is skipped.
fn row(
    record: &::csv::StringRecord,
    line: usize,
    column: &dyn Fn(&str) -> Option<usize>,
    tz: chrono_tz::Tz,
) -> Row {
    {
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let bad = |col: &str, why: String| Skipped {
            at: format!("line {line}"),
            event: get("name").to_string(),
            reason: format!("column {col}: {why}"),
        };
        let list = |name: &str| -> Vec<String> {
            get(name)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let when =
            |name: &str| -> std::result::Result<Option<chrono::DateTime<chrono::Utc>>, Skipped> {
                let v = get(name);
                if v.is_empty() {
                    return Ok(None);
                }
                let local = NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M"))
                    .map_err(|_| {
                        bad(
                            name,
                            format!("\"{v}\" is not a date and time like 2023-04-18 09:30"),
                        )
                    })?;
                super::local_instant(tz, local)
                    .map(Some)
                    .map_err(|e| bad(name, e))
            };
        let name = get("name");
        if name.is_empty() {
            return Err(bad("name", "empty: every member needs a name".into()));
        }
        let max = get("max_per_day");
        let max_per_day = if max.is_empty() {
            None
        } else {
            Some(max.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                bad(
                    "max_per_day",
                    format!("\"{max}\" is not a whole number of at least 1"),
                )
            })?)
        };
        let organisation = if column("organisation").is_some() {
            get("organisation")
        } else {
            get("organization")
        };
        Ok((
            line,
            NewMember {
                name: name.to_string(),
                title: get("title").to_string(),
                organisation: organisation.to_string(),
                email: get("email").to_string(),
                languages: list("languages")
                    .into_iter()
                    .map(|l| l.to_ascii_lowercase())
                    .collect(),
                expertise: list("expertise"),
                arrives_at: when("arrives")?,
                departs_at: when("departs")?,
                max_per_day,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::testutil;

    fn file(header: &str, rows: &[&str]) -> String {
        std::iter::once(header)
            .chain(rows.iter().copied())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn members_are_added_with_languages_expertise_and_availability_in_the_conference_zone() {
        let (mut store, conference) = testutil::sample();
        let content = file(
            "Email,Name,Languages,Expertise,Arrives,Departs,Max_per_day,Title",
            &["ana@example.org,Ana Ruiz,es; en,nrm;law,2023-04-18 09:00,2023-04-19 18:00,3,Adviser"],
        );
        let ids = import(&mut store, &conference, "team.csv", &content).unwrap();
        let m = members::list(store.conn(), conference.id)
            .unwrap()
            .into_iter()
            .find(|m| m.id == ids.added[0])
            .unwrap();
        assert_eq!(m.languages, vec!["es", "en"]);
        assert_eq!(m.expertise.len(), 2, "{:?}", m.expertise);
        assert_eq!(
            m.arrives_at.as_deref(),
            Some("2023-04-18T09:00:00+02:00"),
            "local to Vienna"
        );
        assert_eq!(m.max_per_day, Some(3));
    }

    #[test]
    fn a_bad_row_is_skipped_naming_line_and_column_and_the_others_are_added() {
        let (mut store, conference) = testutil::sample();
        let before = members::list(store.conn(), conference.id).unwrap().len();
        let report = import(
            &mut store,
            &conference,
            "team.csv",
            &file(
                "name,arrives,expertise",
                &[
                    "A,2023-04-18 09:00,nrm",
                    "B,tomorrow,",
                    "C,,magic",
                    ",,",
                    "D,,",
                ],
            ),
        )
        .unwrap();
        assert_eq!(report.added.len(), 2, "A and D are added: {report:?}");
        let skipped: Vec<(String, String, String)> = report
            .skipped
            .iter()
            .map(|s| (s.at.clone(), s.event.clone(), s.reason.clone()))
            .collect();
        assert_eq!(
            skipped.len(),
            2,
            "B and C are skipped, the empty row ignored: {skipped:?}"
        );
        assert_eq!(
            skipped[0],
            (
                "line 3".to_string(),
                "B".to_string(),
                "column arrives: \"tomorrow\" is not a date and time like 2023-04-18 09:30"
                    .to_string()
            )
        );
        assert_eq!(skipped[1].0, "line 4");
        assert!(
            skipped[1]
                .2
                .starts_with("expertise: no building block \"magic\""),
            "{skipped:?}"
        );
        assert_eq!(
            members::list(store.conn(), conference.id).unwrap().len(),
            before + 2
        );
    }

    #[test]
    fn a_file_none_of_whose_rows_can_be_added_is_refused_and_nothing_is_written() {
        let (mut store, conference) = testutil::sample();
        let before = members::list(store.conn(), conference.id).unwrap().len();
        let err = import(
            &mut store,
            &conference,
            "team.csv",
            &file("name,max_per_day", &["A,many", "B,0"]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "team.csv: none of its 2 row(s) could be added (line 2: column max_per_day:"
            ),
            "{err}"
        );
        let err = import(&mut store, &conference, "team.csv", "title\nAdviser\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no \"name\" column"),
            "not a members list: {err}"
        );
        assert_eq!(
            members::list(store.conn(), conference.id).unwrap().len(),
            before,
            "nothing written"
        );
    }

    #[test]
    fn hostile_rows_are_skipped_never_a_panic() {
        let (mut store, conference) = testutil::sample();
        let content = file(
            "name,arrives,departs,max_per_day",
            &[
                "Far,9999-12-31 23:59,,",
                "Past,-262143-01-01 00:00,,",
                "Big,,,99999999999999999999999",
                "\"Unclosed,,,",
            ],
        );
        let report = import(&mut store, &conference, "team.csv", &content).unwrap();
        let skipped: Vec<(&str, &str)> = report
            .skipped
            .iter()
            .map(|s| (s.event.as_str(), s.reason.as_str()))
            .collect();
        for (name, column) in [
            ("Far", "arrives"),
            ("Past", "arrives"),
            ("Big", "max_per_day"),
        ] {
            assert!(
                skipped
                    .iter()
                    .any(|(n, why)| *n == name && why.starts_with(&format!("column {column}:"))),
                "{name} is skipped naming {column}: {skipped:?}"
            );
        }
    }
}
