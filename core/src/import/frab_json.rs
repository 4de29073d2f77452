//! The frab/pretalx schedule JSON (`schedule.conference.days[].rooms{name: [event]}`), read leniently:
//! the root may be the `schedule` object itself, an event's `start` may be `HH:MM` or a date-time, `slug`
//! and `date` may be missing, persons may be objects (any id type) or plain names, and ids repeated across
//! rooms are told apart by guid, else by room. Errors name the JSON path and the field, e.g.
//! `schedule.conference.days[1].rooms["Saal 1"][3].start`.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::{
    frab_description, frab_zone, kind_from, parse_instant, shorten, Format, FrabTimes,
    ParsedConference, ParsedSession, Schedule, Skipped, UNTITLED,
};
use crate::{Error, Result};

/// Reads a schedule JSON file.
pub fn parse(file_name: &str, content: &str, fallback_zone: Tz) -> Result<Schedule> {
    let root: Value = serde_json::from_str(content).map_err(|e| {
        Error::Invalid(format!(
            "{file_name}: line {}, column {}: not valid JSON ({})",
            e.line(),
            e.column(),
            e.to_string().split(" at line").next().unwrap_or("broken")
        ))
    })?;
    let bad = |path: &str, why: String| Error::Invalid(format!("{file_name}: {path}: {why}"));
    let (schedule, base) = match root.get("schedule") {
        Some(s) => (s, "schedule".to_string()),
        None if root.get("conference").is_some() => (&root, String::new()),
        None => {
            return Err(bad(
                "schedule",
                "missing: this is not a frab/pretalx schedule JSON".into(),
            ))
        }
    };
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}.{b}")
        }
    };
    let schedule = object(
        schedule,
        &if base.is_empty() {
            "(root)".into()
        } else {
            base.clone()
        },
        file_name,
    )?;
    let conf_path = join(&base, "conference");
    let conference = object(
        schedule
            .get("conference")
            .ok_or_else(|| bad(&conf_path, "missing".into()))?,
        &conf_path,
        file_name,
    )?;
    let text_of = |v: Option<&Value>| -> Option<String> {
        match v {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    let mut repaired = Vec::new();
    // The conference's own dates only widen its days: a bad one is ignored with a note.
    let mut date_of = |key: &str| -> Option<NaiveDate> {
        let s = text_of(conference.get(key))?;
        let date = NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").ok();
        if date.is_none() {
            notes.push(format!(
                "{conf_path}.{key}: \"{}\" is not a date like 2019-08-21: it was ignored.",
                shorten(&s)
            ));
        }
        date
    };
    let starts_on = date_of("start");
    let ends_on = date_of("end");
    let days_path = format!("{conf_path}.days");
    let days = match conference.get("days") {
        Some(Value::Array(d)) => d.as_slice(),
        None | Some(Value::Null) => &[],
        Some(other) => {
            return Err(bad(
                &days_path,
                format!("expected a list of days, found {}", kind_of(other)),
            ))
        }
    };

    // First pass: collect the events with their paths, so the zone can be inferred from the first offset.
    struct Raw<'a> {
        path: String,
        room: String,
        event: &'a Map<String, Value>,
        day_date: Option<NaiveDate>,
        day_start: Option<chrono::DateTime<chrono::FixedOffset>>,
    }
    let mut raws = Vec::new();
    // A part of the file that is not what it should be is skipped and reported, with its JSON path.
    let mut skip_part = |path: &str, why: String| {
        skipped.push(Skipped {
            at: path.to_string(),
            event: String::new(),
            reason: why,
        })
    };
    for (i, day) in days.iter().enumerate() {
        let day_path = format!("{days_path}[{i}]");
        let Some(day) = day.as_object() else {
            skip_part(
                &day_path,
                format!("expected a day (an object), found {}", kind_of(day)),
            );
            continue;
        };
        let day_date = match text_of(day.get("date")) {
            None => None,
            Some(s) => {
                let d = NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").ok();
                if d.is_none() {
                    notes.push(format!(
                        "{day_path}.date: \"{}\" is not a date: events of that day need dates of their own.",
                        shorten(&s)
                    ));
                }
                d
            }
        };
        let day_start = text_of(day.get("day_start")).and_then(|s| parse_instant(&s));
        let rooms_path = format!("{day_path}.rooms");
        let rooms = match day.get("rooms") {
            Some(Value::Object(r)) => r,
            None | Some(Value::Null) => continue,
            Some(other) => {
                skip_part(
                    &rooms_path,
                    format!("expected rooms by name, found {}", kind_of(other)),
                );
                continue;
            }
        };
        for (room, events) in rooms {
            let room_path = format!("{rooms_path}[{}]", Value::String(room.clone()));
            let events = match events {
                Value::Array(e) => e,
                Value::Null => continue,
                other => {
                    skip_part(
                        &room_path,
                        format!("expected a list of events, found {}", kind_of(other)),
                    );
                    continue;
                }
            };
            for (j, event) in events.iter().enumerate() {
                let path = format!("{room_path}[{j}]");
                let Some(event) = event.as_object() else {
                    skip_part(
                        &path,
                        format!("expected an event (an object), found {}", kind_of(event)),
                    );
                    continue;
                };
                raws.push(Raw {
                    path,
                    room: room.clone(),
                    event,
                    day_date,
                    day_start,
                });
            }
        }
    }

    let first_offset = raws.iter().find_map(|r| {
        text_of(r.event.get("date"))
            .and_then(|d| parse_instant(&d))
            .or_else(|| text_of(r.event.get("start")).and_then(|s| parse_instant(&s)))
            .map(|d| *d.offset())
    });
    let declared = text_of(conference.get("time_zone_name"));
    let (tz, zone_note) = frab_zone(declared.as_deref(), first_offset, fallback_zone);

    let mut id_count: HashMap<String, usize> = HashMap::new();
    for r in &raws {
        if let Some(id) = text_of(r.event.get("id")) {
            *id_count.entry(id).or_default() += 1;
        }
    }

    let mut sessions = Vec::with_capacity(raws.len());
    for r in &raws {
        let e = r.event;
        let mut untitled = false;
        let read = (|| -> Result<ParsedSession> {
            let field = |key: &str| format!("{}.{key}", r.path);
            let string = |key: &str| -> Result<String> {
                match e.get(key) {
                    None | Some(Value::Null) => Ok(String::new()),
                    Some(Value::String(s)) => Ok(s.trim().to_string()),
                    Some(Value::Number(n)) => Ok(n.to_string()),
                    Some(other) => Err(bad(
                        &field(key),
                        format!("expected text, found {}", kind_of(other)),
                    )),
                }
            };
            let mut title = string("title")?;
            if title.is_empty() {
                untitled = true;
                title = UNTITLED.to_string();
            }
            let start = match e.get("start") {
                Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
                None | Some(Value::Null) => return Err(bad(&field("start"), "missing".into())),
                Some(Value::String(_)) => return Err(bad(&field("start"), "empty".into())),
                Some(other) => {
                    return Err(bad(
                        &field("start"),
                        format!(
                            "expected a time like \"11:00\" or a date-time, found {}",
                            kind_of(other)
                        ),
                    ))
                }
            };
            let duration = match e.get("duration") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                None | Some(Value::Null) => return Err(bad(&field("duration"), "missing".into())),
                Some(other) => {
                    return Err(bad(
                        &field("duration"),
                        format!(
                            "expected a duration like \"00:30\", found {}",
                            kind_of(other)
                        ),
                    ))
                }
            };
            let date = string("date")?;
            let times = FrabTimes {
                date: Some(date.as_str()).filter(|d| !d.is_empty()),
                start: &start,
                duration: &duration,
                day_date: r.day_date,
                day_start: r.day_start,
            };
            let (starts_at, ends_at) = times.resolve(tz).map_err(|(f, why)| bad(&field(f), why))?;
            let room = Some(string("room")?)
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| r.room.clone());
            let id = text_of(e.get("id"));
            let guid = string("guid")?;
            let external_uid = if !guid.is_empty() {
                guid
            } else {
                match id {
                    Some(id) if id_count.get(&id).copied().unwrap_or(0) <= 1 => id,
                    Some(id) => format!("{room}/{id}"),
                    None => {
                        return Err(bad(
                            &field("id"),
                            "missing: an event needs a guid or an id".into(),
                        ))
                    }
                }
            };
            let description = frab_description(
                &string("subtitle")?,
                &string("abstract")?,
                &string("description")?,
            );
            let speakers = persons(e.get("persons"), &field("persons"), file_name)?;
            let track = match e.get("track") {
                Some(Value::Object(t)) => t
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                _ => string("track")?,
            };
            Ok(ParsedSession {
                external_uid,
                kind: kind_from(&string("type")?, &title),
                title,
                starts_at,
                ends_at,
                room,
                track,
                description,
                speakers,
                moderator: String::new(),
                priority: None,
                at: r.path.clone(),
            })
        })();
        let name = text_of(e.get("title"))
            .or_else(|| text_of(e.get("guid")))
            .or_else(|| text_of(e.get("id")))
            .map(|s| shorten(&s))
            .unwrap_or_default();
        match read {
            Ok(session) => {
                if untitled {
                    repaired.push(Skipped {
                        at: format!("{}.title", r.path),
                        event: name,
                        reason: format!("missing or empty: imported as \"{UNTITLED}\""),
                    });
                }
                sessions.push(session);
            }
            Err(err) => skipped.push(Skipped::from_error(file_name, r.path.clone(), &name, &err)),
        }
    }

    let acronym = text_of(conference.get("acronym"));
    let title = text_of(conference.get("title"));
    Ok(Schedule {
        format: Format::FrabJson,
        conference: ParsedConference {
            uid: acronym.clone().or_else(|| title.clone()),
            title: title.or(acronym),
            time_zone: Some(tz.name().to_string()),
            starts_on,
            ends_on,
            url: text_of(conference.get("url")).or_else(|| text_of(schedule.get("base_url"))),
        },
        sessions,
        notes: zone_note.into_iter().chain(notes).collect(),
        used_fallback_zone: declared.is_none() && first_offset.is_none(),
        skipped,
        repaired,
    })
}

