//! The delegation from a CSV (`desk members import FILE`): a header line naming the columns
//! `name,title,organisation,email,languages,expertise,arrives,departs,max_per_day` in any order and case;
//! only `name` is required. Languages and expertise (building-block codes) are separated by `;`, arrives and
//! departs are `YYYY-MM-DD HH:MM` local to the conference. All rows or none; errors name the line and column.

use chrono::NaiveDateTime;

use super::LineIndex;
use crate::conference::Conference;
use crate::members::{self, NewMember};
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

/// Reads the members in `content` and adds them to `conference` in one transaction; returns their ids.
pub fn import(
    store: &mut Store,
    conference: &Conference,
    file_name: &str,
    content: &str,
) -> Result<Vec<i64>> {
    let members = parse(conference, file_name, content)?;
    store.write(|tx| {
        let mut ids = Vec::with_capacity(members.len());
        for (line, m) in &members {
            // members::insert names the field ("expertise: no building block ..."): add the line.
            ids.push(members::insert(tx, conference.id, m).map_err(|e| match e {
                Error::Invalid(why) => Error::Invalid(format!("{file_name}: line {line}, {why}")),
                other => other,
            })?);
        }
        Ok(ids)
    })
}

fn parse(
    conference: &Conference,
    file_name: &str,
    content: &str,
) -> Result<Vec<(usize, NewMember)>> {
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
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.record_line(p.byte()));
            Error::Invalid(format!(
                "{file_name}: line {line}: the row could not be read ({e})"
            ))
        })?;
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
        let bad = |col: &str, why: String| {
            Error::Invalid(format!("{file_name}: line {line}, column {col}: {why}"))
        };
        let list = |name: &str| -> Vec<String> {
            get(name)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        };
        let when = |name: &str| -> Result<Option<chrono::DateTime<chrono::Utc>>> {
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
        out.push((
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
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil;

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
            .find(|m| m.id == ids[0])
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
    fn a_bad_row_names_line_and_column_and_nothing_is_written() {
        let (mut store, conference) = testutil::sample();
        let before = members::list(store.conn(), conference.id).unwrap().len();
        let err = import(
            &mut store,
            &conference,
            "team.csv",
            &file("name,arrives", &["A,2023-04-18 09:00", "B,tomorrow"]),
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "team.csv: line 3, column arrives: \"tomorrow\" is not a date and time like 2023-04-18 09:30");
        let err = import(
            &mut store,
            &conference,
            "team.csv",
            &file("name,expertise", &["A,nrm", "B,magic"]),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("team.csv: line 3, expertise: no building block \"magic\""),
            "{err}"
        );
        assert_eq!(
            members::list(store.conn(), conference.id).unwrap().len(),
            before,
            "all or nothing"
        );
    }
}
