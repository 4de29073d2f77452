//! The frab schedule XML (`<schedule><conference/><day><room><event>`), read with the same leniency and
//! time rules as the JSON. Errors name the file, the line and the element, e.g.
//! `31c3.xml: line 20, <event id='6561'> <start>: "11h" is not a time`.

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use roxmltree::{Document, Node};

use super::{
    frab_zone, kind_from, parse_instant, plain_text, Format, FrabTimes, ParsedConference,
    ParsedSession, Schedule,
};
use crate::{Error, Result};

/// Reads a schedule XML file.
pub fn parse(file_name: &str, content: &str, fallback_zone: Tz) -> Result<Schedule> {
    let doc = Document::parse(content).map_err(|e| {
        let pos = e.pos();
        Error::Invalid(format!(
            "{file_name}: line {}, column {}: not well-formed XML ({e})",
            pos.row, pos.col
        ))
    })?;
    let line = |n: Node<'_, '_>| doc.text_pos_at(n.range().start).row;
    let root = doc.root_element();
    if !root.has_tag_name("schedule") {
        return Err(Error::Invalid(format!(
            "{file_name}: line {}: the root element is <{}>, not <schedule>: this is not a frab schedule XML",
            line(root),
            root.tag_name().name()
        )));
    }
    let conference = child(root, "conference");
    let conf_text = |name: &str| conference.map(|c| text(c, name)).filter(|s| !s.is_empty());
    let conf_date = |name: &str| -> Result<Option<NaiveDate>> {
        match conf_text(name) {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    let at = conference.and_then(|c| child(c, name)).map_or(0, line);
                    Error::Invalid(format!(
                        "{file_name}: line {at}, <conference> <{name}>: \"{s}\" is not a date"
                    ))
                }),
        }
    };

    struct Raw<'a, 'i> {
        event: Node<'a, 'i>,
        room: String,
        day_date: Option<NaiveDate>,
        day_start: Option<chrono::DateTime<chrono::FixedOffset>>,
    }
    let mut raws = Vec::new();
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        let day_date = match day.attribute("date") {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| {
                    Error::Invalid(format!(
                        "{file_name}: line {}, <day> date: \"{d}\" is not a date",
                        line(day)
                    ))
                })?,
            ),
        };
        let day_start = day.attribute("start").and_then(parse_instant);
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").unwrap_or("").trim().to_string();
            for event in room.children().filter(|n| n.has_tag_name("event")) {
                raws.push(Raw {
                    event,
                    room: name.clone(),
                    day_date,
                    day_start,
                });
            }
        }
    }

    let first_offset = raws.iter().find_map(|r| {
        parse_instant(&text(r.event, "date"))
            .or_else(|| parse_instant(&text(r.event, "start")))
            .map(|d| *d.offset())
    });
    let declared = conf_text("time_zone_name");
    let (tz, zone_note) = frab_zone(declared.as_deref(), first_offset, fallback_zone);

    let mut id_count: HashMap<String, usize> = HashMap::new();
    for r in &raws {
        if let Some(id) = r.event.attribute("id") {
            *id_count.entry(id.to_string()).or_default() += 1;
        }
    }

    let mut sessions = Vec::with_capacity(raws.len());
    for r in &raws {
        let e = r.event;
        let label = match (e.attribute("id"), e.attribute("guid")) {
            (Some(id), _) => format!("<event id='{id}'>"),
            (None, Some(g)) => format!("<event guid='{g}'>"),
            _ => "<event>".to_string(),
        };
        let bad = |name: &str, why: String| {
            let at = child(e, name).map_or_else(|| line(e), line);
            Error::Invalid(format!("{file_name}: line {at}, {label} <{name}>: {why}"))
        };
        let title = text(e, "title");
        if title.is_empty() {
            return Err(bad("title", "missing: every event needs a title".into()));
        }
        let start = text(e, "start");
        if start.is_empty() {
            return Err(bad("start", "missing".into()));
        }
        let duration = text(e, "duration");
        if duration.is_empty() {
            return Err(bad("duration", "missing".into()));
        }
        let date = text(e, "date");
        let times = FrabTimes {
            date: Some(date.as_str()).filter(|d| !d.is_empty()),
            start: &start,
            duration: &duration,
            day_date: r.day_date,
            day_start: r.day_start,
        };
        let (starts_at, ends_at) = times.resolve(tz).map_err(|(f, why)| bad(f, why))?;
        let room = Some(text(e, "room"))
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| r.room.clone());
        let guid = e.attribute("guid").unwrap_or("").trim().to_string();
        let external_uid = if !guid.is_empty() {
            guid
        } else {
            match e.attribute("id").map(str::trim).filter(|s| !s.is_empty()) {
                Some(id) if id_count.get(id).copied().unwrap_or(0) <= 1 => id.to_string(),
                Some(id) => format!("{room}/{id}"),
                None => {
                    return Err(Error::Invalid(format!(
                        "{file_name}: line {}, <event>: an event needs a guid or an id attribute",
                        line(e)
                    )))
                }
            }
        };
        let subtitle = text(e, "subtitle");
        let abstract_ = plain_text(&text(e, "abstract"));
        let long = plain_text(&text(e, "description"));
        let body = if abstract_.is_empty() {
            long
        } else {
            abstract_
        };
        let description = [subtitle, body]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        let speakers = child(e, "persons")
            .map(|p| {
                p.children()
                    .filter(|c| c.has_tag_name("person"))
                    .filter_map(|c| {
                        // <person id='1'>Name</person>, or <person><name>Name</name></person>.
                        let flat = c.text().unwrap_or("").trim().to_string();
                        let name = if flat.is_empty() {
                            text(c, "public_name").max(text(c, "name"))
                        } else {
                            flat
                        };
                        Some(name).filter(|n| !n.is_empty())
                    })
                    .collect()
            })
            .unwrap_or_default();
        sessions.push(ParsedSession {
            external_uid,
            kind: kind_from(&text(e, "type"), &title),
            title,
            starts_at,
            ends_at,
            room,
            track: text(e, "track"),
            description,
            speakers,
            moderator: String::new(),
            priority: None,
        });
    }

    let acronym = conf_text("acronym");
    let title = conf_text("title");
    Ok(Schedule {
        format: Format::FrabXml,
        conference: ParsedConference {
            uid: acronym.clone().or_else(|| title.clone()),
            title: title.or(acronym),
            time_zone: Some(tz.name().to_string()),
            starts_on: conf_date("start")?,
            ends_on: conf_date("end")?,
            url: conf_text("url").or_else(|| conf_text("base_url")),
        },
        sessions,
        notes: zone_note.into_iter().collect(),
        used_fallback_zone: declared.is_none() && first_offset.is_none(),
    })
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn text(n: Node<'_, '_>, name: &str) -> String {
    child(n, name)
        .map(|c| c.text().unwrap_or("").trim().to_string())
        .unwrap_or_default()
}