fn object<'a>(v: &'a Value, path: &str, file_name: &str) -> Result<&'a Map<String, Value>> {
    v.as_object().ok_or_else(|| {
        Error::Invalid(format!(
            "{file_name}: {path}: expected an object, found {}",
            kind_of(v)
        ))
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `persons`: objects with `public_name`/`name`/`full_public_name` (ids of any type are ignored) or plain names.
fn persons(v: Option<&Value>, path: &str, file_name: &str) -> Result<Vec<String>> {
    let list = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(l)) => l,
        Some(Value::String(s)) => {
            return Ok(s
                .split([',', ';'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect())
        }
        Some(other) => {
            return Err(Error::Invalid(format!(
                "{file_name}: {path}: expected a list of persons, found {}",
                kind_of(other)
            )))
        }
    };
    let mut names = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let name = match p {
            Value::String(s) => s.trim().to_string(),
            Value::Object(o) => ["public_name", "full_public_name", "name"]
                .iter()
                .find_map(|k| {
                    o.get(*k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                })
                .unwrap_or("")
                .to_string(),
            other => {
                return Err(Error::Invalid(format!(
                    "{file_name}: {path}[{i}]: expected a person, found {}",
                    kind_of(other)
                )))
            }
        };
        if !name.is_empty() {
            names.push(name);
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::to_stored;

    /// A schedule JSON (root without `schedule`) with one day of these rooms.
    fn schedule(rooms: Value) -> String {
        serde_json::json!({ "conference": {
            "acronym": "t", "title": "T", "time_zone_name": "Europe/Vienna",
            "days": [{ "date": "2023-04-18", "day_start": "2023-04-18T08:00:00+02:00", "rooms": rooms }]
        }})
        .to_string()
    }

    #[test]
    fn ids_repeated_across_rooms_without_guid_are_told_apart_by_room() {
        let s = parse(
            "t.json",
            &schedule(serde_json::json!({
                "A": [{ "id": 1, "title": "One", "start": "10:00", "duration": "00:30", "persons": ["Ana Ruiz"] }],
                "B": [{ "id": 1, "title": "Other", "start": "2023-04-18T10:00:00+02:00", "duration": "1:00" }],
                "C": [{ "id": "7", "title": "Late", "start": "01:30", "duration": "00:30" }]
            })),
            Tz::UTC,
        )
        .unwrap();
        let uids: Vec<&str> = s.sessions.iter().map(|x| x.external_uid.as_str()).collect();
        assert_eq!(uids, vec!["A/1", "B/1", "7"]);
        assert_eq!(
            s.sessions[0].speakers,
            vec!["Ana Ruiz"],
            "a flat person string"
        );
        assert_eq!(
            to_stored(s.sessions[0].starts_at),
            "2023-04-18T08:00:00Z",
            "HH:MM on the day, Vienna"
        );
        assert_eq!(
            to_stored(s.sessions[1].starts_at),
            "2023-04-18T08:00:00Z",
            "a date-time start"
        );
        assert_eq!(
            to_stored(s.sessions[2].starts_at),
            "2023-04-18T23:30:00Z",
            "after midnight: the next day"
        );
    }

    #[test]
    fn deeply_nested_json_is_refused_by_the_parsers_recursion_limit_naming_the_line() {
        // serde_json stops at 128 levels; a million would otherwise overflow the stack.
        let deep = format!(
            "{{\"schedule\":{{\"conference\":{{\"days\":{}",
            "[".repeat(1_000_000)
        );
        let err = parse("deep.json", &deep, Tz::UTC).unwrap_err().to_string();
        assert!(
            err.starts_with("deep.json: line 1, column ") && err.contains("recursion limit"),
            "{err}"
        );
    }
}
